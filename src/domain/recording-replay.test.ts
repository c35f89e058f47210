import { describe, expect, it } from 'vitest';
import {
  compileTopicRewrite,
  replayOffsets,
  replayOptions,
  ReplaySchedule,
  replaySelector,
  replaySettingsProblem,
  RunningMax,
  sameOptions,
  type ReplaySettings,
} from './recording-replay';
import { flagsOf } from './recording-chunk';

const settings: ReplaySettings = {
  pace: { kind: 'timed', factor: 1 },
  retain: 'keep',
  qos: 'recorded',
};

describe('replay schedule', () => {
  const times = [1_000, 1_100, 1_250, 2_000, 11_000];

  it('keeps the recorded distances at 1×', () => {
    expect(replayOffsets(times, 1)).toEqual([0, 100, 250, 1_000, 10_000]);
  });

  it('divides them by the factor at N×', () => {
    expect(replayOffsets(times, 10)).toEqual([0, 10, 25, 100, 1_000]);
    expect(replayOffsets(times, 100)).toEqual([0, 1, 2.5, 10, 100]);
    expect(replayOffsets(times, 0.5)).toEqual([0, 200, 500, 2_000, 20_000]);
  });

  it('sends everything at once at the fastest pace', () => {
    expect(replayOffsets(times, Infinity)).toEqual([0, 0, 0, 0, 0]);
  });

  it('reads times that go backwards as their running maximum', () => {
    expect(replayOffsets([1_000, 900, 1_500, 1_200], 1)).toEqual([0, 0, 500, 500]);
    const clock = new RunningMax();
    expect([5, 3, 8, 8, 2].map((t) => clock.next(t))).toEqual([5, 5, 8, 8, 8]);
  });

  it('starts at the page time given and moves what is left by the length of a pause', () => {
    const schedule = new ReplaySchedule(10);
    schedule.start(50_000, 1_000);
    expect(schedule.dueAt(1_000)).toBe(50_000);
    expect(schedule.dueAt(3_000)).toBe(50_200);
    expect(schedule.waitMs(3_000, 50_150)).toBe(50);
    schedule.pause(50_150);
    expect(schedule.paused).toBe(true);
    expect(schedule.waitMs(3_000, 50_160)).toBe(Infinity);
    expect(schedule.recordedAt(60_000)).toBe(1_000 + 150 * 10);
    schedule.resume(51_150);
    expect(schedule.dueAt(3_000)).toBe(51_200);
    expect(schedule.waitMs(3_000, 51_150)).toBe(50);
    expect(schedule.recordedAt(51_160)).toBe(1_000 + 160 * 10);
  });
});

describe('topic rewrite', () => {
  it('moves topics under the first prefix under the second', () => {
    const c = compileTopicRewrite('plant/#', 'replay/plant/#');
    if (!c.ok) throw new Error(c.error);
    expect(c.rewrite('plant/line1/temperature')).toBe('replay/plant/line1/temperature');
    expect(c.rewrite('plant')).toBe('replay/plant');
    expect(c.rewrite('plantation/x')).toBe('plantation/x');
    expect(c.rewrite('other/plant/x')).toBe('other/plant/x');
  });

  it('can add a prefix to every topic or take one away', () => {
    const add = compileTopicRewrite('#', 'copy/#');
    expect(add.ok && add.rewrite('a/b')).toBe('copy/a/b');
    expect(add.ok && add.rewrite('$SYS/x')).toBe('$SYS/x');
    const strip = compileTopicRewrite('replay/#', '#');
    expect(strip.ok && strip.rewrite('replay/a/b')).toBe('a/b');
    expect(strip.ok && strip.rewrite('replay')).toBe('replay');
  });

  it('is no rewrite when both sides are empty, and says what is wrong otherwise', () => {
    const none = compileTopicRewrite('', '');
    expect(none.ok && none.rewrite('a/b')).toBe('a/b');
    expect(compileTopicRewrite('plant/#', '')).toMatchObject({ ok: false });
    expect(compileTopicRewrite('plant/+', 'x/#')).toMatchObject({
      ok: false,
      error: expect.stringContaining('/#'),
    });
    expect(compileTopicRewrite('plant/#', 'x/+/#')).toMatchObject({
      ok: false,
      error: expect.stringContaining("'+'"),
    });
  });
});

describe('replay settings', () => {
  it('checks speed, range, filter and rewrite', () => {
    expect(replaySettingsProblem(settings)).toBeUndefined();
    expect(replaySettingsProblem({ ...settings, pace: { kind: 'timed', factor: 0 } })).toContain(
      'speed',
    );
    expect(replaySettingsProblem({ ...settings, fromMs: 5, toMs: 4 })).toContain('ends before');
    expect(replaySettingsProblem({ ...settings, topicFilter: 'a/#/b' })).toContain('Topic filter');
    expect(replaySettingsProblem({ ...settings, rewriteFrom: 'a', rewriteTo: 'b/#' })).toContain(
      '/#',
    );
  });

  it('keeps or drops retain, keeps or sets QoS, and uses QoS 1 at the fastest pace', () => {
    const retained = { flags: flagsOf(2, true), properties: undefined };
    expect(replayOptions(retained, settings)).toEqual({ qos: 2, retain: true });
    expect(replayOptions(retained, { ...settings, retain: 'drop', qos: 0 })).toEqual({
      qos: 0,
      retain: false,
    });
    expect(replayOptions(retained, { ...settings, pace: { kind: 'max' } })).toEqual({
      qos: 1,
      retain: true,
    });
  });

  it('sends MQTT 5 properties but not subscription identifiers', () => {
    const o = replayOptions(
      { flags: 0, properties: { contentType: 'x', subscriptionIdentifiers: [4] } },
      settings,
    );
    expect(o).toEqual({ qos: 0, retain: false, properties: { contentType: 'x' } });
    expect(
      replayOptions({ flags: 0, properties: { subscriptionIdentifiers: [4] } }, settings),
    ).toEqual({ qos: 0, retain: false });
    expect(sameOptions({ qos: 0, retain: false }, { qos: 0, retain: false })).toBe(true);
    expect(sameOptions({ qos: 0, retain: false }, { qos: 0, retain: true })).toBe(false);
    expect(sameOptions(o, o)).toBe(false);
  });

  it('selects by time range and topic filter', () => {
    const pick = replaySelector({ fromMs: 10, toMs: 20, topicFilter: 'plant/#' });
    expect(pick({ topic: 'plant/a' }, 10)).toBe(true);
    expect(pick({ topic: 'plant/a' }, 20)).toBe(true);
    expect(pick({ topic: 'plant/a' }, 21)).toBe(false);
    expect(pick({ topic: 'other' }, 15)).toBe(false);
    expect(replaySelector({})({ topic: 'x' }, -5)).toBe(true);
  });
});
