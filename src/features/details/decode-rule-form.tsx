import { useId, useState, type FormEvent } from 'react';
import { DECODER_IDS, DECODER_LABELS, type DecoderId } from '../../domain/decoders/decoder-types';
import { visibleText } from '../../domain/visible-text';
import { useServices } from '../../hooks/services-context';
import { useDecodingStore } from '../../stores/decoding-store';

/**
 * "Decode <filter> as <decoder> [<message type>]": saves a decode rule from the details view,
 * starting from the message's topic and the decoder it is shown with.
 */
export function DecodeRuleForm({
  topic,
  decoder,
  messageType,
}: {
  topic: string;
  decoder: DecoderId;
  messageType: string | undefined;
}) {
  const { decoding } = useServices();
  const types = useDecodingStore((s) => s.schemaTypes);
  const id = useId();
  const [filter, setFilter] = useState(topic);
  const [chosen, setChosen] = useState<DecoderId>(decoder);
  const [type, setType] = useState(messageType ?? '');
  const [status, setStatus] = useState<{ ok: boolean; text: string } | undefined>(undefined);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const problem = (await decoding.engine()).addRule({
      filter,
      decoder: chosen,
      ...(chosen === 'protobuf' && type ? { messageType: type } : {}),
    });
    setStatus(
      problem
        ? { ok: false, text: problem }
        : { ok: true, text: `Saved: ${filter.trim()} is decoded as ${DECODER_LABELS[chosen]}.` },
    );
  };
  return (
    <form className="decode-rule-form" onSubmit={(e) => void save(e)}>
      <label htmlFor={`${id}-filter`}>Rule topic filter</label>
      <input
        id={`${id}-filter`}
        type="text"
        spellCheck={false}
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      <label htmlFor={`${id}-decoder`}>Decode as</label>
      <select
        id={`${id}-decoder`}
        value={chosen}
        onChange={(e) => setChosen(e.target.value as DecoderId)}
      >
        {DECODER_IDS.map((d) => (
          <option key={d} value={d}>
            {DECODER_LABELS[d]}
          </option>
        ))}
      </select>
      {chosen === 'protobuf' && (
        <>
          <label htmlFor={`${id}-type`}>Rule message type</label>
          <select id={`${id}-type`} value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">none: fields by number</option>
            {types.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </>
      )}
      <button type="submit">Save rule</button>
      <span role="status" className={status?.ok === false ? 'error' : 'muted'}>
        {status && visibleText(status.text)}
      </span>
    </form>
  );
}
