import { useState } from 'react';
import { useConnectionStore } from '../../stores/connection-store';

/** Saved connection profiles; passwords are kept only when "Remember password" is ticked. */
export function ProfilesPicker() {
  const profiles = useConnectionStore((s) => s.profiles);
  const save = useConnectionStore((s) => s.saveProfile);
  const load = useConnectionStore((s) => s.loadProfile);
  const remove = useConnectionStore((s) => s.deleteProfile);
  const [selected, setSelected] = useState('');

  return (
    <div className="profiles">
      <select
        aria-label="Saved profiles"
        value={selected}
        onChange={(e) => {
          setSelected(e.target.value);
          if (e.target.value) load(e.target.value);
        }}
      >
        <option value="">Saved profiles…</option>
        {profiles.map((p) => (
          <option key={p.name} value={p.name}>
            {p.name}
          </option>
        ))}
      </select>
      <button
        type="button"
        onClick={() => {
          const name = window.prompt('Save this connection as', selected || 'My broker');
          if (name?.trim()) {
            save(name.trim());
            setSelected(name.trim());
          }
        }}
      >
        Save profile
      </button>
      {selected && (
        <button
          type="button"
          onClick={() => {
            remove(selected);
            setSelected('');
          }}
        >
          Delete profile
        </button>
      )}
    </div>
  );
}
