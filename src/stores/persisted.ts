/**
 * The app's small values in localStorage, each read through its schema in
 * `domain/stored-state.ts`: a value that cannot be read is reset with a notice, a list keeps its
 * readable entries. A write the browser refuses (storage full or off) is a notice that says what
 * was not saved and what to do; the notice goes once a later write of that key succeeds.
 */
import { readStoredText, writeFailureText, type StoredSpec } from '../domain/stored-state';
import { useNoticesStore } from './notices-store';

/** The part of the Web Storage API the app uses; tests hand in a double. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

let storageOverride: KeyValueStorage | undefined;

/** Tests only: the storage to use instead of the page's localStorage (undefined: the page's). */
export function useStorageForTests(storage: KeyValueStorage | undefined): void {
  storageOverride = storage;
  lastWritten.clear();
}

/** Throws when the browser does not let the page use storage at all. */
function storage(): KeyValueStorage {
  return storageOverride ?? window.localStorage;
}

const notify = (id: string, tone: 'info' | 'error', text: string) =>
  useNoticesStore.getState().notify({ id, tone, text });

let toldUnavailable = false;

/** The stored value of `spec`'s key, or undefined when nothing usable is stored. */
export function readStored<T>(spec: StoredSpec<T>): T | undefined {
  let text: string | null;
  try {
    text = storage().getItem(spec.key);
  } catch {
    if (!toldUnavailable) {
      toldUnavailable = true;
      notify(
        'storage-unavailable',
        'info',
        'This browser does not let this page store data: settings, profiles and subscriptions last until you close the page.',
      );
    }
    return undefined;
  }
  const result = readStoredText(spec, text);
  if (result.notice !== undefined) notify(`read:${spec.key}`, 'info', result.notice);
  try {
    // Clean up, so the notice is said once: drop what failed, keep the readable entries.
    if (result.status === 'reset') storage().removeItem(spec.key);
    if (result.status === 'partial') storage().setItem(spec.key, JSON.stringify(result.value));
  } catch {
    // Left as it was: it is read (and reset) again next time.
  }
  return result.value;
}

/** The raw text of a key, for a one-time move elsewhere; undefined when unreadable. */
export function readStoredRaw(key: string): string | null | undefined {
  try {
    return storage().getItem(key);
  } catch {
    return undefined;
  }
}

export function removeStored(key: string): void {
  try {
    storage().removeItem(key);
  } catch {
    // Nothing to do: the key is read (and moved) again next time.
  }
}

/** What the person is told when a write fails: "The memory limits", and what to do then. */
export interface WriteFailureWords {
  what: string;
  todo: string;
}

/** The text last stored for each key: the same value again is not written again. */
const lastWritten = new Map<string, string>();

/**
 * Stores `value` under `spec`'s key. Returns false when the browser refused, after showing a
 * notice built from `words` (a later write of the key that succeeds takes the notice away).
 */
export function writeStored<T>(spec: StoredSpec<T>, value: T, words: WriteFailureWords): boolean {
  const text = JSON.stringify(value);
  const id = `write:${spec.key}`;
  if (lastWritten.get(spec.key) === text) return true;
  try {
    storage().setItem(spec.key, text);
  } catch (error) {
    lastWritten.delete(spec.key);
    notify(id, 'error', writeFailureText(words.what, error, words.todo));
    return false;
  }
  lastWritten.set(spec.key, text);
  useNoticesStore.getState().dismiss(id);
  return true;
}

/** What frees localStorage: the things the person saved there. */
export const FREE_SPACE = 'delete saved profiles or charts you no longer need';
