import { useEffect } from 'react';
import { useSettingsStore } from '../stores/settings-store';

/** Puts the chosen theme on <html data-theme>; "system" follows prefers-color-scheme. */
export function useThemeAttribute(): void {
  const theme = useSettingsStore((s) => s.theme);
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);
}
