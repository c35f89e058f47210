import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { getRuntime } from '../../app/runtime';
import { validateTopicName } from '../../domain/topic-filter';
import { encodePayload, type PayloadFormat } from '../../domain/payload-encode';
import { selectProtocolVersion, useConnectionStore } from '../../stores/connection-store';
import type { MessageProperties, QoS, UserProperty } from '../../mqtt/worker-protocol';
import { UserPropertiesEditor } from './user-properties-editor';

interface Outcome {
  ok: boolean;
  text: string;
}

export function PublishPanel() {
  const version = useConnectionStore(selectProtocolVersion);
  const id = useId();
  const [topic, setTopic] = useState('demo/plant/line1/motor/set');
  const [payload, setPayload] = useState('{"rpm": 1800}');
  const [format, setFormat] = useState<PayloadFormat>('json');
  const [qos, setQos] = useState<QoS>(0);
  const [retain, setRetain] = useState(false);
  const [contentType, setContentType] = useState('');
  const [responseTopic, setResponseTopic] = useState('');
  const [correlation, setCorrelation] = useState('');
  const [expirySec, setExpirySec] = useState('');
  const [userProperties, setUserProperties] = useState<UserProperty[]>([]);
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const publish = async () => {
    const topicProblem = validateTopicName(topic);
    if (topicProblem) {
      setOutcome({ ok: false, text: `Not sent: ${topicProblem}` });
      return;
    }
    const encoded = encodePayload(payload, format);
    if (!encoded.ok) {
      setOutcome({ ok: false, text: `Not sent: ${encoded.error}` });
      return;
    }
    const expiry = Number(expirySec);
    const properties: MessageProperties | undefined =
      version === 5
        ? {
            contentType: contentType || undefined,
            responseTopic: responseTopic || undefined,
            correlationData: correlation ? new TextEncoder().encode(correlation) : undefined,
            messageExpirySec:
              expirySec && Number.isFinite(expiry) && expiry >= 0 ? expiry : undefined,
            userProperties: userProperties.filter((u) => u.key !== ''),
          }
        : undefined;
    setBusy(true);
    const result = await getRuntime().connection.publish(topic, encoded.bytes, {
      qos,
      retain,
      properties,
    });
    setBusy(false);
    const ms = `${Math.round(result.roundTripMs)} ms`;
    if (!result.ok) setOutcome({ ok: false, text: result.error ?? 'Not sent.' });
    else if (qos === 0)
      setOutcome({ ok: true, text: `Sent to ${topic} (QoS 0, no acknowledgement).` });
    else
      setOutcome({
        ok: true,
        text: `Acknowledged by the broker (${qos === 1 ? 'PUBACK' : 'PUBCOMP'}, QoS ${qos}) in ${ms}.`,
      });
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void publish();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void publish();
    }
  };

  return (
    <section className="panel" aria-label="Publish">
      <h2>Publish</h2>
      <form onSubmit={onSubmit} onKeyDown={onKeyDown} className="form-grid">
        <label htmlFor={`${id}-topic`}>Publish topic</label>
        <input
          id={`${id}-topic`}
          type="text"
          spellCheck={false}
          value={topic}
          onChange={(e) => setTopic(e.target.value)}
        />
        <label htmlFor={`${id}-format`}>Format</label>
        <select
          id={`${id}-format`}
          value={format}
          onChange={(e) => setFormat(e.target.value as PayloadFormat)}
        >
          <option value="text">Text</option>
          <option value="json">JSON</option>
          <option value="hex">Hex</option>
          <option value="base64">Base64</option>
        </select>
        <label htmlFor={`${id}-payload`}>Payload</label>
        <textarea
          id={`${id}-payload`}
          rows={4}
          spellCheck={false}
          value={payload}
          onChange={(e) => setPayload(e.target.value)}
        />
        <label htmlFor={`${id}-qos`}>Publish QoS</label>
        <select
          id={`${id}-qos`}
          value={qos}
          onChange={(e) => setQos(Number(e.target.value) as QoS)}
        >
          <option value={0}>0</option>
          <option value={1}>1</option>
          <option value={2}>2</option>
        </select>
        <span />
        <label className="checkbox">
          <input type="checkbox" checked={retain} onChange={(e) => setRetain(e.target.checked)} />
          Retain
        </label>
        {version === 5 && (
          <details className="advanced">
            <summary>MQTT 5 properties</summary>
            <div className="form-grid">
              <label htmlFor={`${id}-ct`}>Content type</label>
              <input
                id={`${id}-ct`}
                type="text"
                value={contentType}
                onChange={(e) => setContentType(e.target.value)}
              />
              <label htmlFor={`${id}-rt`}>Response topic</label>
              <input
                id={`${id}-rt`}
                type="text"
                value={responseTopic}
                onChange={(e) => setResponseTopic(e.target.value)}
              />
              <label htmlFor={`${id}-cd`}>Correlation data</label>
              <input
                id={`${id}-cd`}
                type="text"
                value={correlation}
                onChange={(e) => setCorrelation(e.target.value)}
              />
              <label htmlFor={`${id}-exp`}>Message expiry (s)</label>
              <input
                id={`${id}-exp`}
                type="number"
                min={0}
                value={expirySec}
                onChange={(e) => setExpirySec(e.target.value)}
              />
              <UserPropertiesEditor value={userProperties} onChange={setUserProperties} />
            </div>
          </details>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            Publish
          </button>
          <span className="muted small-note">Ctrl+Enter publishes</span>
        </div>
      </form>
      <p
        role="status"
        aria-label="Publish result"
        className={outcome && !outcome.ok ? 'error' : 'ok'}
      >
        {outcome?.text}
      </p>
    </section>
  );
}
