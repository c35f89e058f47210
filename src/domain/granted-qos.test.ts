import { describe, expect, it } from 'vitest';
import { grantedQosText } from './granted-qos';

describe('grantedQosText', () => {
  it('shows the granted QoS alone when the broker granted what was asked', () => {
    expect(grantedQosText(1, 1)).toBe('QoS 1');
    expect(grantedQosText(0, 0)).toBe('QoS 0');
  });

  it('shows what was asked when the broker granted less', () => {
    expect(grantedQosText(1, 2)).toBe('QoS 1 (asked 2)');
    expect(grantedQosText(0, 2)).toBe('QoS 0 (asked 2)');
  });
});
