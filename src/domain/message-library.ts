/**
 * The saved-message library: entries, folders, and the JSON file it is exported to and
 * imported from. An import is checked as a whole: one bad entry refuses the file.
 */
import type { PublishDraft } from './publish-draft';
import { EMPTY_PROPERTIES } from './publish-draft';
import { PAYLOAD_FORMATS } from './payload-encode';

export interface LibraryEntry {
  id: string;
  name: string;
  /** "" is the top level. */
  folder: string;
  draft: PublishDraft;
  savedAtMs: number;
}

export const LIBRARY_FILE_FORMAT = 'brokerscope-message-library';
export const LIBRARY_FILE_VERSION = 1;

export function serializeLibrary(entries: readonly LibraryEntry[]): string {
  const file = {
    format: LIBRARY_FILE_FORMAT,
    version: LIBRARY_FILE_VERSION,
    messages: entries.map(({ name, folder, draft, savedAtMs }) => ({
      name,
      folder,
      savedAtMs,
      ...draft,
    })),
  };
  return JSON.stringify(file, null, 2) + '\n';
}

type Parsed = { ok: true; entries: LibraryEntry[] } | { ok: false; error: string };

const FORMATS = PAYLOAD_FORMATS;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readEntry(raw: unknown, where: string, makeId: () => string): LibraryEntry | string {
  if (!isRecord(raw)) return `${where} is not an object.`;
  const label = typeof raw.name === 'string' ? `${where} ("${raw.name}")` : where;
  const str = (key: string, fallback?: string): string | undefined => {
    const value = raw[key];
    if (value === undefined) return fallback;
    return typeof value === 'string' ? value : undefined;
  };
  const name = str('name');
  if (!name || name.trim() === '') return `${where} has no name.`;
  const topic = str('topic');
  if (topic === undefined) return `${label} has no topic.`;
  const payload = str('payload', '');
  if (payload === undefined) return `${label}: payload must be text.`;
  const folder = str('folder', '');
  if (folder === undefined) return `${label}: folder must be text.`;
  const format = raw.format ?? 'text';
  if (!FORMATS.includes(format as (typeof FORMATS)[number])) {
    return `${label}: format must be one of ${FORMATS.join(', ')}.`;
  }
  const qos = raw.qos ?? 0;
  if (qos !== 0 && qos !== 1 && qos !== 2) return `${label}: qos must be 0, 1 or 2.`;
  const retain = raw.retain ?? false;
  if (typeof retain !== 'boolean') return `${label}: retain must be true or false.`;
  const expandTemplates = raw.expandTemplates ?? true;
  if (typeof expandTemplates !== 'boolean') {
    return `${label}: expandTemplates must be true or false.`;
  }
  const props = raw.properties ?? {};
  if (!isRecord(props)) return `${label}: properties must be an object.`;
  const propStr = (key: string): string | undefined => {
    const value = props[key];
    if (value === undefined) return '';
    return typeof value === 'string' ? value : undefined;
  };
  const contentType = propStr('contentType');
  const messageExpirySec = propStr('messageExpirySec');
  const responseTopic = propStr('responseTopic');
  const correlationData = propStr('correlationData');
  if (
    contentType === undefined ||
    messageExpirySec === undefined ||
    responseTopic === undefined ||
    correlationData === undefined
  ) {
    return `${label}: properties must hold text values.`;
  }
  const payloadIsUtf8 = props.payloadIsUtf8 ?? false;
  if (typeof payloadIsUtf8 !== 'boolean') {
    return `${label}: properties.payloadIsUtf8 must be true or false.`;
  }
  const users = props.userProperties ?? [];
  if (
    !Array.isArray(users) ||
    !users.every((u) => isRecord(u) && typeof u.key === 'string' && typeof u.value === 'string')
  ) {
    return `${label}: properties.userProperties must be a list of {"key", "value"} texts.`;
  }
  const savedAtMs = typeof raw.savedAtMs === 'number' ? raw.savedAtMs : Date.now();
  return {
    id: makeId(),
    name: name.trim(),
    folder: folder.trim(),
    savedAtMs,
    draft: {
      topic,
      payload,
      format: format as PublishDraft['format'],
      qos,
      retain,
      expandTemplates,
      properties: {
        ...EMPTY_PROPERTIES,
        contentType,
        payloadIsUtf8,
        messageExpirySec,
        responseTopic,
        correlationData,
        userProperties: (users as Array<{ key: string; value: string }>).map(({ key, value }) => ({
          key,
          value,
        })),
      },
    },
  };
}

/** Reads an exported library file; every entry gets a fresh id from `makeId`. */
export function parseLibraryFile(text: string, makeId: () => string): Parsed {
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `The file is not JSON: ${(error as Error).message}` };
  }
  if (!isRecord(file) || file.format !== LIBRARY_FILE_FORMAT) {
    return {
      ok: false,
      error: `The file is not a Brokerscope message library (its "format" is not "${LIBRARY_FILE_FORMAT}").`,
    };
  }
  if (file.version !== LIBRARY_FILE_VERSION) {
    return {
      ok: false,
      error: `The library file has version ${String(file.version)}; this app reads version ${LIBRARY_FILE_VERSION}.`,
    };
  }
  if (!Array.isArray(file.messages))
    return { ok: false, error: 'The file has no "messages" list.' };
  const entries: LibraryEntry[] = [];
  for (const [index, raw] of file.messages.entries()) {
    const entry = readEntry(raw, `Message ${index + 1}`, makeId);
    if (typeof entry === 'string') return { ok: false, error: entry };
    entries.push(entry);
  }
  return { ok: true, entries };
}

/** "name (copy)", then "name (copy 2)", ... so a duplicate never shadows an entry. */
export function copyName(name: string, taken: ReadonlySet<string>): string {
  const base = `${name} (copy)`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${name} (copy ${n})`;
    if (!taken.has(candidate)) return candidate;
  }
}

export interface LibraryFolder {
  folder: string;
  entries: LibraryEntry[];
}

/** Folders by name (top level first), entries by name within each. */
export function groupByFolder(entries: readonly LibraryEntry[]): LibraryFolder[] {
  const folders = new Map<string, LibraryEntry[]>();
  for (const entry of entries) {
    const list = folders.get(entry.folder) ?? [];
    list.push(entry);
    folders.set(entry.folder, list);
  }
  return [...folders.entries()]
    .sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)))
    .map(([folder, list]) => ({
      folder,
      entries: list.sort((a, b) => a.name.localeCompare(b.name)),
    }));
}

/*
 * One entry per name and folder: saving over an existing name replaces it (after the person
 * agreed), and an import says what to do with names that are already there.
 */

type Slot = Pick<LibraryEntry, 'name' | 'folder'>;

function slotKey({ name, folder }: Slot): string {
  return `${folder.trim()}\u0000${name.trim()}`;
}

/** The entry saved under this name in this folder (other than `exceptId`), if any. */
export function findEntry(
  entries: readonly LibraryEntry[],
  slot: Slot,
  exceptId?: string,
): LibraryEntry | undefined {
  const key = slotKey(slot);
  return entries.find((e) => e.id !== exceptId && slotKey(e) === key);
}

/** Where an entry sits, for a sentence: `in folder "motor"` or `at the top level`. */
export function describePlace(folder: string): string {
  return folder.trim() === '' ? 'at the top level' : `in folder "${folder.trim()}"`;
}

/**
 * Saves `entry`: when its name and folder are taken, it replaces that entry (keeping the old
 * id and place, dropping any further entry of that name), else it is added at the end.
 */
export function putEntry(
  entries: readonly LibraryEntry[],
  entry: LibraryEntry,
): { entries: LibraryEntry[]; entry: LibraryEntry; replaced: boolean } {
  const key = slotKey(entry);
  const first = entries.find((e) => slotKey(e) === key);
  if (!first) return { entries: [...entries, entry], entry, replaced: false };
  const stored = { ...entry, id: first.id };
  const next: LibraryEntry[] = [];
  for (const e of entries) {
    if (e === first) next.push(stored);
    else if (slotKey(e) !== key) next.push(e);
  }
  return { entries: next, entry: stored, replaced: true };
}

/** What an import does with a message whose name and folder are already in the library. */
export type DuplicateChoice = 'replace' | 'keep-both' | 'skip';

/**
 * The incoming entries whose name and folder are taken: by the library, or by an earlier entry
 * of the same file (as they are added in order).
 */
export function findDuplicates(
  existing: readonly LibraryEntry[],
  incoming: readonly LibraryEntry[],
): LibraryEntry[] {
  const taken = new Set(existing.map(slotKey));
  const duplicates: LibraryEntry[] = [];
  for (const entry of incoming) {
    const key = slotKey(entry);
    if (taken.has(key)) duplicates.push(entry);
    taken.add(key);
  }
  return duplicates;
}

export interface ImportOutcome {
  entries: LibraryEntry[];
  /** New names, and the copies kept beside an existing entry ("Keep both"). */
  added: number;
  replaced: number;
  skipped: number;
}

/**
 * Adds `incoming` in order; each one whose name and folder are taken is replaced, kept as a
 * copy with a distinct name (see `copyName`) in the same folder, or skipped, by `choice`.
 */
export function mergeImport(
  existing: readonly LibraryEntry[],
  incoming: readonly LibraryEntry[],
  choice: DuplicateChoice,
): ImportOutcome {
  let entries = [...existing];
  let added = 0;
  let replaced = 0;
  let skipped = 0;
  // The slots in use, so a file of thousands of new messages is merged in linear time.
  const slots = new Set(entries.map(slotKey));
  for (const entry of incoming) {
    if (!slots.has(slotKey(entry))) {
      entries.push(entry);
      slots.add(slotKey(entry));
      added++;
    } else if (choice === 'replace') {
      entries = putEntry(entries, entry).entries;
      replaced++;
    } else if (choice === 'keep-both') {
      const folder = entry.folder.trim();
      const taken = new Set(entries.filter((e) => e.folder.trim() === folder).map((e) => e.name));
      const copy = { ...entry, name: copyName(entry.name, taken) };
      entries.push(copy);
      slots.add(slotKey(copy));
      added++;
    } else {
      skipped++;
    }
  }
  return { entries, added, replaced, skipped };
}

/**
 * What an import did, for its status line: "Imported 2 messages from library.json: 1 added,
 * 1 replaced, 3 skipped." (copies kept beside an existing entry count as added).
 */
export function describeImport(
  fileName: string,
  { added, replaced, skipped }: Pick<ImportOutcome, 'added' | 'replaced' | 'skipped'>,
): string {
  const imported = added + replaced;
  return (
    `Imported ${imported} message${imported === 1 ? '' : 's'} from ${fileName}: ` +
    `${added} added, ${replaced} replaced, ${skipped} skipped.`
  );
}
