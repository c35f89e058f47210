import { checkGranted, failed, ok, quote } from './scenario-helpers';
import type { ScenarioDefinition } from './scenario-types';

const REPLY_WAIT_MS = 5000;
const EVENT_WAIT_MS = 5000;
const TEMPERATURES = [21.5, 24.0, 31.2];
const TOO_HOT = 30;

/** An MQTT 3.1.1 command or reply carries its reply topic and id as JSON in the payload. */
function payloadField(text: string, field: 'replyTo' | 'id'): string | undefined {
  try {
    const value = (JSON.parse(text) as Record<string, unknown>)[field];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

export const eventsAndCommands: ScenarioDefinition = {
  id: 'events-commands',
  name: 'Events and commands',
  explanation: [
    'An event says "this happened" and goes to whoever listens; a command says "please do this" and expects an answer. The producer (here a thermometer device) publishes events; the broker passes each one to every consumer subscribed to a matching topic; the consumer (here a controller app) reacts.',
    'When a reading is too hot, the controller sends a command to the device. With MQTT 5 the command carries a response topic (where to send the answer) and correlation data (a tag the answer must carry, so the controller knows which question it answers). The device replies there with the same tag.',
  ],
  tryIt: {
    region: 'Publish',
    text: 'Try it by hand in Publish: open “MQTT 5 properties” and set a response topic and correlation data.',
  },
  async run(ctx) {
    const events = `${ctx.topicPrefix}/device/events/temperature`;
    const commands = `${ctx.topicPrefix}/device/commands/fan`;
    const replies = `${ctx.topicPrefix}/controller/replies`;
    const v5 = ctx.protocolVersion === 5;

    const controller = await ctx.step('Connect the consumer (controller)', () =>
      ctx.client('Controller'),
    );
    const device = await ctx.step('Connect the producer (device)', () => ctx.client('Device'));
    await ctx.step(
      `Controller subscribes to ${events} and ${replies}`,
      async () => {
        checkGranted(await controller.subscribe(events, { qos: 1 }), events);
        return checkGranted(await controller.subscribe(replies, { qos: 1 }), replies);
      },
      (text) => text,
    );
    await ctx.step(
      `Device subscribes to its command topic ${commands}`,
      async () => checkGranted(await device.subscribe(commands, { qos: 1 }), commands),
      (text) => text,
    );

    await ctx.step(
      `Device publishes ${TEMPERATURES.length} temperature events`,
      async () => {
        for (const t of TEMPERATURES)
          await device.publish(events, String(t), { qos: 1, retain: false });
      },
      () => TEMPERATURES.join(', '),
    );
    const received = await ctx.step(
      'Controller receives the events',
      () =>
        controller.waitForMessages((m) => m.topic === events, TEMPERATURES.length, EVENT_WAIT_MS),
      (messages) =>
        `${messages.length} of ${TEMPERATURES.length}: ${messages.map((m) => m.text).join(', ')}`,
    );
    const missing = TEMPERATURES.filter((t) => !received.some((m) => Number(m.text) === t));
    if (missing.length)
      throw new Error(
        `the controller did not receive the ${missing.join(' and ')} °C event${missing.length > 1 ? 's' : ''}`,
      );
    const hot = received.find((m) => Number(m.text) > TOO_HOT);
    if (!hot) throw new Error('no event was above the threshold');

    const correlation = `fan-on-${Math.round(ctx.now()) % 100000}`;
    await ctx.step(
      `Controller reacts to ${hot.text} °C: sends command “fan on”`,
      () =>
        controller.publish(
          commands,
          v5 ? 'on' : JSON.stringify({ set: 'on', replyTo: replies, id: correlation }),
          {
            qos: 1,
            retain: false,
            properties: v5
              ? { responseTopic: replies, correlationData: new TextEncoder().encode(correlation) }
              : undefined,
          },
        ),
      () =>
        v5
          ? `response topic ${replies}, correlation data ${correlation}`
          : `MQTT 3.1.1 has no response topic property: reply topic and id travel in the payload`,
    );
    const [command] = await ctx.step(
      'Device receives the command',
      () => device.waitForMessages((m) => m.topic === commands, 1, EVENT_WAIT_MS),
      (m) => (m[0] ? `payload ${quote(m[0].text)}` : 'nothing arrived'),
    );
    if (!command) throw new Error('the command did not reach the device');
    const replyTo = v5 ? command.properties?.responseTopic : payloadField(command.text, 'replyTo');
    const tag = v5
      ? new TextDecoder().decode(command.properties?.correlationData ?? new Uint8Array())
      : payloadField(command.text, 'id');
    if (!replyTo) throw new Error('the command arrived without a response topic');
    await ctx.step(
      `Device replies on ${replyTo}`,
      () =>
        device.publish(
          replyTo,
          v5 ? 'fan is on' : JSON.stringify({ id: tag, result: 'fan is on' }),
          {
            qos: 1,
            retain: false,
            properties: v5 ? { correlationData: new TextEncoder().encode(tag ?? '') } : undefined,
          },
        ),
      () => `correlation data ${tag ?? '(none)'}`,
    );
    const [reply] = await ctx.step(
      'Controller matches the reply to its command',
      () => controller.waitForMessages((m) => m.topic === replies, 1, REPLY_WAIT_MS),
      (m) => (m[0] ? `reply ${quote(m[0].text)}` : 'no reply'),
    );
    if (!reply) throw new Error('no reply came back');
    const replyTag = v5
      ? new TextDecoder().decode(reply.properties?.correlationData ?? new Uint8Array())
      : payloadField(reply.text, 'id');
    if (replyTag !== correlation)
      return failed(
        `the reply came back but did not match the command: it carried ${replyTag ? `correlation data ${quote(replyTag)}` : 'no correlation data'} instead of ${quote(correlation)}, so the controller cannot tell which command it answers.`,
      );
    return ok(
      `The controller got ${received.length} events, reacted to ${hot.text} °C with a command, and the reply ` +
        `came back matched by correlation data ${quote(correlation)}` +
        `${v5 ? '' : ' (carried in the payload: MQTT 3.1.1 has no correlation data property)'}.`,
    );
  },
};
