/**
 * Runs a generator: repeat every N ms or a burst of N messages, in chunks handed to the
 * worker in one post each, at most MAX_CHUNKS_IN_FLIGHT unacknowledged. Each chunk is built
 * in its own task, so even a 100,000-message burst leaves the page free to paint.
 */
import type { Connection } from '../mqtt/connection';
import { encodePayload } from '../domain/payload-encode';
import {
  buildPublishProperties,
  compileDraft,
  prepareCompiled,
  type PublishDraft,
} from '../domain/publish-draft';
import { achievedRatePerSec, dueCount, msUntilNextDue, topicCounter } from '../domain/send-pacing';
import { randomUuid, renderTemplate, type TemplateContext } from '../domain/template';
import { validateTopicName } from '../domain/topic-filter';
import type { PublishOptions } from '../domain/mqtt-types';
import { usePublishHistoryStore } from '../stores/publish-history-store';
import { IDLE_RUN, usePublishRunStore, type RunProgress } from '../stores/publish-run-store';

/** Messages per worker post: big enough to amortise the post, small enough for one task. */
const CHUNK_SIZE = 1000;
const MAX_CHUNKS_IN_FLIGHT = 2;

export interface GeneratorSettings {
  mode: 'repeat' | 'burst';
  intervalMs: number;
  /** Messages to send; 0 with 'repeat' means until stopped. */
  count: number;
  counterStart: number;
  /** `{{counter}}` in the topic cycles over this many values; 0 follows the payload counter. */
  topicCount: number;
}

interface Run {
  cancelled: boolean;
  finished: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Runs the next step now (so Stop does not wait for the next interval). */
  wake: () => void;
  /** Ends the run now, counting what is still out as unknown. */
  forceFinish: () => void;
}

export interface GeneratorService {
  /** Starts a run; returns an error in plain words when it cannot start. */
  start(draft: PublishDraft, version: 4 | 5, settings: GeneratorSettings): string | undefined;
  stop(): void;
  /** Goes on with the last run from the message it offered (resumeFrom). */
  resume(): string | undefined;
}

/** After Stop, how long in-flight messages may take to settle before the run ends anyway. */
const STOP_GRACE_MS = 2_000;

/** One generator at a time, publishing through `connection` in worker-side bursts. */
export function createGeneratorService(
  connection: Pick<Connection, 'publishMany'>,
): GeneratorService {
  let current: Run | undefined;
  /** What the last run was, so a run cut short can resume from where it stopped. */
  let last:
    | { draft: PublishDraft; version: 4 | 5; settings: GeneratorSettings; resumeFrom?: number }
    | undefined;
  let frameRequested = false;
  let latest: RunProgress = IDLE_RUN;

  /** One store commit per frame, whatever the message rate. */
  function report(progress: RunProgress, now = false): void {
    latest = progress;
    if (now) {
      usePublishRunStore.setState(progress);
      return;
    }
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(() => {
      frameRequested = false;
      usePublishRunStore.setState(latest);
    });
  }

  function stop(): void {
    if (!current) return;
    current.cancelled = true;
    current.wake();
    // Stop always ends the run, even when an acknowledgement never comes.
    const run = current;
    setTimeout(() => run.forceFinish(), STOP_GRACE_MS);
  }

  function resume(): string | undefined {
    if (!last?.resumeFrom) return 'There is no run to resume.';
    const done = last.resumeFrom - 1;
    const { settings } = last;
    return start(last.draft, last.version, {
      ...settings,
      counterStart: settings.counterStart + done,
      count: settings.count === 0 ? 0 : settings.count - done,
    });
  }

  /** Starts a run; returns an error in plain words when it cannot start. */
  function start(
    draft: PublishDraft,
    version: 4 | 5,
    settings: GeneratorSettings,
  ): string | undefined {
    if (current) return 'A generator run is still going: stop it first.';
    const compiledResult = compileDraft(draft);
    if (!compiledResult.ok) return compiledResult.error;
    const compiled = compiledResult.compiled;
    const built = buildPublishProperties(draft.properties, version);
    if (!built.ok) return built.error;
    const total =
      settings.mode === 'repeat' && settings.count === 0 ? Infinity : Math.floor(settings.count);
    if (!(total > 0)) return 'Set how many messages to send (at least 1).';
    const intervalMs = settings.mode === 'burst' ? 0 : settings.intervalMs;
    if (settings.mode === 'repeat' && !(intervalMs >= 1)) {
      return 'The interval must be at least 1 ms.';
    }
    const context = (counter: number, nowMs: number): TemplateContext => ({
      counter,
      nowMs,
      random: Math.random,
      uuid: randomUuid,
    });
    const topicContext = (counter: number, nowMs: number) =>
      context(topicCounter(counter, settings.counterStart, settings.topicCount), nowMs);
    // The first message is checked in full (topic, payload format, UTF-8 flag); later ones only
    // where templates can change them.
    const first = prepareCompiled(
      draft,
      compiled,
      version,
      context(settings.counterStart, Date.now()),
      topicContext(settings.counterStart, Date.now()),
    );
    if (!first.ok) return first.error;
    const options: PublishOptions = {
      qos: draft.qos,
      retain: draft.retain,
      properties: built.properties,
    };
    const fixedBytes = compiled.payload ? undefined : first.bytes;

    const run: Run = {
      cancelled: false,
      finished: false,
      timer: undefined,
      wake: () => schedule(0),
      forceFinish: () => {
        // Chunks still out count as unknown: handed to the connection, never settled.
        unknown += handed - sent - failed - unknown;
        if (error === undefined && inFlight > 0) {
          error = 'the connection gave no answer for the last messages.';
        }
        inFlight = 0;
        finish();
      },
    };
    last = { draft, version, settings };
    current = run;
    const startedAtMs = performance.now();
    let handed = 0;
    let sent = 0;
    let failed = 0;
    let unknown = 0;
    let inFlight = 0;
    let error: string | undefined;

    const progress = (summary?: string): RunProgress => ({
      running: summary === undefined,
      sent,
      failed,
      unknown,
      resumeFrom: undefined,
      total,
      elapsedMs: performance.now() - startedAtMs,
      summary,
      error,
    });

    const finish = () => {
      if (run.finished) return;
      run.finished = true;
      run.cancelled = true;
      if (current === run) current = undefined;
      clearTimeout(run.timer);
      const final = progress('');
      const rate = Math.round(achievedRatePerSec(sent, final.elapsedMs)).toLocaleString('en-US');
      const seconds = (final.elapsedMs / 1000).toFixed(2);
      const of = Number.isFinite(total) ? ` of ${total.toLocaleString('en-US')}` : '';
      const what = `${sent.toLocaleString('en-US')}${of} messages sent in ${seconds} s (${rate} msg/s)`;
      const notSent = failed > 0 ? `, ${failed.toLocaleString('en-US')} not sent` : '';
      const unsure =
        unknown > 0
          ? `, ${unknown.toLocaleString('en-US')} unknown (the connection closed before the broker acknowledged them)`
          : '';
      final.summary = error
        ? `Stopped: ${error} ${what}${notSent}${unsure}.`
        : sent < total
          ? `Stopped by you: ${what}.`
          : `Done: ${what}.`;
      // A run cut short by the connection goes on from the first message not acknowledged.
      // Messages are handed out in order; the acknowledged ones are the first `sent`.
      const resumeFrom = sent + 1;
      if (error && unknown + failed > 0 && (!Number.isFinite(total) || resumeFrom <= total)) {
        final.resumeFrom = resumeFrom;
        if (last) last.resumeFrom = resumeFrom;
      }
      report(final, true);
      usePublishHistoryStore.getState().record({
        kind: 'generator',
        draft,
        topic: draft.topic,
        ok: !error,
        outcome: final.summary,
      });
    };

    const buildChunk = (n: number): { topics: string[]; payloads: Uint8Array[] } | string => {
      const topics: string[] = [];
      const payloads: Uint8Array[] = [];
      const nowMs = Date.now();
      for (let i = 0; i < n; i++) {
        const counter = settings.counterStart + handed + i;
        let topic = first.topic;
        if (compiled.topic) {
          topic = renderTemplate(compiled.topic, topicContext(counter, nowMs));
          const problem = validateTopicName(topic);
          if (problem) return `message ${handed + i + 1} has topic "${topic}": ${problem}`;
        }
        let bytes = fixedBytes;
        if (!bytes) {
          const encoded = encodePayload(
            renderTemplate(compiled.payload!, context(counter, nowMs)),
            draft.format,
          );
          if (!encoded.ok) return `message ${handed + i + 1}: ${encoded.error}`;
          bytes = encoded.bytes;
        }
        topics.push(topic);
        payloads.push(bytes);
      }
      return { topics, payloads };
    };

    const tick = () => {
      run.timer = undefined;
      if (run.cancelled) {
        if (inFlight === 0) finish();
        return;
      }
      if (handed >= total) {
        if (inFlight === 0) finish();
        return;
      }
      if (inFlight >= MAX_CHUNKS_IN_FLIGHT) return; // an acknowledgement calls tick again
      const nowMs = performance.now();
      const n = dueCount({
        intervalMs,
        startedAtMs,
        nowMs,
        sent: handed,
        total,
        maxPerTick: CHUNK_SIZE,
      });
      if (n > 0) {
        const chunk = buildChunk(n);
        if (typeof chunk === 'string') {
          error = `${chunk}.`;
          run.cancelled = true;
          if (inFlight === 0) finish();
          return;
        }
        handed += n;
        inFlight++;
        void connection.publishMany(chunk.topics, chunk.payloads, options).then((result) => {
          if (run.finished) return;
          inFlight--;
          sent += result.sent;
          failed += result.failed;
          unknown += result.unknown;
          if (result.failed > 0 && error === undefined) {
            const why = (result.error ?? 'refused').replace(/\.+$/, '');
            error = `${result.failed.toLocaleString('en-US')} not sent: ${why}.`;
            run.cancelled = true;
          }
          if (result.unknown > 0 && error === undefined) {
            error = "the connection closed while messages waited for the broker's acknowledgement.";
            run.cancelled = true;
          }
          report(progress());
          schedule(0);
        });
      }
      const wait = msUntilNextDue({
        intervalMs,
        startedAtMs,
        nowMs: performance.now(),
        sent: handed,
      });
      schedule(wait);
    };

    const schedule = (delayMs: number) => {
      if (run.timer !== undefined) {
        if (delayMs > 0) return;
        clearTimeout(run.timer);
      }
      if (!run.finished) run.timer = setTimeout(tick, delayMs);
    };

    report({ ...progress(), running: true }, true);
    tick();
    return undefined;
  }

  return { start, stop, resume };
}
