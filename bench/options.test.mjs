import { describe, expect, it } from 'vitest';
import { parseOptions } from './options.mjs';

describe('parseOptions', () => {
  it('reads flags from the command line or from npm config', () => {
    expect(parseOptions(['--quick'], {}).quick).toBe(true);
    expect(parseOptions([], { npm_config_quick: 'true' }).quick).toBe(true);
    expect(parseOptions([], { npm_config_soak: 'true' }).soak).toBe(true);
    expect(parseOptions([], {})).toMatchObject({ quick: false, soak: false, strict: false });
  });

  it('reads --soak-minutes=N, which implies --soak, also as npm_config_soak_minutes', () => {
    expect(parseOptions(['--soak', '--soak-minutes=3'], {})).toMatchObject({
      soak: true,
      soakMinutes: 3,
    });
    expect(parseOptions([], { npm_config_soak_minutes: '5' })).toMatchObject({
      soak: true,
      soakMinutes: 5,
    });
    expect(parseOptions(['--soak'], {}).soakMinutes).toBeUndefined();
  });

  it('refuses a soak length that is not a whole number of minutes', () => {
    expect(() => parseOptions(['--soak-minutes=0'], {})).toThrow(/whole number/);
    expect(() => parseOptions(['--soak-minutes=2.5'], {})).toThrow(/whole number/);
    expect(() => parseOptions(['--soak-budget-mb=lots'], {})).toThrow(/whole number/);
  });

  it('takes --dist from the command line only', () => {
    expect(parseOptions(['--dist=/tmp/d'], { npm_config_dist: '/x' }).dist).toBe('/tmp/d');
    expect(parseOptions([], { npm_config_dist: '/x' }).dist).toBeUndefined();
  });
});
