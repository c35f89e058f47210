// A small shop writing into the Redis that `--redis=start` runs, so a newcomer sees Redis data at
// once: an "orders" stream (kept, replayable: an entry every 2 s) and an "alerts" pub/sub channel
// (fire and forget: a line-1 alert every 1 to 2.5 s). Either shows within 3 s of subscribing,
// whenever a page subscribes (neither is retained). The Redis bridge shows them as
// redis/stream/orders and redis/pubsub/alerts.
import { Redis } from 'ioredis';

export const DEMO_ORDERS_STREAM = 'orders';
export const DEMO_ALERTS_CHANNEL = 'alerts';
/** The stream is trimmed to about this many entries. */
const ORDERS_KEPT = 1000;
const ORDER_EVERY_MS = 2000;
const ALERT_MIN_MS = 1000;
const ALERT_MAX_MS = 2500;

const SKUS = [
  { sku: 'VALVE-25', price: 18.5 },
  { sku: 'PUMP-3KW', price: 420 },
  { sku: 'SENSOR-T', price: 32.9 },
  { sku: 'BELT-1200', price: 12.75 },
];
const CUSTOMERS = ['acme', 'globex', 'initech', 'umbrella'];
const ALERTS = [
  { level: 'warning', text: 'line1 temperature above 24 °C' },
  { level: 'info', text: 'line1 motor speed changed' },
  { level: 'warning', text: 'line1 north door open for 60 s' },
  { level: 'critical', text: 'line1 pressure below 990 hPa' },
];

/** @template T @param {readonly T[]} list @returns {T} */
const pick = (list) => /** @type {T} */ (list[Math.floor(Math.random() * list.length)]);

/**
 * Starts the shop; the first order and the first alert go out at once.
 * @param {{ redisUrl: string, log?: (...args: unknown[]) => void }} options
 * @returns {Promise<{ stop: () => Promise<void> }>}
 */
export async function startRedisDemo({ redisUrl, log = console.log }) {
  const redis = new Redis(redisUrl, { protocol: 2, connectionName: 'brokerscope-demo' });
  let stopped = false;
  let orderNumber = 1000;
  let lastError = '';
  redis.on('error', (err) => {
    // The bridge reports Redis' state; say it here only once per kind of trouble.
    if (stopped || err.message === lastError) return;
    lastError = err.message;
    log(`[redis-demo] ${err.message}`);
  });

  const addOrder = async () => {
    const item = pick(SKUS);
    const qty = 1 + Math.floor(Math.random() * 5);
    orderNumber++;
    await redis.xadd(
      DEMO_ORDERS_STREAM,
      'MAXLEN',
      '~',
      ORDERS_KEPT,
      '*',
      'order',
      `o-${orderNumber}`,
      'customer',
      pick(CUSTOMERS),
      'sku',
      item.sku,
      'qty',
      String(qty),
      'total',
      (item.price * qty).toFixed(2),
      'status',
      'created',
    );
  };
  const sendAlert = async () => {
    await redis.publish(DEMO_ALERTS_CHANNEL, JSON.stringify({ ...pick(ALERTS), ts: Date.now() }));
  };
  const quietly = (/** @type {() => Promise<unknown>} */ run) => () => {
    run().catch(() => undefined); // Redis away: the 'error' handler said so
  };

  await Promise.allSettled([addOrder(), sendAlert()]);
  const orderTimer = setInterval(quietly(addOrder), ORDER_EVERY_MS);
  /** @type {NodeJS.Timeout | undefined} */
  let alertTimer;
  const scheduleAlert = () => {
    alertTimer = setTimeout(
      () => {
        quietly(sendAlert)();
        if (!stopped) scheduleAlert();
      },
      ALERT_MIN_MS + Math.random() * (ALERT_MAX_MS - ALERT_MIN_MS),
    );
  };
  scheduleAlert();

  return {
    async stop() {
      stopped = true;
      clearInterval(orderTimer);
      clearTimeout(alertTimer);
      redis.disconnect();
    },
  };
}
