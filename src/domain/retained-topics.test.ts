import { describe, expect, it } from 'vitest';
import { retainedInSubtree, subtreeRoot } from './retained-topics';

describe('subtreeRoot', () => {
  it('accepts a topic, a trailing slash or a trailing /#', () => {
    expect(subtreeRoot('a/b')).toEqual({ ok: true, root: 'a/b' });
    expect(subtreeRoot(' a/b/ ')).toEqual({ ok: true, root: 'a/b' });
    expect(subtreeRoot('a/b/#')).toEqual({ ok: true, root: 'a/b' });
  });
  it('refuses the whole broker and other wildcards', () => {
    expect(subtreeRoot('#').ok).toBe(false);
    expect(subtreeRoot('').ok).toBe(false);
    expect(subtreeRoot('a/+/b').ok).toBe(false);
  });
});

describe('retainedInSubtree', () => {
  it('lists retained, non-empty topics at or below the root only', () => {
    const seen = [
      { topic: 'a/b', retained: true, lastPayloadBytes: 3 },
      { topic: 'a/b/c', retained: true, lastPayloadBytes: 1 },
      { topic: 'a/b/d', retained: false, lastPayloadBytes: 1 },
      { topic: 'a/b/e', retained: true, lastPayloadBytes: 0 },
      { topic: 'a/bc', retained: true, lastPayloadBytes: 1 },
      { topic: 'x/a/b', retained: true, lastPayloadBytes: 1 },
    ];
    expect(retainedInSubtree(seen, 'a/b')).toEqual(['a/b', 'a/b/c']);
  });
});
