import { useState, type FormEvent } from 'react';
import { usePublishDraftStore } from '../../stores/publish-draft-store';
import { usePublishLibraryStore } from '../../stores/publish-library-store';
import { Field } from '../../components/field';

/** Names the current form and saves it into the library, in a folder. */
export function SaveToLibraryForm({ onDone }: { onDone: (savedName?: string) => void }) {
  const entries = usePublishLibraryStore((s) => s.entries);
  const save = usePublishLibraryStore((s) => s.save);
  const [name, setName] = useState(() => usePublishDraftStore.getState().draft.topic);
  const [folder, setFolder] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const folders = [...new Set(entries.map((e) => e.folder).filter((f) => f !== ''))].sort();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    if (name.trim() === '') {
      setError('Give the message a name.');
      return;
    }
    save(name, folder, usePublishDraftStore.getState().draft);
    onDone(name.trim());
  };

  return (
    <form className="form-grid save-to-library" onSubmit={onSubmit} aria-label="Save to library">
      <Field label="Message name">
        {({ id }) => (
          <input
            id={id}
            type="text"
            autoFocus
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setError(undefined);
            }}
          />
        )}
      </Field>
      <Field label="Folder">
        {({ id }) => (
          <>
            <input
              id={id}
              type="text"
              list={`${id}-folders`}
              placeholder="(none)"
              value={folder}
              onChange={(e) => setFolder(e.target.value)}
            />
            <datalist id={`${id}-folders`}>
              {folders.map((f) => (
                <option key={f} value={f} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      {error && (
        <p role="alert" className="error span-2">
          {error}
        </p>
      )}
      <div className="form-actions span-2">
        <button type="submit" className="primary">
          Save
        </button>
        <button type="button" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
