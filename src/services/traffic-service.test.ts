import { afterEach, describe, expect, it, vi } from 'vitest';
import { Ingest } from '../ingest/ingest';
import { TrafficService } from './traffic-service';

describe('TrafficService', () => {
  afterEach(() => vi.useRealTimers());

  it('samples once per second while someone holds it, and stops after the last release', () => {
    vi.useFakeTimers();
    const ingest = new Ingest();
    let clock = 0;
    const traffic = new TrafficService(ingest, () => clock);
    const first = traffic.open();
    const second = traffic.open();
    expect(second.history).toBe(first.history);
    clock = 1_000;
    vi.advanceTimersByTime(1_000);
    expect(first.history.overall.messagesPerSec.size).toBe(1);
    first.release();
    first.release();
    clock = 2_000;
    vi.advanceTimersByTime(1_000);
    expect(first.history.overall.messagesPerSec.size).toBe(2);
    second.release();
    vi.advanceTimersByTime(5_000);
    expect(first.history.overall.messagesPerSec.size).toBe(2);
  });
});
