import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { Ingest } from '../ingest/ingest';
import type { MessageBatch, PublishManyResultEvent } from '../mqtt/worker-protocol';
import type { Connection } from '../mqtt/connection';
import type { PublishOptions } from '../domain/mqtt-types';
import { flagsOf, packChunk, topicAt, type RecordedMessage } from '../domain/recording-chunk';
import { useRecordingsStore, IDLE_RECORDER, IDLE_REPLAY } from '../stores/recordings-store';
import { DataSwitch } from './data-switch';
import { openRecordingsDb, type RecordingsDb } from './recordings-db';
import { RecordingsEngine } from './recordings-engine';

const text = (s: string) => new TextEncoder().encode(s);

function batchOf(messages: RecordedMessage[], droppedInWorker = 0): MessageBatch {
  const c = packChunk(messages)!;
  return {
    count: c.count,
    topics: Array.from({ length: c.count }, (_, i) => topicAt(c, i)),
    payloads: c.payloads,
    payloadEnds: c.payloadEnds,
    flags: c.flags,
    receivedAtMs: c.timesMs,
    properties: c.properties,
    droppedInWorker,
  };
}

/** The connection as the recordings see it: batches in, bulk publishes out (recorded). */
function fakeConnection() {
  const listeners = new Set<(batch: MessageBatch) => void>();
  const published: Array<{
    atMs: number;
    topics: string[];
    payloads: string[];
    options: PublishOptions;
  }> = [];
  return {
    published,
    emit: (batch: MessageBatch) => listeners.forEach((l) => l(batch)),
    on: ((name: string, listener: (batch: MessageBatch) => void) => {
      if (name !== 'batch') return () => {};
      listeners.add(listener);
      return () => listeners.delete(listener);
    }) as Connection['on'],
    publishMany: async (topics: string[], payloads: Uint8Array[], options: PublishOptions) => {
      published.push({
        atMs: performance.now(),
        topics,
        payloads: payloads.map((p) => new TextDecoder().decode(p)),
        options,
      });
      return {
        type: 'publish-many-result',
        requestId: 0,
        sent: topics.length,
        failed: 0,
        unknown: 0,
        roundTripMs: 1,
      } as PublishManyResultEvent;
    },
  };
}

let dbCount = 0;
const opened: RecordingsDb[] = [];

function setup(opts: { wrapDb?: (db: RecordingsDb) => RecordingsDb } = {}) {
  const name = `recordings-test-${++dbCount}`;
  const ingest = new Ingest();
  ingest.setSource('ws://live');
  const dataSwitch = new DataSwitch(
    ingest,
    { resample: () => {} },
    { clear: () => {} },
    { clear: () => {} },
  );
  const connection = fakeConnection();
  connection.on('batch', (b) => dataSwitch.liveIngest.ingestBatch(b));
  const engine = new RecordingsEngine({
    connection,
    screen: dataSwitch,
    isConnected: () => true,
    openDb: () =>
      openRecordingsDb(name).then((db) => {
        opened.push(db);
        return opts.wrapDb ? opts.wrapDb(db) : db;
      }),
    frame: (callback) => setTimeout(callback, 0),
  });
  return { engine, ingest, dataSwitch, connection, name };
}

const msg = (
  topic: string,
  payload: string,
  timeMs: number,
  extra: Partial<RecordedMessage> = {},
) => ({
  topic,
  payload: text(payload),
  flags: 0,
  timeMs,
  ...extra,
});

const until = async (check: () => boolean, timeoutMs = 3000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
  useRecordingsStore.setState({
    list: [],
    listStatus: 'loading',
    recorder: IDLE_RECORDER,
    player: undefined,
    replay: IDLE_REPLAY,
    files: { busy: false },
  });
});

/** Records `messages` (in batches of 3) into a finished recording and returns its meta. */
async function record(
  engine: RecordingsEngine,
  connection: ReturnType<typeof fakeConnection>,
  messages: RecordedMessage[],
  filters = '',
) {
  await engine.loaded;
  expect(await engine.startRecording('Test run', filters)).toBeUndefined();
  for (let i = 0; i < messages.length; i += 3) connection.emit(batchOf(messages.slice(i, i + 3)));
  await engine.stopRecording();
  const meta = useRecordingsStore.getState().list[0]!;
  expect(meta.state).toBe('done');
  return meta;
}

const sample = [
  msg('plant/a', '1', 1_000),
  msg('plant/b', '{"v": 2}', 1_100, {
    flags: flagsOf(1, true),
    properties: { userProperties: [{ key: 'k', value: 'v' }] },
  }),
  msg('other/c', '3', 1_250),
  msg('plant/a', '4', 1_400, { properties: { subscriptionIdentifiers: [2] } }),
  msg('plant/🌡️', '5', 2_000),
];

describe('recorder', () => {
  it('writes what arrives, or what matches its filters, and keeps it across a reload', async () => {
    const { engine, connection, name } = setup();
    const meta = await record(engine, connection, sample, 'plant/#');
    expect(meta).toMatchObject({
      name: 'Test run',
      count: 4,
      filters: ['plant/#'],
      firstMs: 1_000,
      lastMs: 2_000,
    });
    expect(useRecordingsStore.getState().recorder.message?.text).toBe(
      'Saved "Test run": 4 messages, 11 B.',
    );

    // A new page on the same database lists it whole.
    const db = await openRecordingsDb(name);
    opened.push(db);
    const [again] = await db.list();
    expect(again).toEqual(meta);
    const infos = await db.chunkInfos(meta.id);
    expect(infos.reduce((n, i) => n + i.count, 0)).toBe(4);
  });

  it('stops and says so when the storage is full, keeping what was written', async () => {
    let appends = 0;
    const { engine, connection } = setup({
      wrapDb: (db) => ({
        ...db,
        append: async (...args) => {
          if (++appends > 1)
            throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          return db.append(...args);
        },
      }),
    });
    await engine.loaded;
    await engine.startRecording('Full', '');
    connection.emit(batchOf(sample.slice(0, 2)));
    await until(() => useRecordingsStore.getState().recorder.count === 2);
    connection.emit(batchOf(sample.slice(2)));
    await until(() => !useRecordingsStore.getState().recorder.active);
    const { recorder, list } = useRecordingsStore.getState();
    expect(recorder.message?.tone).toBe('error');
    expect(recorder.message?.text).toContain('storage for this site is full');
    expect(recorder.message?.text).toContain(
      'The 2 messages (9 B) written before are kept; 3 received after that were not recorded.',
    );
    expect(list[0]).toMatchObject({
      count: 2,
      state: 'done',
      note: expect.stringContaining('full'),
    });
    // Nothing more is taken.
    connection.emit(batchOf(sample));
    expect(useRecordingsStore.getState().list[0]!.count).toBe(2);
  });

  it('finishes a recording that a closed page left unfinished', async () => {
    const first = setup();
    await first.engine.loaded;
    await first.engine.startRecording('Crash', '');
    first.connection.emit(batchOf(sample));
    await until(() => useRecordingsStore.getState().recorder.count === 5);
    // The page goes away without Stop; a new one opens the same database.
    const db = await openRecordingsDb(first.name);
    opened.push(db);
    const engine = new RecordingsEngine({
      connection: fakeConnection(),
      screen: first.dataSwitch,
      isConnected: () => true,
      openDb: async () => db,
    });
    await engine.loaded;
    const [meta] = useRecordingsStore.getState().list;
    expect(meta).toMatchObject({
      count: 5,
      state: 'done',
      note: expect.stringContaining('Interrupted'),
    });
  });
});

describe('files', () => {
  it('exports NDJSON and gzip and imports both back as the same messages', async () => {
    const { engine, connection } = setup();
    const meta = await record(engine, connection, sample);
    for (const gzip of [false, true]) {
      const file = await engine.exportRecording(meta.id, gzip);
      expect(file!.name).toBe(gzip ? 'Test run.ndjson.gz' : 'Test run.ndjson');
      if (!gzip) {
        const lines = (await file!.blob.text()).trim().split('\n');
        expect(lines).toHaveLength(5);
        expect(JSON.parse(lines[1]!)).toMatchObject({
          topic: 'plant/b',
          qos: 1,
          retain: true,
          properties: { userProperties: [{ key: 'k', value: 'v' }] },
        });
      }
      await engine.importFile(new File([file!.blob], file!.name));
      const files = useRecordingsStore.getState().files;
      expect(files.text).toBe(
        `Imported 5 messages from ${file!.name} as "Test run". No malformed lines.`,
      );
    }
    const imported = useRecordingsStore.getState().list.filter((m) => m.origin === 'imported');
    expect(imported.map((m) => m.count)).toEqual([5, 5]);
    expect(imported[0]).toMatchObject({ firstMs: 1_000, lastMs: 2_000 });
  });

  it('skips malformed lines with a report, and refuses a file without messages', async () => {
    const { engine } = setup();
    await engine.loaded;
    const good = '{"topic":"a","payload":"MQ==","time":1000}';
    await engine.importFile(
      new File(
        [`${good}\nnot json\n\n{"topic":"a/#","payload":"","time":1}\r\n${good}`],
        'mixed.jsonl',
      ),
    );
    expect(useRecordingsStore.getState().files).toMatchObject({
      tone: 'ok',
      text: "Imported 2 messages from mixed.jsonl as \"mixed\". 2 malformed lines skipped: line 2 (not JSON), line 4 (topic: A topic name cannot contain '+' or '#': wildcards are only for subscribing.).",
    });
    expect(useRecordingsStore.getState().list[0]!.note).toContain('2 malformed lines');
    await engine.importFile(new File(['oops\n'], 'bad.ndjson'));
    expect(useRecordingsStore.getState().files).toMatchObject({
      tone: 'error',
      text: expect.stringContaining('holds no message'),
    });
    await engine.importFile(new File([Uint8Array.of(0x1f, 0x8b, 1, 2, 3)], 'broken.gz'));
    expect(useRecordingsStore.getState().files).toMatchObject({
      tone: 'error',
      text: expect.stringContaining('Nothing of it was kept'),
    });
    expect(useRecordingsStore.getState().list).toHaveLength(1);
  });

  it('exports the log selection as NDJSON with text payloads and as CSV', async () => {
    const { engine, ingest } = setup();
    ingest.ingestOne('a', text('héllo'), 0, 1_000);
    ingest.ingestOne('b', Uint8Array.of(0xff), flagsOf(1, true), 2_000);
    const messages = [ingest.log.get(0)!, ingest.log.get(1)!];
    const ndjson = engine.exportMessages(messages, 'ndjson');
    expect(ndjson.name).toMatch(/^messages-.*\.ndjson$/);
    const lines = (await ndjson.blob.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ topic: 'a', payloadEncoding: 'text', payload: 'héllo' });
    expect(lines[1]).toMatchObject({
      topic: 'b',
      payloadEncoding: 'base64',
      payload: '/w==',
      qos: 1,
      retain: true,
    });
    const csv = await engine.exportMessages(messages, 'csv').blob.text();
    expect(csv.split('\r\n')[2]).toBe('"1970-01-01T00:00:02.000Z","b",1,true,base64,"/w==",""');
  });
});

describe('player', () => {
  it('shows a recording instead of live data, moves through it, and brings live data back', async () => {
    const { engine, connection, ingest, dataSwitch } = setup();
    const meta = await record(engine, connection, sample);
    connection.emit(batchOf([msg('live/x', 'before', 500)]));
    expect(ingest.topics.has('live/x')).toBe(true);

    await engine.open(meta.id);
    await until(() => useRecordingsStore.getState().player?.index === 5);
    expect(dataSwitch.showingRecording).toBe(true);
    expect(ingest.source).toBe('Recording: Test run');
    expect(ingest.log.size).toBe(5);
    expect(ingest.topics.has('live/x')).toBe(false);
    expect([...ingest.topics.values()].every((e) => e.data!.source === 'Recording: Test run')).toBe(
      true,
    );
    expect(ingest.log.get(1)!.properties).toEqual({ userProperties: [{ key: 'k', value: 'v' }] });

    // Live data keeps arriving, aside.
    connection.emit(batchOf([msg('live/y', 'while', 600)]));
    expect(ingest.topics.has('live/y')).toBe(false);

    engine.seekTime(1_250);
    await until(() => useRecordingsStore.getState().player?.index === 3);
    expect(ingest.log.size).toBe(3);
    engine.step(1);
    await until(() => useRecordingsStore.getState().player?.index === 4);
    engine.step(-1);
    engine.step(-1);
    await until(() => useRecordingsStore.getState().player?.index === 2);
    expect(ingest.log.getNewest(0)!.topic).toBe('plant/b');

    engine.setSpeed(100);
    engine.play();
    await until(
      () =>
        useRecordingsStore.getState().player?.index === 5 &&
        !useRecordingsStore.getState().player?.playing,
    );

    engine.close();
    expect(dataSwitch.showingRecording).toBe(false);
    expect(ingest.source).toBe('ws://live');
    expect(ingest.topics.has('live/x')).toBe(true);
    expect(ingest.topics.has('live/y')).toBe(true);
    // What was received live while recording is back, as live data; nothing of the recording.
    expect(ingest.log.size).toBe(7);
    expect([...ingest.topics.values()].every((e) => e.data!.source === 'ws://live')).toBe(true);
    expect(useRecordingsStore.getState().player).toBeUndefined();
  });
});

describe('replay', () => {
  it('publishes at N× with a prefix rewrite, in order, retain dropped on request', async () => {
    const { engine, connection } = setup();
    const meta = await record(engine, connection, sample);
    expect(
      await engine.startReplay(meta.id, {
        pace: { kind: 'timed', factor: 2 },
        retain: 'drop',
        qos: 'recorded',
        rewriteFrom: 'plant/#',
        rewriteTo: 'replay/plant/#',
      }),
    ).toBeUndefined();
    await until(() => useRecordingsStore.getState().replay.summary !== undefined);
    const { published } = connection;
    expect(published.flatMap((p) => p.topics)).toEqual([
      'replay/plant/a',
      'replay/plant/b',
      'other/c',
      'replay/plant/a',
      'replay/plant/🌡️',
    ]);
    expect(published.flatMap((p) => p.payloads)).toEqual(['1', '{"v": 2}', '3', '4', '5']);
    expect(published[1]!.options).toEqual({
      qos: 1,
      retain: false,
      properties: { userProperties: [{ key: 'k', value: 'v' }] },
    });
    // Recorded 0, 100, 250, 400, 1000 ms after the first: at 2×, 0, 50, 125, 200, 500.
    const t0 = published[0]!.atMs;
    const offsets = published.map((p) => p.atMs - t0);
    // Never early; late only by the timers' slack (the exact schedule is tested in the domain).
    [0, 50, 125, 200, 500].forEach((expected, i) => {
      expect(offsets[i]!).toBeGreaterThanOrEqual(expected - 2);
      expect(offsets[i]!).toBeLessThan(expected + 150);
    });
    expect(useRecordingsStore.getState().replay.summary).toMatch(
      /^Done: 5 of 5 messages of "Test run" sent in/,
    );
  });

  it('sends a time range and a topic filter as fast as acknowledged, at QoS 1', async () => {
    const { engine, connection } = setup();
    const meta = await record(engine, connection, sample);
    await engine.startReplay(meta.id, {
      pace: { kind: 'max' },
      retain: 'keep',
      qos: 0,
      fromMs: 1_100,
      toMs: 1_400,
      topicFilter: 'plant/#',
    });
    await until(() => useRecordingsStore.getState().replay.summary !== undefined);
    expect(connection.published.flatMap((p) => p.topics)).toEqual(['plant/b', 'plant/a']);
    expect(connection.published.every((p) => p.options.qos === 1)).toBe(true);
    expect(connection.published[0]!.options.retain).toBe(true);
    expect(
      await engine.startReplay(meta.id, {
        pace: { kind: 'timed', factor: 5000 },
        retain: 'keep',
        qos: 0,
      }),
    ).toContain('speed');
  });
});
