import { useConnectionStore } from '../../stores/connection-store';
import { withoutUrlCredentials } from '../../domain/url-credentials';
import { visibleText } from '../../domain/visible-text';

const versionLabel = (v: 4 | 5) => (v === 5 ? 'MQTT 5.0' : 'MQTT 3.1.1');

/** The status line: begins with exactly Connected, Connecting, Reconnecting or Disconnected. */
export function ConnectionStatus() {
  const phase = useConnectionStore((s) => s.phase);
  const reason = useConnectionStore((s) => s.reason);
  const hint = useConnectionStore((s) => s.hint);
  // The open connection's facts, not the form's: the form may already say something else.
  // Never a password, even from a URL connected to before credentials were moved out of it.
  const url = useConnectionStore((s) =>
    s.active ? withoutUrlCredentials(s.active.url) : undefined,
  );
  const version = useConnectionStore((s) => s.active?.protocolVersion ?? s.form.protocolVersion);
  const reconnectCount = useConnectionStore((s) => s.reconnectCount);
  const nextRetryInMs = useConnectionStore((s) => s.nextRetryInMs);

  let text: string;
  switch (phase) {
    case 'connected':
      text = `Connected to ${url ?? 'the broker'} (${versionLabel(version)})`;
      break;
    case 'connecting':
      text = `Connecting to ${url ?? 'the broker'}…`;
      break;
    case 'reconnecting':
      text = `Reconnecting: ${reason ?? 'the connection was lost.'}${
        nextRetryInMs ? ` Next try in ${Math.round(nextRetryInMs / 1000)} s.` : ''
      }`;
      break;
    default:
      text = reason ? `Disconnected: ${reason}` : 'Disconnected';
  }
  if (hint) text += ` ${hint}`;
  // A broker's reason string is its own text: invisible characters in it are shown as marks.
  text = visibleText(text);

  return (
    <div className={`connection-status phase-${phase}`}>
      <span className="status-dot" aria-hidden="true" />
      <span role="status" aria-label="Connection status" aria-live="polite">
        {text}
      </span>
      {reconnectCount > 0 && (
        <span className="muted">
          {' '}
          · reconnected {reconnectCount} {reconnectCount === 1 ? 'time' : 'times'}
        </span>
      )}
    </div>
  );
}
