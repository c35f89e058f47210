import { describe, it, expect } from 'vitest';
import {
  compileTopicFilter,
  topicMatchesFilter,
  utf8ByteLength,
  validateTopicFilter,
  validateTopicName,
} from './topic-filter';

describe('utf8ByteLength', () => {
  it('counts like TextEncoder', () => {
    for (const s of ['', 'abc', 'é', '温度', '😀', 'a😀b', '\ud800', 'x\udc00y']) {
      expect(utf8ByteLength(s)).toBe(new TextEncoder().encode(s).length);
    }
  });
});

describe('validateTopicFilter', () => {
  it.each(['a', 'a/b', '#', '+', 'a/#', 'a/+/c', '+/+', '/', 'a//b', '$SYS/#', '$share'])(
    'accepts %s',
    (filter) => {
      expect(validateTopicFilter(filter)).toBeNull();
    },
  );

  it('rejects an empty filter', () => {
    expect(validateTopicFilter('')).toBe('The topic filter is empty.');
  });

  it.each(['a/#/b', 'a#', 'a/b#', '#/a', '##'])('rejects misplaced # in %s', (filter) => {
    expect(validateTopicFilter(filter)).toMatch(/'#' must be the last level/);
  });

  it.each(['a+', 'a/+b/c', '++'])('rejects misplaced + in %s', (filter) => {
    expect(validateTopicFilter(filter)).toMatch(/'\+' must stand alone/);
  });

  it('rejects the null character and over-long filters', () => {
    expect(validateTopicFilter('a\u0000b')).toMatch(/null character/);
    expect(validateTopicFilter('a'.repeat(65535))).toBeNull();
    expect(validateTopicFilter('a'.repeat(65536))).toMatch(/65,535 bytes/);
    // 21,846 three-byte characters = 65,538 bytes though only 21,846 UTF-16 units.
    expect(validateTopicFilter('温'.repeat(21846))).toMatch(/65,535 bytes/);
  });

  it('checks shared subscriptions', () => {
    expect(validateTopicFilter('$share/g/a/#')).toBeNull();
    expect(validateTopicFilter('$share/g/+')).toBeNull();
    expect(validateTopicFilter('$share//a')).toMatch(/group name/);
    expect(validateTopicFilter('$share/g')).toMatch(/topic filter after the group/);
    expect(validateTopicFilter('$share/g/')).toMatch(/topic filter after the group/);
    expect(validateTopicFilter('$share/g+/a')).toMatch(/cannot contain/);
    expect(validateTopicFilter('$share/#')).toMatch(/cannot contain|topic filter after/);
    expect(validateTopicFilter('$share/g/a#')).toMatch(/'#' must be the last level/);
  });
});

describe('validateTopicName', () => {
  it('accepts plain topics', () => {
    expect(validateTopicName('a/b')).toBeNull();
    expect(validateTopicName('/')).toBeNull();
  });

  it('rejects empty, wildcards, null and over-long names', () => {
    expect(validateTopicName('')).toBe('The topic is empty.');
    expect(validateTopicName('a/+')).toMatch(/wildcards/);
    expect(validateTopicName('a/#')).toMatch(/wildcards/);
    expect(validateTopicName('a\u0000')).toMatch(/null character/);
    expect(validateTopicName('é'.repeat(32768))).toMatch(/65,535 bytes/);
  });
});

describe('topicMatchesFilter', () => {
  const cases: Array<[string, string, boolean]> = [
    ['a/b', 'a/b', true],
    ['a/b', 'a/bc', false],
    ['a/b', 'a', false],
    ['a', 'a/b', false],
    ['a/#', 'a', true],
    ['a/#', 'a/b/c', true],
    ['a/#', 'ab', false],
    ['#', 'a/b', true],
    ['#', '/', true],
    ['+', 'a', true],
    ['+', 'a/b', false],
    ['+', '/a', false],
    ['+/+', '/a', true],
    ['a/+/c', 'a//c', true],
    ['a/+/c', 'a/b/c', true],
    ['a/+/c', 'a/b/d', false],
    ['a/+', 'a', false],
    ['a/+', 'a/', true],
    ['a/+/#', 'a/b', true],
    ['#', '$SYS/x', false],
    ['+/x', '$SYS/x', false],
    ['+/#', '$SYS', false],
    ['$SYS/#', '$SYS/x', true],
    ['$SYS/+', '$SYS/x', true],
    ['$share/g/a/+', 'a/b', true],
    ['$share/g/a/+', '$share/g/a/b', false],
    ['$share/g/#', '$SYS/x', false],
    ['a/#/b', 'a/x/b', false],
  ];
  it.each(cases)('filter %s vs topic %s -> %s', (filter, topic, expected) => {
    expect(topicMatchesFilter(filter, topic)).toBe(expected);
  });

  it('compiled matcher agrees with the one-shot function across many topics', () => {
    const match = compileTopicFilter('home/+/temp/#');
    expect(match('home/kitchen/temp')).toBe(true);
    expect(match('home/kitchen/temp/c')).toBe(true);
    expect(match('home/kitchen/hum')).toBe(false);
    expect(match('home/temp')).toBe(false);
  });
});
