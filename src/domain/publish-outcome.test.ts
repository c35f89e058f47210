import { describe, expect, it } from 'vitest';
import { outcomeFromResult, publishOutcomeText } from './publish-outcome';

describe('publishOutcomeText', () => {
  it('says QoS 0 was sent, and QoS 1 and 2 were acknowledged with the round trip', () => {
    expect(publishOutcomeText({ ok: true, roundTripMs: 3 }, 'a/b', 0, 5)).toBe(
      'Sent to a/b (QoS 0, no acknowledgement).',
    );
    expect(publishOutcomeText({ ok: true, roundTripMs: 12.4 }, 'a/b', 2, 5)).toBe(
      'Acknowledged by the broker (PUBCOMP, QoS 2) in 12 ms.',
    );
    expect(publishOutcomeText({ ok: true, roundTripMs: 5 }, 'a/b', 1, 4)).toMatch(
      /PUBACK, QoS 1\) in 5 ms\. MQTT 3\.1\.1 cannot report a refusal\.$/,
    );
  });

  it('names the refusal, its packet and its reason code', () => {
    const refused = { ok: false, error: 'Not authorized', reasonCode: 0x87, roundTripMs: 4 };
    expect(publishOutcomeText(refused, 'a', 1, 5)).toBe(
      'Refused by the broker: Not authorized (PUBACK reason code 0x87) after 4 ms.',
    );
    expect(publishOutcomeText({ ...refused, reasonCode: 0x97 }, 'a', 2, 5)).toContain('PUBREC');
    expect(
      publishOutcomeText({ ok: false, error: 'No connection.', roundTripMs: 0 }, 'a', 1, 5),
    ).toBe('No connection.');
  });

  it('carries ok into the outcome', () => {
    expect(outcomeFromResult({ ok: false, roundTripMs: 0 }, 'a', 0, 5)).toEqual({
      ok: false,
      text: 'Not sent.',
    });
  });
});
