import { create } from 'zustand';
import {
  copyName,
  parseLibraryFile,
  serializeLibrary,
  type LibraryEntry,
} from '../domain/message-library';
import type { PublishDraft } from '../domain/publish-draft';
import { randomUuid } from '../domain/template';
import { readStored, writeStored } from './persisted';

const LIBRARY_KEY = 'brokerscope.messageLibrary';

interface PublishLibraryState {
  entries: LibraryEntry[];
  save: (name: string, folder: string, draft: PublishDraft) => LibraryEntry;
  update: (id: string, patch: Partial<Omit<LibraryEntry, 'id'>>) => void;
  duplicate: (id: string) => void;
  remove: (id: string) => void;
  /** Puts back an entry removed a moment ago (undo). */
  restore: (entry: LibraryEntry) => void;
  /** Adds every entry of an exported file, or changes nothing and says why. */
  importFile: (text: string) => { ok: true; count: number } | { ok: false; error: string };
  exportFile: () => string;
}

function persist(entries: LibraryEntry[]): LibraryEntry[] {
  writeStored(LIBRARY_KEY, entries);
  return entries;
}

function storedEntries(): LibraryEntry[] {
  const stored = readStored<unknown>(LIBRARY_KEY, []);
  if (!Array.isArray(stored)) return [];
  // Read back through the file parser, so a damaged entry cannot break the panel.
  const parsed = parseLibraryFile(
    serializeLibrary(stored as LibraryEntry[]),
    (() => {
      let i = 0;
      return () => (stored[i++] as { id?: string } | undefined)?.id ?? randomUuid();
    })(),
  );
  return parsed.ok ? parsed.entries : [];
}

export const usePublishLibraryStore = create<PublishLibraryState>((set, get) => ({
  entries: storedEntries(),
  save: (name, folder, draft) => {
    const entry: LibraryEntry = {
      id: randomUuid(),
      name: name.trim(),
      folder: folder.trim(),
      draft: structuredClone(draft),
      savedAtMs: Date.now(),
    };
    set({ entries: persist([...get().entries, entry]) });
    return entry;
  },
  update: (id, patch) =>
    set({
      entries: persist(
        get().entries.map((e) => (e.id === id ? { ...e, ...patch, savedAtMs: Date.now() } : e)),
      ),
    }),
  duplicate: (id) => {
    const source = get().entries.find((e) => e.id === id);
    if (!source) return;
    const taken = new Set(get().entries.map((e) => e.name));
    const copy: LibraryEntry = {
      ...structuredClone(source),
      id: randomUuid(),
      name: copyName(source.name, taken),
      savedAtMs: Date.now(),
    };
    set({ entries: persist([...get().entries, copy]) });
  },
  remove: (id) => set({ entries: persist(get().entries.filter((e) => e.id !== id)) }),
  restore: (entry) => set({ entries: persist([...get().entries, entry]) }),
  importFile: (text) => {
    const parsed = parseLibraryFile(text, randomUuid);
    if (!parsed.ok) return parsed;
    set({ entries: persist([...get().entries, ...parsed.entries]) });
    return { ok: true, count: parsed.entries.length };
  },
  exportFile: () => serializeLibrary(get().entries),
}));
