import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { LibraryEntry } from '../domain/message-library';
import { DEFAULT_DRAFT } from '../domain/publish-draft';
import { useNoticesStore } from '../stores/notices-store';
import { useStorageForTests } from '../stores/persisted';
import type { LibraryStatus } from '../stores/publish-library-store';
import { openBrowserDb, type BrowserDb } from './browser-db';
import { LibraryService } from './library-service';

let dbName: string;
let counter = 0;
const opened: BrowserDb[] = [];
let legacy: Map<string, string>;

const newStore = () =>
  createStore<{ entries: LibraryEntry[]; status: LibraryStatus }>(() => ({
    entries: [],
    status: 'loading',
  }));

/** A service on the test's database, as a page (re)load makes one. */
async function open(): Promise<{ service: LibraryService; store: ReturnType<typeof newStore> }> {
  const store = newStore();
  const db = openBrowserDb(dbName);
  db.then((d) => opened.push(d)).catch(() => undefined);
  const service = new LibraryService(db, store);
  await service.loaded;
  return { service, store };
}

function file(count: number, prefix = 'm'): string {
  return JSON.stringify({
    format: 'brokerscope-message-library',
    version: 1,
    messages: Array.from({ length: count }, (_, i) => ({
      name: `${prefix}${i}`,
      folder: `f${i % 20}`,
      topic: `t/${i}`,
      payload: `{"i": ${i}}`,
    })),
  });
}

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
const realPut = IDBObjectStore.prototype.put;
/** Makes the database refuse the write after `allowed` puts, as a full disk does. */
function fillStorageAfter(allowed: number): void {
  let puts = 0;
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: [unknown, IDBValidKey?]) {
    if (++puts > allowed) throw quota();
    return realPut.apply(this, args);
  };
}

beforeEach(() => {
  dbName = `brokerscope-test-${++counter}`;
  legacy = new Map();
  useStorageForTests({
    getItem: (key) => legacy.get(key) ?? null,
    setItem: (key, value) => void legacy.set(key, value),
    removeItem: (key) => void legacy.delete(key),
  });
  useNoticesStore.setState({ notices: [] });
});

afterEach(() => {
  IDBObjectStore.prototype.put = realPut;
  useStorageForTests(undefined);
  for (const db of opened.splice(0)) db.close();
});

const texts = () => useNoticesStore.getState().notices.map((n) => n.text);

describe('the library in the browser database', () => {
  it('keeps saved, edited, duplicated and deleted messages across a reload, in order', async () => {
    const { service, store } = await open();
    expect(store.getState().status).toBe('ready');
    const a = await service.save('motor start', 'motor', DEFAULT_DRAFT);
    const b = await service.save('door open', 'door', DEFAULT_DRAFT);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    await service.duplicate(a.entry.id);
    await service.update(a.entry.id, { folder: 'drive' });
    await service.remove(b.entry.id);

    const again = await open();
    expect(again.store.getState().entries.map((e) => [e.folder, e.name])).toEqual([
      ['drive', 'motor start'],
      ['motor', 'motor start (copy)'],
    ]);
    expect(again.service.exportFile()).toBe(service.exportFile());
  });

  it('keeps a 20,000-message import whole', async () => {
    const { service } = await open();
    const read = service.readImport(file(20_000));
    if (!read.ok) throw new Error(read.error);
    const result = await service.importEntries(read.entries, 'skip', 'big.json');
    expect(result).toMatchObject({ ok: true, added: 20_000, replaced: 0, skipped: 0 });

    const again = await open();
    const entries = again.store.getState().entries;
    expect(entries).toHaveLength(20_000);
    expect(entries[0]!.name).toBe('m0');
    expect(entries[19_999]!.draft.payload).toBe('{"i": 19999}');
  }, 60_000);

  it('refuses an import whole when the storage is full, and says what to do', async () => {
    const { service, store } = await open();
    await service.save('kept', '', DEFAULT_DRAFT);
    const read = service.readImport(file(500));
    if (!read.ok) throw new Error(read.error);
    fillStorageAfter(100);
    const result = await service.importEntries(read.entries, 'skip', 'big.json');
    expect(result).toEqual({
      ok: false,
      error:
        "The import of big.json could not be saved: this browser's storage is full. Nothing of it was added. Delete entries you no longer need, then import it again.",
    });
    expect(store.getState().entries.map((e) => e.name)).toEqual(['kept']);
    expect(texts()).toEqual([result.ok ? '' : result.error]);

    IDBObjectStore.prototype.put = realPut;
    const again = await open();
    expect(again.store.getState().entries.map((e) => e.name)).toEqual(['kept']);
  });

  it('a save the storage refuses leaves the library as it was, with the notice', async () => {
    const { service, store } = await open();
    fillStorageAfter(0);
    const result = await service.save('motor start', 'motor', DEFAULT_DRAFT);
    expect(result.ok).toBe(false);
    expect(store.getState().entries).toEqual([]);
    expect(texts()[0]).toMatch(
      /^"motor start" could not be saved: this browser's storage is full\./,
    );

    // Once there is room again, the next change is kept and the notice goes.
    IDBObjectStore.prototype.put = realPut;
    expect((await service.save('motor start', 'motor', DEFAULT_DRAFT)).ok).toBe(true);
    expect(texts()).toEqual([]);
  });

  it('moves a library kept in localStorage into the database once, then removes the old key', async () => {
    const old: LibraryEntry[] = [
      { id: 'a', name: 'one', folder: '', draft: DEFAULT_DRAFT, savedAtMs: 1 },
      { id: 'b', name: 'two', folder: 'x', draft: DEFAULT_DRAFT, savedAtMs: 2 },
    ];
    legacy.set('brokerscope.messageLibrary', JSON.stringify([...old, { id: 'c', name: 3 }]));
    const { store } = await open();
    expect(store.getState().entries.map((e) => e.name)).toEqual(['one', 'two']);
    expect(legacy.has('brokerscope.messageLibrary')).toBe(false);
    expect(texts()).toEqual(['1 of 3 saved library messages could not be read and was left out.']);

    const again = await open();
    expect(again.store.getState().entries.map((e) => e.id)).toEqual(['a', 'b']);
  });

  it.each(['null', '42', '"text"', '[1,"two",{}]'])(
    'an unreadable old library (%s) is reset with a notice and removed',
    async (text) => {
      legacy.set('brokerscope.messageLibrary', text);
      const { store } = await open();
      expect(store.getState()).toMatchObject({ entries: [], status: 'ready' });
      expect(texts()).toEqual(['The saved message library could not be read and was reset.']);
      expect(legacy.has('brokerscope.messageLibrary')).toBe(false);
    },
  );

  it('drops unreadable database records with a notice', async () => {
    const first = await open();
    await first.service.save('good', '', DEFAULT_DRAFT);
    const db = await openBrowserDb(dbName);
    opened.push(db);
    const mirror = db.listMirror<unknown, string>('library', () => 'evil');
    await mirror.write([{ id: 'evil', name: 'x', __proto__: { polluted: true } }]);

    const again = await open();
    expect(again.store.getState().entries.map((e) => e.name)).toEqual(['good']);
    expect(texts()).toEqual(['1 of 2 saved library messages could not be read and was left out.']);
  });

  it('without a database, the library works in memory and says it is not kept', async () => {
    legacy.set(
      'brokerscope.messageLibrary',
      JSON.stringify([{ id: 'a', name: 'old', draft: { topic: 't' } }]),
    );
    const store = newStore();
    const service = new LibraryService(Promise.reject(new Error('no IndexedDB')), store);
    await service.loaded;
    expect(store.getState()).toMatchObject({ status: 'memory-only' });
    expect(store.getState().entries.map((e) => e.name)).toEqual(['old']);
    expect(texts()[0]).toMatch(/does not let the app use its database/);
    expect((await service.save('new', '', DEFAULT_DRAFT)).ok).toBe(true);
    expect(store.getState().entries).toHaveLength(2);
    expect(legacy.has('brokerscope.messageLibrary')).toBe(true);
  });
});
