import { useDeferredValue, useEffect, useState } from 'react';
import { isEncodedFormat } from '../../domain/payload-encode';
import { useServices } from '../../hooks/services-context';
import { useDecodingStore } from '../../stores/decoding-store';
import { selectDraft, usePublishDraftStore } from '../../stores/publish-draft-store';
import { Field } from '../../components/field';

/**
 * The check line of a CBOR, MessagePack, Protobuf or Sparkplug B payload: its JSON encoded as
 * a trial (nothing is sent, no Sparkplug seq is taken), saying the bytes or what does not fit.
 */
export function EncodedCheck({
  id,
  jsonCheck,
  onValid,
}: {
  id: string;
  jsonCheck: string;
  onValid: (ok: boolean) => void;
}) {
  const draft = useDeferredValue(usePublishDraftStore(selectDraft));
  const { decoding } = useServices();
  const messageType = useDecodingStore((s) => s.publishMessageType);
  const version = useDecodingStore((s) => s.version);
  const [result, setResult] = useState<{ key: string; ok: boolean; text: string }>();
  const { format, payload, topic } = draft;
  const key = [format, topic, messageType, payload, version].join('\u0000');
  const templated = payload.includes('{{');
  useEffect(() => {
    if (templated || !isEncodedFormat(format)) return;
    let current = true;
    void decoding.encode(format, payload, topic, messageType || undefined, true).then((out) => {
      if (!current) return;
      setResult({
        key,
        ...(out.ok ? { ok: true, text: out.note } : { ok: false, text: out.error }),
      });
      onValid(out.ok);
    });
    return () => {
      current = false;
    };
  }, [templated, format, payload, topic, messageType, key, decoding, onValid]);
  const shown = templated
    ? { ok: true, text: `${jsonCheck}; encoded when published` }
    : result?.key === key
      ? result
      : { ok: true, text: 'Encoding…' };
  return (
    <span id={id} className={shown.ok ? 'muted small-note' : 'error small-note'} aria-live="polite">
      {shown.text}
    </span>
  );
}

/** The Protobuf message type the JSON is written as; by default the topic's decode rule's. */
export function ProtobufTypeField() {
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
