/**
 * GET /api/broker of the server the page came from, once per page: which broker it runs and
 * where (see domain/broker-info). Undefined from a static host or an older server, or when it
 * does not answer within a second.
 */
import { parseBrokerInfo, type BrokerInfo } from '../domain/broker-info';

const TIMEOUT_MS = 1000;

let cached: Promise<BrokerInfo | undefined> | undefined;

export function fetchBrokerInfo(
  fetchInfo: (url: string, init: RequestInit) => Promise<Response> = (url, init) =>
    fetch(url, init),
): Promise<BrokerInfo | undefined> {
  cached ??= (async () => {
    try {
      const response = await fetchInfo('/api/broker', { signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (!response.ok) return undefined;
      return parseBrokerInfo(await response.json());
    } catch {
      return undefined;
    }
  })();
  return cached;
}

/** For tests: forget the answer. */
export function forgetBrokerInfo(): void {
  cached = undefined;
}
