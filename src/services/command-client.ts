/**
 * "Send command": publish a request, wait for the matching reply. The reply topic is
 * subscribed on the connection directly (not in the user's Subscriptions list) and let go
 * when no command waits on it any more.
 */
import { getRuntime } from '../app/runtime';
import {
  freshCorrelationId,
  isReplyTo,
  legacyReplyTopic,
  withCorrelationId,
  type PendingCommand,
} from '../domain/command-reply';
import { prepareDraft, templatesApply, type PublishDraft } from '../domain/publish-draft';
import { defaultTemplateContext, expandTemplate } from '../domain/template';
import type { StoredMessage } from '../ingest/stored-message';
import { useSubscriptionsStore } from '../stores/subscriptions-store';
import { publishOutcomeText } from '../domain/publish-outcome';

export type CommandOutcome =
  | { kind: 'reply'; topic: string; replyTopic: string; roundTripMs: number; payload: Uint8Array }
  | { kind: 'timeout'; topic: string; replyTopic: string; timeoutMs: number }
  | { kind: 'error'; error: string };

/** How many commands wait on each reply topic we subscribed. */
const waitingPerTopic = new Map<string, number>();

function userSubscribes(filter: string): boolean {
  return useSubscriptionsStore.getState().list.some((s) => s.filter === filter);
}

function holdReplyTopic(topic: string): void {
  const waiting = waitingPerTopic.get(topic) ?? 0;
  waitingPerTopic.set(topic, waiting + 1);
  // A filter in the user's list keeps the user's options; SUBSCRIBE would replace them.
  if (waiting === 0 && !userSubscribes(topic)) {
    getRuntime().connection.subscribe(topic, { qos: 1 });
  }
}

function releaseReplyTopic(topic: string): void {
  const waiting = (waitingPerTopic.get(topic) ?? 1) - 1;
  if (waiting > 0) {
    waitingPerTopic.set(topic, waiting);
    return;
  }
  waitingPerTopic.delete(topic);
  if (!userSubscribes(topic)) getRuntime().connection.unsubscribe(topic);
}

export interface CommandRequest {
  draft: PublishDraft;
  version: 4 | 5;
  /** MQTT 5 only; 3.1.1 always uses `<topic>/reply`. */
  replyTopic: string;
  timeoutMs: number;
  counter: number;
}

/** Publishes the command and resolves with its reply, a timeout or why it was not sent. */
export async function sendCommand(request: CommandRequest): Promise<CommandOutcome> {
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

  const { connection, ingest } = getRuntime();
  const replyTopic = pending.replyTopic;
  holdReplyTopic(replyTopic);
  let stopListening = () => undefined as unknown;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const sentAtMs = Date.now();
  const reply = new Promise<StoredMessage | undefined>((resolve) => {
    stopListening = ingest.onMessage((message) => {
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
    releaseReplyTopic(replyTopic);
  }
}
