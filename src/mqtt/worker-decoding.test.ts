import { describe, expect, it } from 'vitest';
import { ChartFieldExtractor } from '../domain/chart-values';
import { loadCodecs } from '../domain/decoders/codec-loader';
import { MessageBatcher } from './message-batcher';
import { WorkerDecoding } from './worker-decoding';

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** The worker's reading of charted fields, with decoders, for one batch. */
async function setup() {
  const codecs = await loadCodecs();
  let ready = 0;
  const decoding = new WorkerDecoding(() => ready++);
  const extractor = new ChartFieldExtractor(undefined, (topic, payload, contentType) =>
    decoding.documentOf(topic, payload, contentType),
  );
  const batcher = new MessageBatcher(1000, 1_000_000, extractor);
  const sparkplug = (value: unknown) =>
    codecs.encodeWithCodec('sparkplug', value, { nowMs: 1 }).bytes;
  return { decoding, extractor, batcher, sparkplug, codecs, ready: () => ready };
}

describe('WorkerDecoding', () => {
  it('reads a Sparkplug metric by name from aliases of the BIRTH it kept', async () => {
    const { decoding, extractor, batcher, sparkplug } = await setup();
    const birth = 'spBv1.0/g/NBIRTH/n';
    const data = 'spBv1.0/g/NDATA/n';
    extractor.setFields(1, [
      { id: 7, match: data, wildcard: false, path: 'metrics.Temp.value', booleans: false },
    ]);
    decoding.prepare(extractor.matches);
    const birthBytes = sparkplug({
      metrics: [{ name: 'Temp', alias: 1, type: 'Float', value: 1 }],
    });
    decoding.observe(birth, birthBytes);
    batcher.add(birth, birthBytes, 0, 1);
    const dataBytes = sparkplug({ metrics: [{ alias: 1, type: 'Float', value: 21.5 }] });
    decoding.observe(data, dataBytes);
    batcher.add(data, dataBytes, 0, 2);
    const chart = batcher.take().chart!;
    expect([...chart.fieldIds]).toEqual([7]);
    expect([...chart.messages]).toEqual([1]);
    expect([...chart.values]).toEqual([21.5]);
  });

  it('decodes by a rule or a content type, and reads JSON as before', async () => {
    const { decoding, extractor, batcher, codecs } = await setup();
    decoding.setDecoding([{ id: 'r', filter: 'm/#', decoder: 'msgpack' }], []);
    extractor.setFields(1, [
      { id: 1, match: 'm/a', wildcard: false, path: 'rpm', booleans: false },
      { id: 2, match: 'c/a', wildcard: false, path: 'rpm', booleans: false },
      { id: 3, match: 'j/a', wildcard: false, path: 'rpm', booleans: false },
    ]);
    batcher.add('m/a', codecs.encodeWithCodec('msgpack', { rpm: 5 }).bytes, 0, 1);
    batcher.add('c/a', codecs.encodeWithCodec('cbor', { rpm: 6 }).bytes, 0, 2, {
      contentType: 'application/cbor',
    });
    batcher.add('j/a', json({ rpm: 7 }), 0, 3);
    batcher.add('m/a', new Uint8Array([0xc1]), 0, 4);
    const chart = batcher.take().chart!;
    expect([...chart.values].slice(0, 3)).toEqual([5, 6, 7]);
    // Malformed bytes: not drawn, no exception.
    expect(chart.values[3]).toBeNaN();
  });

  it('keeps BIRTH payloads within bounds and asks for the codecs only when a field may need them', async () => {
    const { decoding } = await setup();
    decoding.observe('demo/plain', new Uint8Array(10));
    decoding.prepare(['demo/plain/topic']);
    expect(decoding.waiting).toBe(false);
  });
});
