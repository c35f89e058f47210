import { lazy, Suspense, useDeferredValue, useMemo, useRef, useState } from 'react';
import { isEncodedFormat } from '../../domain/payload-encode';
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
  return plain;
}

/** A file becomes the payload: as its text when it is UTF-8, else as base64 of its bytes. */
async function readPayloadFile(file: File): Promise<{ payload: string; format?: PayloadFormat }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = decodeStrict(bytes);
  return text !== undefined ? { payload: text } : { payload: toBase64(bytes), format: 'base64' };
}

// The encoded formats' parts load on first use: the first screen does not carry them.
const EncodedCheck = lazy(() =>
  import('./encoded-format').then((m) => ({ default: m.EncodedCheck })),
);
const ProtobufTypeField = lazy(() =>
  import('./encoded-format').then((m) => ({ default: m.ProtobufTypeField })),
);

export function PayloadEditor() {
  const format = usePublishDraftStore((s) => s.draft.format);
  const payload = usePublishDraftStore((s) => s.draft.payload);
  const update = usePublishDraftStore((s) => s.update);
  const check = usePayloadCheck();
  const deferredPayload = useDeferredValue(payload);
  const encoded = isEncodedFormat(format);
  const jsonLike = format === 'json' || encoded;
  const [encodedOk, setEncodedOk] = useState(true);
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
      {format === 'protobuf' && (
        <Suspense fallback={null}>
          <ProtobufTypeField />
        </Suspense>
      )}
      <Field label="Payload">
        {({ id }) => (
          <div className="payload-editor">
            <textarea
              id={id}
              rows={4}
              spellCheck={false}
              value={payload}
              aria-invalid={check.ok && (!encoded || encodedOk) ? undefined : true}
              aria-describedby={`${id}-check`}
              onChange={(e) => update({ payload: e.target.value })}
            />
            <div className="payload-check-row">
              {encoded && check.ok ? (
                // CBOR, MessagePack, Protobuf, Sparkplug B: the JSON is encoded as a check.
                <Suspense fallback={<span className="muted small-note">{check.text}</span>}>
                  <EncodedCheck id={`${id}-check`} jsonCheck={check.text} onValid={setEncodedOk} />
                </Suspense>
              ) : (
                <span
                  id={`${id}-check`}
                  className={check.ok ? 'muted small-note' : 'error small-note'}
                  aria-live="polite"
                >
                  {check.text}
                </span>
              )}
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
