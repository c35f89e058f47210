import { beforeEach, describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { SubscribeOptions } from '../domain/mqtt-types';
import type { SubscriptionMatcher } from '../ingest/ingest';
import type { Subscription } from '../stores/subscriptions-store';
import { SubscriptionRegistry } from './subscription-registry';

type Sent = ['subscribe', string, SubscribeOptions] | ['unsubscribe', string];

let sent: Sent[];
let matchers: SubscriptionMatcher[];
let registry: SubscriptionRegistry;
let store: ReturnType<typeof newStore>;

const newStore = () =>
  createStore<{ list: Subscription[]; error: string | undefined }>(() => ({
    list: [],
    error: undefined,
  }));

beforeEach(() => {
  sent = [];
  matchers = [];
  store = newStore();
  registry = new SubscriptionRegistry(
    {
      subscribe: (filter, options) => sent.push(['subscribe', filter, options]),
      unsubscribe: (filter) => sent.push(['unsubscribe', filter]),
    },
    { setSubscriptions: (next) => (matchers = next) },
    store,
  );
});

const entry = (filter: string) => store.getState().list.find((s) => s.filter === filter);
/** Whether the ingest keeps a message on `topic` (some matcher matches, not all muted). */
const kept = (topic: string) => {
  const matching = matchers.filter((m) => m.matches(topic));
  return matching.length > 0 && matching.some((m) => !m.muted);
};

describe('SubscriptionRegistry', () => {
  it('refuses an invalid filter with a reason and sends nothing', () => {
    expect(registry.subscribe('a/#/b', { qos: 0 })).toBe(false);
    expect(store.getState().error).toMatch(/#/);
    expect(sent).toEqual([]);
    expect(store.getState().list).toEqual([]);
  });

  it('subscribes, reads the SUBACK and unsubscribes', () => {
    registry.subscribe('plant/#', { qos: 1 });
    expect(sent).toEqual([['subscribe', 'plant/#', { qos: 1 }]]);
    expect(entry('plant/#')).toMatchObject({ own: true, state: 'pending', usedBy: [] });
    registry.applySuback({ type: 'suback', filter: 'plant/#', reasonCode: 1 });
    expect(entry('plant/#')).toMatchObject({ state: 'granted', grantedQos: 1 });
    registry.applySuback({ type: 'suback', filter: 'plant/#', reasonCode: 0x87 });
    expect(entry('plant/#')).toMatchObject({ state: 'refused', reason: 'Not authorized' });
    registry.unsubscribe('plant/#');
    expect(sent.at(-1)).toEqual(['unsubscribe', 'plant/#']);
    expect(store.getState().list).toEqual([]);
  });

  it("a panel's hold never changes the user's options and is reference-counted", () => {
    registry.subscribe('$SYS/#', { qos: 2, retainHandling: 2 });
    sent = [];
    const releaseA = registry.hold('$SYS/#', 'Broker panel');
    const releaseB = registry.hold('$SYS/#', 'Broker panel');
    expect(sent).toEqual([]);
    expect(entry('$SYS/#')).toMatchObject({
      own: true,
      options: { qos: 2, retainHandling: 2 },
      usedBy: ['Broker panel'],
    });
    releaseA();
    releaseA();
    expect(entry('$SYS/#')?.usedBy).toEqual(['Broker panel']);
    releaseB();
    expect(entry('$SYS/#')).toMatchObject({ own: true, usedBy: [] });
    expect(sent).toEqual([]);
  });

  it('a hold alone subscribes, shows who uses it, and unsubscribes after the last release', () => {
    const release = registry.hold('reply/me', 'Command', 1);
    expect(sent).toEqual([['subscribe', 'reply/me', { qos: 1 }]]);
    expect(entry('reply/me')).toMatchObject({ own: false, usedBy: ['Command'], colorIndex: -1 });
    release();
    expect(sent.at(-1)).toEqual(['unsubscribe', 'reply/me']);
    expect(entry('reply/me')).toBeUndefined();
  });

  it("unsubscribing the user's filter leaves a panel's hold subscribed with its own options", () => {
    registry.subscribe('$SYS/#', { qos: 2, noLocal: true });
    const release = registry.hold('$SYS/#', 'Broker panel');
    sent = [];
    registry.unsubscribe('$SYS/#');
    expect(sent).toEqual([['subscribe', '$SYS/#', { qos: 0 }]]);
    expect(entry('$SYS/#')).toMatchObject({ own: false, usedBy: ['Broker panel'] });
    release();
    expect(sent.at(-1)).toEqual(['unsubscribe', '$SYS/#']);
  });

  it('keeps what a panel waits for even under a muted subscription', () => {
    registry.subscribe('demo/#', { qos: 0 });
    registry.toggleMute('demo/#');
    expect(kept('demo/motor/set/reply')).toBe(false);
    const release = registry.hold('demo/motor/set/reply', 'Command', 1);
    expect(kept('demo/motor/set/reply')).toBe(true);
    expect(kept('demo/other')).toBe(false);
    release();
    expect(kept('demo/motor/set/reply')).toBe(false);
  });

  it('sends the whole list again after a reconnect, each filter with its options', () => {
    registry.subscribe('a/+', { qos: 1 });
    registry.hold('b/#', 'Broker panel');
    registry.markPending();
    expect(store.getState().list.every((s) => s.state === 'pending')).toBe(true);
    sent = [];
    registry.resubscribeAll();
    expect(sent).toEqual([
      ['subscribe', 'a/+', { qos: 1 }],
      ['subscribe', 'b/#', { qos: 0 }],
    ]);
  });

  it('restores mute and colour of a stored subscription', () => {
    registry.restore([{ filter: 'x/#', options: { qos: 0 }, muted: true, colorIndex: 5 }]);
    expect(entry('x/#')).toMatchObject({ own: true, muted: true, colorIndex: 5 });
    expect(kept('x/y')).toBe(false);
  });
});
