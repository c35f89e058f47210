import { memo } from 'react';
import { tokenizeJson } from '../../domain/json-tokens';

/** The payload as text; JSON gets colours by token. Nothing from the broker becomes markup. */
export const HighlightedPayload = memo(function HighlightedPayload({
  text,
  json,
  kind,
}: {
  text: string;
  json: boolean;
  kind: string;
}) {
  return (
    <pre className={`payload payload-${kind}`} aria-label="Payload">
      {json
        ? tokenizeJson(text).map((token, i) =>
            token.kind === 'punct' ? (
              token.text
            ) : (
              <span key={i} className={`json-${token.kind}`}>
                {token.text}
              </span>
            ),
          )
        : text}
    </pre>
  );
});
