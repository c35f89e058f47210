import { describe, expect, it } from 'vitest';
import { logEmptyText, treeEmptyText, type LogEmptyInput } from './empty-text';

describe('an empty topic tree says why', () => {
  it('names the filter that matches nothing', () => {
    expect(treeEmptyText({ filterText: ' x ', searchPayloads: false, topicCount: 3 })).toBe(
      'No topic matches "x"',
    );
    expect(treeEmptyText({ filterText: 'x', searchPayloads: true, topicCount: 3 })).toBe(
      'No topic or last payload matches "x"',
    );
  });

  it('says there are no topics yet when nothing arrived, filter or not', () => {
    const empty = 'No topics yet: subscribe to see messages.';
    expect(treeEmptyText({ filterText: '', searchPayloads: false, topicCount: 0 })).toBe(empty);
    expect(treeEmptyText({ filterText: 'x', searchPayloads: false, topicCount: 0 })).toBe(empty);
  });
});

describe('an empty message log says why', () => {
  const base: LogEmptyInput = {
    topicFilter: undefined,
    text: undefined,
    keptCount: 5,
    received: 5,
    muted: 0,
    frozen: false,
  };

  it('names the text, the topic filter or both when they match nothing', () => {
    expect(logEmptyText({ ...base, text: ' x ' })).toBe('No message matches "x"');
    expect(logEmptyText({ ...base, topicFilter: 'a/+' })).toBe(
      'No message matches the topic filter a/+',
    );
    expect(logEmptyText({ ...base, topicFilter: 'a/+', text: 'x' })).toBe(
      'No message matches the topic filter a/+ and "x"',
    );
  });

  it('says a paused list hides newer messages', () => {
    expect(logEmptyText({ ...base, text: 'x', frozen: true })).toBe(
      'No message matches "x" up to the pause; newer ones show when you resume',
    );
    expect(logEmptyText({ ...base, frozen: true })).toBe(
      'No message arrived before the pause; newer ones show when you resume.',
    );
  });

  it('says an empty log is empty, and why, whatever the filters', () => {
    const none = { ...base, keptCount: 0, received: 0 };
    expect(logEmptyText(none)).toBe(
      'The log is empty: no message received yet. Subscribe to a topic to see messages here.',
    );
    expect(logEmptyText({ ...none, text: 'x' })).toBe(logEmptyText(none));
    expect(logEmptyText({ ...none, received: 12 })).toBe(
      'The log is empty: it was cleared. New messages show here as they arrive.',
    );
    expect(logEmptyText({ ...none, received: 1, muted: 1 })).toBe(
      'The log is empty: the 1 message received so far came on muted subscriptions.',
    );
    expect(logEmptyText({ ...none, received: 2, muted: 2 })).toContain('the 2 messages received');
  });
});
