import type { MessageProperties as Props } from '../../domain/mqtt-types';
import { decodeUtf8, hexDump } from '../../domain/payload';

export function MessageProperties({ properties: p }: { properties: Props }) {
  return (
    <div className="properties">
      <h3>MQTT 5 properties</h3>
      <dl className="facts">
        {p.contentType !== undefined && (
          <>
            <dt>Content type</dt>
            <dd>{p.contentType}</dd>
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
            <dd>{p.responseTopic}</dd>
          </>
        )}
        {p.correlationData !== undefined && (
          <>
            <dt>Correlation data</dt>
            <dd>
              {decodeUtf8(p.correlationData)}
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
                {u.key}: {u.value}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
