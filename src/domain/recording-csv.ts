/**
 * Messages as CSV for a spreadsheet (the message log's selection): one row per message, the
 * payload as its text when its bytes are valid UTF-8, else base64 (the `payload_encoding` column
 * says which). Every text cell goes through csvTextCell, so nothing from a broker can run as a
 * formula.
 */
import { csvNumberCell, csvTextCell } from './csv';
import type { RecordedMessage } from './recording-chunk';
import { qosOfFlags, retainOfFlags } from './recording-chunk';
import { isoTime } from './recording-ndjson';
import { decodeStrict } from './payload';
import { toBase64 } from './payload-copy';
import type { MessageProperties } from './mqtt-types';

export const CSV_HEADER = 'time,topic,qos,retain,payload_encoding,payload,properties';

/** MQTT 5 properties as one JSON text (correlation data in base64), or '' when there are none. */
function propertiesText(p: MessageProperties | undefined): string {
  if (!p) return '';
  const { correlationData, ...rest } = p;
  const out: Record<string, unknown> = { ...rest };
  if (correlationData) out.correlationData = toBase64(correlationData);
  return Object.keys(out).length > 0 ? JSON.stringify(out) : '';
}

export function csvRow(m: RecordedMessage): string {
  const text = decodeStrict(m.payload);
  return [
    csvTextCell(isoTime(m.timeMs)),
    csvTextCell(m.topic),
    csvNumberCell(qosOfFlags(m.flags)),
    retainOfFlags(m.flags) ? 'true' : 'false',
    text !== undefined ? 'text' : 'base64',
    csvTextCell(text ?? toBase64(m.payload)),
    csvTextCell(propertiesText(m.properties)),
  ].join(',');
}

/** A whole CSV file: the header and one row per message, CRLF line ends (RFC 4180). */
export function toCsv(messages: Iterable<RecordedMessage>): string {
  const rows = [CSV_HEADER];
  for (const m of messages) rows.push(csvRow(m));
  return rows.join('\r\n') + '\r\n';
}
