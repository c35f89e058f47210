import { describe, expect, it } from 'vitest';
import { describeSubscribeOptions } from './subscribe-options';

describe('describeSubscribeOptions', () => {
  it('gives every option set, compact and in full words', () => {
    expect(
      describeSubscribeOptions({
        qos: 1,
        noLocal: true,
        retainAsPublished: true,
        retainHandling: 2,
        subscriptionIdentifier: 7,
      }),
    ).toEqual({
      short: 'NL · RAP · RH 2 · id 7',
      full: 'No Local, Retain As Published, Retain Handling 2: never send retained messages, subscription identifier 7',
    });
  });

  it('leaves out the defaults', () => {
    expect(describeSubscribeOptions({ qos: 0 })).toBeUndefined();
    expect(
      describeSubscribeOptions({
        qos: 2,
        noLocal: false,
        retainAsPublished: false,
        retainHandling: 0,
        subscriptionIdentifier: undefined,
      }),
    ).toBeUndefined();
    expect(describeSubscribeOptions({ qos: 0, retainHandling: 1 })).toEqual({
      short: 'RH 1',
      full: 'Retain Handling 1: only for a new subscription',
    });
    expect(describeSubscribeOptions({ qos: 0, subscriptionIdentifier: 268435455 })).toEqual({
      short: 'id 268435455',
      full: 'subscription identifier 268435455',
    });
    expect(describeSubscribeOptions({ qos: 0, retainAsPublished: true })?.short).toBe('RAP');
  });

  it('ignores an identifier that MQTT does not allow', () => {
    expect(describeSubscribeOptions({ qos: 0, subscriptionIdentifier: 0 })).toBeUndefined();
    expect(describeSubscribeOptions({ qos: 0, subscriptionIdentifier: 1.5 })).toBeUndefined();
  });
});
