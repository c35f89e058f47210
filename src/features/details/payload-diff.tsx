import { diffLines } from '../../domain/line-diff';
import { viewPayload } from '../../domain/payload-view';
import { DETAILS_PREVIEW_BYTES } from '../../domain/limits';
import type { StoredMessage } from '../../domain/stored-message';
import { visibleText } from '../../domain/visible-text';
import { useServices } from '../../hooks/services-context';
import type { DecodingService } from '../../services/decoding-service';

const MULTILINE = { multiline: true };

/** The text compared: the decoded JSON when a decoder reads the message, else the plain view. */
function diffText(decoding: DecodingService, message: StoredMessage): string {
  const decoded = decoding.decode(message);
  if (decoded?.decoding.status === 'decoded' && decoded.decoding.result.error === undefined) {
    return decoded.decoding.result.text;
  }
  return viewPayload(message.payload, 'auto', DETAILS_PREVIEW_BYTES).text;
}

export function PayloadDiff({ before, after }: { before?: StoredMessage; after: StoredMessage }) {
  const { decoding } = useServices();
  if (!before) return <p className="muted">No earlier message on this topic is kept.</p>;
  const a = diffText(decoding, before);
  const b = diffText(decoding, after);
  const lines = diffLines(a, b);
  if (!lines) return <p className="muted">These payloads are too large to compare here.</p>;
  return (
    <pre className="payload diff" aria-label="Difference from the previous message">
      {lines.map((line, i) => (
        <div key={i} className={`diff-${line.kind}`}>
          {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  '}
          {visibleText(line.text, MULTILINE)}
        </div>
      ))}
    </pre>
  );
}
