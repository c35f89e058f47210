import { useConnectionStore } from '../../stores/connection-store';
import { QosSelect } from '../../components/qos-select';
import { Field } from '../../components/field';

const toNumber = (value: string, fallback: number) => {
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
};

export function AdvancedOptions() {
  const form = useConnectionStore((s) => s.form);
  const updateForm = useConnectionStore((s) => s.updateForm);
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
        <Field label="Keepalive (s)">
          {({ id }) => (
            <input
              id={id}
              type="number"
              min={0}
              max={65535}
              value={form.keepaliveSec}
              onChange={(e) => updateForm({ keepaliveSec: toNumber(e.target.value, 30) })}
            />
          )}
        </Field>
        {form.protocolVersion === 5 && (
          <Field label="Session expiry (s)">
            {({ id }) => (
              <input
                id={id}
                type="number"
                min={0}
                value={form.sessionExpirySec}
                onChange={(e) => updateForm({ sessionExpirySec: toNumber(e.target.value, 0) })}
              />
            )}
          </Field>
        )}
        <Field label="Connect timeout (s)">
          {({ id }) => (
            <input
              id={id}
              type="number"
              min={1}
              value={Math.round(form.connectTimeoutMs / 1000)}
              onChange={(e) =>
                updateForm({ connectTimeoutMs: Math.max(1, toNumber(e.target.value, 10)) * 1000 })
              }
            />
          )}
        </Field>
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
            <Field label="Will topic">
              {({ id }) => (
                <input
                  id={id}
                  type="text"
                  value={will.topic}
                  onChange={(e) => setWill({ topic: e.target.value })}
                />
              )}
            </Field>
            <Field label="Will payload">
              {({ id }) => (
                <input
                  id={id}
                  type="text"
                  value={will.payload}
                  onChange={(e) => setWill({ payload: e.target.value })}
                />
              )}
            </Field>
            <Field label="Will QoS">
              {({ id }) => (
                <QosSelect id={id} value={will.qos} onChange={(qos) => setWill({ qos })} />
              )}
            </Field>
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
