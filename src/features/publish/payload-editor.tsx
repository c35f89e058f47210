import { useMemo } from 'react';
import { prettyPrintJson } from '../../domain/json-text';
import type { PayloadFormat } from '../../domain/payload-encode';
import { payloadCheck } from '../../domain/publish-draft';
import { defaultTemplateContext } from '../../domain/template';
import { selectDraft, usePublishDraftStore } from '../../stores/publish-draft-store';
import { Field } from '../../components/field';

/** What the payload would be now, checked live (templates expanded for a preview). */
function usePayloadCheck(): { ok: boolean; text: string } {
  const draft = usePublishDraftStore(selectDraft);
  const nextCounter = usePublishDraftStore((s) => s.nextCounter);
  return useMemo(
    () => payloadCheck(draft, defaultTemplateContext(nextCounter)),
    [draft, nextCounter],
  );
}

export function PayloadEditor() {
  const format = usePublishDraftStore((s) => s.draft.format);
  const payload = usePublishDraftStore((s) => s.draft.payload);
  const update = usePublishDraftStore((s) => s.update);
  const check = usePayloadCheck();
  const pretty = format === 'json' ? prettyPrintJson(payload) : undefined;
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
          </select>
        )}
      </Field>
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
              {format === 'json' && (
                <button
                  type="button"
                  className="small"
                  disabled={pretty === undefined || pretty === payload}
                  onClick={() => pretty !== undefined && update({ payload: pretty })}
                >
                  Pretty-print
                </button>
              )}
            </div>
          </div>
        )}
      </Field>
    </>
  );
}
