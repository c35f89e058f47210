import { create } from 'zustand';
import { compileTopicFilter, validateTopicFilter } from '../domain/topic-filter';
import { isSubackFailure, subackReasonText } from '../mqtt/reason-codes';
import type { SubscribeOptions } from '../domain/mqtt-types';
import type { SubackEvent } from '../mqtt/worker-protocol';
import { getRuntime } from '../app/runtime';
import { readStored, writeStored } from './persisted';

const SUBSCRIPTIONS_KEY = 'brokerscope.subscriptions';

export const SUBSCRIPTION_COLORS = [
  '#2563eb',
  '#db2777',
  '#059669',
  '#d97706',
  '#7c3aed',
  '#0891b2',
  '#dc2626',
  '#65a30d',
] as const;

export type SubscriptionState = 'pending' | 'granted' | 'refused';

export interface Subscription {
  filter: string;
  options: SubscribeOptions;
  state: SubscriptionState;
  grantedQos: number | undefined;
  /** Plain-language refusal reason. */
  reason: string | undefined;
  muted: boolean;
  colorIndex: number;
}

interface SubscriptionsState {
  list: Subscription[];
  error: string | undefined;
  /** Validates, then asks the broker; returns false and sets `error` when invalid. */
  subscribe: (filter: string, options: SubscribeOptions) => boolean;
  unsubscribe: (filter: string) => void;
  toggleMute: (filter: string) => void;
  applySuback: (event: SubackEvent) => void;
  /** A new connection attempt: every filter waits for its SUBACK again. */
  markPending: () => void;
  clearError: () => void;
}

interface StoredSubscription {
  filter: string;
  options: SubscribeOptions;
  muted: boolean;
  colorIndex: number;
}

function persist(list: Subscription[]): void {
  writeStored(
    SUBSCRIPTIONS_KEY,
    list.map(({ filter, options, muted, colorIndex }) => ({ filter, options, muted, colorIndex })),
  );
}

/** Tells the ingest which topics are muted and which colour each subscription has. */
function syncMatchers(list: Subscription[]): void {
  getRuntime().ingest.setSubscriptions(
    list.map((s) => ({
      matches: compileTopicFilter(s.filter),
      muted: s.muted,
      colorIndex: s.colorIndex,
    })),
  );
}

function nextColor(list: Subscription[]): number {
  const used = new Set(list.map((s) => s.colorIndex));
  for (let i = 0; i < SUBSCRIPTION_COLORS.length; i++) if (!used.has(i)) return i;
  return list.length % SUBSCRIPTION_COLORS.length;
}

export function loadStoredSubscriptions(): StoredSubscription[] | undefined {
  return readStored<StoredSubscription[] | undefined>(SUBSCRIPTIONS_KEY, undefined);
}

export const useSubscriptionsStore = create<SubscriptionsState>((set, get) => ({
  list: [],
  error: undefined,
  subscribe: (rawFilter, options) => {
    const filter = rawFilter;
    const problem = validateTopicFilter(filter);
    if (problem) {
      set({ error: problem });
      return false;
    }
    const existing = get().list.find((s) => s.filter === filter);
    const entry: Subscription = {
      filter,
      options,
      state: 'pending',
      grantedQos: undefined,
      reason: undefined,
      muted: existing?.muted ?? false,
      colorIndex: existing?.colorIndex ?? nextColor(get().list),
    };
    const list = existing
      ? get().list.map((s) => (s.filter === filter ? entry : s))
      : [...get().list, entry];
    set({ list, error: undefined });
    persist(list);
    syncMatchers(list);
    getRuntime().connection.subscribe(filter, options);
    return true;
  },
  unsubscribe: (filter) => {
    const list = get().list.filter((s) => s.filter !== filter);
    set({ list });
    persist(list);
    syncMatchers(list);
    getRuntime().connection.unsubscribe(filter);
  },
  toggleMute: (filter) => {
    const list = get().list.map((s) => (s.filter === filter ? { ...s, muted: !s.muted } : s));
    set({ list });
    persist(list);
    syncMatchers(list);
  },
  applySuback: (event) =>
    set({
      list: get().list.map((s) => {
        if (s.filter !== event.filter) return s;
        if (event.error !== undefined || event.reasonCode === undefined) {
          return { ...s, state: 'refused', grantedQos: undefined, reason: event.error };
        }
        if (isSubackFailure(event.reasonCode)) {
          return {
            ...s,
            state: 'refused',
            grantedQos: undefined,
            reason: subackReasonText(event.reasonCode),
          };
        }
        return { ...s, state: 'granted', grantedQos: event.reasonCode, reason: undefined };
      }),
    }),
  markPending: () =>
    set({
      list: get().list.map((s) => ({
        ...s,
        state: 'pending',
        grantedQos: undefined,
        reason: undefined,
      })),
    }),
  clearError: () => set({ error: undefined }),
}));
