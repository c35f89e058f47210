import { create } from 'zustand';
import type { PublishDraft } from '../domain/publish-draft';

/** Publishes kept in the history; older ones are dropped (and counted). */
export const PUBLISH_HISTORY_LIMIT = 100;
/** A payload longer than this is kept cut, so the stored history stays small. */
const HISTORY_PAYLOAD_CHARS = 4096;

export type HistoryKind = 'publish' | 'command' | 'generator' | 'clear-retained';

export interface HistoryEntry {
  id: number;
  atMs: number;
  kind: HistoryKind;
  /** The form as it was, so the entry can be loaded again. */
  draft: PublishDraft;
  /** The topic actually used (templates expanded). */
  topic: string;
  ok: boolean;
  outcome: string;
  /** True when the payload was cut to HISTORY_PAYLOAD_CHARS. */
  payloadCut: boolean;
}

interface PublishHistoryState {
  entries: HistoryEntry[];
  /** Entries dropped because the history is full, since the page opened. */
  droppedCount: number;
  record: (entry: Omit<HistoryEntry, 'id' | 'atMs' | 'payloadCut'>) => void;
  clear: () => void;
  /**
   * The history of earlier visits, newest first, read once the page is open (set by the
   * history persistence); what was recorded before it came stays on top.
   */
  restore: (stored: readonly HistoryEntry[]) => void;
}

let nextId = 1;

export const usePublishHistoryStore = create<PublishHistoryState>((set, get) => ({
  entries: [],
  droppedCount: 0,
  record: (entry) => {
    const payloadCut = entry.draft.payload.length > HISTORY_PAYLOAD_CHARS;
    const stored: HistoryEntry = {
      ...entry,
      draft: payloadCut
        ? { ...entry.draft, payload: entry.draft.payload.slice(0, HISTORY_PAYLOAD_CHARS) }
        : entry.draft,
      id: nextId++,
      atMs: Date.now(),
      payloadCut,
    };
    const all = [stored, ...get().entries];
    const entries = all.slice(0, PUBLISH_HISTORY_LIMIT);
    set({ entries, droppedCount: get().droppedCount + (all.length - entries.length) });
  },
  clear: () => set({ entries: [] }),
  restore: (stored) => {
    const storedMax = stored.reduce((max, e) => Math.max(max, e.id), 0);
    const recent = get().entries;
    // Recorded before the stored history came: numbered after it, so ids stay distinct.
    const renumbered = recent.map((e, i) => ({ ...e, id: storedMax + recent.length - i }));
    nextId = storedMax + recent.length + 1;
    set({ entries: [...renumbered, ...stored].slice(0, PUBLISH_HISTORY_LIMIT) });
  },
}));
