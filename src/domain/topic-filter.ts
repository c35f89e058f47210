/**
 * MQTT topic filters and topic names: validation with plain-language messages, and matching
 * per the MQTT 3.1.1 / 5.0 specs (sections 4.7 and 4.8).
 */

/** Topic names and filters are UTF-8 strings with a 2-byte length prefix. */
export const MAX_TOPIC_BYTES = 65535;

const SHARE_PREFIX = '$share/';

/** UTF-8 length without allocating an encoded copy (topics are checked on every keystroke). */
export function utf8ByteLength(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(s.charCodeAt(i + 1))) {
      // A surrogate pair is one code point above U+FFFF: 4 bytes.
      bytes += 4;
      i++;
    } else {
      // Other BMP characters, and lone surrogates (encoded as U+FFFD, also 3 bytes).
      bytes += 3;
    }
  }
  return bytes;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function validateCommon(s: string, what: string): string | null {
  if (s.length === 0) return `The ${what} is empty.`;
  if (s.includes('\u0000')) return `A ${what} cannot contain the null character.`;
  if (utf8ByteLength(s) > MAX_TOPIC_BYTES) {
    return `The ${what} is longer than 65,535 bytes in UTF-8.`;
  }
  return null;
}

function validateLevels(filter: string): string | null {
  const levels = filter.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] ?? '';
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) {
      return "'#' must be the last level and stand alone in its level, as in sport/#.";
    }
    if (level.includes('+') && level !== '+') {
      return "'+' must stand alone in its level, as in sport/+/score.";
    }
  }
  return null;
}

/** Splits `$share/<group>/<filter>`; undefined when the filter is not a shared subscription. */
function splitShared(filter: string): { group: string; inner: string } | undefined {
  if (!filter.startsWith(SHARE_PREFIX)) return undefined;
  const rest = filter.slice(SHARE_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash === -1) return { group: rest, inner: '' };
  return { group: rest.slice(0, slash), inner: rest.slice(slash + 1) };
}

/** Null when `filter` can be subscribed to, else a message saying what is wrong. */
export function validateTopicFilter(filter: string): string | null {
  const common = validateCommon(filter, 'topic filter');
  if (common !== null) return common;
  const shared = splitShared(filter);
  if (shared === undefined) return validateLevels(filter);
  if (shared.group === '') {
    return 'A shared subscription needs a group name, as in $share/group/sport/#.';
  }
  if (/[+#]/.test(shared.group)) {
    return "The share group name cannot contain '+' or '#'.";
  }
  if (shared.inner === '') {
    return 'A shared subscription needs a topic filter after the group, as in $share/group/sport/#.';
  }
  return validateLevels(shared.inner);
}

/** Null when `topic` can be published to, else a message saying what is wrong. */
export function validateTopicName(topic: string): string | null {
  const common = validateCommon(topic, 'topic');
  if (common !== null) return common;
  if (/[+#]/.test(topic)) {
    return "A topic name cannot contain '+' or '#': wildcards are only for subscribing.";
  }
  return null;
}

const neverMatches = (): boolean => false;

/**
 * Splits the filter once so matching many topics costs one pass over each topic with no
 * allocation. An invalid filter matches nothing, as a broker would refuse it.
 */
export function compileTopicFilter(filter: string): (topic: string) => boolean {
  if (validateTopicFilter(filter) !== null) return neverMatches;
  const effective = splitShared(filter)?.inner ?? filter;
  const levels = effective.split('/');
  const levelCount = levels.length;
  // Spec 4.7.2: a filter starting with a wildcard does not match topics starting with '$'.
  const startsWithWildcard = levels[0] === '#' || levels[0] === '+';

  return (topic: string): boolean => {
    if (startsWithWildcard && topic.charCodeAt(0) === 0x24 /* $ */) return false;
    let pos = 0;
    for (let i = 0; i < levelCount; i++) {
      const level = levels[i] as string;
      // '#' matches the remaining levels, including none: 'a/#' matches 'a'.
      if (level === '#') return true;
      // pos past the end means the topic has run out of levels.
      if (pos > topic.length) return false;
      const slash = topic.indexOf('/', pos);
      const end = slash === -1 ? topic.length : slash;
      // '+' matches exactly one level, which may be empty.
      if (level !== '+' && (end - pos !== level.length || !topic.startsWith(level, pos))) {
        return false;
      }
      pos = end + 1;
    }
    // Every topic level must have been consumed.
    return pos === topic.length + 1;
  };
}

/** True when a message on `topic` is delivered to a subscription on `filter`. */
export function topicMatchesFilter(filter: string, topic: string): boolean {
  return compileTopicFilter(filter)(topic);
}
