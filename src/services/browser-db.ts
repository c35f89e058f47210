/**
 * The browser database (IndexedDB) for what can grow large: the message library and the
 * publish history. Each list is mirrored record by record; one change is one transaction, so
 * it is kept whole or, when the browser refuses (storage full), not at all.
 */
import { openDB, unwrap, type DBSchema, type IDBPDatabase } from 'idb';

export const DB_NAME = 'brokerscope';
const DB_VERSION = 1;

/** One item of a list, with its place in the list. */
export interface ListRecord {
  pos: number;
  item: unknown;
}

export type ListStoreName = 'library' | 'publishHistory';

export interface BrokerscopeDb extends DBSchema {
  library: { key: string; value: ListRecord };
  publishHistory: { key: number; value: ListRecord };
}

/** The open database: one mirror per list. Loaded apart from the first bundle (see publishing.ts). */
export interface BrowserDb {
  listMirror<T, K extends string | number>(
    storeName: ListStoreName,
    keyOf: (item: T) => K,
  ): ListMirror<T, K>;
  close(): void;
}

/** Opens (and on a first visit creates) the database; rejects when the browser has none. */
export async function openBrowserDb(name = DB_NAME): Promise<BrowserDb> {
  if (typeof indexedDB === 'undefined') throw new Error('this browser has no IndexedDB');
  const db = await openDB<BrokerscopeDb>(name, DB_VERSION, {
    upgrade(db) {
      if (!db.objectStoreNames.contains('library')) db.createObjectStore('library');
      if (!db.objectStoreNames.contains('publishHistory')) db.createObjectStore('publishHistory');
    },
  });
  return {
    listMirror: (storeName, keyOf) => new ListMirror(db, storeName, keyOf),
    close: () => db.close(),
  };
}

/** What a store held: the readable items in list order, and the keys of the unreadable ones. */
export interface ReadList<T> {
  items: T[];
  unreadable: number;
  total: number;
}

/**
 * Keeps one object store equal to a list held in memory. Items are keyed by `keyOf`; an item is
 * written again only when it is another object than the one last written under its key.
 */
export class ListMirror<T, K extends string | number> {
  /** What the store holds, as far as this mirror wrote or read it. */
  private readonly persisted = new Map<K, { item: T; pos: number }>();
  private nextPos = 0;

  constructor(
    private readonly db: IDBPDatabase<BrokerscopeDb>,
    private readonly storeName: ListStoreName,
    private readonly keyOf: (item: T) => K,
  ) {}

  /**
   * Reads every record through `readItem` (undefined: unreadable). Unreadable records are
   * deleted, so they are reported once; the rest is returned in list order.
   */
  async readAll(readItem: (raw: unknown) => T | undefined): Promise<ReadList<T>> {
    const tx = this.db.transaction(this.storeName, 'readwrite');
    const store = tx.objectStore(this.storeName);
    const [keys, records] = await Promise.all([store.getAllKeys(), store.getAll()]);
    const kept: Array<{ item: T; pos: number; key: K }> = [];
    let unreadable = 0;
    records.forEach((record, index) => {
      const key = keys[index] as K;
      const item =
        typeof record === 'object' && record !== null && typeof record.pos === 'number'
          ? readItem(record.item)
          : undefined;
      if (item === undefined || this.keyOf(item) !== key) {
        unreadable++;
        store.delete(key as never).catch(() => undefined);
      } else {
        kept.push({ item, pos: record.pos, key });
      }
    });
    await tx.done;
    kept.sort((a, b) => a.pos - b.pos);
    for (const { item, pos, key } of kept) {
      this.persisted.set(key, { item, pos });
      this.nextPos = Math.max(this.nextPos, pos + 1);
    }
    return { items: kept.map((k) => k.item), unreadable, total: records.length };
  }

  /**
   * Makes the store hold exactly `next`, in one transaction: all of it is kept, or (when the
   * browser refuses, e.g. its storage is full) none of it, and the error is thrown.
   */
  async write(next: readonly T[]): Promise<void> {
    const placed = new Map<K, { item: T; pos: number }>();
    let nextPos = this.nextPos;
    const puts: Array<[K, ListRecord]> = [];
    for (const item of next) {
      const key = this.keyOf(item);
      const had = this.persisted.get(key);
      const pos = had?.pos ?? nextPos++;
      placed.set(key, { item, pos });
      if (had?.item !== item) puts.push([key, { pos, item }]);
    }
    const deletes = [...this.persisted.keys()].filter((key) => !placed.has(key));
    if (puts.length === 0 && deletes.length === 0) return;

    const tx = this.db.transaction(this.storeName, 'readwrite');
    const done = tx.done;
    done.catch(() => undefined);
    try {
      // The bare store: thousands of requests without a promise each; a failed request
      // aborts the transaction, which `done` reports.
      const store = unwrap(tx.objectStore(this.storeName));
      for (const [key, record] of puts) store.put(record, key);
      for (const key of deletes) store.delete(key);
      await done;
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // Already finished or aborted.
      }
      throw error;
    }
    this.persisted.clear();
    for (const [key, value] of placed) this.persisted.set(key, value);
    this.nextPos = nextPos;
  }
}
