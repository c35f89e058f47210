import { useId, useRef, useState, type ChangeEvent } from 'react';
import {
  describeImport,
  describePlace,
  groupByFolder,
  type DuplicateChoice,
  type LibraryEntry,
} from '../../domain/message-library';
import { usePublishDraftStore } from '../../stores/publish-draft-store';
import { usePublishLibraryStore } from '../../stores/publish-library-store';
import { useServices } from '../../hooks/services-context';
import { usePublishing } from '../../hooks/use-publishing';
import { useDecodingStore } from '../../stores/decoding-store';
import { LibraryEntryEditor } from './library-entry-editor';
import { downloadBlob } from '../../components/download';

type Notice = { ok: boolean; text: string; undo?: LibraryEntry };

/** A read file waiting for the person to say what to do with names already in the library. */
interface PendingImport {
  fileName: string;
  entries: LibraryEntry[];
  duplicates: LibraryEntry[];
}

const SHOWN_DUPLICATES = 5;

/** Asks what to do with imported messages whose name and folder are already saved. */
function DuplicatesQuestion({
  pending,
  onChoose,
}: {
  pending: PendingImport;
  onChoose: (choice: DuplicateChoice | undefined) => void;
}) {
  const id = useId();
  const { fileName, entries, duplicates } = pending;
  const shown = duplicates.slice(0, SHOWN_DUPLICATES);
  const more = duplicates.length - shown.length;
  const choices: Array<[DuplicateChoice, string, string]> = [
    ['replace', 'Replace', 'the saved messages take the imported content'],
    ['keep-both', 'Keep both', 'the imported ones are added as copies, under another name'],
    ['skip', 'Skip', 'the saved messages stay, the imported duplicates are left out'],
  ];
  return (
    <div
      role="group"
      aria-label="Messages already in the library"
      aria-describedby={`${id}-question`}
      className="library-duplicates"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.stopPropagation();
        onChoose(undefined);
      }}
    >
      <p id={`${id}-question`}>
        {duplicates.length} of the {entries.length} message{entries.length === 1 ? '' : 's'} in{' '}
        {fileName} {duplicates.length === 1 ? 'is' : 'are'} already in the library (same name and
        folder).{' '}
        {duplicates.length === 1
          ? 'Replace it, keep both or skip it?'
          : 'Replace them, keep both or skip them?'}
      </p>
      <ul className="small-note">
        {shown.map((e) => (
          <li key={e.id}>
            "{e.name}" {describePlace(e.folder)}
          </li>
        ))}
        {more > 0 && <li>and {more} more</li>}
      </ul>
      <div className="form-actions">
        {choices.map(([choice, label, meaning], index) => (
          <button
            key={choice}
            type="button"
            className={index === 0 ? 'primary' : undefined}
            autoFocus={index === 0}
            title={`${label}: ${meaning}`}
            aria-describedby={`${id}-question`}
            onClick={() => onChoose(choice)}
          >
            {label}
          </button>
        ))}
        <button type="button" onClick={() => onChoose(undefined)}>
          Cancel import
        </button>
      </div>
    </div>
  );
}

function EntryRow({ entry, onNotice }: { entry: LibraryEntry; onNotice: (n: Notice) => void }) {
  const [editing, setEditing] = useState(false);
  const load = usePublishDraftStore((s) => s.load);
  const { library } = usePublishing();
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
          onClick={async () => {
            const result = await library.duplicate(entry.id);
            if (!result.ok) onNotice({ ok: false, text: result.error });
          }}
        >
          Duplicate
        </button>
        <button
          type="button"
          className="small"
          aria-label={`Delete ${entry.name}`}
          onClick={async () => {
            const result = await library.remove(entry.id);
            onNotice(
              result.ok
                ? { ok: true, text: `Deleted "${entry.name}".`, undo: entry }
                : { ok: false, text: result.error },
            );
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
  const status = usePublishLibraryStore((s) => s.status);
  const { library } = usePublishing();
  const { decoding } = useServices();
  const hasDecoding = useDecodingStore((s) => s.rules.length > 0 || s.schemas.length > 0);
  const [decodingNote, setDecodingNote] = useState<string | undefined>(undefined);

  /** The library file, with the decode rules and .proto schemas when there are any. */
  const exportText = async (): Promise<string> => {
    const text = library.exportFile();
    if (!hasDecoding) return text;
    const file = JSON.parse(text) as Record<string, unknown>;
    file.decoding = (await decoding.engine()).exportSection();
    return `${JSON.stringify(file, null, 2)}\n`;
  };

  /** Decode rules and schemas of an imported file are added beside its messages. */
  const importDecoding = async (text: string) => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return; // The library import says what is wrong with the file.
    }
    if (typeof raw !== 'object' || raw === null || !('decoding' in raw)) return;
    const note = await decoding
      .engine()
      .then((engine) => engine.importSection((raw as { decoding: unknown }).decoding))
      .catch(() => 'The decode rules could not be imported: the decoders did not load.');
    setDecodingNote(note);
  };
  const [notice, setNotice] = useState<Notice | undefined>(undefined);
  const [pending, setPending] = useState<PendingImport | undefined>(undefined);
  const fileInput = useRef<HTMLInputElement>(null);
  const importButton = useRef<HTMLButtonElement>(null);
  const groups = groupByFolder(entries);

  const finishImport = async (
    { fileName, entries: incoming }: PendingImport,
    choice: DuplicateChoice | undefined,
  ) => {
    setPending(undefined);
    if (choice === undefined) {
      setNotice({ ok: true, text: `Import of ${fileName} cancelled, the library is unchanged.` });
      return;
    }
    setNotice({ ok: true, text: `Importing ${fileName}…` });
    const result = await library.importEntries(incoming, choice, fileName);
    setNotice(
      result.ok
        ? { ok: true, text: describeImport(fileName, result) }
        : { ok: false, text: `Import failed, the library is unchanged: ${result.error}` },
    );
  };

  const onImport = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const text = await file.text();
    await library.loaded;
    const result = library.readImport(text);
    if (!result.ok) {
      setPending(undefined);
      setNotice({ ok: false, text: `Import failed, the library is unchanged: ${result.error}` });
      return;
    }
    await importDecoding(text);
    const read = { fileName: file.name, entries: result.entries, duplicates: result.duplicates };
    if (read.duplicates.length === 0) {
      await finishImport(read, 'skip');
      return;
    }
    setNotice(undefined);
    setPending(read);
  };

  return (
    <div className="library-tab">
      {status === 'loading' ? (
        <p className="muted small-note">Loading the library…</p>
      ) : entries.length === 0 ? (
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
          disabled={entries.length === 0 && !hasDecoding}
          onClick={() =>
            void exportText().then((text) =>
              downloadBlob(
                'brokerscope-library.json',
                new Blob([text], {
                  type: 'application/json',
                }),
              ),
            )
          }
        >
          Export library
        </button>
        <button ref={importButton} type="button" onClick={() => fileInput.current?.click()}>
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
      {pending && (
        <DuplicatesQuestion
          pending={pending}
          onChoose={(choice) => {
            void finishImport(pending, choice);
            importButton.current?.focus();
          }}
        />
      )}
      {decodingNote && <p className="muted small-note">{decodingNote}</p>}
      {notice && (
        <p role={notice.ok ? 'status' : 'alert'} className={notice.ok ? 'ok' : 'error'}>
          {notice.text}{' '}
          {notice.undo && (
            <button
              type="button"
              className="small"
              onClick={async () => {
                const result = await library.restore(notice.undo!);
                setNotice(
                  result.ok
                    ? {
                        ok: true,
                        text: `Restored "${result.entry.name}" ${describePlace(result.entry.folder)}.`,
                      }
                    : { ok: false, text: result.error },
                );
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
