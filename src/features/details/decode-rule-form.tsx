import { useId, useState, type FormEvent } from 'react';
import { DECODER_LABELS, type DecoderId } from '../../domain/decoders/decoder-types';
import { DecodeRuleFields } from '../../components/decode-rule-fields';
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
      <DecodeRuleFields
        id={id}
        filter={filter}
        onFilter={setFilter}
        decoder={chosen}
        onDecoder={setChosen}
        messageType={type}
        onMessageType={setType}
        types={types}
      />
      <button type="submit">Save rule</button>
      <span role="status" className={status?.ok === false ? 'error' : 'muted'}>
        {status && visibleText(status.text)}
      </span>
    </form>
  );
}
