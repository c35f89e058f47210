import { useId, useRef, useState, type ChangeEvent } from 'react';
import { groupByFolder, type LibraryEntry } from '../../domain/message-library';
import { usePublishDraftStore } from '../../stores/publish-draft-store';
import { usePublishLibraryStore } from '../../stores/publish-library-store';
import { LibraryEntryEditor } from './library-entry-editor';
import { downloadBlob } from '../../components/download';

type Notice = { ok: boolean; text: string; undo?: LibraryEntry };

function EntryRow({ entry, onNotice }: { entry: LibraryEntry; onNotice: (n: Notice) => void }) {
  const [editing, setEditing] = useState(false);
  const load = usePublishDraftStore((s) => s.load);
  const { duplicate, remove } = usePublishLibraryStore.getState();
  if (editing) return <LibraryEntryEditor entry={entry} onDone={() => setEditing(false)} />;
  return (
    <li className="library-entry">
      <span className="library-name">{entry.name}</span>
      <code className="library-topic">{entry.draft.topic}</code>
      <span className="library-actions">
        <button
          type="button"
          className="small"
          aria-label={`Load ${entry.name}`}
          onClick={() => {
            load(entry.draft);
            onNotice({ ok: true, text: `Loaded "${entry.name}" into the form.` });
          }}
        >
          Load
        </button>
        <button
          type="button"
          className="small"
          aria-label={`Edit ${entry.name}`}
          onClick={() => setEditing(true)}
        >
          Edit
        </button>
        <button
          type="button"
          className="small"
          aria-label={`Duplicate ${entry.name}`}
          onClick={() => duplicate(entry.id)}
        >
          Duplicate
        </button>
        <button
          type="button"
          className="small"
          aria-label={`Delete ${entry.name}`}
          onClick={() => {
            remove(entry.id);
            onNotice({ ok: true, text: `Deleted "${entry.name}".`, undo: entry });
          }}
        >
          Delete
        </button>
      </span>
    </li>
  );
}

/** Saved messages by folder; load, edit, duplicate, delete; export and import a JSON file. */
export function LibraryTab() {
  const id = useId();
  const entries = usePublishLibraryStore((s) => s.entries);
  const [notice, setNotice] = useState<Notice | undefined>(undefined);
  const fileInput = useRef<HTMLInputElement>(null);
  const groups = groupByFolder(entries);

  const onImport = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const result = usePublishLibraryStore.getState().importFile(await file.text());
    setNotice(
      result.ok
        ? {
            ok: true,
            text: `Imported ${result.count} message${result.count === 1 ? '' : 's'} from ${file.name}.`,
          }
        : { ok: false, text: `Import failed, the library is unchanged: ${result.error}` },
    );
  };

  return (
    <div className="library-tab">
      {entries.length === 0 ? (
        <p className="muted small-note">
          The library is empty: fill the form and choose “Save to library”.
        </p>
      ) : (
        <div className="library-folders" role="group" aria-label="Message library">
          {groups.map(({ folder, entries: inFolder }) => (
            <div key={folder} className="library-folder">
              <h3 id={`${id}-${folder}`}>{folder === '' ? 'No folder' : folder}</h3>
              <ul aria-labelledby={`${id}-${folder}`}>
                {inFolder.map((entry) => (
                  <EntryRow key={entry.id} entry={entry} onNotice={setNotice} />
                ))}
              </ul>
            </div>
          ))}
        </div>
      )}
      <div className="form-actions">
        <button
          type="button"
          disabled={entries.length === 0}
          onClick={() =>
            downloadBlob(
              'brokerscope-library.json',
              new Blob([usePublishLibraryStore.getState().exportFile()], {
                type: 'application/json',
              }),
            )
          }
        >
          Export library
        </button>
        <button type="button" onClick={() => fileInput.current?.click()}>
          Import library
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          aria-label="Library file to import"
          className="visually-hidden"
          tabIndex={-1}
          onChange={(e) => void onImport(e)}
        />
      </div>
      {notice && (
        <p role={notice.ok ? 'status' : 'alert'} className={notice.ok ? 'ok' : 'error'}>
          {notice.text}{' '}
          {notice.undo && (
            <button
              type="button"
              className="small"
              onClick={() => {
                usePublishLibraryStore.getState().restore(notice.undo!);
                setNotice({ ok: true, text: `Restored "${notice.undo!.name}".` });
              }}
            >
              Undo
            </button>
          )}
        </p>
      )}
    </div>
  );
}
