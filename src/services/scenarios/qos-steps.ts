import { publishHandshake } from '../../domain/scenario-packets';
import type { QoS } from '../../domain/mqtt-types';
import { checkGranted, listing, notSupported, verdictOf } from './scenario-helpers';
import { PACKET_FLUSH_WAIT_MS } from './scenario-client';
import type { ScenarioDefinition } from './scenario-types';

const LEVELS: QoS[] = [0, 1, 2];
/** The packets the sender must see for one publish at each level. */
const HANDSHAKES = ['PUBLISH', 'PUBLISH/PUBACK', 'PUBLISH/PUBREC/PUBREL/PUBCOMP'];
const ARRIVAL_WAIT_MS = 5000;
/** After the queued QoS 1/2 messages arrived, how long a QoS 0 message still gets to show up. */
const LATE_QOS0_WAIT_MS = 1000;
const SESSION_EXPIRY_SEC = 60;
/** Time for the broker to notice the receiver's DISCONNECT before messages are sent. */
const OFFLINE_SETTLE_MS = 500;

export const qosLevels: ScenarioDefinition = {
  id: 'qos',
  name: 'QoS 0, 1 and 2',
  explanation: [
    'QoS (quality of service) is the delivery promise between a client and the broker. QoS 0: sent once, no acknowledgement (“at most once”). QoS 1: the receiver answers PUBACK; the sender repeats until it does (“at least once”, duplicates possible). QoS 2: a four-packet handshake PUBLISH, PUBREC, PUBREL, PUBCOMP (“exactly once”).',
    'Here a sender publishes one message at each level to a receiver. Then the receiver goes offline but keeps a persistent session (clean start off, with a session expiry interval: how long the broker keeps its subscriptions and queued messages), the sender publishes again, and the receiver returns to see what the broker kept for it.',
  ],
  tryIt: {
    region: 'Connection',
    text: 'Try it by hand: in Connection, turn clean start off and set a session expiry, subscribe at QoS 1, disconnect, publish, reconnect.',
  },
  async run(ctx) {
    const base = `${ctx.topicPrefix}/qos`;
    const topic = (qos: QoS, round: string) => `${base}/${round}/qos${qos}`;
    const session = { clientId: 'receiver', clean: false, sessionExpirySec: SESSION_EXPIRY_SEC };

    const receiver = await ctx.step(
      'Connect the receiver with a persistent session',
      () => ctx.client('Receiver', session),
      (c) => (c.connack?.sessionPresent ? 'session present' : 'new session'),
    );
    await ctx.step(
      `Receiver subscribes to ${base}/# at QoS 2`,
      async () => checkGranted(await receiver.subscribe(`${base}/#`, { qos: 2 }), `${base}/#`),
      (t) => t,
    );
    const sender = await ctx.step('Connect the sender', () => ctx.client('Sender'));

    await ctx.step(
      'Sender publishes one message at QoS 0, 1 and 2',
      async () => {
        for (const qos of LEVELS)
          await sender.publish(topic(qos, 'online'), `online at QoS ${qos}`, {
            qos,
            retain: false,
          });
      },
      () => 'each publish finished its handshake',
    );
    const online = await ctx.step(
      'Receiver gets all three',
      () =>
        receiver.waitForMessages((m) => m.topic.startsWith(`${base}/online/`), 3, ARRIVAL_WAIT_MS),
      (m) => `${m.length} of 3 arrived`,
    );
    // Let the packet capture post the last acknowledgements.
    await ctx.sleep(PACKET_FLUSH_WAIT_MS);
    const handshakes = ctx.packets();
    const shakes = LEVELS.map((qos) =>
      publishHandshake(handshakes, topic(qos, 'online'), 'Sender'),
    );
    ctx.note(
      'Handshakes seen by the sender',
      LEVELS.map((qos, i) => `QoS ${qos}: ${shakes[i]?.join(' → ') || 'not captured'}`).join('; '),
    );

    await ctx.step('Receiver goes offline; the broker keeps its session', async () => {
      await receiver.disconnect();
      await ctx.sleep(OFFLINE_SETTLE_MS);
    });
    await ctx.step('Sender publishes at QoS 0, 1 and 2 while the receiver is away', async () => {
      for (const qos of LEVELS)
        await sender.publish(topic(qos, 'offline'), `sent while away, QoS ${qos}`, {
          qos,
          retain: false,
        });
    });
    const back = await ctx.step(
      'Receiver returns with the same client ID and clean start off',
      () => ctx.client('Receiver (returned)', session),
      (c) =>
        c.connack?.sessionPresent
          ? 'CONNACK: session present'
          : 'CONNACK: no session present (the broker did not keep it)',
    );
    const queued = await ctx.step(
      'Receiver gets what the broker kept',
      async () => {
        const isOffline = (m: { topic: string }) => m.topic.startsWith(`${base}/offline/`);
        await back.waitForMessages((m) => isOffline(m) && m.qos > 0, 2, ARRIVAL_WAIT_MS);
        await ctx.sleep(LATE_QOS0_WAIT_MS);
        return back.messages.filter(isOffline);
      },
      (m) => (m.length ? m.map((x) => x.text).join(', ') : 'nothing'),
    );
    if (ctx.protocolVersion === 4) {
      // A 3.1.1 persistent session never expires: end it so the broker forgets the receiver.
      const wipe = await ctx.client('Receiver (clean up)', { clientId: 'receiver', clean: true });
      await wipe.disconnect();
    }

    const arrivals = (messages: readonly { topic: string }[], qos: QoS, round: string) =>
      messages.filter((m) => m.topic === topic(qos, round)).length;
    const problems: string[] = [];
    for (const qos of LEVELS) {
      const n = arrivals(online, qos, 'online');
      if (n === 0) problems.push(`QoS ${qos} did not arrive while the receiver was online`);
      else if (qos === 2 && n > 1)
        problems.push(
          `QoS 2 arrived ${n} times while the receiver was online (exactly once was promised)`,
        );
    }
    for (const [i, qos] of LEVELS.entries()) {
      const seen = shakes[i]?.join('/') ?? '';
      if (seen !== HANDSHAKES[qos])
        problems.push(
          `the sender’s packet capture did not show the QoS ${qos} handshake (saw ${seen || 'nothing'}, expected ${HANDSHAKES[qos]})`,
        );
    }
    const kept = LEVELS.filter((qos) => arrivals(queued, qos, 'offline') > 0);
    const lost = LEVELS.filter((qos) => !kept.includes(qos));
    // Queuing QoS 0 for an offline client is allowed but not required; QoS 1 and 2 must be kept.
    const lostPromised = lost.filter((qos) => qos > 0);
    if (lostPromised.length && back.connack?.sessionPresent)
      problems.push(
        `QoS ${listing(lostPromised.map(String))} sent while the receiver was away ${lostPromised.length === 1 ? 'was' : 'were'} lost, although the broker kept its session`,
      );
    const queuedTwice = arrivals(queued, 2, 'offline');
    if (queuedTwice > 1)
      problems.push(
        `QoS 2 sent while the receiver was away arrived ${queuedTwice} times (exactly once was promised)`,
      );
    if (lostPromised.length && !back.connack?.sessionPresent) {
      const missed = `the QoS ${listing(lostPromised.map(String))} message${lostPromised.length === 1 ? '' : 's'} sent while it was away never reached it`;
      if (!problems.length)
        return notSupported(
          `the broker did not keep the receiver’s session (its CONNACK said no session present), so ${missed}.`,
        );
      problems.push(`the broker did not keep the receiver’s session, so ${missed}`);
    }

    const handshakeText = LEVELS.map((qos, i) => `QoS ${qos} ${shakes[i]?.join('/')}`).join(', ');
    const keptText = `the broker kept QoS ${listing(kept.map(String))} and delivered ${kept.length === 1 ? 'it' : 'them'} on return`;
    const lostText = lost.length ? `; QoS ${listing(lost.map(String))} was lost` : '';
    return verdictOf(
      problems,
      `Online, all three arrived (${handshakeText}). While the receiver was offline, ${keptText}${lostText}.`,
    );
  },
};
