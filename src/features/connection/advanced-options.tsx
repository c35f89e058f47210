import { useId } from 'react';
import { useConnectionStore } from '../../stores/connection-store';
import { QosSelect } from '../../components/qos-select';

const toNumber = (value: string, fallback: number) => {
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
};

export function AdvancedOptions() {
  const form = useConnectionStore((s) => s.form);
  const updateForm = useConnectionStore((s) => s.updateForm);
  const id = useId();
  const will = form.will;
  const setWill = (patch: Partial<typeof will>) => updateForm({ will: { ...will, ...patch } });

  return (
    <details className="advanced">
      <summary>Session, keepalive and last will</summary>
      <div className="form-grid">
        <span />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={form.cleanStart}
            onChange={(e) => updateForm({ cleanStart: e.target.checked })}
          />
          Clean start
        </label>
        <label htmlFor={`${id}-keepalive`}>Keepalive (s)</label>
        <input
          id={`${id}-keepalive`}
          type="number"
          min={0}
          max={65535}
          value={form.keepaliveSec}
          onChange={(e) => updateForm({ keepaliveSec: toNumber(e.target.value, 30) })}
        />
        {form.protocolVersion === 5 && (
          <>
            <label htmlFor={`${id}-expiry`}>Session expiry (s)</label>
            <input
              id={`${id}-expiry`}
              type="number"
              min={0}
              value={form.sessionExpirySec}
              onChange={(e) => updateForm({ sessionExpirySec: toNumber(e.target.value, 0) })}
            />
          </>
        )}
        <label htmlFor={`${id}-timeout`}>Connect timeout (s)</label>
        <input
          id={`${id}-timeout`}
          type="number"
          min={1}
          value={Math.round(form.connectTimeoutMs / 1000)}
          onChange={(e) =>
            updateForm({ connectTimeoutMs: Math.max(1, toNumber(e.target.value, 10)) * 1000 })
          }
        />
        <span />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={form.reconnect}
            onChange={(e) => updateForm({ reconnect: e.target.checked })}
          />
          Reconnect automatically
        </label>
        <span />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={will.enabled}
            onChange={(e) => setWill({ enabled: e.target.checked })}
          />
          Last will
        </label>
        {will.enabled && (
          <>
            <label htmlFor={`${id}-will-topic`}>Will topic</label>
            <input
              id={`${id}-will-topic`}
              type="text"
              value={will.topic}
              onChange={(e) => setWill({ topic: e.target.value })}
            />
            <label htmlFor={`${id}-will-payload`}>Will payload</label>
            <input
              id={`${id}-will-payload`}
              type="text"
              value={will.payload}
              onChange={(e) => setWill({ payload: e.target.value })}
            />
            <label htmlFor={`${id}-will-qos`}>Will QoS</label>
            <QosSelect
              id={`${id}-will-qos`}
              value={will.qos}
              onChange={(qos) => setWill({ qos })}
            />
            <span />
            <label className="checkbox">
              <input
                type="checkbox"
                checked={will.retain}
                onChange={(e) => setWill({ retain: e.target.checked })}
              />
              Will retain
            </label>
          </>
        )}
      </div>
    </details>
  );
}
