import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../domain/ring-buffer';
import type { StoredMessage } from '../../domain/stored-message';
import { LogView } from './log-view';

let nextSeq = 1;
function push(log: RingBuffer<StoredMessage>, topic: string): StoredMessage {
  const message = { seq: nextSeq++, topic } as unknown as StoredMessage;
  log.push(message);
  return message;
}

function topics(view: LogView, log: RingBuffer<StoredMessage>, count: number): string[] {
  return Array.from({ length: count }, (_, i) => view.at(log, i)?.topic ?? '?');
}

describe('the log view', () => {
  it('shows the newest first and follows new messages', () => {
    const log = new RingBuffer<StoredMessage>(10);
    push(log, 'a');
    push(log, 'b');
    const view = new LogView();
    expect(view.refresh(log, undefined, false)).toBe(2);
    expect(topics(view, log, 2)).toEqual(['b', 'a']);
    push(log, 'c');
    expect(view.refresh(log, undefined, false)).toBe(3);
    expect(topics(view, log, 3)).toEqual(['c', 'b', 'a']);
  });

  it('freezes on what the previous refresh showed, so a row keeps its message', () => {
    for (const filtered of [false, true]) {
      const matches = filtered ? (m: StoredMessage) => m.topic !== 'skip' : undefined;
      const log = new RingBuffer<StoredMessage>(10);
      push(log, 'a');
      const b = push(log, 'b');
      const view = new LogView();
      expect(view.refresh(log, matches, false)).toBe(2);
      // Arrives after the last refresh: the frozen view never shows it.
      push(log, 'late');
      expect(view.refresh(log, matches, true)).toBe(2);
      expect(view.frozen).toBe(true);
      push(log, 'd');
      push(log, 'skip');
      expect(view.refresh(log, matches, true)).toBe(2);
      expect(topics(view, log, 2)).toEqual(['b', 'a']);
      expect(view.indexOf(log, b.seq)).toBe(0);
      expect(view.refresh(log, matches, false)).toBe(filtered ? 4 : 5);
      expect(view.at(log, 0)?.topic).toBe(filtered ? 'd' : 'skip');
      expect(view.indexOf(log, b.seq)).toBe(filtered ? 2 : 3);
    }
  });

  it('finds a message by its sequence number, or says the view does not show it', () => {
    const log = new RingBuffer<StoredMessage>(4);
    const pushed = ['a', 'x', 'b', 'x', 'c'].map((topic) => push(log, topic));
    const onlyX = (m: StoredMessage) => m.topic === 'x';
    const view = new LogView();
    view.refresh(log, undefined, false);
    expect(view.indexOf(log, pushed[4]!.seq)).toBe(0);
    expect(view.indexOf(log, pushed[1]!.seq)).toBe(3);
    // Overwritten by the ring.
    expect(view.indexOf(log, pushed[0]!.seq)).toBe(-1);
    expect(view.indexOf(log, pushed[4]!.seq + 1)).toBe(-1);
    view.refresh(log, onlyX, false);
    expect(view.indexOf(log, pushed[3]!.seq)).toBe(0);
    expect(view.indexOf(log, pushed[1]!.seq)).toBe(1);
    expect(view.indexOf(log, pushed[2]!.seq)).toBe(-1);
  });

  it('keeps the freeze point when the filter changes, and starts frozen at the newest', () => {
    const log = new RingBuffer<StoredMessage>(10);
    push(log, 'a');
    const view = new LogView();
    expect(view.refresh(log, undefined, true)).toBe(1);
    push(log, 'b');
    expect(view.refresh(log, () => true, true)).toBe(1);
    expect(view.at(log, 0)?.topic).toBe('a');
  });

  it('drops rows that leave the ring from the bottom of a frozen view', () => {
    const log = new RingBuffer<StoredMessage>(3);
    ['a', 'b', 'c'].forEach((topic) => push(log, topic));
    const view = new LogView();
    view.refresh(log, undefined, false);
    expect(view.refresh(log, undefined, true)).toBe(3);
    push(log, 'd');
    expect(view.refresh(log, undefined, true)).toBe(2);
    expect(topics(view, log, 2)).toEqual(['c', 'b']);
  });
});
