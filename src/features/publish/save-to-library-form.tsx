import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { describePlace, findEntry, type LibraryEntry } from '../../domain/message-library';
import { usePublishDraftStore } from '../../stores/publish-draft-store';
import { usePublishLibraryStore } from '../../stores/publish-library-store';
import { usePublishing } from '../../hooks/use-publishing';
import { Field } from '../../components/field';

/**
 * Names the current form and saves it into the library, in a folder. A name already saved in
 * that folder is replaced only after the person agrees; "Cancel" there saves nothing.
 */
export function SaveToLibraryForm({ onDone }: { onDone: (savedName?: string) => void }) {
  const entries = usePublishLibraryStore((s) => s.entries);
  const { library } = usePublishing();
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState(() => usePublishDraftStore.getState().draft.topic);
  const [folder, setFolder] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  /** The entry that saving would replace, while the person is asked. */
  const [clash, setClash] = useState<LibraryEntry | undefined>(undefined);
  const [note, setNote] = useState<string | undefined>(undefined);
  const questionId = useId();
  const nameInput = useRef<HTMLInputElement>(null);
  const folders = [...new Set(entries.map((e) => e.folder).filter((f) => f !== ''))].sort();

  /** Saves; the form stays open, saying why, when the browser refused to keep it. */
  const save = async () => {
    setBusy(true);
    const result = await library.save(name, folder, usePublishDraftStore.getState().draft);
    setBusy(false);
    if (result.ok) onDone(name.trim());
    else setError(result.error);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    if (name.trim() === '') {
      setError('Give the message a name.');
      return;
    }
    await library.loaded;
    const existing = findEntry(library.entries, { name, folder });
    if (existing) {
      setNote(undefined);
      setClash(existing);
      return;
    }
    await save();
  };

  const replace = () => {
    setClash(undefined);
    void save();
  };

  const keepOld = () => {
    if (clash) {
      setNote(
        `Not saved: "${clash.name}" ${describePlace(clash.folder)} is unchanged. Choose another name or folder, or cancel.`,
      );
    }
    setClash(undefined);
    nameInput.current?.focus();
  };

  const onQuestionKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    keepOld();
  };

  return (
    <form
      className="form-grid save-to-library"
      onSubmit={(e) => void onSubmit(e)}
      aria-label="Save to library"
      aria-busy={busy || undefined}
    >
      <Field label="Message name">
        {({ id }) => (
          <input
            id={id}
            ref={nameInput}
            type="text"
            autoFocus
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setError(undefined);
              setClash(undefined);
              setNote(undefined);
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
              onChange={(e) => {
                setFolder(e.target.value);
                setClash(undefined);
                setNote(undefined);
              }}
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
      {clash ? (
        <div
          role="group"
          aria-label="Replace the saved message?"
          aria-describedby={questionId}
          className="span-2"
          onKeyDown={onQuestionKey}
        >
          <p id={questionId}>
            "{clash.name}" is already saved {describePlace(clash.folder)}. Replace it with this
            message?
          </p>
          <div className="form-actions">
            <button
              type="button"
              className="primary"
              autoFocus
              aria-describedby={questionId}
              onClick={replace}
            >
              Replace
            </button>
            <button type="button" aria-describedby={questionId} onClick={keepOld}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="form-actions span-2">
          <button type="submit" className="primary" disabled={busy}>
            Save
          </button>
          <button type="button" onClick={() => onDone()}>
            Cancel
          </button>
        </div>
      )}
      <p role="status" aria-label="Save to library result" className="span-2 small-note">
        {note}
      </p>
    </form>
  );
}
