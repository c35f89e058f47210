import { describe, expect, it } from 'vitest';
import { FLAG_DUP, FLAG_RETAIN } from './mqtt-types';
import { isDup, isRetained, previewOf, qosOf, type StoredMessage } from './stored-message';

const message = (payload: string, flags = 0) =>
  ({ payload: new TextEncoder().encode(payload), flags }) as unknown as StoredMessage;

describe('stored message', () => {
  it('reads QoS, retain and dup from the flag bits', () => {
    const m = message('', 2 | FLAG_RETAIN);
    expect(qosOf(m)).toBe(2);
    expect(isRetained(m)).toBe(true);
    expect(isDup(m)).toBe(false);
    expect(isDup(message('', 1 | FLAG_DUP))).toBe(true);
    expect(qosOf(message('', FLAG_RETAIN | FLAG_DUP))).toBe(0);
  });

  it('decodes a preview once and keeps it', () => {
    const m = message('{"t": 21.5}');
    expect(previewOf(m)).toBe('{"t": 21.5}');
    expect(m.preview).toBe('{"t": 21.5}');
    (m as { payload: Uint8Array }).payload = new Uint8Array(0);
    expect(previewOf(m)).toBe('{"t": 21.5}');
  });
});
