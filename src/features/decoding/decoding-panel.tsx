import { useId, useRef, useState, type FormEvent } from 'react';
import { describeRule } from '../../domain/decoders/rule-checks';
import { DECODER_LABELS, type DecoderId } from '../../domain/decoders/decoder-types';
import { DecodeRuleFields } from '../../components/decode-rule-fields';
import { visibleText } from '../../domain/visible-text';
import { useServices } from '../../hooks/services-context';
import { useDecodingStore } from '../../stores/decoding-store';
import './decoding.css';

type Status = { ok: boolean; text: string } | undefined;

/** Files larger than this are not read (the schema limit is 512 KB of text). */
const MAX_PROTO_FILE_BYTES = 2 * 1024 * 1024;

/** Adds a rule: topic filter, decoder, and for Protobuf the message type. */
function AddRuleForm() {
  const { decoding } = useServices();
  const types = useDecodingStore((s) => s.schemaTypes);
  const id = useId();
  const [filter, setFilter] = useState('');
  const [decoder, setDecoder] = useState<DecoderId>('sparkplug');
  const [type, setType] = useState('');
  const [status, setStatus] = useState<Status>(undefined);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = (await decoding.engine()).addRule({
      filter,
      decoder,
      ...(decoder === 'protobuf' && type ? { messageType: type } : {}),
    });
    if (problem) {
      setStatus({ ok: false, text: problem });
      return;
    }
    setStatus({ ok: true, text: `Added: ${filter.trim()} as ${DECODER_LABELS[decoder]}.` });
    setFilter('');
  };
  return (
    <form className="decoding-form" onSubmit={(e) => void submit(e)}>
      <DecodeRuleFields
        id={id}
        filter={filter}
        onFilter={setFilter}
        decoder={decoder}
        onDecoder={setDecoder}
        messageType={type}
        onMessageType={setType}
        types={types}
        placeholder="fleet/+/pos"
      />
      <button type="submit">Add rule</button>
      {status && (
        <span role={status.ok ? 'status' : 'alert'} className={status.ok ? 'muted' : 'error'}>
          {visibleText(status.text)}
        </span>
      )}
    </form>
  );
}

/** Loads .proto files: from a file, or pasted. */
function SchemaLoader() {
  const { decoding } = useServices();
  const id = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState('schema.proto');
  const [text, setText] = useState('');
  const [status, setStatus] = useState<Status>(undefined);
  const load = async (fileName: string, source: string) => {
    setStatus({ ok: true, text: `Reading ${fileName}…` });
    const problem = await decoding
      .engine()
      .then((engine) => engine.loadSchema(fileName, source))
      .catch(() => 'The Protobuf decoder could not be loaded: reload the page and try again.');
    setStatus(problem ? { ok: false, text: problem } : { ok: true, text: `Loaded ${fileName}.` });
    return problem === undefined;
  };
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    // The schema module checks the text itself; this only spares reading a huge file.
    if (file.size > MAX_PROTO_FILE_BYTES) {
      setStatus({ ok: false, text: `${file.name} is larger than 512 KB: it is not loaded.` });
      return;
    }
    try {
      await load(file.name, await file.text());
    } catch (error) {
      setStatus({ ok: false, text: `Could not read ${file.name}: ${(error as Error).message}` });
    }
  };
  return (
    <div className="schema-loader">
      <button type="button" onClick={() => fileRef.current?.click()}>
        Load .proto…
      </button>
      <input
        ref={fileRef}
        type="file"
        accept=".proto,text/plain"
        hidden
        aria-label="Proto file"
        onChange={(e) => {
          void onFile(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
      <details>
        <summary>Paste a .proto schema</summary>
        <form
          className="decoding-form"
          onSubmit={(e) => {
            e.preventDefault();
            void load(name.trim() || 'schema.proto', text).then((ok) => ok && setText(''));
          }}
        >
          <label htmlFor={`${id}-name`}>Schema name</label>
          <input
            id={`${id}-name`}
            type="text"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <label htmlFor={`${id}-text`} className="span-all">
            Schema text
          </label>
          <textarea
            id={`${id}-text`}
            className="span-all"
            rows={6}
            spellCheck={false}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit">Load schema</button>
        </form>
      </details>
      {status && (
        <p role={status.ok ? 'status' : 'alert'} className={status.ok ? 'muted' : 'error'}>
          {visibleText(status.text)}
        </p>
      )}
    </div>
  );
}

/** Decode rules and .proto schemas: which payloads are read by which decoder. */
export function DecodingPanel() {
  const { decoding } = useServices();
  const rules = useDecodingStore((s) => s.rules);
  const schemas = useDecodingStore((s) => s.schemas);
  const types = useDecodingStore((s) => s.schemaTypes);
  const schemaError = useDecodingStore((s) => s.schemaError);
  return (
    <section className="panel decoding-panel" aria-label="Decoding">
      <h2>Decoding</h2>
      <p className="muted small-note">
        Automatic: Sparkplug B on <code>spBv1.0/…</code> topics; CBOR, MessagePack or Protobuf when
        an MQTT 5 content type names them; JSON and text as they are; anything else as hex. A rule
        decides for the topics its filter matches (the first matching rule wins).
      </p>
      <h3>Rules</h3>
      {rules.length === 0 ? (
        <p className="muted">No decode rules.</p>
      ) : (
        <ol aria-label="Decode rules" className="decode-rules">
          {rules.map((rule, i) => (
            <li key={rule.id}>
              <code>{visibleText(describeRule(rule))}</code>
              <button
                type="button"
                className="small"
                disabled={i === 0}
                aria-label={`Move rule ${rule.filter} up`}
                onClick={() => void decoding.engine().then((e) => e.moveRule(rule.id, -1))}
              >
                ↑
              </button>
              <button
                type="button"
                className="small"
                disabled={i === rules.length - 1}
                aria-label={`Move rule ${rule.filter} down`}
                onClick={() => void decoding.engine().then((e) => e.moveRule(rule.id, 1))}
              >
                ↓
              </button>
              <button
                type="button"
                className="small"
                aria-label={`Remove rule ${rule.filter}`}
                onClick={() => void decoding.engine().then((e) => e.removeRule(rule.id))}
              >
                Remove
              </button>
            </li>
          ))}
        </ol>
      )}
      <AddRuleForm />
      <h3>Protobuf schemas</h3>
      {schemas.length === 0 ? (
        <p className="muted">No .proto schema is loaded.</p>
      ) : (
        <ul aria-label="Loaded schemas" className="decode-rules">
          {schemas.map((s) => (
            <li key={s.name}>
              <code>{visibleText(s.name)}</code>
              <span className="muted">{s.text.length.toLocaleString('en-US')} characters</span>
              <button
                type="button"
                className="small"
                aria-label={`Remove schema ${s.name}`}
                onClick={() => void decoding.engine().then((e) => e.removeSchema(s.name))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {schemaError && (
        <p role="alert" className="error">
          {visibleText(schemaError)}
        </p>
      )}
      {types.length > 0 && (
        <p className="muted small-note" aria-label="Message types">
          Message types: {types.map((t) => visibleText(t)).join(', ')}
        </p>
      )}
      <SchemaLoader />
    </section>
  );
}
