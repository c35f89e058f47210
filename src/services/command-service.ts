/**
 * "Send command": publish a request, wait for the matching reply. The reply topic is held in
 * the subscription registry while a command waits on it (shown as used by a command, never
 * changing the user's own subscription to it), and always kept by the ingest, even under a
 * muted subscription.
 */
import type { Connection } from '../mqtt/connection';
import type { SubscriptionRegistry } from './subscription-registry';
import {
  freshCorrelationId,
  isReplyTo,
  legacyReplyTopic,
  withCorrelationId,
  type PendingCommand,
} from '../domain/command-reply';
import { prepareDraft, templatesApply, type PublishDraft } from '../domain/publish-draft';
import { defaultTemplateContext, expandTemplate } from '../domain/template';
import type { StoredMessage } from '../domain/stored-message';
import { publishOutcomeText } from '../domain/publish-outcome';

export type CommandOutcome =
  | { kind: 'reply'; topic: string; replyTopic: string; roundTripMs: number; payload: Uint8Array }
  | { kind: 'timeout'; topic: string; replyTopic: string; timeoutMs: number }
  | { kind: 'error'; error: string };

export interface CommandRequest {
  draft: PublishDraft;
  version: 4 | 5;
  /** MQTT 5 only; 3.1.1 always uses `<topic>/reply`. */
  replyTopic: string;
  timeoutMs: number;
  counter: number;
}

/** Who tells about every kept message: the ingest. */
export interface MessageSource {
  onMessage(listener: (message: StoredMessage) => void): () => void;
}

/** The owner name commands hold their reply topics under. */
export const COMMAND_OWNER = 'Command';

export class CommandService {
  constructor(
    private readonly connection: Pick<Connection, 'publish'>,
    private readonly subscriptions: Pick<SubscriptionRegistry, 'hold'>,
    private readonly messages: MessageSource,
  ) {}

  /** Publishes the command and resolves with its reply, a timeout or why it was not sent. */
  async send(request: CommandRequest): Promise<CommandOutcome> {
    return sendCommand(request, this.connection, this.subscriptions, this.messages);
  }
}

async function sendCommand(
  request: CommandRequest,
  connection: Pick<Connection, 'publish'>,
  subscriptions: Pick<SubscriptionRegistry, 'hold'>,
  messages: MessageSource,
): Promise<CommandOutcome> {
  const { draft, version, timeoutMs } = request;
  const context = defaultTemplateContext(request.counter);
  let topic = draft.topic;
  let payload = draft.payload;
  if (draft.expandTemplates) {
    const expandedTopic = expandTemplate(draft.topic, context);
    if (!expandedTopic.ok) return { kind: 'error', error: `Topic: ${expandedTopic.error}` };
    topic = expandedTopic.text;
    if (templatesApply(draft)) {
      const expanded = expandTemplate(draft.payload, context);
      if (!expanded.ok) return { kind: 'error', error: `Payload: ${expanded.error}` };
      payload = expanded.text;
    }
  }
  const correlationId = freshCorrelationId();
  let pending: PendingCommand;
  let sendDraft: PublishDraft = { ...draft, topic, payload, expandTemplates: false };
  if (version === 5) {
    pending = {
      replyTopic: request.replyTopic,
      correlationData: new TextEncoder().encode(correlationId),
    };
    sendDraft = {
      ...sendDraft,
      properties: {
        ...draft.properties,
        responseTopic: request.replyTopic,
        correlationData: correlationId,
      },
    };
  } else {
    if (draft.format !== 'json' && draft.format !== 'text') {
      return {
        kind: 'error',
        error: 'On MQTT 3.1.1 a command needs a JSON payload: choose the JSON or Text format.',
      };
    }
    const withId = withCorrelationId(payload, correlationId);
    if (!withId.ok) return { kind: 'error', error: withId.error };
    pending = { replyTopic: legacyReplyTopic(topic), correlationId };
    sendDraft = { ...sendDraft, payload: withId.text };
  }
  const prepared = prepareDraft(sendDraft, version, context);
  if (!prepared.ok) return { kind: 'error', error: prepared.error };

  const replyTopic = pending.replyTopic;
  const releaseReplyTopic = subscriptions.hold(replyTopic, COMMAND_OWNER, 1);
  let stopListening = () => undefined as unknown;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const sentAtMs = Date.now();
  const reply = new Promise<StoredMessage | undefined>((resolve) => {
    stopListening = messages.onMessage((message) => {
      // Called for every kept message: the topic comparison keeps this cheap.
      if (message.topic !== replyTopic) return;
      if (
        isReplyTo(
          {
            topic: message.topic,
            payload: message.payload,
            correlationData: message.properties?.correlationData,
          },
          pending,
        )
      ) {
        resolve(message);
      }
    });
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  try {
    const result = await connection.publish(prepared.topic, prepared.bytes, {
      qos: draft.qos,
      retain: draft.retain,
      properties: prepared.properties,
    });
    if (!result.ok) {
      return {
        kind: 'error',
        error: `The command was not sent. ${publishOutcomeText(result, prepared.topic, draft.qos, version)}`,
      };
    }
    const message = await reply;
    if (!message) return { kind: 'timeout', topic: prepared.topic, replyTopic, timeoutMs };
    return {
      kind: 'reply',
      topic: prepared.topic,
      replyTopic,
      roundTripMs: Math.max(0, message.receivedAtMs - sentAtMs),
      payload: message.payload,
    };
  } finally {
    clearTimeout(timer);
    stopListening();
    releaseReplyTopic();
  }
}
