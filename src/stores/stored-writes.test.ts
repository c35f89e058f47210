// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useConnectionStore } from './connection-store';
import { useNoticesStore } from './notices-store';
import { useStorageForTests } from './persisted';
import { useSettingsStore } from './settings-store';

/** Every write throws as in a browser whose storage is full. */
const fullStorage = {
  getItem: () => null,
  setItem: (key: string) => {
    throw new DOMException(
      `Setting the value of '${key}' exceeded the quota.`,
      'QuotaExceededError',
    );
  },
  removeItem: () => undefined,
};

const texts = () => useNoticesStore.getState().notices.map((n) => n.text);

beforeEach(() => {
  useStorageForTests(fullStorage);
  useNoticesStore.setState({ notices: [] });
});
afterEach(() => useStorageForTests(undefined));

describe('with the storage full', () => {
  it('"Save profile" says the profile was not saved, and what to do', () => {
    useConnectionStore.getState().saveProfile('Plant');
    expect(texts()).toEqual([
      expect.stringMatching(
        /^The profile "Plant" could not be saved: this browser's storage is full\. It can be used until you close this page; to keep it, delete saved profiles or charts you no longer need, then save it again\.$/,
      ),
    ]);
  });

  it('"Apply limits" says the limits were not saved', () => {
    useSettingsStore.getState().setLimits({
      historyPerTopic: 10,
      logCapacity: 1000,
      payloadBudgetBytes: 8 * 1024 * 1024,
    });
    expect(useSettingsStore.getState().limits.historyPerTopic).toBe(10);
    expect(texts()).toEqual([
      expect.stringMatching(
        /^The memory limits could not be saved: this browser's storage is full\./,
      ),
    ]);
  });

  it('the theme and "Keep data across connections" say so too', () => {
    useSettingsStore.getState().setTheme('dark');
    useSettingsStore.getState().setKeepDataAcrossConnections(true);
    expect(texts()).toEqual([
      expect.stringMatching(/^The theme could not be saved/),
      expect.stringMatching(/^The choice "Keep data across connections" could not be saved/),
    ]);
  });
});
