import { describe, it, expect } from 'vitest';
import { isSubackFailure, subackReasonText } from './suback-reasons';

describe('subackReasonText', () => {
  it('names granted QoS and refusals', () => {
    expect([0, 1, 2].map(subackReasonText)).toEqual(['QoS 0', 'QoS 1', 'QoS 2']);
    expect(subackReasonText(0x80)).toBe('Failure');
    expect(subackReasonText(0x87)).toBe('Not authorized');
    expect(subackReasonText(0x9e)).toBe('Shared subscriptions not supported');
    expect(subackReasonText(0xa2)).toBe('Wildcard subscriptions not supported');
    expect(subackReasonText(0xee)).toBe('Refused (reason code 0xEE)');
  });

  it('calls 0x80 and above a failure', () => {
    expect(isSubackFailure(2)).toBe(false);
    expect(isSubackFailure(0x80)).toBe(true);
    expect(isSubackFailure(0x87)).toBe(true);
  });
});
