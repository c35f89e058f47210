import { create } from 'zustand';

/**
 * One line the whole app shows at its top: stored state that was reset when the page opened,
 * or something that could not be saved. A notice with the same id replaces the earlier one.
 */
export interface Notice {
  id: string;
  /** `error`: something the person did was not kept; `info`: something was reset for them. */
  tone: 'info' | 'error';
  text: string;
}

interface NoticesState {
  notices: Notice[];
  notify: (notice: Notice) => void;
  dismiss: (id: string) => void;
}

export const useNoticesStore = create<NoticesState>((set, get) => ({
  notices: [],
  notify: (notice) => {
    const notices = get().notices;
    const index = notices.findIndex((n) => n.id === notice.id);
    if (
      index >= 0 &&
      notices[index]!.text === notice.text &&
      notices[index]!.tone === notice.tone
    ) {
      return;
    }
    set({
      notices:
        index >= 0 ? notices.map((n, i) => (i === index ? notice : n)) : [...notices, notice],
    });
  },
  dismiss: (id) => {
    if (!get().notices.some((n) => n.id === id)) return;
    set({ notices: get().notices.filter((n) => n.id !== id) });
  },
}));
