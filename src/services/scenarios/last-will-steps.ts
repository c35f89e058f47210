import { checkGranted, failed, ok, quote, seconds } from './scenario-helpers';
import type { ScenarioDefinition } from './scenario-types';

/** Short, so a broker that only notices a dead client at keepalive × 1.5 does so quickly. */
const KEEPALIVE_SEC = 2;
const WILL_WAIT_MS = 10_000;
const WILL_DELAY_SEC = 3;
/** A broker may check will delays on a one-second tick: earlier than this, it ignored the delay. */
const EARLIEST_DELAYED_WILL_MS = (WILL_DELAY_SEC - 1) * 1000;

export const lastWill: ScenarioDefinition = {
  id: 'last-will',
  name: 'Last will',
  explanation: [
    'A device cannot announce its own sudden death, so it leaves a “last will” with the broker when it connects: a topic and a message. If the device vanishes without saying goodbye (no DISCONNECT packet, e.g. power loss or a dropped network), the broker publishes the will for it, and a watcher learns the device is gone.',
    'With MQTT 5 the device can also set a will delay: the broker waits that many seconds before publishing, so a quick reconnect does not raise a false alarm.',
  ],
  tryIt: {
    region: 'Connection',
    text: 'Try it by hand: set a last will under Connection’s advanced options, connect, then close the tab.',
  },
  async run(ctx) {
    const base = `${ctx.topicPrefix}/devices`;
    const watcher = await ctx.step('Connect the watcher', () => ctx.client('Watcher'));
    await ctx.step(
      `Watcher subscribes to ${base}/+/status`,
      async () => checkGranted(await watcher.subscribe(`${base}/+/status`, { qos: 1 }), base),
      (t) => t,
    );
    const willOf = (name: string, delaySec?: number) => ({
      topic: `${base}/${name}/status`,
      payload: `${name} went offline unexpectedly`,
      qos: 1 as const,
      retain: false,
      delaySec,
    });

    const device = await ctx.step('Device A connects with a will', () =>
      ctx.client('Device A', { keepaliveSec: KEEPALIVE_SEC, will: willOf('device-a') }),
    );
    const vanishedAtMs = ctx.now();
    const [will] = await ctx.step(
      'Device A vanishes without DISCONNECT',
      async () => {
        device.vanish();
        return watcher.waitForMessages(
          (m) => m.topic === `${base}/device-a/status`,
          1,
          WILL_WAIT_MS,
        );
      },
      (m) =>
        m[0]
          ? `the broker published ${quote(m[0].text)} after ${seconds(m[0].receivedAtMs - vanishedAtMs)}`
          : `no will within ${seconds(WILL_WAIT_MS)}`,
    );
    if (!will)
      return failed(
        `device A’s will did not arrive within ${seconds(WILL_WAIT_MS)} of it vanishing: the broker did not publish it.`,
      );
    const willText = `The will arrived: ${quote(will.text)} on ${will.topic}, ${seconds(will.receivedAtMs - vanishedAtMs)} after device A vanished`;

    if (ctx.protocolVersion !== 5) {
      ctx.skip('Will delay', 'needs MQTT 5.0 (the page is set to 3.1.1)');
      return ok(`${willText}. Will delay: not supported on MQTT 3.1.1.`);
    }
    const delayed = await ctx.step(
      `Device B connects with a will delay of ${WILL_DELAY_SEC} s`,
      () =>
        // The will is sent at the latest when the session ends, so the session must outlive the delay.
        ctx.client('Device B', {
          keepaliveSec: KEEPALIVE_SEC,
          sessionExpirySec: WILL_DELAY_SEC * 3,
          will: willOf('device-b', WILL_DELAY_SEC),
        }),
    );
    const goneAtMs = ctx.now();
    const [late] = await ctx.step(
      'Device B vanishes without DISCONNECT',
      async () => {
        delayed.vanish();
        return watcher.waitForMessages(
          (m) => m.topic === `${base}/device-b/status`,
          1,
          WILL_WAIT_MS + WILL_DELAY_SEC * 1000,
        );
      },
      (m) =>
        m[0] ? `its will came after ${seconds(m[0].receivedAtMs - goneAtMs)}` : 'no will arrived',
    );
    if (!late)
      return failed(
        `device A’s will arrived, but device B’s delayed will did not arrive within ${seconds(WILL_WAIT_MS + WILL_DELAY_SEC * 1000)} of it vanishing.`,
      );
    const lateMs = late.receivedAtMs - goneAtMs;
    if (lateMs < EARLIEST_DELAYED_WILL_MS)
      return failed(
        `device B’s will came after ${seconds(lateMs)}, before its ${WILL_DELAY_SEC} s will delay was up: the broker ignored the will delay.`,
      );
    return ok(
      `${willText}; with a will delay of ${WILL_DELAY_SEC} s, device B’s will came after ${seconds(lateMs)}.`,
    );
  },
};
