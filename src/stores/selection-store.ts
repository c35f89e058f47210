import { create } from 'zustand';

interface SelectionState {
  /** The topic whose details are open. */
  topic: string | undefined;
  /** A specific message (by its sequence number); undefined means the topic's latest. */
  seq: number | undefined;
  selectTopic: (topic: string) => void;
  selectMessage: (topic: string, seq: number) => void;
  clear: () => void;
}

export const useSelectionStore = create<SelectionState>((set) => ({
  topic: undefined,
  seq: undefined,
  selectTopic: (topic) => set({ topic, seq: undefined }),
  selectMessage: (topic, seq) => set({ topic, seq }),
  clear: () => set({ topic: undefined, seq: undefined }),
}));
