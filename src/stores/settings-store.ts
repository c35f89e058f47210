import { create } from 'zustand';
import { clampLimits, DEFAULT_LIMITS, type IngestLimits } from '../domain/limits';
import { STORED, type Theme } from '../domain/stored-state';
import { FREE_SPACE, readStored, writeStored } from './persisted';

export type { Theme };

let storedLimits: IngestLimits | undefined;

/** The limits kept from the last visit (read once), else the defaults. */
export function loadLimits(): IngestLimits {
  storedLimits ??= clampLimits({ ...DEFAULT_LIMITS, ...readStored(STORED.limits) });
  return storedLimits;
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
  theme: readStored(STORED.theme) ?? 'system',
  keepDataAcrossConnections: readStored(STORED.keepDataAcrossConnections) ?? false,
  setLimits: (limits) => {
    const clamped = clampLimits(limits);
    writeStored(STORED.limits, clamped, {
      what: 'The memory limits',
      todo: `They apply until you close this page; to keep them, ${FREE_SPACE}, then apply them again.`,
    });
    set({ limits: clamped });
  },
  setTheme: (theme) => {
    writeStored(STORED.theme, theme, {
      what: 'The theme',
      todo: `It applies until you close this page; to keep it, ${FREE_SPACE}, then choose it again.`,
    });
    set({ theme });
  },
  setKeepDataAcrossConnections: (keep) => {
    writeStored(STORED.keepDataAcrossConnections, keep, {
      what: 'The choice "Keep data across connections"',
      todo: `It applies until you close this page; to keep it, ${FREE_SPACE}, then set it again.`,
    });
    set({ keepDataAcrossConnections: keep });
  },
}));
