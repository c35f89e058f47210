import { create } from 'zustand';
import { clampLimits, DEFAULT_LIMITS, type IngestLimits } from '../domain/limits';
import { readStored, writeStored } from './persisted';

const LIMITS_KEY = 'brokerscope.limits';
const THEME_KEY = 'brokerscope.theme';

export type Theme = 'system' | 'light' | 'dark';

export function loadLimits(): IngestLimits {
  return clampLimits({ ...DEFAULT_LIMITS, ...readStored<Partial<IngestLimits>>(LIMITS_KEY, {}) });
}

interface SettingsState {
  limits: IngestLimits;
  theme: Theme;
  setLimits: (limits: IngestLimits) => void;
  setTheme: (theme: Theme) => void;
}

export const useSettingsStore = create<SettingsState>((set) => ({
  limits: loadLimits(),
  theme: readStored<Theme>(THEME_KEY, 'system'),
  setLimits: (limits) => {
    const clamped = clampLimits(limits);
    writeStored(LIMITS_KEY, clamped);
    set({ limits: clamped });
  },
  setTheme: (theme) => {
    writeStored(THEME_KEY, theme);
    set({ theme });
  },
}));
