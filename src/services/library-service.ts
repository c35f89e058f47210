/**
 * The saved-message library, kept in the browser database (IndexedDB). Every change is one
 * transaction: it is kept whole, or refused whole with a notice that says what was not saved
 * and what to do, and the library on screen stays as it was. A library kept in localStorage by
 * an earlier version is moved into the database once, then its old key is removed.
 */
import {
  copyName,
  findDuplicates,
  mergeImport,
  parseLibraryFile,
  putEntry,
  serializeLibrary,
  type DuplicateChoice,
  type ImportOutcome,
  type LibraryEntry,
} from '../domain/message-library';
import type { PublishDraft } from '../domain/publish-draft';
import { STORED_PUBLISHING } from '../domain/stored-publishing';
import { leftOutText, readStoredText, writeFailureText } from '../domain/stored-state';
import { randomUuid } from '../domain/template';
import { useNoticesStore } from '../stores/notices-store';
import { readStoredRaw, removeStored } from '../stores/persisted';
import { usePublishLibraryStore } from '../stores/publish-library-store';
import type { BrowserDb, ListMirror } from './browser-db';

export type LibraryResult<T = unknown> = ({ ok: true } & T) | { ok: false; error: string };

type Store = Pick<typeof usePublishLibraryStore, 'getState' | 'setState'>;

const WRITE_NOTICE = `write:${STORED_PUBLISHING.library.key}`;
const READ_NOTICE = `read:${STORED_PUBLISHING.library.key}`;
export const DB_UNAVAILABLE_NOTICE = 'db-unavailable';
const LIBRARY_TODO = 'Export it, or delete entries, then try again.';

const notify = (id: string, tone: 'info' | 'error', text: string) =>
  useNoticesStore.getState().notify({ id, tone, text });

export class LibraryService {
  /** Settles once the stored library is on screen (or known to be unavailable). */
  readonly loaded: Promise<void>;
  private mirror: ListMirror<LibraryEntry, string> | undefined;
  /** Changes run one after another, each on the library as the previous one left it. */
  private queue: Promise<unknown>;

  constructor(
    db: Promise<BrowserDb>,
    private readonly store: Store = usePublishLibraryStore,
  ) {
    this.loaded = this.load(db);
    this.queue = this.loaded;
  }

  private async load(dbPromise: Promise<BrowserDb>): Promise<void> {
    let db: BrowserDb;
    try {
      db = await dbPromise;
    } catch {
      // No database: what an earlier version kept in localStorage is shown, and left there.
      notify(
        DB_UNAVAILABLE_NOTICE,
        'info',
        'This browser does not let the app use its database: the message library and the ' +
          'publish history last until you close the page. Export the library to keep it.',
      );
      this.store.setState({ entries: this.readLegacy() ?? [], status: 'memory-only' });
      return;
    }
    const mirror = db.listMirror<LibraryEntry, string>('library', (e) => e.id);
    let entries: LibraryEntry[] = [];
    try {
      const read = await mirror.readAll((raw) => STORED_PUBLISHING.library.readItem(raw));
      entries = read.items;
      if (read.unreadable > 0) {
        notify(
          READ_NOTICE,
          'info',
          leftOutText(STORED_PUBLISHING.library.itemsNoun, read.unreadable, read.total),
        );
      }
    } catch {
      notify(READ_NOTICE, 'info', STORED_PUBLISHING.library.resetText);
    }
    this.mirror = mirror;
    const legacy = this.readLegacy();
    if (legacy !== undefined) {
      const known = new Set(entries.map((e) => e.id));
      const moved = [...entries, ...legacy.filter((e) => !known.has(e.id))];
      try {
        await mirror.write(moved);
        removeStored(STORED_PUBLISHING.library.key);
        entries = moved;
      } catch (error) {
        // Kept in localStorage and shown; the move is tried again next time.
        notify(WRITE_NOTICE, 'error', writeFailureText('The library', error, LIBRARY_TODO));
        entries = moved;
      }
    }
    this.store.setState({ entries, status: 'ready' });
  }

  /** The library an earlier version kept in localStorage; undefined when there is none. */
  private readLegacy(): LibraryEntry[] | undefined {
    const text = readStoredRaw(STORED_PUBLISHING.library.key);
    if (text === null || text === undefined) return undefined;
    const result = readStoredText(STORED_PUBLISHING.library, text);
    if (result.notice !== undefined) notify(READ_NOTICE, 'info', result.notice);
    if (result.status === 'reset') {
      removeStored(STORED_PUBLISHING.library.key);
      return undefined;
    }
    return result.value;
  }

  get entries(): LibraryEntry[] {
    return this.store.getState().entries;
  }

  /**
   * Runs one change: `compute` makes the next library from the current one; it is stored in
   * one transaction and only then shown. `words` say what was not saved when that fails.
   */
  private change<T>(
    compute: (entries: LibraryEntry[]) => { entries: LibraryEntry[]; result: T } | undefined,
    words: { what: string; todo: string } = { what: 'The library', todo: LIBRARY_TODO },
  ): Promise<LibraryResult<T>> {
    const run = async (): Promise<LibraryResult<T>> => {
      const computed = compute(this.entries);
      if (!computed) return { ok: false, error: 'That message is no longer in the library.' };
      try {
        await this.mirror?.write(computed.entries);
      } catch (error) {
        const text = writeFailureText(words.what, error, words.todo);
        notify(WRITE_NOTICE, 'error', text);
        return { ok: false, error: text };
      }
      this.store.setState({ entries: computed.entries });
      useNoticesStore.getState().dismiss(WRITE_NOTICE);
      return { ok: true, ...computed.result };
    };
    const next = this.queue.then(run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Adds the entry, or replaces the one saved under the same name and folder. */
  save(
    name: string,
    folder: string,
    draft: PublishDraft,
  ): Promise<LibraryResult<{ entry: LibraryEntry; replaced: boolean }>> {
    const entry: LibraryEntry = {
      id: randomUuid(),
      name: name.trim(),
      folder: folder.trim(),
      draft: structuredClone(draft),
      savedAtMs: Date.now(),
    };
    return this.change(
      (entries) => {
        const put = putEntry(entries, entry);
        return { entries: put.entries, result: { entry: put.entry, replaced: put.replaced } };
      },
      {
        what: `"${entry.name}"`,
        todo: 'Nothing was added to the library. Export it, or delete entries, then save again.',
      },
    );
  }

  update(id: string, patch: Partial<Omit<LibraryEntry, 'id'>>): Promise<LibraryResult> {
    return this.change((entries) =>
      entries.some((e) => e.id === id)
        ? {
            entries: entries.map((e) =>
              e.id === id ? { ...e, ...patch, savedAtMs: Date.now() } : e,
            ),
            result: {},
          }
        : undefined,
    );
  }

  duplicate(id: string): Promise<LibraryResult<{ entry: LibraryEntry }>> {
    return this.change((entries) => {
      const source = entries.find((e) => e.id === id);
      if (!source) return undefined;
      const taken = new Set(entries.map((e) => e.name));
      const copy: LibraryEntry = {
        ...structuredClone(source),
        id: randomUuid(),
        name: copyName(source.name, taken),
        savedAtMs: Date.now(),
      };
      return { entries: [...entries, copy], result: { entry: copy } };
    });
  }

  remove(id: string): Promise<LibraryResult> {
    return this.change((entries) => ({ entries: entries.filter((e) => e.id !== id), result: {} }));
  }

  /** Puts back an entry removed a moment ago (undo), as a copy if its name is taken again. */
  restore(entry: LibraryEntry): Promise<LibraryResult<{ entry: LibraryEntry }>> {
    return this.change((entries) => {
      const merged = mergeImport(entries, [entry], 'keep-both');
      return { entries: merged.entries, result: { entry: merged.entries.at(-1)! } };
    });
  }

  /**
   * Reads an exported file without changing the library: its entries and those of them whose
   * name and folder are already taken, or why the file cannot be imported.
   */
  readImport(
    text: string,
  ):
    | { ok: true; entries: LibraryEntry[]; duplicates: LibraryEntry[] }
    | { ok: false; error: string } {
    const parsed = parseLibraryFile(text, randomUuid);
    if (!parsed.ok) return parsed;
    return { ...parsed, duplicates: findDuplicates(this.entries, parsed.entries) };
  }

  /**
   * Adds entries read by `readImport`, all in one transaction: the whole file is kept, or
   * (storage full) none of it.
   */
  importEntries(
    incoming: readonly LibraryEntry[],
    onDuplicate: DuplicateChoice,
    fileName: string,
  ): Promise<LibraryResult<Omit<ImportOutcome, 'entries'>>> {
    return this.change(
      (existing) => {
        const { entries, ...counts } = mergeImport(existing, incoming, onDuplicate);
        return { entries, result: counts };
      },
      {
        what: `The import of ${fileName}`,
        todo: 'Nothing of it was added. Delete entries you no longer need, then import it again.',
      },
    );
  }

  exportFile(): string {
    return serializeLibrary(this.entries);
  }
}
