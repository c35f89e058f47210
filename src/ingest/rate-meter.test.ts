import { describe, expect, it } from 'vitest';
import { Ingest } from './ingest';
import { RateMeter } from './rate-meter';

const payload = new Uint8Array(10);

describe('RateMeter', () => {
  it('gives messages and bytes per second overall and per touched topic', () => {
    const ingest = new Ingest();
    const meter = new RateMeter(ingest);
    meter.sample(0);
    for (let i = 0; i < 30; i++) ingest.ingestOne('a', payload, 0, i);
    for (let i = 0; i < 10; i++) ingest.ingestOne('b', payload, 0, i);
    const rates = meter.sample(2000);
    expect(rates).toEqual({ messagesPerSec: 20, bytesPerSec: 200 });
    expect(ingest.topics.get('a')!.data!.ratePerSec).toBe(15);
    expect(ingest.topics.get('b')!.data!.ratePerSec).toBe(5);
  });

  it('brings a quiet topic back to zero in the next window', () => {
    const ingest = new Ingest();
    const meter = new RateMeter(ingest);
    meter.sample(0);
    ingest.ingestOne('a', payload, 0, 1);
    meter.sample(1000);
    expect(ingest.topics.get('a')!.data!.ratePerSec).toBe(1);
    meter.sample(2000);
    expect(ingest.topics.get('a')!.data!.ratePerSec).toBe(0);
  });

  it('shows no burst when the counts start over or old data is put back', () => {
    const ingest = new Ingest();
    const meter = new RateMeter(ingest);
    meter.sample(0);
    for (let i = 0; i < 50; i++) ingest.ingestOne('a', payload, 0, i);
    meter.sample(1000);
    const old = ingest.detach();
    ingest.ingestOne('b', payload, 0, 1);
    ingest.reattach(old);
    expect(ingest.totals.received).toBe(51);
    expect(meter.sample(2000).messagesPerSec).toBe(0);
    ingest.ingestOne('c', payload, 0, 2);
    expect(meter.sample(3000).messagesPerSec).toBe(1);
  });
});
