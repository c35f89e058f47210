import type { UserProperty } from '../../domain/mqtt-types';

interface Props {
  value: UserProperty[];
  onChange: (next: UserProperty[]) => void;
}

/** Repeatable key/value rows for MQTT 5 user properties. */
export function UserPropertiesEditor({ value, onChange }: Props) {
  const update = (index: number, patch: Partial<UserProperty>) =>
    onChange(value.map((p, i) => (i === index ? { ...p, ...patch } : p)));
  return (
    <fieldset className="span-2 user-props">
      <legend>User properties</legend>
      {value.map((p, i) => (
        <div key={i} className="kv-row">
          <input
            type="text"
            aria-label={`User property ${i + 1} key`}
            placeholder="key"
            value={p.key}
            onChange={(e) => update(i, { key: e.target.value })}
          />
          <input
            type="text"
            aria-label={`User property ${i + 1} value`}
            placeholder="value"
            value={p.value}
            onChange={(e) => update(i, { value: e.target.value })}
          />
          <button
            type="button"
            className="small"
            aria-label={`Remove user property ${i + 1}`}
            onClick={() => onChange(value.filter((_, j) => j !== i))}
          >
            ✕
          </button>
        </div>
      ))}
      <button
        type="button"
        className="small"
        onClick={() => onChange([...value, { key: '', value: '' }])}
      >
        Add user property
      </button>
    </fieldset>
  );
}
