/**
 * A first visit to an app server that bridges Redis (`npm start -- --redis=…`; GET /api/broker
 * has a "redis" entry) subscribes to the bridge's topics too, so the Redis demo shows at once.
 */
export const REDIS_FILTER = 'redis/#';

/** Resolves true once it subscribed; false when the server has no bridge or cannot say. */
export async function subscribeWhenRedisBridged(
  subscribe: (filter: string) => void,
  fetchInfo: (url: string) => Promise<Response> = (url) => fetch(url),
): Promise<boolean> {
  try {
    const response = await fetchInfo('/api/broker');
    if (!response.ok) return false;
    const info: unknown = await response.json();
    if (!info || typeof info !== 'object' || !(info as { redis?: unknown }).redis) return false;
    subscribe(REDIS_FILTER);
    return true;
  } catch {
    // A static host (no /api/broker) or an older server: nothing to add.
    return false;
  }
}
