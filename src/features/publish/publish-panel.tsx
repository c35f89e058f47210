import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useServices } from '../../hooks/services-context';
import { usePublishing } from '../../hooks/use-publishing';
import { prepareDraft } from '../../domain/publish-draft';
import { defaultTemplateContext } from '../../domain/template';
import { selectProtocolVersion, useConnectionStore } from '../../stores/connection-store';
import { selectDraft, usePublishDraftStore } from '../../stores/publish-draft-store';
import { usePublishHistoryStore } from '../../stores/publish-history-store';
import { Mqtt5Properties } from './mqtt5-properties';
import { outcomeFromResult, type Outcome } from '../../domain/publish-outcome';
import { PayloadEditor } from './payload-editor';
import { PublishTools } from './publish-tools';
import { SaveToLibraryForm } from './save-to-library-form';
import { QosSelect } from '../../components/qos-select';
import { Field } from '../../components/field';
import { visibleText } from '../../domain/visible-text';
import { isEncodedFormat } from '../../domain/payload-encode';
import { useDecodingStore } from '../../stores/decoding-store';

export function PublishPanel() {
  const version = useConnectionStore(selectProtocolVersion);
  const draft = usePublishDraftStore(selectDraft);
  const update = usePublishDraftStore((s) => s.update);
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const services = useServices();
  // The panel shows once the publishing services are up: its tools use them, and the history
  // and the library are read back from the browser database when they start.
  usePublishing();

  const publish = async () => {
    const current = usePublishDraftStore.getState();
    const format = current.draft.format;
    // CBOR, MessagePack, Protobuf and Sparkplug B are typed as JSON (templates expanded), then
    // encoded.
    const prepared = prepareDraft(
      isEncodedFormat(format) ? { ...current.draft, format: 'json' } : current.draft,
      version,
      defaultTemplateContext(current.takeCounter()),
    );
    if (!prepared.ok) {
      setOutcome({ ok: false, text: `Not sent: ${prepared.error}` });
      return;
    }
    let encodedNote = '';
    if (isEncodedFormat(format)) {
      const encoded = await services.decoding.encode(
        format,
        new TextDecoder().decode(prepared.bytes),
        prepared.topic,
        useDecodingStore.getState().publishMessageType || undefined,
      );
      if (!encoded.ok) {
        setOutcome({ ok: false, text: `Not sent: ${encoded.error}` });
        return;
      }
      prepared.bytes = encoded.bytes;
      encodedNote = ` Sent ${encoded.note}.`;
    }
    const { qos, retain } = current.draft;
    setOutcome({
      ok: true,
      text: qos === 0 ? `Sending to ${prepared.topic}…` : 'Waiting for the broker to acknowledge…',
    });
    const result = await services.publish(prepared.topic, prepared.bytes, {
      qos,
      retain,
      properties: prepared.properties,
    });
    const outcome = outcomeFromResult(result, prepared.topic, qos, version);
    const next =
      result.ok && encodedNote ? { ...outcome, text: `${outcome.text}${encodedNote}` } : outcome;
    setOutcome(next);
    usePublishHistoryStore.getState().record({
      kind: 'publish',
      draft: current.draft,
      topic: prepared.topic,
      ok: next.ok,
      outcome: next.text,
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
    <section className="panel publish-panel" aria-label="Publish">
      <h2>Publish</h2>
      <form onSubmit={onSubmit} onKeyDown={onKeyDown} className="form-grid">
        <Field label="Publish topic">
          {({ id }) => (
            <input
              id={id}
              type="text"
              spellCheck={false}
              value={draft.topic}
              onChange={(e) => update({ topic: e.target.value })}
            />
          )}
        </Field>
        <PayloadEditor />
        <Field label="Publish QoS">
          {({ id }) => <QosSelect id={id} value={draft.qos} onChange={(qos) => update({ qos })} />}
        </Field>
        <span />
        <div className="publish-flags">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={draft.retain}
              onChange={(e) => update({ retain: e.target.checked })}
            />
            Retain
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={draft.expandTemplates}
              onChange={(e) => update({ expandTemplates: e.target.checked })}
            />
            Expand template variables
          </label>
        </div>
        {version === 5 && <Mqtt5Properties />}
        <div className="form-actions">
          <button type="submit" className="primary">
            Publish
          </button>
          <button type="button" aria-expanded={saving} onClick={() => setSaving(!saving)}>
            Save to library
          </button>
          <span className="muted small-note">Ctrl+Enter publishes</span>
        </div>
      </form>
      {saving && (
        <SaveToLibraryForm
          onDone={(savedName) => {
            setSaving(false);
            if (savedName) setOutcome({ ok: true, text: `Saved "${savedName}" to the library.` });
          }}
        />
      )}
      <p
        role="status"
        aria-label="Publish result"
        className={outcome && !outcome.ok ? 'error' : 'ok'}
      >
        {/* A refusal may quote the broker's reason string: invisible characters as marks. */}
        {outcome && visibleText(outcome.text)}
      </p>
      <PublishTools />
    </section>
  );
}
