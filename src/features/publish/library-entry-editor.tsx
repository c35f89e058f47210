import { useState, type FormEvent } from 'react';
import { describePlace, findEntry, type LibraryEntry } from '../../domain/message-library';
import type { QoS } from '../../domain/mqtt-types';
import { usePublishDraftStore } from '../../stores/publish-draft-store';
import { usePublishing } from '../../hooks/use-publishing';
import { QosSelect } from '../../components/qos-select';
import { Field } from '../../components/field';

/**
 * Edits a saved message in place: name, folder, topic, payload, QoS, retain. A name and folder
 * that another entry has are refused, so the library never holds the same message twice.
 */
export function LibraryEntryEditor({ entry, onDone }: { entry: LibraryEntry; onDone: () => void }) {
  const [name, setName] = useState(entry.name);
  const [folder, setFolder] = useState(entry.folder);
  const [topic, setTopic] = useState(entry.draft.topic);
  const [payload, setPayload] = useState(entry.draft.payload);
  const [qos, setQos] = useState<QoS>(entry.draft.qos);
  const [retain, setRetain] = useState(entry.draft.retain);
  const [error, setError] = useState<string | undefined>(undefined);
  const { library } = usePublishing();

  /** Closes the editor once the change is kept; stays open, saying why, when it was not. */
  const change = async (patch: Partial<Omit<LibraryEntry, 'id'>>) => {
    const result = await library.update(entry.id, patch);
    if (result.ok) onDone();
    else setError(result.error);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') {
      setError('Give the message a name.');
      return;
    }
    const other = findEntry(library.entries, { name, folder }, entry.id);
    if (other) {
      setError(
        `"${other.name}" is already saved ${describePlace(other.folder)}: choose another name or folder.`,
      );
      return;
    }
    void change({
      name: name.trim(),
      folder: folder.trim(),
      draft: { ...entry.draft, topic, payload, qos, retain },
    });
  };

  return (
    <li className="library-entry editing">
      <form className="form-grid" onSubmit={onSubmit} aria-label={`Edit ${entry.name}`}>
        <Field label="Name">
          {({ id }) => (
            <input
              id={id}
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
            <input
              id={id}
              value={folder}
              onChange={(e) => {
                setFolder(e.target.value);
                setError(undefined);
              }}
            />
          )}
        </Field>
        <Field label="Entry topic">
          {({ id }) => (
            <input
              id={id}
              spellCheck={false}
              value={topic}
              onChange={(e) => setTopic(e.target.value)}
            />
          )}
        </Field>
        <Field label="Entry payload">
          {({ id }) => (
            <textarea
              id={id}
              rows={3}
              spellCheck={false}
              value={payload}
              onChange={(e) => setPayload(e.target.value)}
            />
          )}
        </Field>
        <Field label="Entry QoS">
          {({ id }) => <QosSelect id={id} value={qos} onChange={setQos} />}
        </Field>
        <span />
        <label className="checkbox">
          <input type="checkbox" checked={retain} onChange={(e) => setRetain(e.target.checked)} />
          Entry retain
        </label>
        {error && (
          <p role="alert" className="error span-2">
            {error}
          </p>
        )}
        <div className="form-actions span-2">
          <button type="submit" className="primary">
            Save changes
          </button>
          <button
            type="button"
            onClick={() =>
              void change({ draft: structuredClone(usePublishDraftStore.getState().draft) })
            }
          >
            Replace with the form
          </button>
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        </div>
      </form>
    </li>
  );
}
