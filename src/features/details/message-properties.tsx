import type { MessageProperties as Props } from '../../domain/mqtt-types';
import { decodeStrict, decodeUtf8 } from '../../domain/payload';
import { hexDump } from '../../domain/hex-dump';
import { anyInvisible, visibleText } from '../../domain/visible-text';

/** The texts of the properties this view shows (keys and values as received). */
function* propertyTexts(p: Props): Generator<string | undefined> {
  yield p.contentType;
  yield p.responseTopic;
  // Binary correlation data (not UTF-8) reads as its hex dump; its text line is no message.
  if (p.correlationData !== undefined) yield decodeStrict(p.correlationData);
  for (const u of p.userProperties ?? []) {
    yield u.key;
    yield u.value;
  }
}

/** True when a property shown here holds an invisible character (shown as a mark). */
export function propertiesHaveInvisible(p: Props): boolean {
  return anyInvisible(propertyTexts(p));
}

export function MessageProperties({ properties: p }: { properties: Props }) {
  return (
    <div className="properties">
      <h3>MQTT 5 properties</h3>
      <dl className="facts">
        {p.contentType !== undefined && (
          <>
            <dt>Content type</dt>
            <dd>{visibleText(p.contentType)}</dd>
          </>
        )}
        {p.payloadFormatIndicator !== undefined && (
          <>
            <dt>Payload format</dt>
            <dd>{p.payloadFormatIndicator ? 'UTF-8 text' : 'bytes'}</dd>
          </>
        )}
        {p.messageExpirySec !== undefined && (
          <>
            <dt>Message expiry</dt>
            <dd>{p.messageExpirySec} s</dd>
          </>
        )}
        {p.responseTopic !== undefined && (
          <>
            <dt>Response topic</dt>
            <dd>{visibleText(p.responseTopic)}</dd>
          </>
        )}
        {p.correlationData !== undefined && (
          <>
            <dt>Correlation data</dt>
            <dd>
              {visibleText(decodeUtf8(p.correlationData))}
              <pre className="payload">{hexDump(p.correlationData, 256)}</pre>
            </dd>
          </>
        )}
        {p.subscriptionIdentifiers && (
          <>
            <dt>Subscription identifiers</dt>
            <dd>{p.subscriptionIdentifiers.join(', ')}</dd>
          </>
        )}
      </dl>
      {p.userProperties && p.userProperties.length > 0 && (
        <>
          <h4>User properties</h4>
          <ul aria-label="User properties" className="user-properties">
            {p.userProperties.map((u, i) => (
              <li key={i}>
                {visibleText(u.key)}: {visibleText(u.value)}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
