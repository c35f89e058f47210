import { memo } from 'react';
import { paletteColor } from '../../domain/palette';
import { describeSubscribeOptions } from '../../domain/subscribe-options';
import { useServices } from '../../hooks/services-context';
import type { Subscription } from '../../stores/subscriptions-store';
import { visibleText } from '../../domain/visible-text';
import { grantedQosText } from '../../domain/granted-qos';

function outcomeText(s: Subscription): string {
  if (s.state === 'granted')
    return s.grantedQos === undefined ? 'granted' : grantedQosText(s.grantedQos, s.options.qos);
  if (s.state === 'refused') return `Refused: ${visibleText(s.reason ?? 'the broker said no')}`;
  return 'waiting for the broker';
}

/** One filter: the user's (mute, unsubscribe) or a panel's own (shown, left to the panel). */
export const SubscriptionRow = memo(function SubscriptionRow({
  subscription: s,
}: {
  subscription: Subscription;
}) {
  const { subscriptions } = useServices();
  const usedBy = s.usedBy.length > 0 ? `used by ${s.usedBy.join(', ')}` : undefined;
  const options = describeSubscribeOptions(s.options);
  // Invisible characters in the filter as marks (⟨ZWSP⟩…), in the buttons' names too.
  const filter = visibleText(s.filter);
  return (
    <li className={`subscription state-${s.state}${s.muted ? ' muted-row' : ''}`}>
      <span
        className="swatch"
        style={{ background: s.own ? paletteColor(s.colorIndex) : 'transparent' }}
        aria-hidden="true"
      />
      <code className="filter">{filter}</code>
      <span className={s.state === 'refused' ? 'error-text' : 'muted'}>{outcomeText(s)}</span>
      {options && (
        <span className="badge subscription-options" title={options.full}>
          <span aria-hidden="true">{options.short}</span>
          <span className="visually-hidden">{options.full}</span>
        </span>
      )}
      {s.muted && <span className="badge">muted</span>}
      {usedBy && <span className="badge">{s.own ? `also ${usedBy}` : usedBy}</span>}
      {s.own && (
        <span className="row-actions">
          <button
            type="button"
            className="small"
            aria-pressed={s.muted}
            aria-label={`${s.muted ? 'Unmute' : 'Mute'} ${filter}`}
            onClick={() => subscriptions.toggleMute(s.filter)}
          >
            {s.muted ? 'Unmute' : 'Mute'}
          </button>
          <button
            type="button"
            className="small"
            aria-label={`Unsubscribe ${filter}`}
            onClick={() => subscriptions.unsubscribe(s.filter)}
          >
            ✕
          </button>
        </span>
      )}
    </li>
  );
});
