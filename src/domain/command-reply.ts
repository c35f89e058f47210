/**
 * Request/response ("Send command"): where the reply goes and how it is recognised.
 * MQTT 5 carries a response topic and correlation data on the request. MQTT 3.1.1 has neither,
 * so the demo devices' convention is used: reply on `<command topic>/reply`, and a
 * `correlationId` field in the JSON request that the reply echoes.
 */
import { randomUuid } from './template';

/** A reply topic only this client listens to; MQTT reserves + and # in topic names. */
export function privateReplyTopic(clientId: string): string {
  const safe = clientId.replace(/[+#/]/g, '_') || 'anonymous';
  return `brokerscope/${safe}/replies`;
}

export function legacyReplyTopic(commandTopic: string): string {
  return `${commandTopic}/reply`;
}

export function freshCorrelationId(): string {
  return randomUuid();
}

/** The request payload with `correlationId` added, for MQTT 3.1.1. */
export function withCorrelationId(
  payload: string,
  correlationId: string,
): { ok: true; text: string } | { ok: false; error: string } {
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    body = undefined;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return {
      ok: false,
      error:
        'On MQTT 3.1.1 a command needs a JSON object payload (such as {"rpm": 2000}) so that a ' +
        'correlationId can be added to it.',
    };
  }
  return { ok: true, text: JSON.stringify({ ...body, correlationId }) };
}

export interface PendingCommand {
  replyTopic: string;
  /** MQTT 5: the correlation data bytes sent with the request. */
  correlationData?: Uint8Array;
  /** MQTT 3.1.1: the correlationId field sent in the request JSON. */
  correlationId?: string;
}

export interface ReplyCandidate {
  topic: string;
  payload: Uint8Array;
  correlationData?: Uint8Array;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function isReplyTo(message: ReplyCandidate, pending: PendingCommand): boolean {
  if (message.topic !== pending.replyTopic) return false;
  if (pending.correlationData) {
    return (
      message.correlationData !== undefined &&
      bytesEqual(message.correlationData, pending.correlationData)
    );
  }
  if (pending.correlationId === undefined) return false;
  try {
    const body = JSON.parse(new TextDecoder().decode(message.payload)) as unknown;
    return (
      typeof body === 'object' &&
      body !== null &&
      (body as { correlationId?: unknown }).correlationId === pending.correlationId
    );
  } catch {
    return false;
  }
}
