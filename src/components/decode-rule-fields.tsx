import { DECODER_IDS, DECODER_LABELS, type DecoderId } from '../domain/decoders/decoder-types';

/**
 * The fields of a decode rule: topic filter, decoder and, for Protobuf, the message type among
 * the loaded schemas' types. Used by the Decoding panel and by Message details.
 */
export function DecodeRuleFields({
  id,
  filter,
  onFilter,
  decoder,
  onDecoder,
  messageType,
  onMessageType,
  types,
  placeholder,
}: {
  /** Prefix for the inputs' ids (from useId). */
  id: string;
  filter: string;
  onFilter: (filter: string) => void;
  decoder: DecoderId;
  onDecoder: (decoder: DecoderId) => void;
  messageType: string;
  onMessageType: (type: string) => void;
  types: readonly string[];
  placeholder?: string;
}) {
  return (
    <>
      <label htmlFor={`${id}-filter`}>Rule topic filter</label>
      <input
        id={`${id}-filter`}
        type="text"
        spellCheck={false}
        placeholder={placeholder}
        value={filter}
        onChange={(e) => onFilter(e.target.value)}
      />
      <label htmlFor={`${id}-decoder`}>Decode as</label>
      <select
        id={`${id}-decoder`}
        value={decoder}
        onChange={(e) => onDecoder(e.target.value as DecoderId)}
      >
        {DECODER_IDS.map((d) => (
          <option key={d} value={d}>
            {DECODER_LABELS[d]}
          </option>
        ))}
      </select>
      {decoder === 'protobuf' && (
        <>
          <label htmlFor={`${id}-type`}>Rule message type</label>
          <select
            id={`${id}-type`}
            value={messageType}
            onChange={(e) => onMessageType(e.target.value)}
          >
            <option value="">none: fields by number</option>
            {types.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </>
      )}
    </>
  );
}
