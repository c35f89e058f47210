/**
 * Recordings as files, streamed both ways. Export reads one chunk at a time and hands its lines
 * to the browser as a Blob part (the browser keeps large blobs on disk), gzip through
 * CompressionStream; import reads the file as a stream (gunzipped through DecompressionStream
 * when it starts with the gzip magic bytes), splits it into lines, skips and counts malformed
 * ones, and writes a chunk every IMPORT_CHUNK_MESSAGES messages. Neither ever holds a whole
 * file in the page's memory.
 */
import type { StoredMessage } from '../domain/stored-message';
import {
  ChunkBuilder,
  chunkInfoOf,
  forEachMessage,
  type RecordedMessage,
} from '../domain/recording-chunk';
import { encodeNdjsonLine, ImportTally, LineSplitter } from '../domain/recording-ndjson';
import { toCsv } from '../domain/recording-csv';
import { importedName, recordingFileName, type RecordingMeta } from '../domain/recording-meta';
import { formatBytes } from '../domain/payload';
import { isQuotaError, type RecordingsDb } from './recordings-db';

const IMPORT_CHUNK_MESSAGES = 5_000;
const IMPORT_CHUNK_BYTES = 4 * 1024 * 1024;
/** A single line longer than this is not read whole (it could not be a sensible message). */
const MAX_LINE_CHARS = 96 * 1024 * 1024;

export const NDJSON_TYPE = 'application/x-ndjson';

export interface ExportedFile {
  name: string;
  blob: Blob;
}

/** A recording as NDJSON (or gzipped NDJSON), read chunk by chunk. */
export async function exportRecording(
  db: RecordingsDb,
  meta: RecordingMeta,
  gzip: boolean,
  onProgress: (done: number) => void = () => {},
): Promise<ExportedFile> {
  const parts: Blob[] = [];
  let done = 0;
  for (let n = 0; n < meta.chunks; n++) {
    const chunk = await db.chunk(meta.id, n);
    if (!chunk) continue;
    const lines: string[] = [];
    forEachMessage(chunk, (m) => lines.push(encodeNdjsonLine(m)));
    lines.push('');
    parts.push(new Blob([lines.join('\n')]));
    done += chunk.count;
    onProgress(done);
  }
  const ndjson = new Blob(parts, { type: NDJSON_TYPE });
  if (!gzip) return { name: recordingFileName(meta.name, '.ndjson'), blob: ndjson };
  const compressed = ndjson.stream().pipeThrough(new CompressionStream('gzip'));
  const blob = await new Response(compressed).blob();
  return {
    name: recordingFileName(meta.name, '.ndjson.gz'),
    blob: new Blob([blob], { type: 'application/gzip' }),
  };
}

const toRecorded = (m: StoredMessage): RecordedMessage => ({
  topic: m.topic,
  payload: m.payload,
  flags: m.flags,
  timeMs: m.receivedAtMs,
  properties: m.properties,
});

/**
 * The message log's selection as a file: NDJSON (payload as text when it is valid UTF-8, else
 * base64; a recording import reads it back) or CSV (the same, formula-safe).
 */
export function exportMessages(
  messages: readonly StoredMessage[],
  format: 'ndjson' | 'csv',
  baseName: string,
): ExportedFile {
  if (format === 'csv') {
    return {
      name: recordingFileName(baseName, '.csv'),
      blob: new Blob([toCsv(messages.map(toRecorded))], { type: 'text/csv' }),
    };
  }
  const lines = messages.map((m) => encodeNdjsonLine(toRecorded(m), 'text-when-utf8'));
  lines.push('');
  return {
    name: recordingFileName(baseName, '.ndjson'),
    blob: new Blob([lines.join('\n')], { type: NDJSON_TYPE }),
  };
}

export interface ImportOutcome {
  meta: RecordingMeta | undefined;
  tally: ImportTally;
  /** Why nothing was kept, when nothing was. */
  error?: string;
}

/** True when the file starts with gzip's magic bytes. */
async function isGzip(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  return head[0] === 0x1f && head[1] === 0x8b;
}

/** Reads a file into a new recording, as a stream; a failure keeps nothing of it. */
export async function importRecording(
  db: RecordingsDb,
  file: File,
  newId: () => string,
  onProgress: (fraction: number, messages: number) => void = () => {},
  now: () => number = () => Date.now(),
): Promise<ImportOutcome> {
  const tally = new ImportTally();
  let meta: RecordingMeta = {
    id: newId(),
    name: importedName(file.name),
    createdAtMs: now(),
    origin: 'imported',
    filters: [],
    state: 'recording',
    count: 0,
    bytes: 0,
    chunks: 0,
    firstMs: undefined,
    lastMs: undefined,
  };
  let written = false;
  const builder = new ChunkBuilder();
  const writeChunk = async () => {
    const chunk = builder.take();
    if (!chunk) return;
    const info = chunkInfoOf(chunk, meta.lastMs ?? -Infinity);
    const next: RecordingMeta = {
      ...meta,
      count: meta.count + chunk.count,
      bytes: meta.bytes + info.bytes,
      chunks: meta.chunks + 1,
      firstMs: meta.firstMs ?? info.firstMs,
      lastMs: info.lastMs,
    };
    written = true;
    await db.append(next, meta.chunks, chunk, info);
    meta = next;
  };

  let readBytes = 0;
  try {
    const gzip = await isGzip(file);
    const counted = file.stream().pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(piece, controller) {
          readBytes += piece.byteLength;
          controller.enqueue(piece);
        },
      }),
    );
    // Typed loosely: the DOM typings disagree on BufferSource against Uint8Array here.
    let bytes = counted as ReadableStream<BufferSource>;
    if (gzip)
      bytes = bytes.pipeThrough(new DecompressionStream('gzip')) as ReadableStream<BufferSource>;
    const reader = bytes.pipeThrough(new TextDecoderStream()).getReader();
    const splitter = new LineSplitter();
    const take = async (lines: string[]) => {
      for (const line of lines) {
        const message = tally.read(line);
        if (!message) continue;
        builder.add(message);
        if (builder.count >= IMPORT_CHUNK_MESSAGES || builder.bytes >= IMPORT_CHUNK_BYTES) {
          await writeChunk();
          onProgress(file.size > 0 ? readBytes / file.size : 1, tally.imported);
        }
      }
    };
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      await take(splitter.push(value));
      if (splitter.pending > MAX_LINE_CHARS) {
        throw new Error(`line ${tally.lines + 1} is longer than ${formatBytes(MAX_LINE_CHARS)}`);
      }
    }
    await take(splitter.end());
    await writeChunk();
    if (meta.count === 0) {
      if (written) await db.remove(meta.id).catch(() => undefined);
      return {
        meta: undefined,
        tally,
        error:
          tally.lines === 0
            ? `${file.name} is empty.`
            : `${file.name} holds no message in the NDJSON shape (topic, payload in base64, qos, retain, properties, time).`,
      };
    }
    meta = { ...meta, state: 'done' };
    if (tally.malformed > 0) meta.note = tally.malformedText();
    await db.putMeta(meta);
    return { meta, tally };
  } catch (error) {
    if (written) await db.remove(meta.id).catch(() => undefined);
    const why = isQuotaError(error)
      ? "this browser's storage for this site is full"
      : /gzip|decompress|incorrect header|invalid/i.test(String((error as Error).message))
        ? `it is not a readable gzip file (${(error as Error).message})`
        : (error as Error).message || String(error);
    return {
      meta: undefined,
      tally,
      error: `${file.name} could not be imported: ${why}. Nothing of it was kept.`,
    };
  }
}
