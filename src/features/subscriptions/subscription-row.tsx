import { memo } from 'react';
import { useSubscriptionsStore, type Subscription } from '../../stores/subscriptions-store';

function outcomeText(s: Subscription): string {
  if (s.state === 'granted') return `QoS ${s.grantedQos}`;
  if (s.state === 'refused') return `Refused: ${s.reason ?? 'the broker said no'}`;
  return 'waiting for the broker';
}

export const SubscriptionRow = memo(function SubscriptionRow({
  subscription: s,
  color,
}: {
  subscription: Subscription;
  color: string;
}) {
  const unsubscribe = useSubscriptionsStore((st) => st.unsubscribe);
  const toggleMute = useSubscriptionsStore((st) => st.toggleMute);
  return (
    <li className={`subscription state-${s.state}${s.muted ? ' muted-row' : ''}`}>
      <span className="swatch" style={{ background: color }} aria-hidden="true" />
      <code className="filter">{s.filter}</code>
      <span className={s.state === 'refused' ? 'error-text' : 'muted'}>{outcomeText(s)}</span>
      {s.muted && <span className="badge">muted</span>}
      <span className="row-actions">
        <button
          type="button"
          className="small"
          aria-pressed={s.muted}
          aria-label={`${s.muted ? 'Unmute' : 'Mute'} ${s.filter}`}
          onClick={() => toggleMute(s.filter)}
        >
          {s.muted ? 'Unmute' : 'Mute'}
        </button>
        <button
          type="button"
          className="small"
          aria-label={`Unsubscribe ${s.filter}`}
          onClick={() => unsubscribe(s.filter)}
        >
          ✕
        </button>
      </span>
    </li>
  );
});
