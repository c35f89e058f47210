import { describe, expect, it } from 'vitest';
import {
  copyName,
  groupByFolder,
  parseLibraryFile,
  serializeLibrary,
  type LibraryEntry,
} from './message-library';
import { DEFAULT_DRAFT, EMPTY_PROPERTIES } from './publish-draft';

let nextId = 0;
const makeId = () => `id${++nextId}`;

const entry = (name: string, folder = ''): LibraryEntry => ({
  id: name,
  name,
  folder,
  savedAtMs: 5,
  draft: {
    ...DEFAULT_DRAFT,
    topic: `t/${name}`,
    qos: 1,
    retain: true,
    properties: {
      ...EMPTY_PROPERTIES,
      contentType: 'application/json',
      payloadIsUtf8: true,
      userProperties: [{ key: 'k', value: 'v' }],
    },
  },
});

describe('library file', () => {
  it('round-trips entries through export and import (with fresh ids)', () => {
    const entries = [entry('start', 'motor'), entry('stop', 'motor'), entry('ping')];
    const parsed = parseLibraryFile(serializeLibrary(entries), makeId);
    if (!parsed.ok) throw new Error(parsed.error);
    const withoutId = (e: LibraryEntry) => ({ ...e, id: '' });
    expect(parsed.entries.map(withoutId)).toEqual(entries.map(withoutId));
    expect(new Set(parsed.entries.map((e) => e.id)).size).toBe(3);
  });

  it('refuses files that are not a library, with a reason', () => {
    const error = (text: string) => {
      const result = parseLibraryFile(text, makeId);
      return result.ok ? '' : result.error;
    };
    expect(error('not json')).toMatch(/not JSON/);
    expect(error('{"messages": []}')).toMatch(/not a Brokerscope message library/);
    expect(
      error('{"format": "brokerscope-message-library", "version": 9, "messages": []}'),
    ).toMatch(/version 9/);
    const file = (messages: unknown[]) =>
      JSON.stringify({ format: 'brokerscope-message-library', version: 1, messages });
    expect(error(file([{ topic: 'a' }]))).toBe('Message 1 has no name.');
    expect(
      error(
        file([
          { name: 'a', topic: 'a' },
          { name: 'b', topic: 'b', qos: 3 },
        ]),
      ),
    ).toBe('Message 2 ("b"): qos must be 0, 1 or 2.');
    expect(error(file([{ name: 'a', topic: 'a', format: 'xml' }]))).toMatch(/format must be/);
    expect(error(file([{ name: 'a', topic: 'a', properties: { userProperties: [1] } }]))).toMatch(
      /userProperties/,
    );
  });

  it('fills defaults for optional fields', () => {
    const parsed = parseLibraryFile(
      JSON.stringify({
        format: 'brokerscope-message-library',
        version: 1,
        messages: [{ name: ' a ', topic: 'x' }],
      }),
      makeId,
    );
    expect(parsed.ok && parsed.entries[0]).toMatchObject({
      name: 'a',
      folder: '',
      draft: { topic: 'x', payload: '', format: 'text', qos: 0, retain: false },
    });
  });
});

describe('copyName and groupByFolder', () => {
  it('names copies without clashing', () => {
    expect(copyName('a', new Set(['a']))).toBe('a (copy)');
    expect(copyName('a', new Set(['a', 'a (copy)', 'a (copy 2)']))).toBe('a (copy 3)');
  });
  it('groups by folder, top level first, names sorted', () => {
    const groups = groupByFolder([entry('b', 'z'), entry('c'), entry('a', 'z'), entry('d', 'm')]);
    expect(groups.map((g) => [g.folder, g.entries.map((e) => e.name)])).toEqual([
      ['', ['c']],
      ['m', ['d']],
      ['z', ['a', 'b']],
    ]);
  });
});
