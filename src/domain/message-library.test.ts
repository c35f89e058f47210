import { describe, expect, it } from 'vitest';
import {
  copyName,
  describeImport,
  describePlace,
  findDuplicates,
  findEntry,
  groupByFolder,
  mergeImport,
  parseLibraryFile,
  putEntry,
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

describe('one entry per name and folder', () => {
  const withId = (id: string, name: string, folder = '', topic = `t/${name}`): LibraryEntry => ({
    ...entry(name, folder),
    id,
    draft: { ...entry(name, folder).draft, topic },
  });
  const summary = (entries: LibraryEntry[]) =>
    entries.map((e) => `${e.id} ${e.folder}/${e.name} ${e.draft.topic}`);

  it('finds an entry by name and folder, not by name alone', () => {
    const entries = [withId('1', 'start', 'motor'), withId('2', 'start', 'pump')];
    expect(findEntry(entries, { name: 'start', folder: 'pump' })?.id).toBe('2');
    expect(findEntry(entries, { name: ' start ', folder: 'motor ' })?.id).toBe('1');
    expect(findEntry(entries, { name: 'start', folder: '' })).toBeUndefined();
    expect(findEntry(entries, { name: 'start', folder: 'motor' }, '1')).toBeUndefined();
    expect(describePlace('motor')).toBe('in folder "motor"');
    expect(describePlace('')).toBe('at the top level');
  });

  it('saving over a name replaces that entry in place, keeping its id', () => {
    const entries = [withId('1', 'start', 'motor'), withId('2', 'stop', 'motor')];
    const replaced = putEntry(entries, withId('9', 'start', 'motor', 'new/topic'));
    expect(replaced.replaced).toBe(true);
    expect(replaced.entry.id).toBe('1');
    expect(summary(replaced.entries)).toEqual(['1 motor/start new/topic', '2 motor/stop t/stop']);
    const added = putEntry(entries, withId('9', 'start', '', 'new/topic'));
    expect(added.replaced).toBe(false);
    expect(summary(added.entries)).toEqual([
      '1 motor/start t/start',
      '2 motor/stop t/stop',
      '9 /start new/topic',
    ]);
    // A library that already held the name twice keeps one.
    const doubled = [withId('1', 'a'), withId('2', 'b'), withId('3', 'a')];
    expect(summary(putEntry(doubled, withId('9', 'a', '', 'x')).entries)).toEqual([
      '1 /a x',
      '2 /b t/b',
    ]);
  });

  it('finds the imported entries that are already there, in the library or earlier in the file', () => {
    const existing = [withId('1', 'start', 'motor'), withId('2', 'stop', 'motor')];
    const incoming = [
      withId('a', 'start', 'motor'),
      withId('b', 'start', 'pump'),
      withId('c', 'ping'),
      withId('d', 'ping'),
    ];
    expect(findDuplicates(existing, incoming).map((e) => e.id)).toEqual(['a', 'd']);
    expect(findDuplicates([], [withId('a', 'x')])).toEqual([]);
  });

  const existing = [withId('1', 'start', 'motor'), withId('2', 'stop', 'motor')];
  const incoming = [
    withId('a', 'start', 'motor', 'imported/start'),
    withId('b', 'start', 'pump'),
    withId('c', 'stop', 'motor', 'imported/stop'),
  ];

  it("replace: the imported content takes the existing entries' places", () => {
    const result = mergeImport(existing, incoming, 'replace');
    expect(summary(result.entries)).toEqual([
      '1 motor/start imported/start',
      '2 motor/stop imported/stop',
      'b pump/start t/start',
    ]);
    expect(result).toMatchObject({ added: 1, replaced: 2, skipped: 0 });
  });

  it('keep both: the imported duplicates are added under a distinct name', () => {
    const result = mergeImport(
      [...existing, withId('3', 'start (copy)', 'motor')],
      incoming,
      'keep-both',
    );
    expect(summary(result.entries)).toEqual([
      '1 motor/start t/start',
      '2 motor/stop t/stop',
      '3 motor/start (copy) t/start (copy)',
      'a motor/start (copy 2) imported/start',
      'b pump/start t/start',
      'c motor/stop (copy) imported/stop',
    ]);
    expect(result).toMatchObject({ added: 3, replaced: 0, skipped: 0 });
    // The name of a copy is distinct within its folder only.
    expect(
      mergeImport(
        [withId('1', 'a', 'x'), withId('2', 'a (copy)', 'y')],
        [withId('b', 'a', 'x')],
        'keep-both',
      ).entries.map((e) => `${e.folder}/${e.name}`),
    ).toEqual(['x/a', 'y/a (copy)', 'x/a (copy)']);
  });

  it('skip: the existing entries stay as they are', () => {
    const result = mergeImport(existing, incoming, 'skip');
    expect(summary(result.entries)).toEqual([
      '1 motor/start t/start',
      '2 motor/stop t/stop',
      'b pump/start t/start',
    ]);
    expect(result).toMatchObject({ added: 1, replaced: 0, skipped: 2 });
  });

  it('a file that names a message twice adds it once, unless both are kept', () => {
    const twice = [withId('a', 'ping', '', 'first'), withId('b', 'ping', '', 'second')];
    expect(summary(mergeImport([], twice, 'replace').entries)).toEqual(['a /ping second']);
    expect(summary(mergeImport([], twice, 'skip').entries)).toEqual(['a /ping first']);
    expect(mergeImport([], twice, 'keep-both').entries.map((e) => e.name)).toEqual([
      'ping',
      'ping (copy)',
    ]);
  });

  it('says what an import did', () => {
    expect(describeImport('lib.json', { added: 1, replaced: 1, skipped: 3 })).toBe(
      'Imported 2 messages from lib.json: 1 added, 1 replaced, 3 skipped.',
    );
    expect(describeImport('lib.json', { added: 0, replaced: 1, skipped: 0 })).toBe(
      'Imported 1 message from lib.json: 0 added, 1 replaced, 0 skipped.',
    );
  });
});
