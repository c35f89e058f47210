import { disconnectReasonText } from '../../mqtt/reason-codes';
import { failed, hex, notSupported, ok, quote, seconds } from './scenario-helpers';
import type { ScenarioDefinition } from './scenario-types';

/** What the silent device asks for; a broker may set another with Server Keep Alive (MQTT 5). */
const KEEPALIVE_SEC = 3;
/** How long past 1.5 × keepalive to keep watching before calling the device never dropped. */
const EXTRA_WAIT_MS = 6000;
/** Brokers check keepalives on a tick (Mosquitto: about every second): this late is still on time. */
const LATE_TOLERANCE_MS = 2500;
const WILL_WAIT_MS = 3000;
const WILL_TEXT = 'silent device timed out';

export const keepaliveExpiry: ScenarioDefinition = {
  id: 'keepalive',
  name: 'Keepalive expiry',
  explanation: [
    'A client promises in CONNECT to send something at least every keepalive seconds (a PINGREQ when it has nothing else to say). If the broker hears nothing for one and a half times the keepalive, it must consider the client dead, close its connection and publish its will: that is how a broker notices a device whose network silently went away.',
    'Here a raw client of the scenario connects with a keepalive of 3 s and a will, then sends nothing at all, not even pings. A broker may impose its own keepalive with Server Keep Alive in its MQTT 5 CONNACK; then that one counts.',
  ],
  tryIt: {
    region: 'Connection',
    text: 'Try it by hand: the keepalive is under Connection; the page’s own client pings as it should.',
  },
  report: {
    feature: 'Keepalive expiry',
    spec: 'A client silent for 1.5 × its keepalive is disconnected and its will published; a broker may set the keepalive with Server Keep Alive (MQTT 5).',
  },
  async run(ctx) {
    const topic = `${ctx.topicPrefix}/silent-device/status`;
    const watcher = await ctx.step('Connect the watcher', () => ctx.client('Watcher'));
    await ctx.step(`Watcher subscribes to ${topic}`, async () => {
      const code = await watcher.subscribe(topic, { qos: 1 });
      if (code >= 0x80) throw new Error(`the broker refused the subscription (${hex(code)})`);
    });
    const device = await ctx.step(
      `Silent device connects with keepalive ${KEEPALIVE_SEC} s and a will, then sends nothing`,
      () =>
        ctx.raw('Silent device', {
          keepaliveSec: KEEPALIVE_SEC,
          pings: false,
          will: { topic, payload: WILL_TEXT, qos: 1, retain: false },
        }),
      (d) => {
        const server = d.connack?.properties?.serverKeepAlive;
        return server === undefined
          ? 'CONNACK: no Server Keep Alive'
          : `CONNACK: Server Keep Alive ${server} s`;
      },
    );
    const connectedAtMs = ctx.now();
    const serverKeepalive = device.connack?.properties?.serverKeepAlive;
    const keepalive = serverKeepalive ?? KEEPALIVE_SEC;
    const set =
      serverKeepalive !== undefined && serverKeepalive !== KEEPALIVE_SEC
        ? ` (the broker set ${serverKeepalive} s with Server Keep Alive; the device asked for ${KEEPALIVE_SEC} s)`
        : '';
    if (keepalive === 0)
      return notSupported(
        `the broker turned keepalive off for the device (Server Keep Alive 0), so it never drops a silent client.`,
      );
    const expectedMs = keepalive * 1500;
    const deadline = connectedAtMs + expectedMs + EXTRA_WAIT_MS;
    const willOf = () => watcher.messages.find((m) => m.topic === topic);
    // The broker shows it gave up on the device by its DISCONNECT, by closing the socket, or by
    // publishing the will: whichever comes first (a WebSocket may close some time after).
    const gone = () => device.isClosed || device.disconnectAtMs !== undefined || !!willOf();
    const dropped = await ctx.step(
      `Wait for the broker to drop it (1.5 × ${keepalive} s = ${seconds(expectedMs)})`,
      async () => {
        while (!gone() && ctx.now() < deadline) await ctx.sleep(100);
        return gone();
      },
      (seen) =>
        seen
          ? device.closed
            ? `dropped after ${seconds(device.closed.atMs - connectedAtMs)}: ${device.closed.reason}`
            : 'its will arrived'
          : `still connected after ${seconds(expectedMs + EXTRA_WAIT_MS)}`,
    );
    if (!dropped)
      return failed(
        `the broker kept the silent device connected for ${seconds(expectedMs + EXTRA_WAIT_MS)} although it sent nothing: 1.5 × its ${keepalive} s keepalive is ${seconds(expectedMs)}${set}.`,
      );
    const [will] = await ctx.step(
      'Watcher waits for the will',
      () => watcher.waitForMessages((m) => m.topic === topic, 1, WILL_WAIT_MS),
      (m) => (m[0] ? `got ${quote(m[0].text)}` : 'no will arrived'),
    );
    await device.waitFor(() => device.isClosed, EXTRA_WAIT_MS);
    const signs = [device.disconnectAtMs, device.closed?.atMs, will?.receivedAtMs].filter(
      (t): t is number => t !== undefined,
    );
    const afterMs = Math.min(...signs) - connectedAtMs;
    const closedAfterMs = device.closed ? device.closed.atMs - connectedAtMs : undefined;
    if (closedAfterMs === undefined)
      return failed(
        `the broker published the silent device’s will after ${seconds(afterMs)} but its connection was still open ${seconds(EXTRA_WAIT_MS)} later.`,
      );
    const socketNote =
      closedAfterMs > afterMs + 1500
        ? ` (the connection itself closed only after ${seconds(closedAfterMs)})`
        : '';
    const code = device.disconnectCode;
    const how =
      code !== undefined ? ` with DISCONNECT ${hex(code)} “${disconnectReasonText(code)}”` : '';
    if (afterMs < keepalive * 1000 - 250)
      return failed(
        `the broker dropped the device after ${seconds(afterMs)}, before even its ${keepalive} s keepalive was up${set}.`,
      );
    if (afterMs > expectedMs + LATE_TOLERANCE_MS)
      return failed(
        `the broker dropped the silent device only after ${seconds(afterMs)}, well past 1.5 × its ${keepalive} s keepalive (${seconds(expectedMs)})${set}.`,
      );
    if (!will)
      return failed(
        `the broker dropped the silent device after ${seconds(afterMs)}${how} but did not publish its will.`,
      );
    return ok(
      `The broker dropped the silent device ${seconds(afterMs)} after it connected${how}: 1.5 × its ${keepalive} s keepalive is ${seconds(expectedMs)}${set}; its will ${quote(will.text)} was published${socketNote}.`,
    );
  },
};
