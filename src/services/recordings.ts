/**
 * Recordings: record what the connection receives into the browser's database, open a
 * recording on screen without a broker, replay it into a broker, and move it in and out as
 * NDJSON files. This facade is all the first bundle carries; the work (and idb) is in
 * recordings-engine.ts, loaded beside the first render.
 */
import type { StoredMessage } from '../domain/stored-message';
import type { ReplaySettings } from '../domain/recording-replay';
import type { RecordingsDeps, RecordingsEngine } from './recordings-engine';
import type { ExportedFile } from './recordings-files';
import { useRecordingsStore } from '../stores/recordings-store';

export type { ExportedFile };

export interface RecordingsService {
  /** Starts recording everything received, or what matches the filters (comma or line separated). */
  startRecording(name: string, filtersText: string): Promise<string | undefined>;
  stopRecording(): Promise<void>;
  /** Deletes a saved recording; resolves with a problem in plain words, or undefined. */
  remove(id: string): Promise<string | undefined>;
  exportRecording(id: string, gzip: boolean): Promise<ExportedFile | undefined>;
  importFile(file: File): Promise<void>;
  /** Messages (the log's selection) as NDJSON or CSV. */
  exportMessages(
    messages: readonly StoredMessage[],
    format: 'ndjson' | 'csv',
  ): Promise<ExportedFile | undefined>;
  /** Shows a recording in the views instead of live data (live data is kept aside meanwhile). */
  open(id: string): Promise<void>;
  /** Back to live data. */
  close(): void;
  play(): void;
  pause(): void;
  setSpeed(speed: number): void;
  /** One message forward (1) or back (-1). */
  step(delta: number): void;
  seekTime(ms: number): void;
  startReplay(id: string, settings: ReplaySettings): Promise<string | undefined>;
  pauseReplay(): void;
  resumeReplay(): void;
  stopReplay(): void;
}

export function createRecordingsService(deps: RecordingsDeps): RecordingsService {
  let engine: Promise<RecordingsEngine> | undefined;
  const load = (): Promise<RecordingsEngine> => {
    if (!engine) {
      const loading = import('./recordings-engine').then((m) => {
        const e = new m.RecordingsEngine(deps);
        return e.loaded.then(() => e);
      });
      // A module that failed to load (the network went away) is asked for again next time.
      loading.catch(() => {
        if (engine === loading) engine = undefined;
      });
      engine = loading;
    }
    return engine;
  };
  /** What went wrong, in the panel's line for files, and as the answer to the caller. */
  const failed = (error: unknown): string => {
    const text = `Recordings could not do that: ${(error as Error)?.message || String(error)}.`;
    useRecordingsStore.setState({ files: { busy: false, tone: 'error', text } });
    return text;
  };
  // The list is read soon, beside the first render, not in its way.
  setTimeout(() => void load().catch(() => undefined), 0);
  const later = (act: (e: RecordingsEngine) => void) => void load().then(act).catch(failed);
  return {
    startRecording: (name, filters) =>
      load()
        .then((e) => e.startRecording(name, filters))
        .catch(failed),
    stopRecording: () =>
      load()
        .then((e) => e.stopRecording())
        .catch((error) => void failed(error)),
    remove: (id) =>
      load()
        .then((e) => e.remove(id))
        .catch(failed),
    exportRecording: (id, gzip) =>
      load()
        .then((e) => e.exportRecording(id, gzip))
        .catch((error) => void failed(error)),
    importFile: (file) =>
      load()
        .then((e) => e.importFile(file))
        .catch((error) => void failed(error)),
    exportMessages: (messages, format) =>
      load()
        .then((e) => e.exportMessages(messages, format))
        .catch((error) => void failed(error)),
    open: (id) =>
      load()
        .then((e) => e.open(id))
        .catch((error) => void failed(error)),
    close: () => later((e) => e.close()),
    play: () => later((e) => e.play()),
    pause: () => later((e) => e.pause()),
    setSpeed: (speed) => later((e) => e.setSpeed(speed)),
    step: (delta) => later((e) => e.step(delta)),
    seekTime: (ms) => later((e) => e.seekTime(ms)),
    startReplay: (id, settings) =>
      load()
        .then((e) => e.startReplay(id, settings))
        .catch(failed),
    pauseReplay: () => later((e) => e.pauseReplay()),
    resumeReplay: () => later((e) => e.resumeReplay()),
    stopReplay: () => later((e) => e.stopReplay()),
  };
}
