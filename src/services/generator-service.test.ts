import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DRAFT } from '../domain/publish-draft';
import type { PublishManyResultEvent } from '../mqtt/worker-protocol';
import { usePublishRunStore } from '../stores/publish-run-store';
import { createGeneratorService } from './generator-service';

beforeEach(() => {
  vi.stubGlobal('requestAnimationFrame', (cb: () => void) => setTimeout(cb, 0));
  usePublishRunStore.setState(usePublishRunStore.getInitialState(), true);
});
afterEach(() => vi.unstubAllGlobals());

const settings = {
  mode: 'burst' as const,
  intervalMs: 1,
  count: 3000,
  counterStart: 1,
  topicCount: 0,
};
const draft = { ...DEFAULT_DRAFT, topic: 'gen/t', payload: 'x', qos: 1 as const };
const result = (patch: Partial<PublishManyResultEvent>): PublishManyResultEvent => ({
  type: 'publish-many-result',
  requestId: 0,
  sent: 0,
  failed: 0,
  unknown: 0,
  roundTripMs: 1,
  ...patch,
});

const ended = () =>
  vi.waitUntil(() => usePublishRunStore.getState().summary !== undefined, { timeout: 5_000 });

describe('generator runs end', () => {
  it('a connection lost mid-run ends it with what is unknown, and offers to resume', async () => {
    let connectionUp = true;
    const chunks: number[] = [];
    let call = 0;
    const generator = createGeneratorService({
      publishMany: async (topics) => {
        chunks.push(topics.length);
        // The second chunk meets a closed connection.
        if (++call === 2) connectionUp = false;
        return connectionUp ? result({ sent: topics.length }) : result({ unknown: topics.length });
      },
    });
    expect(generator.start(draft, 5, settings)).toBeUndefined();
    await ended();
    const run = usePublishRunStore.getState();
    expect(run.running).toBe(false);
    expect(run.summary).toMatch(/^Stopped: the connection closed/);
    expect(run.summary).toMatch(/unknown \(the connection closed before the broker acknowledged/);
    expect(run.sent).toBe(1000);
    expect(run.resumeFrom).toBe(1001);

    // Back online: the run goes on with the 2,000 messages not acknowledged.
    connectionUp = true;
    call = 10;
    chunks.length = 0;
    usePublishRunStore.setState({ summary: undefined });
    expect(generator.resume()).toBeUndefined();
    await ended();
    expect(usePublishRunStore.getState().summary).toMatch(/^Done: 2,000 of 2,000 messages sent/);
    expect(chunks.reduce((a, b) => a + b, 0)).toBe(2000);
  });

  it('Stop ends a run whose acknowledgements never come', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const generator = createGeneratorService({ publishMany: () => new Promise(() => undefined) });
      generator.start(draft, 5, settings);
      await vi.advanceTimersByTimeAsync(10);
      expect(usePublishRunStore.getState().running).toBe(true);
      generator.stop();
      await vi.advanceTimersByTimeAsync(2_500);
      const run = usePublishRunStore.getState();
      expect(run.running).toBe(false);
      expect(run.summary).toMatch(/^Stopped: the connection gave no answer/);
      expect(run.unknown).toBeGreaterThan(0);
      expect(generator.start(draft, 5, settings)).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });
});
