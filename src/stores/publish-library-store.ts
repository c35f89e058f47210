import { create } from 'zustand';
import {
  copyName,
  findDuplicates,
  mergeImport,
  parseLibraryFile,
  putEntry,
  serializeLibrary,
  type DuplicateChoice,
  type ImportOutcome,
  type LibraryEntry,
} from '../domain/message-library';
import type { PublishDraft } from '../domain/publish-draft';
import { randomUuid } from '../domain/template';
import { readStored, writeStored } from './persisted';

const LIBRARY_KEY = 'brokerscope.messageLibrary';

interface PublishLibraryState {
  entries: LibraryEntry[];
  /** Adds the entry, or replaces the one saved under the same name and folder. */
  save: (
    name: string,
    folder: string,
    draft: PublishDraft,
  ) => { entry: LibraryEntry; replaced: boolean };
  update: (id: string, patch: Partial<Omit<LibraryEntry, 'id'>>) => void;
  duplicate: (id: string) => void;
  remove: (id: string) => void;
  /** Puts back an entry removed a moment ago (undo), as a copy if its name is taken again. */
  restore: (entry: LibraryEntry) => LibraryEntry;
  /**
   * Reads an exported file without changing the library: its entries and those of them whose
   * name and folder are already taken, or why the file cannot be imported.
   */
  readImport: (
    text: string,
  ) =>
    | { ok: true; entries: LibraryEntry[]; duplicates: LibraryEntry[] }
    | { ok: false; error: string };
  /** Adds entries read by `readImport`; `onDuplicate` says what to do with taken names. */
  importEntries: (
    entries: readonly LibraryEntry[],
    onDuplicate: DuplicateChoice,
  ) => Omit<ImportOutcome, 'entries'>;
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
    const result = putEntry(get().entries, entry);
    set({ entries: persist(result.entries) });
    return { entry: result.entry, replaced: result.replaced };
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
  restore: (entry) => {
    const { entries } = mergeImport(get().entries, [entry], 'keep-both');
    set({ entries: persist(entries) });
    return entries[entries.length - 1]!;
  },
  readImport: (text) => {
    const parsed = parseLibraryFile(text, randomUuid);
    if (!parsed.ok) return parsed;
    return { ...parsed, duplicates: findDuplicates(get().entries, parsed.entries) };
  },
  importEntries: (incoming, onDuplicate) => {
    const { entries, ...counts } = mergeImport(get().entries, incoming, onDuplicate);
    set({ entries: persist(entries) });
    return counts;
  },
  exportFile: () => serializeLibrary(get().entries),
}));
