import { describe, expect, it } from 'vitest';
import { unpackBatch } from './batch-messages';

describe('unpackBatch', () => {
  it('splits payloads at their ends and reads QoS, retain and sparse properties', () => {
    const payloads = new TextEncoder().encode('onetwo');
    const messages = unpackBatch({
      count: 2,
      topics: ['a', 'b'],
      payloads: payloads.buffer,
      payloadEnds: new Uint32Array([3, 6]),
      flags: new Uint8Array([0b101, 0b010]),
      receivedAtMs: new Float64Array([1, 2]),
      properties: [[1, { responseTopic: 'r' }]],
      droppedInWorker: 0,
    });
    expect(messages).toEqual([
      { topic: 'a', text: 'one', qos: 1, retain: true, properties: undefined, receivedAtMs: 1 },
      {
        topic: 'b',
        text: 'two',
        qos: 2,
        retain: false,
        properties: { responseTopic: 'r' },
        receivedAtMs: 2,
      },
    ]);
  });
});
