import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORED } from '../domain/stored-state';
import { useNoticesStore } from './notices-store';
import { readStored, useStorageForTests, writeStored, type KeyValueStorage } from './persisted';

/** A storage double; `full` makes every write throw as a browser with full storage does. */
class FakeStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();
  full = false;
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (this.full) {
      throw new DOMException(
        `Setting the value of '${key}' exceeded the quota.`,
        'QuotaExceededError',
      );
    }
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

const WORDS = {
  what: 'The memory limits',
  todo: 'They apply until you close this page.',
};

let storage: FakeStorage;
const notices = () => useNoticesStore.getState().notices;

beforeEach(() => {
  storage = new FakeStorage();
  useStorageForTests(storage);
  useNoticesStore.setState({ notices: [] });
});
afterEach(() => useStorageForTests(undefined));

describe('writeStored', () => {
  it('stores the value and says nothing', () => {
    expect(writeStored(STORED.limits, { logCapacity: 500 }, WORDS)).toBe(true);
    expect(storage.items.get('brokerscope.limits')).toBe('{"logCapacity":500}');
    expect(notices()).toEqual([]);
  });

  it('on a full storage returns false and shows what was not saved and what to do', () => {
    storage.full = true;
    expect(writeStored(STORED.limits, { logCapacity: 500 }, WORDS)).toBe(false);
    expect(storage.items.has('brokerscope.limits')).toBe(false);
    expect(notices()).toEqual([
      {
        id: 'write:brokerscope.limits',
        tone: 'error',
        text: "The memory limits could not be saved: this browser's storage is full. They apply until you close this page.",
      },
    ]);
  });

  it('tries again on the next write, and the notice goes once a write succeeds', () => {
    storage.full = true;
    writeStored(STORED.limits, { logCapacity: 500 }, WORDS);
    writeStored(STORED.limits, { logCapacity: 500 }, WORDS);
    expect(notices()).toHaveLength(1);
    storage.full = false;
    expect(writeStored(STORED.limits, { logCapacity: 500 }, WORDS)).toBe(true);
    expect(storage.items.get('brokerscope.limits')).toBe('{"logCapacity":500}');
    expect(notices()).toEqual([]);
  });

  it('a dismissed notice comes back when saving fails again', () => {
    storage.full = true;
    writeStored(STORED.theme, 'dark', { what: 'The theme', todo: 'x' });
    useNoticesStore.getState().dismiss('write:brokerscope.theme');
    writeStored(STORED.theme, 'light', { what: 'The theme', todo: 'x' });
    expect(notices().map((n) => n.id)).toEqual(['write:brokerscope.theme']);
  });

  it('says so when the browser does not allow storage at all', () => {
    useStorageForTests({
      getItem: () => null,
      setItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      removeItem: () => undefined,
    });
    expect(writeStored(STORED.theme, 'dark', { what: 'The theme', todo: 'x' })).toBe(false);
    expect(notices()[0]!.text).toMatch(/^The theme could not be saved: this browser does not let/);
  });
});

describe('readStored', () => {
  it.each(['null', '42', '"text"', '[1,"two",{}]', '{"__proto__": {"x": 1}}'])(
    'resets %s with a notice and removes it, so the next visit starts clean',
    (text) => {
      storage.items.set('brokerscope.subscriptions', text);
      expect(readStored(STORED.subscriptions)).toBeUndefined();
      expect(notices()).toEqual([
        {
          id: 'read:brokerscope.subscriptions',
          tone: 'info',
          text: 'Saved subscriptions could not be read and were reset.',
        },
      ]);
      expect(storage.items.has('brokerscope.subscriptions')).toBe(false);
    },
  );

  it('keeps the readable entries of a list and stores them cleaned', () => {
    storage.items.set(
      'brokerscope.charts',
      JSON.stringify([{ id: 1, windowMs: 0, series: [] }, { id: 'x' }]),
    );
    expect(readStored(STORED.charts)).toEqual([{ id: 1, windowMs: 0, series: [] }]);
    expect(notices()[0]!.text).toBe('1 of 2 saved charts could not be read and was left out.');
    expect(JSON.parse(storage.items.get('brokerscope.charts')!)).toEqual([
      { id: 1, windowMs: 0, series: [] },
    ]);
  });

  it('a storage that cannot be opened is one notice, and the defaults apply', () => {
    useStorageForTests({
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => undefined,
      removeItem: () => undefined,
    });
    expect(readStored(STORED.theme)).toBeUndefined();
    expect(readStored(STORED.limits)).toBeUndefined();
    expect(notices().map((n) => n.id)).toEqual(['storage-unavailable']);
  });
});
