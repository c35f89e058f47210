/**
 * Keeps the publish history in the browser database (IndexedDB) across visits: reads it once
 * the page is open (moving what an earlier version kept in localStorage), then writes each
 * change of the history store. A write the browser refuses is a notice; the history on screen
 * stays until the page closes.
 */
import { STORED_PUBLISHING } from '../domain/stored-publishing';
import { leftOutText, readStoredText, writeFailureText } from '../domain/stored-state';
import { useNoticesStore } from '../stores/notices-store';
import { readStoredRaw, removeStored } from '../stores/persisted';
import { usePublishHistoryStore, type HistoryEntry } from '../stores/publish-history-store';
import type { BrowserDb, ListMirror } from './browser-db';

type Store = Pick<typeof usePublishHistoryStore, 'getState' | 'subscribe'>;

const WRITE_NOTICE = `write:${STORED_PUBLISHING.publishHistory.key}`;
const READ_NOTICE = `read:${STORED_PUBLISHING.publishHistory.key}`;

const notify = (id: string, tone: 'info' | 'error', text: string) =>
  useNoticesStore.getState().notify({ id, tone, text });

const newestFirst = (a: HistoryEntry, b: HistoryEntry) => b.id - a.id;

export class HistoryPersistence {
  /** Settles once the stored history is in the store and changes are being written. */
  readonly started: Promise<void>;
  private mirror: ListMirror<HistoryEntry, number> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private pending = false;
  private unsubscribe: (() => void) | undefined;
  private stopped = false;

  constructor(
    db: Promise<BrowserDb>,
    private readonly store: Store = usePublishHistoryStore,
  ) {
    this.started = this.start(db);
  }

  private async start(dbPromise: Promise<BrowserDb>): Promise<void> {
    let db: BrowserDb;
    try {
      db = await dbPromise;
    } catch {
      // The library service says the database is unavailable; an old history is still shown.
      const legacy = this.readLegacy();
      if (legacy) this.store.getState().restore(legacy.sort(newestFirst));
      return;
    }
    const mirror = db.listMirror<HistoryEntry, number>('publishHistory', (e) => e.id);
    let stored: HistoryEntry[] = [];
    try {
      const read = await mirror.readAll((raw) => STORED_PUBLISHING.publishHistory.readItem(raw));
      stored = read.items;
      if (read.unreadable > 0) {
        notify(
          READ_NOTICE,
          'info',
          leftOutText(STORED_PUBLISHING.publishHistory.itemsNoun, read.unreadable, read.total),
        );
      }
    } catch {
      notify(READ_NOTICE, 'info', STORED_PUBLISHING.publishHistory.resetText);
    }
    const legacy = this.readLegacy();
    if (legacy) {
      const known = new Set(stored.map((e) => e.id));
      stored = [...stored, ...legacy.filter((e) => !known.has(e.id))];
    }
    this.mirror = mirror;
    this.store.getState().restore(stored.sort(newestFirst));
    if (legacy) {
      // Moved once: the old key goes when the database holds the history.
      try {
        await mirror.write(this.store.getState().entries);
        removeStored(STORED_PUBLISHING.publishHistory.key);
      } catch (error) {
        this.tellWriteFailed(error);
      }
    }
    if (this.stopped) return;
    this.unsubscribe = this.store.subscribe((state, previous) => {
      if (state.entries !== previous.entries) this.schedule();
    });
    this.schedule();
  }

  /** Stops writing changes (a test's page "closes"). */
  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
  }

  /** The history an earlier version kept in localStorage; undefined when there is none. */
  private readLegacy(): HistoryEntry[] | undefined {
    const text = readStoredRaw(STORED_PUBLISHING.publishHistory.key);
    if (text === null || text === undefined) return undefined;
    const result = readStoredText(STORED_PUBLISHING.publishHistory, text);
    if (result.notice !== undefined) notify(READ_NOTICE, 'info', result.notice);
    if (result.status === 'reset') removeStored(STORED_PUBLISHING.publishHistory.key);
    return result.value;
  }

  /** Writes the history as it is when the write starts; changes meanwhile make one more write. */
  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    this.writing = this.writing.then(async () => {
      this.pending = false;
      try {
        await this.mirror?.write(this.store.getState().entries);
        useNoticesStore.getState().dismiss(WRITE_NOTICE);
      } catch (error) {
        this.tellWriteFailed(error);
      }
    });
  }

  private tellWriteFailed(error: unknown): void {
    notify(
      WRITE_NOTICE,
      'error',
      writeFailureText(
        'The publish history',
        error,
        'It is listed until you close this page; clear it, or delete library entries, then publish again.',
      ),
    );
  }
}
