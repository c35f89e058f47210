import { create } from 'zustand';
import { clampLimits, DEFAULT_LIMITS, type IngestLimits } from '../domain/limits';
import { readStored, writeStored } from './persisted';

const LIMITS_KEY = 'brokerscope.limits';
const THEME_KEY = 'brokerscope.theme';
const KEEP_DATA_KEY = 'brokerscope.keepDataAcrossConnections';

export type Theme = 'system' | 'light' | 'dark';

export function loadLimits(): IngestLimits {
  return clampLimits({ ...DEFAULT_LIMITS, ...readStored<Partial<IngestLimits>>(LIMITS_KEY, {}) });
}

interface SettingsState {
  limits: IngestLimits;
  theme: Theme;
  /** Keep topics and messages when connecting to another broker (each names its broker). */
  keepDataAcrossConnections: boolean;
  setLimits: (limits: IngestLimits) => void;
  setTheme: (theme: Theme) => void;
  setKeepDataAcrossConnections: (keep: boolean) => void;
}

export const useSettingsStore = create<SettingsState>((set) => ({
  limits: loadLimits(),
  theme: readStored<Theme>(THEME_KEY, 'system'),
  keepDataAcrossConnections: readStored<boolean>(KEEP_DATA_KEY, false) === true,
  setLimits: (limits) => {
    const clamped = clampLimits(limits);
    writeStored(LIMITS_KEY, clamped);
    set({ limits: clamped });
  },
  setTheme: (theme) => {
    writeStored(THEME_KEY, theme);
    set({ theme });
  },
  setKeepDataAcrossConnections: (keep) => {
    writeStored(KEEP_DATA_KEY, keep);
    set({ keepDataAcrossConnections: keep });
  },
}));
