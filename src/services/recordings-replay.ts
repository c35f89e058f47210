/**
 * Replays a recording into the connected broker through the worker's bulk publish: chunks are
 * read one after the other, the chosen messages (time range, topic filter) are renamed (prefix
 * rewrite) and sent when due (ReplaySchedule: the recorded pace, N× faster, or as fast as the
 * broker acknowledges at QoS 1), consecutive messages with the same options in one bulk publish.
 * At most MAX_IN_FLIGHT bulk publishes wait for the broker at a time: a slow broker slows the
 * replay down instead of filling the page's memory.
 */
import type { Connection } from '../mqtt/connection';
import type { PublishOptions } from '../domain/mqtt-types';
import type { RecordingMeta } from '../domain/recording-meta';
import { topicAt } from '../domain/recording-chunk';
import {
  compileTopicRewrite,
  replayOptions,
  ReplaySchedule,
  replaySelector,
  replaySettingsProblem,
  sameOptions,
  type ReplaySettings,
} from '../domain/recording-replay';
import { RecordingIndex } from '../domain/recording-timeline';
import { achievedRatePerSec } from '../domain/send-pacing';
import { IDLE_REPLAY, useRecordingsStore, type ReplayStatus } from '../stores/recordings-store';
import type { RecordingsDb } from './recordings-db';

/** Messages read ahead of the one due next. */
const QUEUE_TARGET = 5_000;
/** Messages per bulk publish. */
const GROUP_MAX = 500;
const MAX_IN_FLIGHT = 4;
/** The longest single wait: pauses and stops are noticed at least this often. */
const MAX_SLEEP_MS = 250;
/** After Stop, how long bulk publishes still out may take before the run ends anyway. */
const STOP_GRACE_MS = 2_000;
const STATUS_INTERVAL_MS = 100;

export interface ReplayDeps {
  connection: Pick<Connection, 'publishMany'>;
  db: () => Promise<RecordingsDb>;
  isConnected: () => boolean;
  now?: () => number;
}

interface Queued {
  topic: string;
  payload: Uint8Array;
  options: PublishOptions;
  /** Recorded time on the running-maximum clock. */
  timeMs: number;
}

interface Run {
  cancelled: boolean;
  schedule: ReplaySchedule;
  wake: () => void;
}

const count = (n: number) => n.toLocaleString('en-US');

export class ReplayRunner {
  private current: Run | undefined;
  private statusTimer: ReturnType<typeof setTimeout> | undefined;
  private latest: ReplayStatus = IDLE_REPLAY;
  private readonly now: () => number;

  constructor(private readonly deps: ReplayDeps) {
    this.now = deps.now ?? (() => performance.now());
  }

  get running(): boolean {
    return this.current !== undefined;
  }

  /** Starts a replay; returns a problem in plain words when it cannot start. */
  start(meta: RecordingMeta, settings: ReplaySettings): string | undefined {
    if (this.current) return 'A replay is running: stop it first.';
    if (!this.deps.isConnected()) return 'Connect to a broker first: a replay publishes to it.';
    const problem = replaySettingsProblem(settings);
    if (problem) return problem;
    if (meta.count === 0) return 'This recording has no messages.';
    const factor = settings.pace.kind === 'max' ? Infinity : settings.pace.factor;
    const run: Run = { cancelled: false, schedule: new ReplaySchedule(factor), wake: () => {} };
    this.current = run;
    void this.replay(run, meta, settings);
    return undefined;
  }

  pause(): void {
    const run = this.current;
    if (!run || run.schedule.paused) return;
    run.schedule.pause(this.now());
    this.report({ ...this.latest, paused: true }, true);
  }

  resume(): void {
    const run = this.current;
    if (!run || !run.schedule.paused) return;
    run.schedule.resume(this.now());
    this.report({ ...this.latest, paused: false }, true);
    run.wake();
  }

  stop(): void {
    const run = this.current;
    if (!run) return;
    run.cancelled = true;
    run.wake();
  }

  private async replay(run: Run, meta: RecordingMeta, settings: ReplaySettings): Promise<void> {
    const startedMs = this.now();
    let sent = 0;
    let failed = 0;
    let unknown = 0;
    let error: string | undefined;
    let lastSentMs: number | undefined;
    const noFilter = !settings.topicFilter?.trim();
    const total =
      noFilter && settings.fromMs === undefined && settings.toMs === undefined
        ? meta.count
        : undefined;
    const spanFrom = Math.max(settings.fromMs ?? -Infinity, meta.firstMs ?? 0);
    const spanTo = Math.min(settings.toMs ?? Infinity, meta.lastMs ?? spanFrom);
    const status = (summary?: string): ReplayStatus => {
      const elapsedMs = this.now() - startedMs;
      const progress =
        summary !== undefined && !error && !run.cancelled
          ? 1
          : lastSentMs === undefined
            ? 0
            : spanTo > spanFrom
              ? Math.min(1, Math.max(0, (lastSentMs - spanFrom) / (spanTo - spanFrom)))
              : 1;
      return {
        running: summary === undefined,
        paused: run.schedule.paused,
        name: meta.name,
        sent,
        failed,
        unknown,
        total,
        progress,
        ratePerSec: achievedRatePerSec(sent, elapsedMs),
        elapsedMs,
        summary,
        error,
      };
    };
    this.report(status(), true);

    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          if (run.wake === done) run.wake = () => {};
          resolve();
        }
        run.wake = done;
      });

    const inFlight = new Set<Promise<void>>();
    try {
      const db = await this.deps.db();
      const index = new RecordingIndex(await db.chunkInfos(meta.id));
      const select = replaySelector(settings);
      const compiled = compileTopicRewrite(settings.rewriteFrom, settings.rewriteTo);
      const rewrite = compiled.ok ? compiled.rewrite : (topic: string) => topic;
      // The first chunk that reaches the range's start.
      let k = settings.fromMs === undefined ? 0 : index.chunkAfter(settings.fromMs - 1e-6);
      let running = index.timeBefore(k);
      let exhausted = k >= index.chunks.length;
      const queue: Queued[] = [];
      let head = 0;
      let started = false;

      const fill = async () => {
        while (!exhausted && queue.length - head < QUEUE_TARGET && !run.cancelled) {
          const chunk = await db.chunk(meta.id, k);
          k++;
          if (k >= index.chunks.length) exhausted = true;
          if (!chunk) {
            error ??= 'part of the recording could not be read and was skipped';
            continue;
          }
          const bytes = new Uint8Array(chunk.payloads);
          const props = new Map(chunk.properties);
          for (let i = 0; i < chunk.count; i++) {
            const t = chunk.timesMs[i]!;
            if (t > running) running = t;
            if (settings.toMs !== undefined && running > settings.toMs) {
              exhausted = true;
              break;
            }
            const message = {
              topic: topicAt(chunk, i),
              flags: chunk.flags[i]!,
              properties: props.get(i),
            };
            if (!select(message, running)) continue;
            queue.push({
              topic: rewrite(message.topic),
              payload: bytes.subarray(
                i === 0 ? 0 : chunk.payloadEnds[i - 1]!,
                chunk.payloadEnds[i]!,
              ),
              options: replayOptions(message, settings),
              timeMs: running,
            });
          }
        }
        if (head > 0 && head >= queue.length / 2) {
          queue.splice(0, head);
          head = 0;
        }
      };

      const send = (group: Queued[]) => {
        const sending = this.deps.connection
          .publishMany(
            group.map((q) => q.topic),
            group.map((q) => q.payload),
            group[0]!.options,
          )
          .then((result) => {
            sent += result.sent;
            failed += result.failed;
            unknown += result.unknown;
            if (result.failed > 0 || result.unknown > 0) {
              error ??=
                result.failed > 0
                  ? `${count(result.failed)} not sent: ${result.error ?? 'refused'}`
                  : `the connection closed while ${count(result.unknown)} messages waited for the broker's acknowledgement`;
              run.cancelled = true;
            }
            this.report(status());
            run.wake();
          });
        inFlight.add(sending);
        void sending.finally(() => inFlight.delete(sending));
      };

      while (!run.cancelled) {
        await fill();
        if (head >= queue.length) {
          if (exhausted) break;
          continue;
        }
        const first = queue[head]!;
        if (!started) {
          run.schedule.start(this.now(), first.timeMs);
          started = true;
        }
        const wait = run.schedule.waitMs(first.timeMs, this.now());
        if (wait > 0) {
          await sleep(Math.min(wait, MAX_SLEEP_MS));
          continue;
        }
        if (inFlight.size >= MAX_IN_FLIGHT) {
          await Promise.race([...inFlight, sleep(MAX_SLEEP_MS)]);
          continue;
        }
        const group = [first];
        head++;
        const nowMs = this.now();
        while (head < queue.length && group.length < GROUP_MAX) {
          const next = queue[head]!;
          if (!sameOptions(next.options, first.options)) break;
          if (run.schedule.dueAt(next.timeMs) > nowMs) break;
          group.push(next);
          head++;
        }
        lastSentMs = group[group.length - 1]!.timeMs;
        send(group);
      }
      // The worker answers every bulk publish, even when the connection closes; after Stop
      // the run ends anyway once STOP_GRACE_MS passed.
      if (run.cancelled) await Promise.race([Promise.all(inFlight), sleep(STOP_GRACE_MS)]);
      else await Promise.all(inFlight);
      run.wake();
    } catch (e) {
      error ??= (e as Error).message || String(e);
    }
    if (this.current === run) this.current = undefined;
    const final = status('');
    const seconds = (final.elapsedMs / 1000).toFixed(2);
    const rate = count(Math.round(final.ratePerSec));
    const what = `${count(sent)}${total !== undefined ? ` of ${count(total)}` : ''} messages of "${meta.name}" sent in ${seconds} s (${rate} msg/s)`;
    const extra =
      (failed > 0 ? `, ${count(failed)} not sent` : '') +
      (unknown > 0 ? `, ${count(unknown)} unknown` : '');
    final.summary = error
      ? `Stopped: ${error}. ${what}${extra}.`
      : run.cancelled
        ? `Stopped by you: ${what}.`
        : `Done: ${what}.`;
    this.report(final, true);
  }

  /** To the store: at once, or at most every STATUS_INTERVAL_MS. */
  private report(status: ReplayStatus, now = false): void {
    this.latest = status;
    if (now) {
      clearTimeout(this.statusTimer);
      this.statusTimer = undefined;
      useRecordingsStore.setState({ replay: status });
      return;
    }
    if (this.statusTimer !== undefined) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = undefined;
      useRecordingsStore.setState({ replay: this.latest });
    }, STATUS_INTERVAL_MS);
  }
}
