import { create } from 'zustand';
import { DEFAULT_DRAFT, type PropertyFields, type PublishDraft } from '../domain/publish-draft';
import { STORED_PUBLISHING } from '../domain/stored-publishing';
import { readStored, removeStored, writeStored } from './persisted';
import { isSafeStart } from './safe-start';

/**
 * A payload longer than this stays in the form but is not written to storage on every
 * keystroke (a multi-MB write per key would stall typing and fill the quota).
 */
export const MAX_STORED_PAYLOAD_CHARS = 512 * 1024;

interface PublishDraftState {
  draft: PublishDraft;
  /** `{{counter}}` of the next single publish or command; generator runs have their own. */
  nextCounter: number;
  update: (patch: Partial<PublishDraft>) => void;
  updateProperties: (patch: Partial<PropertyFields>) => void;
  /** Replaces the whole form (from the library or the history). */
  load: (draft: PublishDraft) => void;
  takeCounter: () => number;
}

function storedDraft(): PublishDraft {
  // After a start that did not finish, the draft is the first suspect: start from a blank form,
  // and let it go, so the next start does not meet it again.
  if (isSafeStart) removeStored(STORED_PUBLISHING.publishDraft.key);
  const stored = isSafeStart ? {} : (readStored(STORED_PUBLISHING.publishDraft) ?? {});
  return {
    ...DEFAULT_DRAFT,
    ...stored,
    properties: { ...DEFAULT_DRAFT.properties, ...stored.properties },
  };
}

export const usePublishDraftStore = create<PublishDraftState>((set, get) => ({
  draft: storedDraft(),
  nextCounter: 1,
  update: (patch) => {
    const draft = { ...get().draft, ...patch };
    const stored =
      draft.payload.length > MAX_STORED_PAYLOAD_CHARS ? { ...draft, payload: '' } : draft;
    writeStored(STORED_PUBLISHING.publishDraft, stored, {
      what: 'The publish form',
      todo:
        'It stays filled until you close this page. A very long payload may not fit: save it ' +
        'to the library instead.',
    });
    set({ draft });
  },
  updateProperties: (patch) =>
    get().update({ properties: { ...get().draft.properties, ...patch } }),
  load: (draft) => get().update(structuredClone(draft)),
  takeCounter: () => {
    const counter = get().nextCounter;
    set({ nextCounter: counter + 1 });
    return counter;
  },
}));

export const selectDraft = (s: PublishDraftState) => s.draft;
