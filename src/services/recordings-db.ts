/**
 * Recordings in the browser's IndexedDB (through idb), in a database of their own so they never
 * change the app's main database. Three stores: `recordings` (one meta record each), `chunks`
 * (the packed messages, keyed [id, n]) and `chunkInfo` (count and time span per chunk, keyed the
 * same, read whole when a recording is opened). A chunk, its info and the updated meta are
 * written in one transaction: after a reload or a crash the meta always agrees with the chunks.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { isChunk, type ChunkInfo, type RecordingChunk } from '../domain/recording-chunk';
import { readRecordingMeta, type RecordingMeta } from '../domain/recording-meta';

export const RECORDINGS_DB_NAME = 'brokerscope-recordings';
const DB_VERSION = 1;

interface RecordingsSchema extends DBSchema {
  recordings: { key: string; value: RecordingMeta };
  chunks: { key: [string, number]; value: RecordingChunk };
  chunkInfo: { key: [string, number]; value: ChunkInfo };
}

export interface RecordingsDb {
  /** Every readable recording, newest first. */
  list(): Promise<RecordingMeta[]>;
  get(id: string): Promise<RecordingMeta | undefined>;
  putMeta(meta: RecordingMeta): Promise<void>;
  /** Chunk `n` with its info, and `meta` (which counts it), in one transaction. */
  append(meta: RecordingMeta, n: number, chunk: RecordingChunk, info: ChunkInfo): Promise<void>;
  chunkInfos(id: string): Promise<ChunkInfo[]>;
  /** Chunk `n`, or undefined when it is missing or unreadable. */
  chunk(id: string, n: number): Promise<RecordingChunk | undefined>;
  remove(id: string): Promise<void>;
  close(): void;
}

/** True when the browser refused a write because this site's storage is full. */
export function isQuotaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: unknown; message?: unknown; inner?: unknown };
  return (
    e.name === 'QuotaExceededError' ||
    (typeof e.message === 'string' && /quota/i.test(e.message)) ||
    (e.inner !== undefined && isQuotaError(e.inner))
  );
}

const range = (id: string) => IDBKeyRange.bound([id, 0], [id, Infinity]);

export async function openRecordingsDb(name = RECORDINGS_DB_NAME): Promise<RecordingsDb> {
  if (typeof indexedDB === 'undefined') throw new Error('this browser has no IndexedDB');
  const db: IDBPDatabase<RecordingsSchema> = await openDB<RecordingsSchema>(name, DB_VERSION, {
    upgrade(database) {
      if (!database.objectStoreNames.contains('recordings'))
        database.createObjectStore('recordings');
      if (!database.objectStoreNames.contains('chunks')) database.createObjectStore('chunks');
      if (!database.objectStoreNames.contains('chunkInfo')) database.createObjectStore('chunkInfo');
    },
  });
  return {
    async list() {
      const all = await db.getAll('recordings');
      return all
        .map(readRecordingMeta)
        .filter((m): m is RecordingMeta => m !== undefined)
        .sort((a, b) => b.createdAtMs - a.createdAtMs);
    },
    async get(id) {
      return readRecordingMeta(await db.get('recordings', id));
    },
    async putMeta(meta) {
      await db.put('recordings', meta, meta.id);
    },
    async append(meta, n, chunk, info) {
      const tx = db.transaction(['recordings', 'chunks', 'chunkInfo'], 'readwrite');
      // Every request awaited together: a refused one aborts the transaction, reported once.
      await Promise.all([
        tx.objectStore('chunks').put(chunk, [meta.id, n]),
        tx.objectStore('chunkInfo').put(info, [meta.id, n]),
        tx.objectStore('recordings').put(meta, meta.id),
        tx.done,
      ]);
    },
    async chunkInfos(id) {
      return db.getAll('chunkInfo', range(id));
    },
    async chunk(id, n) {
      const value: unknown = await db.get('chunks', [id, n]);
      return isChunk(value) ? value : undefined;
    },
    async remove(id) {
      const tx = db.transaction(['recordings', 'chunks', 'chunkInfo'], 'readwrite');
      await Promise.all([
        tx.objectStore('chunks').delete(range(id)),
        tx.objectStore('chunkInfo').delete(range(id)),
        tx.objectStore('recordings').delete(id),
        tx.done,
      ]);
    },
    close: () => db.close(),
  };
}
