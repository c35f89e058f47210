import { create } from 'zustand';
import type { LibraryEntry } from '../domain/message-library';

/**
 * `loading` until the browser database was read; `memory-only` when the browser has no
 * database the app may use (the library then lasts until the page closes).
 */
export type LibraryStatus = 'loading' | 'ready' | 'memory-only';

interface PublishLibraryState {
  entries: LibraryEntry[];
  status: LibraryStatus;
}

/** State only: the library service (services) reads, writes and sets it. */
export const usePublishLibraryStore = create<PublishLibraryState>(() => ({
  entries: [],
  status: 'loading',
}));
