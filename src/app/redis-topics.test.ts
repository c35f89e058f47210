import { describe, expect, it } from 'vitest';
import { REDIS_FILTER, subscribeWhenRedisBridged } from './redis-topics';

const answer = (status: number, body: string) => () =>
  Promise.resolve(new Response(body, { status, headers: { 'Content-Type': 'application/json' } }));

describe('first visit to a server with a Redis bridge', () => {
  it('subscribes to redis/# when /api/broker names a Redis', async () => {
    const filters: string[] = [];
    const info = JSON.stringify({ kind: 'embedded', redis: { url: 'redis://127.0.0.1:6379' } });
    expect(await subscribeWhenRedisBridged((f) => filters.push(f), answer(200, info))).toBe(true);
    expect(filters).toEqual([REDIS_FILTER]);
  });

  it.each([
    ['no redis entry', answer(200, JSON.stringify({ kind: 'embedded' }))],
    ['redis: null', answer(200, JSON.stringify({ kind: 'embedded', redis: null }))],
    ['a 404', answer(404, 'not found')],
    ['index.html from a static host', answer(200, '<!doctype html>')],
    ['no server', () => Promise.reject(new TypeError('Failed to fetch'))],
  ])('does nothing with %s', async (_name, fetchInfo) => {
    const filters: string[] = [];
    expect(await subscribeWhenRedisBridged((f) => filters.push(f), fetchInfo)).toBe(false);
    expect(filters).toEqual([]);
  });
});
