import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { isEncodedFormat } from '../../domain/payload-encode';
import { useServices } from '../../hooks/services-context';
import { useDecodingStore } from '../../stores/decoding-store';
import { prettyPrintJson } from '../../domain/json-text';
import type { PayloadFormat } from '../../domain/payload-encode';
import { decodeStrict } from '../../domain/payload';
import { toBase64 } from '../../domain/payload-copy';
import { payloadCheck } from '../../domain/publish-draft';
import { defaultTemplateContext } from '../../domain/template';
import {
  MAX_STORED_PAYLOAD_CHARS,
  selectDraft,
  usePublishDraftStore,
} from '../../stores/publish-draft-store';
import { Field } from '../../components/field';

/** What the payload would be now, checked live (templates expanded for a preview). */
function usePayloadCheck(): { ok: boolean; text: string } {
  // Deferred: typing in a multi-MB payload stays responsive; the check catches up after.
  const draft = useDeferredValue(usePublishDraftStore(selectDraft));
  const nextCounter = usePublishDraftStore((s) => s.nextCounter);
  const plain = useMemo(
    () =>
      payloadCheck(
        isEncodedFormat(draft.format) ? { ...draft, format: 'json' } : draft,
        defaultTemplateContext(nextCounter),
      ),
    [draft, nextCounter],
  );
  // CBOR, MessagePack, Protobuf, Sparkplug B: the JSON is encoded as a check (nothing is sent,
  // no Sparkplug seq is taken); the encoders load on first use.
  const { decoding } = useServices();
  const messageType = useDecodingStore((s) => s.publishMessageType);
  const decodingVersion = useDecodingStore((s) => s.version);
  const [encoded, setEncoded] = useState<{ key: string; ok: boolean; text: string }>();
  const format = draft.format;
  const key = `${format}\u0000${draft.topic}\u0000${messageType}\u0000${draft.payload}\u0000${decodingVersion}`;
  const check = isEncodedFormat(format) && plain.ok && !draft.payload.includes('{{');
  useEffect(() => {
    if (!check || !isEncodedFormat(format)) return;
    let current = true;
    void decoding
      .encode(format, draft.payload, draft.topic, messageType || undefined, true)
      .then((out) => {
        if (!current) return;
        setEncoded({
          key,
          ...(out.ok ? { ok: true, text: out.note } : { ok: false, text: out.error }),
        });
      });
    return () => {
      current = false;
    };
  }, [check, format, draft.payload, draft.topic, messageType, key, decoding]);
  if (!isEncodedFormat(format) || !plain.ok) return plain;
  if (!check) return { ok: true, text: `${plain.text}; encoded when published` };
  return encoded?.key === key ? encoded : { ok: true, text: 'Encoding…' };
}

/** A file becomes the payload: as its text when it is UTF-8, else as base64 of its bytes. */
async function readPayloadFile(file: File): Promise<{ payload: string; format?: PayloadFormat }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = decodeStrict(bytes);
  return text !== undefined ? { payload: text } : { payload: toBase64(bytes), format: 'base64' };
}

/** The Protobuf message type the JSON is written as; by default the topic's decode rule's. */
function ProtobufTypeField() {
  const types = useDecodingStore((s) => s.schemaTypes);
  const chosen = useDecodingStore((s) => s.publishMessageType);
  const topic = usePublishDraftStore((s) => s.draft.topic);
  const { decoding } = useServices();
  const ruleType = decoding.ruleMessageType(topic);
  useEffect(() => decoding.ensureCodecs(), [decoding]);
  return (
    <Field label="Protobuf message type">
      {({ id }) => (
        <select
          id={id}
          value={chosen}
          onChange={(e) => useDecodingStore.setState({ publishMessageType: e.target.value })}
        >
          <option value="">
            {ruleType
              ? `${ruleType} (the topic's decode rule)`
              : types.length === 0
                ? 'load a .proto schema in Decoding'
                : 'choose a type'}
          </option>
          {types.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function PayloadEditor() {
  const format = usePublishDraftStore((s) => s.draft.format);
  const payload = usePublishDraftStore((s) => s.draft.payload);
  const update = usePublishDraftStore((s) => s.update);
  const check = usePayloadCheck();
  const deferredPayload = useDeferredValue(payload);
  const jsonLike = format === 'json' || isEncodedFormat(format);
  const pretty = useMemo(
    () => (jsonLike ? prettyPrintJson(deferredPayload) : undefined),
    [jsonLike, deferredPayload],
  );
  const fileRef = useRef<HTMLInputElement>(null);
  const [fileNote, setFileNote] = useState<string | undefined>(undefined);
  const loadFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      const loaded = await readPayloadFile(file);
      update(loaded.format ? { payload: loaded.payload, format: loaded.format } : loaded);
      setFileNote(
        `Loaded ${file.name} (${file.size.toLocaleString('en-US')} bytes${loaded.format ? ', as base64: it is not UTF-8 text' : ''}).`,
      );
    } catch (error) {
      setFileNote(`Could not read ${file.name}: ${(error as Error).message}`);
    }
  };
  return (
    <>
      <Field label="Format">
        {({ id }) => (
          <select
            id={id}
            value={format}
            onChange={(e) => update({ format: e.target.value as PayloadFormat })}
          >
            <option value="text">Text</option>
            <option value="json">JSON</option>
            <option value="hex">Hex</option>
            <option value="base64">Base64</option>
            <option value="cbor">CBOR (from JSON)</option>
            <option value="msgpack">MessagePack (from JSON)</option>
            <option value="protobuf">Protobuf (from JSON)</option>
            <option value="sparkplug">Sparkplug B (from JSON)</option>
          </select>
        )}
      </Field>
      {format === 'protobuf' && <ProtobufTypeField />}
      <Field label="Payload">
        {({ id }) => (
          <div className="payload-editor">
            <textarea
              id={id}
              rows={4}
              spellCheck={false}
              value={payload}
              aria-invalid={check.ok ? undefined : true}
              aria-describedby={`${id}-check`}
              onChange={(e) => update({ payload: e.target.value })}
            />
            <div className="payload-check-row">
              <span
                id={`${id}-check`}
                className={check.ok ? 'muted small-note' : 'error small-note'}
                aria-live="polite"
              >
                {check.text}
              </span>
              {jsonLike && (
                <button
                  type="button"
                  className="small"
                  disabled={pretty === undefined || pretty === payload}
                  onClick={() => pretty !== undefined && update({ payload: pretty })}
                >
                  Pretty-print
                </button>
              )}
              <button type="button" className="small" onClick={() => fileRef.current?.click()}>
                Load file…
              </button>
              <input
                ref={fileRef}
                type="file"
                hidden
                aria-label="Payload file"
                onChange={(e) => {
                  void loadFile(e.target.files?.[0]);
                  e.target.value = '';
                }}
              />
            </div>
            {payload.length > MAX_STORED_PAYLOAD_CHARS && (
              <p className="muted small-note">
                A payload this long is not kept across reloads: save it to the library to keep it.
              </p>
            )}
            {fileNote && (
              <p role="status" className="muted small-note">
                {fileNote}
              </p>
            )}
          </div>
        )}
      </Field>
    </>
  );
}
