import { describe, expect, it } from 'vitest';
import { MESSAGE, TOPIC, countText, formatCount, pluralForm } from './count-text';

describe('counts in words', () => {
  it('uses the singular for one and the plural for everything else', () => {
    expect(countText(1, TOPIC)).toBe('1 topic');
    expect(countText(2, TOPIC)).toBe('2 topics');
    expect(countText(0, MESSAGE)).toBe('0 messages');
    expect(countText(1, MESSAGE)).toBe('1 message');
    expect(countText(21, MESSAGE)).toBe('21 messages');
  });

  it('separates thousands and keeps the plural for large and fractional counts', () => {
    expect(countText(1234567, MESSAGE)).toBe('1,234,567 messages');
    expect(countText(1.5, MESSAGE)).toBe('1.5 messages');
    expect(formatCount(20000)).toBe('20,000');
  });

  it('gives the noun alone for texts that put the number elsewhere', () => {
    expect(pluralForm(1, ['subtopic', 'subtopics'])).toBe('subtopic');
    expect(pluralForm(3, ['subtopic', 'subtopics'])).toBe('subtopics');
  });
});
