import { create } from 'zustand';
import type { PublishDraft } from '../domain/publish-draft';
import { readStored, writeStored } from './persisted';

const HISTORY_KEY = 'brokerscope.publishHistory';
/** Publishes kept in the history; older ones are dropped (and counted). */
export const PUBLISH_HISTORY_LIMIT = 100;
/** A payload longer than this is kept cut, so the history stays small in localStorage. */
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
}

const initial = readStored<HistoryEntry[]>(HISTORY_KEY, []);
let nextId = initial.reduce((max, e) => Math.max(max, e.id), 0) + 1;

export const usePublishHistoryStore = create<PublishHistoryState>((set, get) => ({
  entries: Array.isArray(initial) ? initial.slice(0, PUBLISH_HISTORY_LIMIT) : [],
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
    writeStored(HISTORY_KEY, entries);
    set({ entries, droppedCount: get().droppedCount + (all.length - entries.length) });
  },
  clear: () => {
    writeStored(HISTORY_KEY, []);
    set({ entries: [] });
  },
}));
