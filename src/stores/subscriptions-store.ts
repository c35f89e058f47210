import { create } from 'zustand';
import type { SubscribeOptions } from '../domain/mqtt-types';

export type SubscriptionState = 'pending' | 'granted' | 'refused';

/** One filter the connection is subscribed to, for the user, for a panel, or both. */
export interface Subscription {
  filter: string;
  /** The options sent: the user's when the user subscribed, else the panels' own. */
  options: SubscribeOptions;
  state: SubscriptionState;
  grantedQos: number | undefined;
  /** Plain-language refusal reason. */
  reason: string | undefined;
  /** True when the user subscribed (it is kept across reloads and can be unsubscribed). */
  own: boolean;
  /** Panels that need this filter, e.g. "Broker panel", "Command"; empty for the user's only. */
  usedBy: string[];
  muted: boolean;
  /** Index into the palette; -1 for a filter only panels use. */
  colorIndex: number;
}

interface SubscriptionsState {
  list: Subscription[];
  /** Why the last subscribe was not sent (an invalid filter). */
  error: string | undefined;
}

/** State only: the subscription registry (services) is the one that changes it. */
export const useSubscriptionsStore = create<SubscriptionsState>(() => ({
  list: [],
  error: undefined,
}));
