/**
 * Opens a recording without a broker: its messages are played into the ingest the views read
 * (the data switch sets live data aside meanwhile), so the tree, the log, the details, the charts
 * and the search work on it as on live data. The views hold the first `index` messages of the
 * recording: moving forward plays more in; moving back starts the view over and plays up to the
 * new place. Chunks are read one at a time (three kept), so a recording of any size plays in the
 * ingest's own memory limits.
 */
import type { Ingest } from '../ingest/ingest';
import type { MessageProperties } from '../domain/mqtt-types';
import { topicAt, type RecordingChunk } from '../domain/recording-chunk';
import { recordingLabel, type RecordingMeta } from '../domain/recording-meta';
import {
  countAtOrBefore,
  PlaybackClock,
  PLAYBACK_SPEEDS,
  RecordingIndex,
} from '../domain/recording-timeline';
import { useRecordingsStore, type PlayerStatus } from '../stores/recordings-store';
import type { RecordingsDb } from './recordings-db';

/** What the player needs of the data switch. */
export interface RecordingScreen {
  showRecording(label: string): Ingest;
  restartRecording(): void;
  showLive(): void;
}

export interface PlayerDeps {
  screen: RecordingScreen;
  db: () => Promise<RecordingsDb>;
  now?: () => number;
  /** Runs `callback` before the next paint (requestAnimationFrame in the page). */
  frame?: (callback: () => void) => void;
}

/** Chunks kept read. */
const CACHED_CHUNKS = 3;
/** Per step of a long seek: messages played in before the page gets a turn. */
const SEEK_SLICE = 20_000;
/** Per frame while playing: at most this many messages, or this much time. */
const PLAY_SLICE = 20_000;
const PLAY_BUDGET_MS = 12;

interface LoadedChunk {
  chunk: RecordingChunk;
  bytes: Uint8Array;
  properties: Map<number, MessageProperties>;
}

interface Session {
  readonly meta: RecordingMeta;
  readonly label: string;
  readonly ingest: Ingest;
  readonly index: RecordingIndex;
  readonly clock: PlaybackClock;
  readonly cache: Map<number, Promise<LoadedChunk | undefined>>;
  /** Messages played in (the first `pos` of the recording). */
  pos: number;
  /** The running-maximum time of the last message played in. */
  runningMs: number;
  closed: boolean;
  /** Set when a newer request should cut a long operation short. */
  interrupt: boolean;
  /** The seek asked for last, done by the next operation. */
  wanted: { kind: 'time'; ms: number } | { kind: 'index'; index: number } | undefined;
  loading: number | undefined;
  error: string | undefined;
}

export class RecordingPlayer {
  private session: Session | undefined;
  /** One operation at a time on the ingest. */
  private chain: Promise<void> = Promise.resolve();
  private statusFrame = false;
  private ticking = false;
  private readonly now: () => number;
  private readonly frame: (callback: () => void) => void;

  constructor(private readonly deps: PlayerDeps) {
    this.now = deps.now ?? (() => performance.now());
    this.frame = deps.frame ?? ((callback) => requestAnimationFrame(() => callback()));
  }

  get openId(): string | undefined {
    return this.session?.meta.id;
  }

  /** Shows the recording, with everything in it on screen (its end), paused. */
  async open(meta: RecordingMeta): Promise<void> {
    if (this.session) this.session.closed = true;
    const db = await this.deps.db();
    const infos = await db.chunkInfos(meta.id);
    const label = recordingLabel(meta.name);
    const ingest = this.deps.screen.showRecording(label);
    const index = new RecordingIndex(infos);
    const session: Session = {
      meta,
      label,
      ingest,
      index,
      clock: new PlaybackClock(index.firstMs ?? meta.firstMs ?? 0),
      cache: new Map(),
      pos: 0,
      runningMs: -Infinity,
      closed: false,
      interrupt: false,
      wanted: { kind: 'index', index: index.total },
      loading: 0,
      error: undefined,
    };
    this.session = session;
    this.publish(true);
    await this.run(session);
  }

  /** Back to live data. */
  close(): void {
    const s = this.session;
    if (!s) return;
    s.closed = true;
    this.session = undefined;
    this.deps.screen.showLive();
    useRecordingsStore.setState({ player: undefined });
  }

  /** Closes the recording if it is the one open (it is being deleted). */
  closeIf(id: string): void {
    if (this.session?.meta.id === id) this.close();
  }

  play(): void {
    const s = this.session;
    if (!s || s.clock.playing) return;
    if (s.pos >= s.index.total) {
      // At the end: play again from the start.
      s.wanted = { kind: 'index', index: 0 };
      s.interrupt = true;
      void this.run(s).then(() => this.startPlaying(s));
      return;
    }
    this.startPlaying(s);
  }

  pause(): void {
    const s = this.session;
    if (!s) return;
    s.clock.pause(this.now());
    this.publish();
  }

  setSpeed(speed: number): void {
    const s = this.session;
    if (!s || !(speed > 0)) return;
    s.clock.setSpeed(speed, this.now());
    this.publish();
  }

  /** One message forward (1) or back (-1). */
  step(delta: number): void {
    const s = this.session;
    if (!s) return;
    s.clock.pause(this.now());
    const base = s.wanted?.kind === 'index' ? s.wanted.index : s.pos;
    const target = Math.max(0, Math.min(s.index.total, base + delta));
    s.wanted = { kind: 'index', index: target };
    if (target < s.pos) s.interrupt = true;
    void this.run(s);
  }

  /** Moves to a recorded time: the messages up to it are on screen. */
  seekTime(ms: number): void {
    const s = this.session;
    if (!s) return;
    const first = s.index.firstMs ?? ms;
    const last = s.index.lastMs ?? ms;
    const clamped = Math.max(first, Math.min(last, ms));
    s.clock.seek(clamped, this.now());
    s.wanted = { kind: 'time', ms: clamped };
    s.interrupt = true;
    void this.run(s);
  }

  private startPlaying(s: Session): void {
    if (s.closed) return;
    if (s.clock.at(this.now()) >= (s.index.lastMs ?? 0) && s.pos >= s.index.total) return;
    s.clock.play(this.now());
    this.publish();
    this.scheduleTick();
  }

  private scheduleTick(): void {
    if (this.ticking) return;
    this.ticking = true;
    this.frame(() => {
      this.ticking = false;
      const s = this.session;
      if (!s || !s.clock.playing) return;
      void this.enqueue(async () => {
        if (s.closed || !s.clock.playing || s.wanted) return;
        const target = s.clock.at(this.now());
        const capped = await this.playUntil(s, target);
        if (capped) s.clock.seek(s.runningMs, this.now()); // slower, never skipping
        if (s.pos >= s.index.total && target >= (s.index.lastMs ?? 0)) {
          s.clock.pause(this.now());
          s.clock.seek(s.index.lastMs ?? s.runningMs, this.now());
        }
        this.publish();
      }).then(() => {
        if (s.clock.playing && !s.closed) this.scheduleTick();
      });
    });
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    const next = this.chain.then(job, job);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Does the seek asked for last (earlier ones are skipped). */
  private run(s: Session): Promise<void> {
    return this.enqueue(async () => {
      while (s.wanted && !s.closed) {
        const wanted = s.wanted;
        s.wanted = undefined;
        s.interrupt = false;
        const target =
          wanted.kind === 'index' ? wanted.index : await this.indexAtTime(s, wanted.ms);
        if (target < s.pos) {
          this.deps.screen.restartRecording();
          s.pos = 0;
          s.runningMs = -Infinity;
        }
        await this.playToIndex(s, target);
        if (s.closed) return;
        if (wanted.kind === 'index' && !s.wanted) {
          s.clock.seek(s.pos === 0 ? (s.index.firstMs ?? 0) : s.runningMs, this.now());
        }
        this.publish();
      }
    });
  }

  /** How many messages lie at or before `ms`. */
  private async indexAtTime(s: Session, ms: number): Promise<number> {
    const k = s.index.chunkAfter(ms);
    const base = s.index.startOf(k);
    if (k >= s.index.chunks.length) return base;
    const loaded = await this.load(s, k);
    if (!loaded) return base;
    return base + countAtOrBefore(loaded.chunk.timesMs, s.index.timeBefore(k), ms);
  }

  private load(s: Session, k: number): Promise<LoadedChunk | undefined> {
    let loading = s.cache.get(k);
    if (!loading) {
      loading = this.deps
        .db()
        .then((db) => db.chunk(s.meta.id, k))
        .then((chunk) =>
          chunk
            ? {
                chunk,
                bytes: new Uint8Array(chunk.payloads),
                properties: new Map(chunk.properties),
              }
            : undefined,
        );
      s.cache.set(k, loading);
      while (s.cache.size > CACHED_CHUNKS) s.cache.delete(s.cache.keys().next().value!);
    }
    return loading;
  }

  /** Plays messages in until `target` of them are on screen, in slices for a long way. */
  private async playToIndex(s: Session, target: number): Promise<void> {
    const start = s.pos;
    const far = target - start > SEEK_SLICE;
    while (s.pos < target && !s.closed && !s.interrupt) {
      const sliceEnd = Math.min(target, s.pos + SEEK_SLICE);
      await this.playSlice(s, sliceEnd, Infinity, Infinity);
      if (far) {
        s.loading = (s.pos - start) / (target - start);
        this.publish();
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    }
    s.loading = undefined;
  }

  /** Plays messages in up to recorded time `timeMs`; true when the per-frame cap stopped it. */
  private async playUntil(s: Session, timeMs: number): Promise<boolean> {
    const startedMs = this.now();
    const cap = Math.min(s.index.total, s.pos + PLAY_SLICE);
    const deadlineMs = startedMs + PLAY_BUDGET_MS;
    await this.playSlice(s, cap, timeMs, deadlineMs);
    return s.pos < s.index.total && (s.pos >= cap || this.now() > deadlineMs);
  }

  /**
   * Plays messages in from `s.pos` while the index is below `endIndex`, their time at most
   * `untilMs` and the clock before `deadlineMs`.
   */
  private async playSlice(
    s: Session,
    endIndex: number,
    untilMs: number,
    deadlineMs: number,
  ): Promise<void> {
    while (s.pos < endIndex && !s.closed) {
      const place = s.index.locate(s.pos);
      if (!place) return;
      const loaded = await this.load(s, place.chunk);
      if (s.closed) return;
      const chunkEnd = s.index.startOf(place.chunk + 1);
      if (!loaded || loaded.chunk.count !== chunkEnd - s.index.startOf(place.chunk)) {
        s.error = 'Part of this recording could not be read and is skipped.';
        s.pos = chunkEnd;
        continue;
      }
      const { chunk, bytes, properties } = loaded;
      const last = Math.min(chunk.count, place.offset + (endIndex - s.pos));
      let running = s.runningMs;
      let i = place.offset;
      const ingest = s.ingest;
      for (; i < last; i++) {
        const t = chunk.timesMs[i]!;
        const effective = t > running ? t : running;
        if (effective > untilMs) break;
        running = effective;
        const from = i === 0 ? 0 : chunk.payloadEnds[i - 1]!;
        ingest.ingestOne(
          topicAt(chunk, i),
          // A copy: a kept message must not pin the whole chunk in memory.
          bytes.slice(from, chunk.payloadEnds[i]!),
          chunk.flags[i]!,
          t,
          properties.get(i),
          s.label,
        );
        if ((i & 1023) === 1023 && this.now() > deadlineMs) {
          i++;
          break;
        }
      }
      s.pos += i - place.offset;
      s.runningMs = running;
      if (i < last || this.now() > deadlineMs) return;
      // The next chunk is read while this one plays.
      if (place.chunk + 1 < s.index.chunks.length) void this.load(s, place.chunk + 1);
    }
  }

  /** The player's state to the store, at most once per frame (`now` for a new session). */
  private publish(now = false): void {
    if (now) {
      this.commit();
      return;
    }
    if (this.statusFrame) return;
    this.statusFrame = true;
    this.frame(() => {
      this.statusFrame = false;
      this.commit();
    });
  }

  private commit(): void {
    const s = this.session;
    if (!s) return;
    const firstMs = s.index.firstMs ?? s.meta.firstMs ?? 0;
    const lastMs = s.index.lastMs ?? s.meta.lastMs ?? firstMs;
    const at = s.clock.at(this.now());
    const status: PlayerStatus = {
      id: s.meta.id,
      name: s.meta.name,
      label: s.label,
      total: s.index.total,
      index: s.pos,
      positionMs: Math.max(firstMs, Math.min(lastMs, at)),
      firstMs,
      lastMs,
      playing: s.clock.playing,
      speed: s.clock.speed,
      loading: s.loading,
      error: s.error,
    };
    useRecordingsStore.setState({ player: status });
  }
}

export { PLAYBACK_SPEEDS };
