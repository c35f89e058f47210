/**
 * Safe start: a page that did not finish starting last time (a crash before the first screen,
 * e.g. from a stored draft that breaks a view) starts this time without restoring what the user
 * was editing (the publish draft), and says so. Read once, before any store restores its state.
 */
import { readStoredRaw, removeStored } from './persisted';
import { useNoticesStore } from './notices-store';

const STARTUP_KEY = 'brokerscope.startup';
const STARTING = 'starting';

function begin(): boolean {
  const crashedLastTime = readStoredRaw(STARTUP_KEY) === STARTING;
  try {
    window.localStorage.setItem(STARTUP_KEY, STARTING);
  } catch {
    // Without storage there is nothing restored that could break a start.
  }
  return crashedLastTime;
}

/** True when this start skips restoring drafts because the last one did not finish. */
export const isSafeStart = begin();

if (isSafeStart) {
  useNoticesStore.getState().notify({
    id: 'safe-start',
    tone: 'info',
    text: 'The last start of Brokerscope did not finish, so this one did not restore the publish form. Your profiles, subscriptions, library and charts are kept.',
  });
}

/** The first screen is up: the next start restores everything again. */
export function markStarted(): void {
  removeStored(STARTUP_KEY);
}
