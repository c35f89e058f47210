/**
 * The one owner of what the connection is subscribed to. The user's subscriptions and the
 * panels' own (the Broker panel's `$SYS/#`, a command's reply topic) meet here: the worker, the
 * ingest's matchers and the Subscriptions list all follow this registry.
 *
 * A panel's subscription is reference-counted per owner and never changes the user's options:
 * SUBSCRIBE replaces a filter's options, so it is only sent when the user has not subscribed.
 */
import { compileTopicFilter, validateTopicFilter } from '../domain/topic-filter';
import type { QoS, SubscribeOptions } from '../domain/mqtt-types';
import { PALETTE } from '../domain/palette';
import { isSubackFailure, subackReasonText } from '../mqtt/suback-reasons';
import type { SubackEvent } from '../mqtt/worker-protocol';
import type { SubscriptionMatcher } from '../ingest/ingest';
import { STORED } from '../domain/stored-state';
import { FREE_SPACE, readStored, writeStored } from '../stores/persisted';
import { useSubscriptionsStore, type Subscription } from '../stores/subscriptions-store';

/** Where subscriptions are sent: the page's MQTT connection. */
export interface SubscriptionTransport {
  subscribe(filter: string, options: SubscribeOptions): void;
  unsubscribe(filter: string): void;
}

/** Who is told which topics are muted and which colour they take: the ingest. */
export interface MatcherSink {
  setSubscriptions(matchers: SubscriptionMatcher[]): void;
}

export interface StoredSubscription {
  filter: string;
  options: SubscribeOptions;
  muted: boolean;
  colorIndex: number;
}

type Store = Pick<typeof useSubscriptionsStore, 'getState' | 'setState'>;

export class SubscriptionRegistry {
  /** filter -> owner -> how many holds that owner has, with the options it asked for. */
  private readonly holds = new Map<string, Map<string, { count: number; qos: QoS }>>();

  constructor(
    private readonly transport: SubscriptionTransport,
    private readonly matchers: MatcherSink,
    private readonly store: Store = useSubscriptionsStore,
  ) {}

  /** The user's subscriptions from the last visit, or undefined on a first visit. */
  static loadStored(): StoredSubscription[] | undefined {
    return readStored(STORED.subscriptions);
  }

  /** Subscribes again to what the user had, with the same mute and colour. */
  restore(stored: readonly StoredSubscription[]): void {
    for (const s of stored) {
      if (!this.subscribe(s.filter, s.options)) continue;
      this.commit(
        this.list.map((x) =>
          x.filter === s.filter ? { ...x, muted: s.muted, colorIndex: s.colorIndex } : x,
        ),
      );
    }
  }

  get list(): readonly Subscription[] {
    return this.store.getState().list;
  }

  /** Validates, then asks the broker; returns false and shows why when the filter is invalid. */
  subscribe(filter: string, options: SubscribeOptions): boolean {
    const problem = validateTopicFilter(filter);
    if (problem) {
      this.store.setState({ error: problem });
      return false;
    }
    const existing = this.find(filter);
    const entry: Subscription = {
      filter,
      options,
      state: 'pending',
      grantedQos: undefined,
      reason: undefined,
      own: true,
      usedBy: existing?.usedBy ?? [],
      muted: existing?.own ? existing.muted : false,
      colorIndex: existing?.own ? existing.colorIndex : this.nextColor(),
    };
    this.commit(this.replace(filter, entry), { error: undefined });
    this.transport.subscribe(filter, options);
    return true;
  }

  unsubscribe(filter: string): void {
    const existing = this.find(filter);
    if (!existing?.own) return;
    if (existing.usedBy.length > 0) {
      // A panel still needs it: keep the filter, with the panels' own options again.
      const options = this.heldOptions(filter);
      this.commit(
        this.replace(filter, {
          ...existing,
          own: false,
          muted: false,
          colorIndex: -1,
          options,
          state: 'pending',
          grantedQos: undefined,
          reason: undefined,
        }),
      );
      this.transport.subscribe(filter, options);
      return;
    }
    this.commit(this.list.filter((s) => s.filter !== filter));
    this.transport.unsubscribe(filter);
  }

  toggleMute(filter: string): void {
    this.commit(
      this.list.map((s) => (s.filter === filter && s.own ? { ...s, muted: !s.muted } : s)),
    );
  }

  clearError(): void {
    this.store.setState({ error: undefined });
  }

  /**
   * A panel needs `filter` while it is open: subscribes when nobody has, and returns the
   * release. The user's options, mute and colour are never changed by a hold.
   */
  hold(filter: string, owner: string, qos: QoS = 0): () => void {
    const owners = this.holds.get(filter) ?? new Map<string, { count: number; qos: QoS }>();
    this.holds.set(filter, owners);
    const held = owners.get(owner);
    owners.set(owner, { count: (held?.count ?? 0) + 1, qos: Math.max(held?.qos ?? 0, qos) as QoS });
    const existing = this.find(filter);
    const usedBy = [...owners.keys()];
    if (existing) {
      if (existing.usedBy.join('\n') !== usedBy.join('\n')) {
        this.commit(this.replace(filter, { ...existing, usedBy }));
      }
    } else {
      const options = this.heldOptions(filter);
      this.commit([
        ...this.list,
        {
          filter,
          options,
          state: 'pending',
          grantedQos: undefined,
          reason: undefined,
          own: false,
          usedBy,
          muted: false,
          colorIndex: -1,
        },
      ]);
      this.transport.subscribe(filter, options);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(filter, owner);
    };
  }

  applySuback(event: SubackEvent): void {
    this.store.setState({
      list: this.list.map((s) => {
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
    });
  }

  /** The connection is (re)opened: every filter is sent again (SUBSCRIBE replaces, so no copies). */
  resubscribeAll(): void {
    for (const s of this.list) this.transport.subscribe(s.filter, s.options);
  }

  /** A new connection attempt: every filter waits for its SUBACK again. */
  markPending(): void {
    this.store.setState({
      list: this.list.map((s) => ({
        ...s,
        state: 'pending',
        grantedQos: undefined,
        reason: undefined,
      })),
    });
  }

  private release(filter: string, owner: string): void {
    const owners = this.holds.get(filter);
    const held = owners?.get(owner);
    if (!owners || !held) return;
    if (held.count > 1) {
      owners.set(owner, { ...held, count: held.count - 1 });
      return;
    }
    owners.delete(owner);
    if (owners.size === 0) this.holds.delete(filter);
    const existing = this.find(filter);
    if (!existing) return;
    if (existing.own || owners.size > 0) {
      this.commit(this.replace(filter, { ...existing, usedBy: [...owners.keys()] }));
      return;
    }
    this.commit(this.list.filter((s) => s.filter !== filter));
    this.transport.unsubscribe(filter);
  }

  private heldOptions(filter: string): SubscribeOptions {
    let qos: QoS = 0;
    for (const held of this.holds.get(filter)?.values() ?? []) qos = Math.max(qos, held.qos) as QoS;
    return { qos };
  }

  private find(filter: string): Subscription | undefined {
    return this.list.find((s) => s.filter === filter);
  }

  private replace(filter: string, entry: Subscription): Subscription[] {
    return this.find(filter)
      ? this.list.map((s) => (s.filter === filter ? entry : s))
      : [...this.list, entry];
  }

  private nextColor(): number {
    const used = new Set(this.list.filter((s) => s.own).map((s) => s.colorIndex));
    for (let i = 0; i < PALETTE.length; i++) if (!used.has(i)) return i;
    return used.size % PALETTE.length;
  }

  /** Publishes the list, keeps the user's part across reloads, and re-matches the ingest. */
  private commit(list: Subscription[], extra: { error?: undefined } = {}): void {
    this.store.setState({ list, ...extra });
    writeStored(
      STORED.subscriptions,
      list
        .filter((s) => s.own)
        .map(({ filter, options, muted, colorIndex }) => ({ filter, options, muted, colorIndex })),
      {
        what: 'Your subscriptions',
        todo: `They stay active until you close this page; to keep them, ${FREE_SPACE}, then subscribe again.`,
      },
    );
    // Panels' filters match unmuted and uncoloured, so what a panel waits for is always kept.
    this.matchers.setSubscriptions(
      list.map((s) => ({
        matches: compileTopicFilter(s.filter),
        muted: s.own && s.muted && s.usedBy.length === 0,
        colorIndex: s.own ? s.colorIndex : -1,
      })),
    );
  }
}
