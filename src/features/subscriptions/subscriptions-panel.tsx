import { useId, useState, type FormEvent } from 'react';
import { useServices } from '../../hooks/services-context';
import { useSubscriptionsStore } from '../../stores/subscriptions-store';
import { selectProtocolVersion, useConnectionStore } from '../../stores/connection-store';
import type { QoS } from '../../domain/mqtt-types';
import { SubscriptionRow } from './subscription-row';
import { QosSelect } from '../../components/qos-select';
import { Field } from '../../components/field';

export function SubscriptionsPanel() {
  const list = useSubscriptionsStore((s) => s.list);
  const error = useSubscriptionsStore((s) => s.error);
  const { subscriptions } = useServices();
  const version = useConnectionStore(selectProtocolVersion);
  const errorId = useId();
  const [filter, setFilter] = useState('');
  const [qos, setQos] = useState<QoS>(0);
  const [noLocal, setNoLocal] = useState(false);
  const [retainAsPublished, setRetainAsPublished] = useState(false);
  const [retainHandling, setRetainHandling] = useState<0 | 1 | 2>(0);
  const [subscriptionId, setSubscriptionId] = useState('');

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const identifier = Number(subscriptionId);
    const ok = subscriptions.subscribe(filter, {
      qos,
      ...(version === 5
        ? {
            noLocal,
            retainAsPublished,
            retainHandling,
            subscriptionIdentifier:
              Number.isInteger(identifier) && identifier > 0 ? identifier : undefined,
          }
        : {}),
    });
    if (ok) setFilter('');
  };

  return (
    <section className="panel" aria-label="Subscriptions">
      <h2>Subscriptions</h2>
      <form onSubmit={onSubmit} className="form-grid">
        <Field label="Topic filter">
          {({ id }) => (
            <input
              id={id}
              type="text"
              spellCheck={false}
              placeholder="sensors/+/temperature or #"
              value={filter}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              onChange={(e) => {
                setFilter(e.target.value);
                if (error) subscriptions.clearError();
              }}
            />
          )}
        </Field>
        <Field label="Subscription QoS">
          {({ id }) => <QosSelect id={id} value={qos} onChange={setQos} />}
        </Field>
        {version === 5 && (
          <details className="advanced">
            <summary>MQTT 5 options</summary>
            <div className="form-grid">
              <span />
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={noLocal}
                  onChange={(e) => setNoLocal(e.target.checked)}
                />
                No Local
              </label>
              <span />
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={retainAsPublished}
                  onChange={(e) => setRetainAsPublished(e.target.checked)}
                />
                Retain As Published
              </label>
              <Field label="Retain Handling">
                {({ id }) => (
                  <select
                    id={id}
                    value={retainHandling}
                    onChange={(e) => setRetainHandling(Number(e.target.value) as 0 | 1 | 2)}
                  >
                    <option value={0}>0: send retained messages</option>
                    <option value={1}>1: only for a new subscription</option>
                    <option value={2}>2: never send retained messages</option>
                  </select>
                )}
              </Field>
              <Field label="Subscription identifier">
                {({ id }) => (
                  <input
                    id={id}
                    type="number"
                    min={1}
                    max={268435455}
                    value={subscriptionId}
                    onChange={(e) => setSubscriptionId(e.target.value)}
                  />
                )}
              </Field>
            </div>
          </details>
        )}
        <div className="form-actions">
          <button type="submit" className="primary">
            Subscribe
          </button>
        </div>
      </form>
      {error && (
        <p role="alert" id={errorId} className="error">
          {error}
        </p>
      )}
      <ul aria-label="Active subscriptions" className="subscription-list">
        {list.map((s) => (
          <SubscriptionRow key={s.filter} subscription={s} />
        ))}
      </ul>
      {list.length === 0 && <p className="muted">No subscriptions yet. Try # to see everything.</p>}
    </section>
  );
}
