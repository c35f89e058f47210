/**
 * Replaying a recording into a broker: which messages go (a time range, a topic filter), under
 * which topic (a prefix rewrite such as plant/# -> replay/plant/#), with which options (QoS and
 * retain as recorded, or changed), and when: at the recorded pace, N times faster, or as fast as
 * the broker acknowledges. Pure: the service reads chunks and publishes, this decides.
 */
import type { MessageProperties, PublishOptions, QoS } from './mqtt-types';
import type { RecordedMessage } from './recording-chunk';
import { qosOfFlags, retainOfFlags } from './recording-chunk';
import { compileTopicFilter, validateTopicFilter, validateTopicName } from './topic-filter';

/** At the recorded pace times `factor`, or as fast as the broker acknowledges (QoS 1). */
export type ReplayPace = { kind: 'timed'; factor: number } | { kind: 'max' };

export const MIN_REPLAY_FACTOR = 0.1;
export const MAX_REPLAY_FACTOR = 1000;

export interface ReplaySettings {
  pace: ReplayPace;
  /** Recorded times to replay, inclusive, in ms since the epoch; undefined: from the start / to the end. */
  fromMs?: number;
  toMs?: number;
  /** Only messages whose topic matches this filter ('' or undefined: all). */
  topicFilter?: string;
  /** A prefix rewrite, e.g. from "plant/#" to "replay/plant/#" (both '' for none). */
  rewriteFrom?: string;
  rewriteTo?: string;
  /** Keep each message's recorded retain flag, or send none retained. */
  retain: 'keep' | 'drop';
  /** The recorded QoS, or one for every message; the fastest pace always uses QoS 1. */
  qos: 'recorded' | QoS;
}

/** The level prefix of a rewrite side: "plant/#" -> "plant", "#" -> "". */
function rewritePrefix(side: string, which: string): { prefix: string } | { error: string } {
  const s = side.trim();
  if (s === '#') return { prefix: '' };
  if (!s.endsWith('/#'))
    return { error: `The rewrite's ${which} must end with /# (as in plant/#).` };
  const prefix = s.slice(0, -2);
  const problem = validateTopicName(prefix);
  if (problem) return { error: `The rewrite's ${which}: ${problem}` };
  return { prefix };
}

export type CompiledRewrite =
  { ok: true; rewrite: (topic: string) => string } | { ok: false; error: string };

/**
 * Compiles a prefix rewrite: topics under `from` move under `to` (plant/a -> replay/plant/a,
 * plant -> replay/plant); other topics keep their names. Both empty: no rewrite.
 */
export function compileTopicRewrite(from = '', to = ''): CompiledRewrite {
  if (from.trim() === '' && to.trim() === '') return { ok: true, rewrite: (topic) => topic };
  if (from.trim() === '' || to.trim() === '')
    return { ok: false, error: 'Give both sides of the rewrite, as in plant/# -> replay/plant/#.' };
  const f = rewritePrefix(from, 'first part');
  if ('error' in f) return { ok: false, error: f.error };
  const t = rewritePrefix(to, 'second part');
  if ('error' in t) return { ok: false, error: t.error };
  const fromPrefix = f.prefix;
  const toPrefix = t.prefix;
  const matches = compileTopicFilter(from.trim());
  return {
    ok: true,
    rewrite: (topic) => {
      // '#' (no prefix) does not match topics starting with '$', as a broker would not.
      if (!matches(topic)) return topic;
      const rest = fromPrefix === '' ? topic : topic.slice(fromPrefix.length + 1);
      if (toPrefix === '') return rest === '' ? topic : rest;
      return rest === '' ? toPrefix : `${toPrefix}/${rest}`;
    },
  };
}

/** Checks the settings a person chose; a problem in plain words, or undefined. */
export function replaySettingsProblem(s: ReplaySettings): string | undefined {
  if (s.pace.kind === 'timed') {
    const f = s.pace.factor;
    if (!(f >= MIN_REPLAY_FACTOR && f <= MAX_REPLAY_FACTOR))
      return `The speed must be between ${MIN_REPLAY_FACTOR}× and ${MAX_REPLAY_FACTOR}×.`;
  }
  if (s.fromMs !== undefined && s.toMs !== undefined && s.fromMs > s.toMs)
    return 'The time range ends before it starts.';
  const filter = s.topicFilter?.trim();
  if (filter) {
    const problem = validateTopicFilter(filter);
    if (problem) return `Topic filter: ${problem}`;
  }
  const rewrite = compileTopicRewrite(s.rewriteFrom, s.rewriteTo);
  if (!rewrite.ok) return rewrite.error;
  return undefined;
}

/** Properties a publisher may send: subscription identifiers are the broker's, per receiver. */
function publishableProperties(p: MessageProperties | undefined): MessageProperties | undefined {
  if (!p) return undefined;
  const { subscriptionIdentifiers: _ids, ...rest } = p;
  void _ids;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

/** The options one recorded message is replayed with. */
export function replayOptions(
  m: Pick<RecordedMessage, 'flags' | 'properties'>,
  s: Pick<ReplaySettings, 'pace' | 'retain' | 'qos'>,
): PublishOptions {
  const qos: QoS = s.pace.kind === 'max' ? 1 : s.qos === 'recorded' ? qosOfFlags(m.flags) : s.qos;
  const retain = s.retain === 'keep' && retainOfFlags(m.flags);
  const properties = publishableProperties(m.properties);
  return properties ? { qos, retain, properties } : { qos, retain };
}

/** Two messages may go in one bulk publish when their options are the same. */
export function sameOptions(a: PublishOptions, b: PublishOptions): boolean {
  return a.qos === b.qos && a.retain === b.retain && !a.properties && !b.properties;
}

/** Which recorded messages a replay takes: time range and topic filter. */
export function replaySelector(
  s: Pick<ReplaySettings, 'fromMs' | 'toMs' | 'topicFilter'>,
): (m: Pick<RecordedMessage, 'topic'>, timeMs: number) => boolean {
  const filter = s.topicFilter?.trim();
  const matches = filter ? compileTopicFilter(filter) : undefined;
  const from = s.fromMs ?? -Infinity;
  const to = s.toMs ?? Infinity;
  return (m, timeMs) => timeMs >= from && timeMs <= to && (!matches || matches(m.topic));
}

/** Recorded times that go backwards (an imported file) are read as their running maximum. */
export class RunningMax {
  private value = -Infinity;

  next(timeMs: number): number {
    if (timeMs > this.value) this.value = timeMs;
    return this.value;
  }
}

/**
 * When each message is due, on the page's clock: the first replayed message at the start, each
 * later one after its recorded distance from the first divided by the speed factor (the fastest
 * pace: all at once, held back only by acknowledgements). A pause pushes everything not yet
 * sent later by its length.
 */
export class ReplaySchedule {
  private startWallMs = 0;
  private firstMs = 0;
  private pausedAtMs: number | undefined;

  /** `factor` Infinity: the fastest pace. */
  constructor(readonly factor: number) {}

  /** The replay begins at page time `wallMs` with the message recorded at `firstMs`. */
  start(wallMs: number, firstMs: number): void {
    this.startWallMs = wallMs;
    this.firstMs = firstMs;
  }

  get paused(): boolean {
    return this.pausedAtMs !== undefined;
  }

  pause(wallMs: number): void {
    if (this.pausedAtMs === undefined) this.pausedAtMs = wallMs;
  }

  resume(wallMs: number): void {
    if (this.pausedAtMs === undefined) return;
    this.startWallMs += wallMs - this.pausedAtMs;
    this.pausedAtMs = undefined;
  }

  /** The page time a message recorded at `recordedMs` (on the running-maximum clock) is due. */
  dueAt(recordedMs: number): number {
    if (!Number.isFinite(this.factor)) return this.startWallMs;
    return this.startWallMs + Math.max(0, recordedMs - this.firstMs) / this.factor;
  }

  /** How long to wait at `nowMs` for that message (Infinity while paused). */
  waitMs(recordedMs: number, nowMs: number): number {
    if (this.pausedAtMs !== undefined) return Infinity;
    return Math.max(0, this.dueAt(recordedMs) - nowMs);
  }

  /** The recorded time the replay has reached at page time `nowMs` (for progress). */
  recordedAt(nowMs: number): number {
    if (!Number.isFinite(this.factor)) return this.firstMs;
    const wall = this.pausedAtMs ?? nowMs;
    return this.firstMs + Math.max(0, wall - this.startWallMs) * this.factor;
  }
}

/** Page-time offsets at which messages recorded at `timesMs` are due, from a start at 0. */
export function replayOffsets(timesMs: readonly number[], factor: number): number[] {
  const clock = new RunningMax();
  const effective = timesMs.map((t) => clock.next(t));
  const schedule = new ReplaySchedule(factor);
  schedule.start(0, effective[0] ?? 0);
  return effective.map((t) => schedule.dueAt(t));
}

/** "plant/a" for a rewrite preview, or the reason the rewrite cannot be used. */
export function previewRewrite(from: string, to: string, topic: string): string {
  const compiled = compileTopicRewrite(from, to);
  return compiled.ok ? compiled.rewrite(topic) : compiled.error;
}
