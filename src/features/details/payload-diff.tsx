import { diffLines } from '../../domain/line-diff';
import { viewPayload } from '../../domain/payload-view';
import { DETAILS_PREVIEW_BYTES } from '../../domain/limits';
import type { StoredMessage } from '../../domain/stored-message';
import { visibleText } from '../../domain/visible-text';

const MULTILINE = { multiline: true };

export function PayloadDiff({ before, after }: { before?: StoredMessage; after: StoredMessage }) {
  if (!before) return <p className="muted">No earlier message on this topic is kept.</p>;
  const a = viewPayload(before.payload, 'auto', DETAILS_PREVIEW_BYTES).text;
  const b = viewPayload(after.payload, 'auto', DETAILS_PREVIEW_BYTES).text;
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
