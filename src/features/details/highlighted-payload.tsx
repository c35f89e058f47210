import { memo } from 'react';
import { tokenizeJson } from '../../domain/json-tokens';
import { hasInvisible, visibleText } from '../../domain/visible-text';

const MULTILINE = { multiline: true };

/**
 * The payload as text; JSON gets colours by token. Nothing from the broker becomes markup, and
 * invisible characters show as marks (⟨ZWSP⟩…); the text is checked once, not per token.
 */
export const HighlightedPayload = memo(function HighlightedPayload({
  text,
  json,
  kind,
}: {
  text: string;
  json: boolean;
  kind: string;
}) {
  const marked = hasInvisible(text, MULTILINE);
  const shown = (part: string) => (marked ? visibleText(part, MULTILINE) : part);
  return (
    <pre className={`payload payload-${kind}`} aria-label="Payload">
      {json
        ? tokenizeJson(text).map((token, i) =>
            token.kind === 'punct' ? (
              shown(token.text)
            ) : (
              <span key={i} className={`json-${token.kind}`}>
                {shown(token.text)}
              </span>
            ),
          )
        : shown(text)}
    </pre>
  );
});
