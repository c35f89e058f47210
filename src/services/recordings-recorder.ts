/**
 * Records what the page's connection receives, whatever the views show: every batch the worker
 * hands over (or, with topic filters, its matching messages) is taken by reference as it arrives,
 * and what was taken is packed and written as one chunk every FLUSH_INTERVAL_MS, never per
 * message. A reload or a crash loses at most that last interval. When the browser refuses a
 * write because the site's storage is full, the recording stops and says so; everything written
 * before stays.
 */
import type { Connection } from '../mqtt/connection';
import { ChunkBuilder, chunkInfoOf } from '../domain/recording-chunk';
import { compileTopicFilter } from '../domain/topic-filter';
import { type RecordingMeta } from '../domain/recording-meta';
import { formatBytes } from '../domain/payload';
import { clockTime } from '../domain/time-format';
import { IDLE_RECORDER, useRecordingsStore, type RecorderStatus } from '../stores/recordings-store';
import { isQuotaError, type RecordingsDb } from './recordings-db';

/** How often taken messages are written: well within the second a reload may lose. */
export const FLUSH_INTERVAL_MS = 400;
/** Written at once when this much waits, so a chunk stays a few MB. */
const FLUSH_AT_MESSAGES = 50_000;
const FLUSH_AT_BYTES = 8 * 1024 * 1024;
/** Beyond this waiting (storage slower than the broker), newer batches are counted as lost. */
const MAX_WAITING_BYTES = 128 * 1024 * 1024;
/** Topic match results kept per filter set; beyond it the cache starts over. */
const MATCH_CACHE_SIZE = 100_000;

export interface RecorderDeps {
  connection: Pick<Connection, 'on'>;
  db: () => Promise<RecordingsDb>;
  /** A new or changed meta record, for the list. */
  saved: (meta: RecordingMeta) => void;
  /** Asks the browser how much it still lets this site store. */
  refreshQuota: () => void;
  newId: () => string;
  now?: () => number;
}

const count = (n: number) => n.toLocaleString('en-US');

export class Recorder {
  private meta: RecordingMeta | undefined;
  private builder = new ChunkBuilder();
  private off: (() => void) | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private writing: Promise<void> | undefined;
  private stopping = false;
  private lost = 0;
  private keep: ((topic: string) => boolean) | undefined;
  private readonly flushNow = () => void this.flush();

  constructor(private readonly deps: RecorderDeps) {}

  get active(): boolean {
    return this.meta !== undefined;
  }

  /** Starts recording at once; resolves with a problem in plain words, or undefined. */
  async start(name: string, filters: string[]): Promise<string | undefined> {
    if (this.meta) return 'A recording is already running: stop it first.';
    const now = this.deps.now?.() ?? Date.now();
    const meta: RecordingMeta = {
      id: this.deps.newId(),
      name: name.trim() || 'Recording',
      createdAtMs: now,
      origin: 'recorded',
      filters,
      state: 'recording',
      count: 0,
      bytes: 0,
      chunks: 0,
      firstMs: undefined,
      lastMs: undefined,
    };
    this.meta = meta;
    this.builder = new ChunkBuilder();
    this.lost = 0;
    this.stopping = false;
    this.keep = filters.length > 0 ? cachedMatcher(filters) : undefined;
    // Messages count from the click on; the first write waits for the record below.
    this.off = this.deps.connection.on('batch', (batch) => {
      this.lost += batch.droppedInWorker;
      if (this.builder.bytes > MAX_WAITING_BYTES) {
        this.lost += batch.count;
        return;
      }
      this.builder.addPacked(batch, this.keep);
      if (this.builder.count >= FLUSH_AT_MESSAGES || this.builder.bytes >= FLUSH_AT_BYTES)
        void this.flush();
    });
    this.publish();
    try {
      const db = await this.deps.db();
      this.writing = db.putMeta(meta);
      await this.writing;
      this.writing = undefined;
    } catch (error) {
      this.detach();
      this.meta = undefined;
      const why = isQuotaError(error)
        ? "this browser's storage is full"
        : (error as Error).message || String(error);
      this.publish({ tone: 'error', text: `Could not start recording: ${why}.` });
      return `Could not start recording: ${why}.`;
    }
    this.deps.saved(meta);
    this.timer = setInterval(this.flushNow, FLUSH_INTERVAL_MS);
    // A closing tab gets one more write in, when the browser allows it.
    if (typeof addEventListener === 'function') addEventListener('pagehide', this.flushNow);
    this.deps.refreshQuota();
    return undefined;
  }

  /** Writes what was taken, then marks the recording finished. */
  async stop(): Promise<void> {
    if (!this.meta || this.stopping) return;
    this.stopping = true;
    this.detach();
    while (this.writing) await this.writing;
    await this.flush(true);
    const meta = this.meta;
    if (!meta) return; // a refused write stopped it meanwhile
    await this.finish(
      meta,
      undefined,
      `Saved "${meta.name}": ${count(meta.count)} messages, ${formatBytes(meta.bytes)}.`,
    );
  }

  private detach(): void {
    this.off?.();
    this.off = undefined;
    clearInterval(this.timer);
    this.timer = undefined;
    if (typeof removeEventListener === 'function') removeEventListener('pagehide', this.flushNow);
  }

  /** Writes the messages taken so far as one chunk (one at a time; the next waits its turn). */
  private async flush(final = false): Promise<void> {
    const meta = this.meta;
    if (!meta || (this.stopping && !final)) return;
    if (this.writing) return;
    const chunk = this.builder.take();
    if (!chunk) {
      this.publish();
      return;
    }
    const info = chunkInfoOf(chunk, meta.lastMs ?? -Infinity);
    const next: RecordingMeta = {
      ...meta,
      count: meta.count + chunk.count,
      bytes: meta.bytes + info.bytes,
      chunks: meta.chunks + 1,
      firstMs: meta.firstMs ?? info.firstMs,
      lastMs: info.lastMs,
    };
    const write = (async () => {
      try {
        const db = await this.deps.db();
        await db.append(next, meta.chunks, chunk, info);
        if (this.meta === meta) this.meta = next;
        this.deps.saved(next);
      } catch (error) {
        if (this.meta !== meta) return;
        const lostNow = chunk.count + this.builder.count;
        this.detach();
        this.builder = new ChunkBuilder();
        const text = isQuotaError(error)
          ? `Recording stopped at ${clockTime(Date.now())}: the browser's storage for this site is full. ` +
            `The ${count(meta.count)} messages (${formatBytes(meta.bytes)}) written before are kept; ` +
            `${count(lostNow)} received after that were not recorded. Delete recordings you no longer need to make room.`
          : `Recording stopped: the browser refused to store it (${(error as Error).message || String(error)}). ` +
            `The ${count(meta.count)} messages written before are kept.`;
        await this.finish(meta, text, text, 'error');
      }
    })();
    this.writing = write;
    await write;
    this.writing = undefined;
    this.publish();
    this.deps.refreshQuota();
  }

  private async finish(
    meta: RecordingMeta,
    note: string | undefined,
    text: string,
    tone: 'ok' | 'error' = 'ok',
  ): Promise<void> {
    this.meta = undefined;
    this.detach();
    const done: RecordingMeta = { ...meta, state: 'done' };
    if (note) done.note = note;
    try {
      await (await this.deps.db()).putMeta(done);
    } catch {
      // Storage full even for this small record: the list marks it when the page opens again.
    }
    this.deps.saved(done);
    this.publish({ tone, text });
  }

  /** The recorder's figures to the store (called per write, so twice a second at most). */
  private publish(message?: RecorderStatus['message']): void {
    const meta = this.meta;
    if (!meta) {
      useRecordingsStore.setState((s) => ({
        recorder: { ...IDLE_RECORDER, message: message ?? s.recorder.message },
      }));
      return;
    }
    useRecordingsStore.setState({
      recorder: {
        active: true,
        id: meta.id,
        name: meta.name,
        filters: meta.filters,
        count: meta.count,
        bytes: meta.bytes,
        durationMs:
          meta.firstMs !== undefined && meta.lastMs !== undefined ? meta.lastMs - meta.firstMs : 0,
        pending: this.builder.count,
        lost: this.lost,
        message,
      },
    });
  }
}

/** A topic test over several filters, remembering each topic's answer. */
function cachedMatcher(filters: string[]): (topic: string) => boolean {
  const matchers = filters.map(compileTopicFilter);
  let cache = new Map<string, boolean>();
  return (topic) => {
    let hit = cache.get(topic);
    if (hit === undefined) {
      hit = matchers.some((m) => m(topic));
      if (cache.size >= MATCH_CACHE_SIZE) cache = new Map();
      cache.set(topic, hit);
    }
    return hit;
  };
}
