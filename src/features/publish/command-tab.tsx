import { useState } from 'react';
import { legacyReplyTopic, privateReplyTopic } from '../../domain/command-reply';
import { selectProtocolVersion, useConnectionStore } from '../../stores/connection-store';
import { usePublishDraftStore } from '../../stores/publish-draft-store';
import { usePublishHistoryStore } from '../../stores/publish-history-store';
import { usePublishing } from '../../hooks/use-publishing';
import type { CommandOutcome } from '../../services/command-service';
import { Field } from '../../components/field';
import { visibleText } from '../../domain/visible-text';

const DEFAULT_TIMEOUT_SEC = 5;

function useDefaultReplyTopic(): string {
  const clientId = useConnectionStore((s) => s.connack?.assignedClientId ?? s.form.clientId);
  return privateReplyTopic(clientId);
}

function payloadText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
  }
}

function describe(outcome: CommandOutcome): string {
  switch (outcome.kind) {
    case 'reply':
      return `Reply on ${outcome.replyTopic} in ${Math.round(outcome.roundTripMs)} ms:`;
    case 'timeout':
      return `No reply on ${outcome.replyTopic} within ${outcome.timeoutMs / 1000} s. Is a device listening on ${outcome.topic}?`;
    case 'error':
      return outcome.error;
  }
}

/**
 * Request/response with the form's topic, payload and QoS: a fresh correlation id per command,
 * the reply matched by it and shown with the round trip.
 */
export function CommandTab() {
  const version = useConnectionStore(selectProtocolVersion);
  const topic = usePublishDraftStore((s) => s.draft.topic);
  const defaultReplyTopic = useDefaultReplyTopic();
  const [replyTopic, setReplyTopic] = useState('');
  const [timeoutSec, setTimeoutSec] = useState(String(DEFAULT_TIMEOUT_SEC));
  const [waiting, setWaiting] = useState(false);
  const [outcome, setOutcome] = useState<CommandOutcome | undefined>(undefined);
  const { commands } = usePublishing();

  const send = async () => {
    const state = usePublishDraftStore.getState();
    const timeout = Number(timeoutSec);
    const timeoutMs =
      (Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_SEC) * 1000;
    setWaiting(true);
    setOutcome(undefined);
    const result = await commands.send({
      draft: state.draft,
      version,
      replyTopic: replyTopic.trim() || defaultReplyTopic,
      timeoutMs,
      counter: state.takeCounter(),
    });
    setWaiting(false);
    setOutcome(result);
    usePublishHistoryStore.getState().record({
      kind: 'command',
      draft: state.draft,
      topic: result.kind === 'error' ? state.draft.topic : result.topic,
      ok: result.kind === 'reply',
      outcome:
        result.kind === 'reply'
          ? `${describe(result)} ${payloadText(result.payload)}`
          : describe(result),
    });
  };

  return (
    <div className="command-tab">
      <p className="muted small-note">
        Sends the form above as a request and waits for the answer.{' '}
        {version === 5
          ? 'MQTT 5: the reply topic and fresh correlation data go with the request.'
          : 'MQTT 3.1.1: the reply is expected on <topic>/reply, matched by a correlationId field added to the JSON payload.'}
      </p>
      <div className="form-grid">
        {version === 5 ? (
          <Field label="Reply topic">
            {({ id }) => (
              <input
                id={id}
                type="text"
                spellCheck={false}
                placeholder={defaultReplyTopic}
                value={replyTopic}
                onChange={(e) => setReplyTopic(e.target.value)}
              />
            )}
          </Field>
        ) : (
          <>
            <span>Reply topic</span>
            <code className="reply-topic">{legacyReplyTopic(topic)}</code>
          </>
        )}
        <Field label="Timeout (s)">
          {({ id }) => (
            <input
              id={id}
              type="number"
              min={0.1}
              step="any"
              value={timeoutSec}
              onChange={(e) => setTimeoutSec(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="button" className="primary" disabled={waiting} onClick={() => void send()}>
          Send command
        </button>
        {waiting && <span className="muted small-note">Waiting for the reply…</span>}
      </div>
      <div
        role="status"
        aria-label="Command result"
        className={outcome && outcome.kind !== 'reply' ? 'error' : 'ok'}
      >
        {outcome && <p>{visibleText(describe(outcome))}</p>}
        {outcome?.kind === 'reply' && (
          <pre className="reply-payload">
            {visibleText(payloadText(outcome.payload), { multiline: true })}
          </pre>
        )}
      </div>
    </div>
  );
}
