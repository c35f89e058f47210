import { describe, expect, it } from 'vitest';
import { loadCodecs } from './codec-loader';
import { decodeBytes, decodePlain, MAX_DECODE_BYTES } from './decode-message';

const text = (s: string) => new TextEncoder().encode(s);

describe('decodeBytes', () => {
  it('waits for the codecs module for library decoders, never for plain ones', () => {
    expect(decodeBytes('cbor', new Uint8Array([1]), { codecs: undefined })).toEqual({
      status: 'pending',
    });
    expect(decodeBytes('base64', text('hi'), { codecs: undefined })).toEqual({
      status: 'decoded',
      result: { value: 'aGk=', text: 'aGk=' },
    });
  });

  it('gives the error and the hex for malformed bytes, never an exception', async () => {
    const codecs = await loadCodecs();
    for (const id of ['cbor', 'msgpack', 'protobuf', 'sparkplug'] as const) {
      const out = decodeBytes(id, new Uint8Array([0xff, 0xff, 0xff]), { codecs });
      expect(out.status).toBe('decoded');
      if (out.status !== 'decoded') continue;
      expect(out.result.error, id).toMatch(/^Not valid (CBOR|MessagePack|Protobuf|Sparkplug B): /);
      expect(out.result.text).toMatch(/^00000000 {2}ff ff ff/);
    }
  });

  it('leaves payloads over 1 MB undecoded', async () => {
    const codecs = await loadCodecs();
    const out = decodeBytes('cbor', new Uint8Array(MAX_DECODE_BYTES + 1), { codecs });
    expect(out.status === 'decoded' && out.result.error).toMatch(
      /payloads over 1 MB are shown as hex/,
    );
  });

  it('resolves Sparkplug aliases through the environment, by topic', async () => {
    const codecs = await loadCodecs();
    const { bytes } = codecs.encodeWithCodec(
      'sparkplug',
      { metrics: [{ alias: 1, value: 2.5 }] },
      { nowMs: 1 },
    );
    const out = decodeBytes(
      'sparkplug',
      bytes,
      { codecs, aliases: (t) => (t.node === 'n' ? new Map([['1', { name: 'Temp' }]]) : undefined) },
      { topic: 'spBv1.0/g/NDATA/n' },
    );
    expect(out.status === 'decoded' && out.result.value).toMatchObject({
      metrics: { Temp: { value: 2.5 } },
    });
  });
});

describe('decodePlain', () => {
  it('reads JSON exactly, text, hex and base64', () => {
    expect(decodePlain('json', text('{"a":1.10}'))).toEqual({
      value: { a: 1.1 },
      text: '{\n  "a": 1.10\n}',
    });
    expect(decodePlain('json', text('{')).error).toMatch(/^Not valid JSON/);
    expect(decodePlain('json', new Uint8Array([0xff])).error).toMatch(/not UTF-8/);
    expect(decodePlain('text', text('hé'))).toEqual({ value: 'hé', text: 'hé' });
    expect(decodePlain('hex', text('A')).text).toMatch(/^00000000 {2}41/);
    expect(
      decodePlain('base64', new Uint8Array(60))
        .text.split('\n')
        .map((l) => l.length),
    ).toEqual([76, 4]);
  });
});
