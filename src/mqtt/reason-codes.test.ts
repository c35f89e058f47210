import { describe, it, expect } from 'vitest';
import {
  connackHint,
  connackReasonText,
  disconnectReasonText,
  pubackReasonText,
} from './reason-codes';

describe('connackReasonText', () => {
  it('reads MQTT 5 reason codes', () => {
    expect(connackReasonText(0x86, 5)).toBe('Bad user name or password');
    expect(connackReasonText(0x8a, 5)).toBe('Banned');
    expect(connackReasonText(0x9f, 5)).toBe('Connection rate exceeded');
    expect(connackReasonText(0x84, 5)).toBe('Unsupported protocol version');
  });

  it('reads MQTT 3.1.1 return codes', () => {
    expect(connackReasonText(1, 4)).toBe('Unsupported protocol version');
    expect(connackReasonText(2, 4)).toBe('Client identifier not valid');
    expect(connackReasonText(3, 4)).toBe('Server unavailable');
    expect(connackReasonText(4, 4)).toBe('Bad user name or password');
    expect(connackReasonText(5, 4)).toBe('Not authorized');
  });

  it('does not read v5 codes as 3.1.1 ones', () => {
    expect(connackReasonText(0x86, 4)).toBe('Refused (reason code 0x86)');
  });

  it('reads a 3.1.1 return code sent in answer to an MQTT 5 connect', () => {
    expect(connackReasonText(1, 5)).toBe('Unsupported protocol version');
  });

  it('names unknown codes in hex', () => {
    expect(connackReasonText(0x8b, 5)).toBe('Refused (reason code 0x8B)');
    expect(connackReasonText(9, 4)).toBe('Refused (reason code 0x09)');
  });
});

describe('connackHint', () => {
  it('suggests the other protocol version', () => {
    expect(connackHint(0x84, 5)).toBe('The broker may not speak MQTT 5.0: try MQTT version 3.1.1.');
    expect(connackHint(1, 5)).toBe('The broker may not speak MQTT 5.0: try MQTT version 3.1.1.');
    expect(connackHint(1, 4)).toMatch(/try MQTT version 5\.0/);
  });

  it('points at credentials for both versions', () => {
    expect(connackHint(0x86, 5)).toBe('Check the user name and password.');
    expect(connackHint(4, 4)).toBe('Check the user name and password.');
    expect(connackHint(5, 4)).toMatch(/access rules/);
  });

  it('has no hint for success or unknown codes', () => {
    expect(connackHint(0, 5)).toBeUndefined();
    expect(connackHint(0x86, 4)).toBeUndefined();
    expect(connackHint(0x7f, 5)).toBeUndefined();
  });
});

describe('pubackReasonText', () => {
  it('names known codes', () => {
    expect(pubackReasonText(0)).toBe('Success');
    expect(pubackReasonText(0x10)).toBe('No matching subscribers');
    expect(pubackReasonText(0x87)).toBe('Not authorized');
    expect(pubackReasonText(0x99)).toBe('Payload format invalid');
    expect(pubackReasonText(0x42)).toBe('Reason code 0x42');
  });
});

describe('disconnectReasonText', () => {
  it('names known codes', () => {
    expect(disconnectReasonText(0)).toBe('Normal disconnection');
    expect(disconnectReasonText(0x04)).toBe('Disconnect with will message');
    expect(disconnectReasonText(0x8b)).toBe('Server shutting down');
    expect(disconnectReasonText(0x8d)).toBe('Keep alive timeout');
    expect(disconnectReasonText(0x8e)).toBe('Session taken over');
    expect(disconnectReasonText(0x93)).toBe('Receive maximum exceeded');
    expect(disconnectReasonText(0x9c)).toBe('Use another server');
    expect(disconnectReasonText(0x01)).toBe('Disconnected (reason code 0x01)');
  });
});
