import { useId, useState, type FormEvent } from 'react';
import type { LibraryEntry } from '../../domain/message-library';
import type { QoS } from '../../domain/mqtt-types';
import { usePublishDraftStore } from '../../stores/publish-draft-store';
import { usePublishLibraryStore } from '../../stores/publish-library-store';
import { QosSelect } from '../../components/qos-select';

/** Edits a saved message in place: name, folder, topic, payload, QoS, retain. */
export function LibraryEntryEditor({ entry, onDone }: { entry: LibraryEntry; onDone: () => void }) {
  const id = useId();
  const [name, setName] = useState(entry.name);
  const [folder, setFolder] = useState(entry.folder);
  const [topic, setTopic] = useState(entry.draft.topic);
  const [payload, setPayload] = useState(entry.draft.payload);
  const [qos, setQos] = useState<QoS>(entry.draft.qos);
  const [retain, setRetain] = useState(entry.draft.retain);
  const [error, setError] = useState<string | undefined>(undefined);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') {
      setError('Give the message a name.');
      return;
    }
    usePublishLibraryStore.getState().update(entry.id, {
      name: name.trim(),
      folder: folder.trim(),
      draft: { ...entry.draft, topic, payload, qos, retain },
    });
    onDone();
  };

  return (
    <li className="library-entry editing">
      <form className="form-grid" onSubmit={onSubmit} aria-label={`Edit ${entry.name}`}>
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor={`${id}-folder`}>Folder</label>
        <input id={`${id}-folder`} value={folder} onChange={(e) => setFolder(e.target.value)} />
        <label htmlFor={`${id}-topic`}>Entry topic</label>
        <input
          id={`${id}-topic`}
          spellCheck={false}
          value={topic}
          onChange={(e) => setTopic(e.target.value)}
        />
        <label htmlFor={`${id}-payload`}>Entry payload</label>
        <textarea
          id={`${id}-payload`}
          rows={3}
          spellCheck={false}
          value={payload}
          onChange={(e) => setPayload(e.target.value)}
        />
        <label htmlFor={`${id}-qos`}>Entry QoS</label>
        <QosSelect id={`${id}-qos`} value={qos} onChange={setQos} />
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
            onClick={() => {
              usePublishLibraryStore.getState().update(entry.id, {
                draft: structuredClone(usePublishDraftStore.getState().draft),
              });
              onDone();
            }}
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
