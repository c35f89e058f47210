import { describe, expect, it } from 'vitest';
import { Ingest } from './ingest';
import { MessageBatcher } from '../mqtt/message-batcher';
import { compileTopicFilter } from '../domain/topic-filter';
import { MESSAGE_OVERHEAD_BYTES } from '../domain/limits';

const bytes = (s: string) => new TextEncoder().encode(s);
const limits = (historyPerTopic: number, logCapacity: number, payloadBudgetBytes = 1 << 30) => ({
  historyPerTopic,
  logCapacity,
  payloadBudgetBytes,
});

describe('Ingest', () => {
  it('counts every message and keeps the newest per topic and in the log', () => {
    const ingest = new Ingest();
    for (let i = 0; i < 5; i++) ingest.ingestOne('a/b', bytes(`m${i}`), 1, i);
    ingest.ingestOne('a/c', bytes('x'), 0b101, 9);
    expect(ingest.totals.received).toBe(6);
    expect(ingest.log.size).toBe(6);
    const entry = ingest.topics.get('a/b')!;
    expect(entry.ownCount).toBe(5);
    expect(ingest.tree.find('a')!.totalCount).toBe(6);
    expect(new TextDecoder().decode(entry.data!.lastMessage!.payload)).toBe('m4');
    expect(ingest.topics.get('a/c')!.data!.retained).toBe(true);
    expect(ingest.dirty).toBe(true);
  });

  it('unpacks a worker batch with its properties and worker drops', () => {
    const batcher = new MessageBatcher(10, 1 << 20);
    batcher.add('t/1', bytes('one'), 1, 100);
    batcher.add('t/2', bytes('two'), 2, 101, { userProperties: [{ key: 'k', value: 'v' }] });
    const ingest = new Ingest();
    ingest.ingestBatch(batcher.take());
    expect(ingest.totals.received).toBe(2);
    const second = ingest.log.getNewest(0)!;
    expect(second.topic).toBe('t/2');
    expect(new TextDecoder().decode(second.payload)).toBe('two');
    expect(second.properties?.userProperties).toEqual([{ key: 'k', value: 'v' }]);
    expect(ingest.log.getNewest(1)!.properties).toBeUndefined();
  });

  it('counts a message as dropped only when no ring keeps it', () => {
    const ingest = new Ingest(limits(2, 100));
    for (let i = 0; i < 101; i++) ingest.ingestOne('a', bytes(String(i)), 0, i);
    // history keeps 2, log keeps 100: only message 0 is gone from both
    expect(ingest.totals.dropped).toBe(1);
    expect(ingest.topics.get('a')!.data!.droppedCount).toBe(99);
    expect(ingest.log.size).toBe(100);
    expect(ingest.totals.keptMessages).toBe(100);
  });

  it('evicts the oldest messages first to stay within the payload byte budget', () => {
    const ingest = new Ingest(limits(100, 100, 1024 * 1024));
    const big = new Uint8Array(400 * 1024);
    for (let i = 0; i < 5; i++) ingest.ingestOne(`t${i % 2}`, big, 0, i);
    expect(ingest.totals.keptBytes).toBeLessThanOrEqual(1024 * 1024);
    expect(ingest.totals.keptMessages).toBe(2);
    expect(ingest.totals.dropped).toBe(3);
    expect(ingest.log.get(0)!.receivedAtMs).toBe(3);
    expect(ingest.topics.get('t0')!.data!.history.size).toBe(1);
  });

  it('never grows past its limits under a flood', () => {
    const ingest = new Ingest(limits(10, 1000));
    for (let i = 0; i < 50_000; i++) ingest.ingestOne(`t/${i % 300}`, bytes('{"v":1}'), 0, i);
    expect(ingest.log.size).toBe(1000);
    expect(ingest.totals.received).toBe(50_000);
    expect(ingest.totals.keptMessages).toBeLessThanOrEqual(300 * 10 + 1000);
    expect(ingest.totals.received - ingest.totals.dropped).toBe(ingest.totals.keptMessages);
  });

  it('shrinks rings when the limits are lowered and counts what left', () => {
    const ingest = new Ingest(limits(1000, 1000));
    for (let i = 0; i < 150; i++) ingest.ingestOne('a', bytes('x'), 0, i);
    ingest.setLimits(limits(5, 100));
    expect(ingest.log.size).toBe(100);
    expect(ingest.log.capacity).toBe(100);
    expect(ingest.topics.get('a')!.data!.history.size).toBe(5);
    expect(ingest.totals.keptMessages).toBe(100);
    expect(ingest.totals.dropped).toBe(50);
  });

  it('counts but does not keep messages of muted subscriptions', () => {
    const ingest = new Ingest();
    ingest.setSubscriptions([
      { matches: compileTopicFilter('noisy/#'), muted: true, colorIndex: 0 },
      { matches: compileTopicFilter('calm/#'), muted: false, colorIndex: 1 },
    ]);
    ingest.ingestOne('noisy/a', bytes('x'), 0, 1);
    ingest.ingestOne('calm/a', bytes('y'), 0, 2);
    expect(ingest.totals.received).toBe(2);
    expect(ingest.totals.muted).toBe(1);
    expect(ingest.log.size).toBe(1);
    expect(ingest.topics.get('calm/a')!.data!.colorIndex).toBe(1);
    ingest.setSubscriptions([
      { matches: compileTopicFilter('noisy/#'), muted: false, colorIndex: 0 },
    ]);
    ingest.ingestOne('noisy/a', bytes('x'), 0, 3);
    expect(ingest.log.size).toBe(2);
  });
});

describe('Ingest memory budget', () => {
  it('counts each message overhead, so many tiny messages stay within the budget too', () => {
    const budgetBytes = 1024 * 1024;
    const ingest = new Ingest({
      historyPerTopic: 1000,
      logCapacity: 100_000,
      payloadBudgetBytes: budgetBytes,
    });
    for (let i = 0; i < 50_000; i++) ingest.ingestOne(`t/${i % 1000}`, new Uint8Array(10), 0, i);
    expect(ingest.totals.keptBytes).toBeLessThanOrEqual(budgetBytes);
    expect(ingest.totals.keptMessages).toBe(
      Math.floor(budgetBytes / (10 + MESSAGE_OVERHEAD_BYTES)),
    );
    expect(ingest.totals.received - ingest.totals.dropped).toBe(ingest.totals.keptMessages);
  });
});

describe('Ingest: switching brokers', () => {
  it('records the broker each message and topic came from', () => {
    const ingest = new Ingest();
    ingest.setSource('ws://a/mqtt');
    ingest.ingestOne('t', bytes('1'), 0, 1);
    ingest.setSource('ws://b/mqtt');
    ingest.ingestOne('u', bytes('2'), 0, 2);
    expect(ingest.log.get(0)!.source).toBe('ws://a/mqtt');
    expect(ingest.topics.get('u')!.data!.source).toBe('ws://b/mqtt');
  });

  it('counts what was gone before a detach once after the reattach', () => {
    const ingest = new Ingest(limits(1, 100));
    ingest.setSource('a');
    for (let i = 0; i < 3; i++) ingest.ingestOne('t', bytes(`${i}`), 0, i);
    ingest.clearLog();
    // The log let go of all three; the history (1) keeps only the newest: two gone for good.
    expect(ingest.totals.dropped).toBe(2);
    const old = ingest.detach();
    ingest.reattach(old);
    expect(ingest.totals).toMatchObject({ received: 3, dropped: 2, keptMessages: 1 });
    expect(ingest.topics.get('t')!.data!.droppedCount).toBe(2);
  });

  it('detach empties every view and count; reattach puts the old data before the new', () => {
    const ingest = new Ingest(limits(2, 100));
    ingest.setSource('ws://a/mqtt');
    for (let i = 0; i < 3; i++) ingest.ingestOne('old/t', bytes(`o${i}`), 0, i);
    const old = ingest.detach();
    // o0 fell out of the topic's history (2) but the log still keeps it.
    expect(old.messages.map((m) => new TextDecoder().decode(m.payload))).toEqual([
      'o0',
      'o1',
      'o2',
    ]);
    expect(ingest.totals.received).toBe(0);
    expect(ingest.topics.size).toBe(0);
    expect(ingest.log.size).toBe(0);

    ingest.setSource('ws://b/mqtt');
    ingest.ingestOne('new/t', bytes('n0'), 0, 10);
    ingest.reattach(old);
    const log = [0, 1, 2, 3].map((i) => ingest.log.get(i)!);
    expect(log.map((m) => [m.topic, m.source])).toEqual([
      ['old/t', 'ws://a/mqtt'],
      ['old/t', 'ws://a/mqtt'],
      ['old/t', 'ws://a/mqtt'],
      ['new/t', 'ws://b/mqtt'],
    ]);
    expect(ingest.totals).toMatchObject({ received: 4, dropped: 0, keptMessages: 4 });
    expect(ingest.topics.get('old/t')!.data!.droppedCount).toBe(1);
    expect(ingest.topics.get('old/t')!.data!.source).toBe('ws://a/mqtt');
    expect(ingest.source).toBe('ws://b/mqtt');
  });
});
