import { describe, expect, it } from 'vitest';
import { Ingest } from './ingest';
import { TrafficHistory } from './traffic-history';

const payload = (n: number) => new Uint8Array(n);

function flood(ingest: Ingest, topic: string, count: number, size = 10): void {
  for (let i = 0; i < count; i++) ingest.ingestOne(topic, payload(size), 0, 0);
}

describe('TrafficHistory', () => {
  it('measures messages and bytes per second overall and for the top topics', () => {
    const ingest = new Ingest();
    const traffic = new TrafficHistory(ingest, 2);
    flood(ingest, 'quiet', 1);
    traffic.sample(0);
    flood(ingest, 'a', 30, 100);
    flood(ingest, 'b', 10);
    flood(ingest, 'c', 20);
    flood(ingest, 'quiet', 1);
    traffic.sample(2_000);
    expect(traffic.overall.messagesPerSec.valueAt(0)).toBe(30.5);
    expect(traffic.overall.bytesPerSec.valueAt(0)).toBe((3000 + 100 + 200 + 10) / 2);
    // Topics first seen since the last tick count from zero.
    expect(traffic.top).toEqual(['a', 'c']);
    expect(traffic.topics.get('a')!.messagesPerSec.valueAt(0)).toBe(15);
    flood(ingest, 'a', 4, 100);
    flood(ingest, 'b', 10);
    flood(ingest, 'c', 6);
    flood(ingest, 'quiet', 1);
    traffic.sample(3_000);
    // Ranked over the last minute: a 15 + 4, c 10 + 6, b 10 (tracked from its busy second).
    expect(traffic.top).toEqual(['a', 'c']);
    expect(traffic.topics.has('b')).toBe(true);
    expect(traffic.topics.get('b')!.messagesPerSec.valueAt(0)).toBe(10);
    expect(traffic.topics.get('c')!.bytesPerSec.valueAt(1)).toBe(60);
    // 'a' left the top but keeps its line while tracked.
    expect(traffic.topics.get('a')!.messagesPerSec.valueAt(1)).toBe(4);
  });

  it('forgets a burst after a minute', () => {
    const ingest = new Ingest();
    const traffic = new TrafficHistory(ingest, 1);
    traffic.sample(0);
    flood(ingest, 'a', 50);
    traffic.sample(1_000);
    flood(ingest, 'b', 2);
    traffic.sample(2_000);
    expect(traffic.top).toEqual(['a']);
    for (let t = 3_000; t <= 62_000; t += 1_000) {
      flood(ingest, 'b', 2);
      traffic.sample(t);
    }
    expect(traffic.top).toEqual(['b']);
  });

  it('keeps drawing a former top topic, at zero when it goes quiet', () => {
    const ingest = new Ingest();
    const traffic = new TrafficHistory(ingest, 1);
    flood(ingest, 'a', 1);
    flood(ingest, 'b', 1);
    traffic.sample(0);
    flood(ingest, 'a', 5);
    traffic.sample(1_000);
    expect(traffic.top).toEqual(['a']);
    flood(ingest, 'b', 7);
    traffic.sample(2_000);
    expect(traffic.top).toEqual(['b']);
    const a = traffic.topics.get('a')!.messagesPerSec;
    expect([a.valueAt(0), a.valueAt(1)]).toEqual([5, 0]);
  });

  it('starts over when the counters are cleared', () => {
    const ingest = new Ingest();
    const traffic = new TrafficHistory(ingest);
    flood(ingest, 'a', 50);
    traffic.sample(0);
    ingest.clear();
    flood(ingest, 'a', 3);
    traffic.sample(1_000);
    expect(traffic.overall.messagesPerSec.valueAt(0)).toBe(3);
  });
});
