/**
 * Everything the Recordings panel does, behind the small facade in recordings.ts (which loads
 * this module, and idb with it, after the first screen): the list of saved recordings, the
 * recorder, the player, replays, imports and exports. Recordings a closed page left unfinished
 * are finished when the list is first read (what was written is kept).
 */
import type { Connection } from '../mqtt/connection';
import type { StoredMessage } from '../domain/stored-message';
import { parseRecordFilters, type RecordingMeta } from '../domain/recording-meta';
import type { ReplaySettings } from '../domain/recording-replay';
import { clockTime } from '../domain/time-format';
import { formatBytes } from '../domain/payload';
import { useRecordingsStore } from '../stores/recordings-store';
import { openRecordingsDb, type RecordingsDb } from './recordings-db';
import { Recorder } from './recordings-recorder';
import { RecordingPlayer, type RecordingScreen } from './recordings-player';
import { ReplayRunner } from './recordings-replay';
import {
  exportMessages,
  exportRecording,
  importRecording,
  type ExportedFile,
} from './recordings-files';

export interface RecordingsDeps {
  connection: Pick<Connection, 'on' | 'publishMany'>;
  screen: RecordingScreen;
  isConnected: () => boolean;
  /** The database; a test passes its own. */
  openDb?: () => Promise<RecordingsDb>;
  frame?: (callback: () => void) => void;
}

const count = (n: number) => n.toLocaleString('en-US');
/** While recording, the storage left is asked for at most this often. */
const QUOTA_INTERVAL_MS = 2_000;

function newId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export class RecordingsEngine {
  private readonly dbPromise: Promise<RecordingsDb>;
  private readonly recorder: Recorder;
  private readonly player: RecordingPlayer;
  private readonly replayRunner: ReplayRunner;
  private quotaPending = false;
  private quotaAskedAtMs = -Infinity;
  /** Resolves once the list was read (and unfinished recordings finished). */
  readonly loaded: Promise<void>;

  constructor(deps: RecordingsDeps) {
    this.dbPromise = (deps.openDb ?? (() => openRecordingsDb()))();
    this.dbPromise.catch(() => undefined);
    const db = () => this.dbPromise;
    this.recorder = new Recorder({
      connection: deps.connection,
      db,
      saved: (meta) => this.upsert(meta),
      refreshQuota: () => this.refreshQuota(),
      newId,
    });
    this.player = new RecordingPlayer({ screen: deps.screen, db, frame: deps.frame });
    this.replayRunner = new ReplayRunner({
      connection: deps.connection,
      db,
      isConnected: deps.isConnected,
    });
    this.loaded = this.load();
  }

  private async load(): Promise<void> {
    try {
      const db = await this.dbPromise;
      const list = await db.list();
      for (const [i, meta] of list.entries()) {
        if (meta.state !== 'recording') continue;
        // Written by a page that closed (or crashed) while recording or importing.
        const upTo = meta.lastMs !== undefined ? ` up to ${clockTime(meta.lastMs)}` : '';
        const finished: RecordingMeta = {
          ...meta,
          state: 'done',
          note: `Interrupted: the page closed while it was being written; the ${count(meta.count)} messages written${upTo} are kept.`,
        };
        list[i] = finished;
        await db.putMeta(finished).catch(() => undefined);
      }
      useRecordingsStore.setState({ list, listStatus: 'ready', listError: undefined });
    } catch (error) {
      useRecordingsStore.setState({
        listStatus: 'unavailable',
        listError: `Recordings are not available: ${(error as Error).message || String(error)}.`,
      });
    }
    this.refreshQuota(true);
  }

  private upsert(meta: RecordingMeta): void {
    useRecordingsStore.setState((s) => {
      const others = s.list.filter((m) => m.id !== meta.id);
      return { list: [meta, ...others].sort((a, b) => b.createdAtMs - a.createdAtMs) };
    });
  }

  private find(id: string): RecordingMeta | undefined {
    return useRecordingsStore.getState().list.find((m) => m.id === id);
  }

  /** Asks the browser how much room is left (one question at a time, every 2 s at most). */
  refreshQuota(force = false): void {
    if (this.quotaPending || typeof navigator === 'undefined' || !navigator.storage?.estimate)
      return;
    const now = Date.now();
    if (!force && now - this.quotaAskedAtMs < QUOTA_INTERVAL_MS) return;
    this.quotaAskedAtMs = now;
    this.quotaPending = true;
    navigator.storage
      .estimate()
      .then(({ quota, usage }) => {
        if (quota !== undefined)
          useRecordingsStore.setState({ quotaLeftBytes: Math.max(0, quota - (usage ?? 0)) });
      })
      .catch(() => undefined)
      .finally(() => (this.quotaPending = false));
  }

  async startRecording(name: string, filtersText: string): Promise<string | undefined> {
    const parsed = parseRecordFilters(filtersText);
    if ('error' in parsed) return `Topic filters: ${parsed.error}`;
    return this.recorder.start(name, parsed.filters);
  }

  stopRecording(): Promise<void> {
    return this.recorder.stop();
  }

  async remove(id: string): Promise<string | undefined> {
    if (useRecordingsStore.getState().recorder.id === id && this.recorder.active)
      return 'This recording is running: stop it first.';
    this.player.closeIf(id);
    try {
      await (await this.dbPromise).remove(id);
    } catch (error) {
      return `Could not delete it: ${(error as Error).message || String(error)}.`;
    }
    useRecordingsStore.setState((s) => ({ list: s.list.filter((m) => m.id !== id) }));
    this.refreshQuota(true);
    return undefined;
  }

  async exportRecording(id: string, gzip: boolean): Promise<ExportedFile | undefined> {
    const meta = this.find(id);
    if (!meta) return undefined;
    const setFiles = (text: string, tone?: 'ok' | 'error', busy = false) =>
      useRecordingsStore.setState({ files: { busy, text, tone } });
    setFiles(`Exporting "${meta.name}"…`, undefined, true);
    try {
      // A recording still being written is exported as far as it is written now.
      const current = (await (await this.dbPromise).get(id)) ?? meta;
      const file = await exportRecording(await this.dbPromise, current, gzip, (done) =>
        setFiles(
          `Exporting "${meta.name}": ${count(done)} of ${count(current.count)} messages…`,
          undefined,
          true,
        ),
      );
      setFiles(
        `Exported ${count(current.count)} messages to ${file.name} (${formatBytes(file.blob.size)}).`,
        'ok',
      );
      return file;
    } catch (error) {
      setFiles(`Export failed: ${(error as Error).message || String(error)}.`, 'error');
      return undefined;
    }
  }

  async importFile(file: File): Promise<void> {
    useRecordingsStore.setState({ files: { busy: true, text: `Importing ${file.name}…` } });
    const outcome = await importRecording(await this.dbPromise, file, newId, (fraction, n) =>
      useRecordingsStore.setState({
        files: {
          busy: true,
          text: `Importing ${file.name}: ${Math.round(fraction * 100)} %, ${count(n)} messages…`,
        },
      }),
    );
    this.refreshQuota(true);
    if (!outcome.meta) {
      useRecordingsStore.setState({
        files: { busy: false, tone: 'error', text: outcome.error ?? 'Nothing was imported.' },
      });
      return;
    }
    this.upsert(outcome.meta);
    const { tally } = outcome;
    useRecordingsStore.setState({
      files: {
        busy: false,
        tone: 'ok',
        text:
          `Imported ${count(tally.imported)} messages from ${file.name} as "${outcome.meta.name}". ` +
          tally.malformedText(),
      },
    });
  }

  exportMessages(messages: readonly StoredMessage[], format: 'ndjson' | 'csv'): ExportedFile {
    const d = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    const stamp = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
    return exportMessages(messages, format, `messages-${stamp}`);
  }

  async open(id: string): Promise<void> {
    const meta = this.find(id);
    if (!meta) return;
    const current = (await (await this.dbPromise).get(id)) ?? meta;
    await this.player.open(current);
  }

  close(): void {
    this.player.close();
  }

  play(): void {
    this.player.play();
  }

  pause(): void {
    this.player.pause();
  }

  setSpeed(speed: number): void {
    this.player.setSpeed(speed);
  }

  step(delta: number): void {
    this.player.step(delta);
  }

  seekTime(ms: number): void {
    this.player.seekTime(ms);
  }

  startReplay(id: string, settings: ReplaySettings): string | undefined {
    const meta = this.find(id);
    if (!meta) return 'That recording is gone.';
    return this.replayRunner.start(meta, settings);
  }

  pauseReplay(): void {
    this.replayRunner.pause();
  }

  resumeReplay(): void {
    this.replayRunner.resume();
  }

  stopReplay(): void {
    this.replayRunner.stop();
  }
}
