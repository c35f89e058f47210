import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DRAFT } from '../domain/publish-draft';
import { useNoticesStore } from '../stores/notices-store';
import { useStorageForTests } from '../stores/persisted';
import { usePublishHistoryStore } from '../stores/publish-history-store';
import { openBrowserDb, type BrowserDb } from './browser-db';
import { HistoryPersistence } from './history-persistence';

let dbName: string;
let counter = 0;
const opened: BrowserDb[] = [];
let legacy: Map<string, string>;

let current: HistoryPersistence | undefined;

/** A page (re)load: the earlier page stops writing, a new one reads the stored history. */
async function open(): Promise<HistoryPersistence> {
  current?.stop();
  usePublishHistoryStore.setState({ entries: [], droppedCount: 0 });
  const db = openBrowserDb(dbName);
  db.then((d) => opened.push(d)).catch(() => undefined);
  const persistence = new HistoryPersistence(db);
  current = persistence;
  await persistence.started;
  return persistence;
}

const record = (topic: string) =>
  usePublishHistoryStore.getState().record({
    kind: 'publish',
    draft: { ...DEFAULT_DRAFT, topic },
    topic,
    ok: true,
    outcome: 'Sent',
  });

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

beforeEach(() => {
  dbName = `brokerscope-history-${++counter}`;
  legacy = new Map();
  useStorageForTests({
    getItem: (key) => legacy.get(key) ?? null,
    setItem: (key, value) => void legacy.set(key, value),
    removeItem: (key) => void legacy.delete(key),
  });
  useNoticesStore.setState({ notices: [] });
});

afterEach(() => {
  current?.stop();
  current = undefined;
  useStorageForTests(undefined);
  for (const db of opened.splice(0)) db.close();
});

describe('the publish history in the browser database', () => {
  it('is kept across a reload, newest first, and a clear is kept too', async () => {
    await open();
    record('a');
    record('b');
    await settle();
    await open();
    expect(usePublishHistoryStore.getState().entries.map((e) => e.topic)).toEqual(['b', 'a']);
    usePublishHistoryStore.getState().clear();
    await settle();
    await open();
    expect(usePublishHistoryStore.getState().entries).toEqual([]);
  });

  it('moves a history kept in localStorage once, and removes the old key', async () => {
    legacy.set(
      'brokerscope.publishHistory',
      JSON.stringify([
        {
          id: 2,
          atMs: 2,
          kind: 'command',
          draft: { topic: 'c' },
          topic: 'c',
          ok: true,
          outcome: 'ok',
        },
        {
          id: 1,
          atMs: 1,
          kind: 'publish',
          draft: { topic: 'p' },
          topic: 'p',
          ok: false,
          outcome: 'no',
        },
        'broken',
      ]),
    );
    await open();
    expect(usePublishHistoryStore.getState().entries.map((e) => e.topic)).toEqual(['c', 'p']);
    expect(legacy.has('brokerscope.publishHistory')).toBe(false);
    expect(useNoticesStore.getState().notices.map((n) => n.text)).toEqual([
      '1 of 3 publish history entries could not be read and was left out.',
    ]);
    record('new');
    await settle();
    await open();
    expect(usePublishHistoryStore.getState().entries.map((e) => e.topic)).toEqual([
      'new',
      'c',
      'p',
    ]);
  });

  it('what was recorded before the stored history came stays on top, with distinct ids', async () => {
    await open();
    record('old');
    await settle();
    current?.stop();
    usePublishHistoryStore.setState({ entries: [], droppedCount: 0 });
    record('early');
    const db = openBrowserDb(dbName);
    db.then((d) => opened.push(d)).catch(() => undefined);
    current = new HistoryPersistence(db);
    await current.started;
    const entries = usePublishHistoryStore.getState().entries;
    expect(entries.map((e) => e.topic)).toEqual(['early', 'old']);
    expect(new Set(entries.map((e) => e.id)).size).toBe(2);
  });
});
