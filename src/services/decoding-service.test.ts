import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Ingest } from '../ingest/ingest';
import { loadCodecs } from '../domain/decoders/codec-loader';
import { NO_DOCUMENT } from '../domain/json-fields';
import { useDecodingStore } from '../stores/decoding-store';
import { DecodingService } from './decoding-service';

let ingest: Ingest;
let service: DecodingService;
const publish = vi.fn(async () => ({
  type: 'publish-result' as const,
  requestId: 1,
  ok: true,
  roundTripMs: 1,
}));
const setDecoding = vi.fn();

function keep(topic: string, payload: Uint8Array, contentType?: string) {
  ingest.ingestOne(topic, payload, 0, Date.now(), contentType ? { contentType } : undefined);
  return ingest.log.getNewest(0)!;
}

beforeEach(() => {
  useDecodingStore.setState(useDecodingStore.getInitialState(), true);
  ingest = new Ingest();
  service = new DecodingService(
    { setDecoding, publish },
    { topic: (name) => ingest.topics.get(name) },
  );
  service.start();
});

describe('DecodingService', () => {
  it('shows the plain preview until the decoders are in, then the decoded one', async () => {
    const codecs = await loadCodecs();
    const message = keep(
      'v/1',
      codecs.encodeWithCodec('cbor', { rms: 0.5 }).bytes,
      'application/cbor',
    );
    expect(service.preview(message)).toMatch(/^binary/);
    await service.engine();
    expect(useDecodingStore.getState().codecs).toBe('ready');
    expect(service.preview(message)).toBe('CBOR · {"rms":0.5}');
    expect(service.searchText(message)).toContain('"rms": 0.5');
    expect(service.chartDocument(message)).toEqual({ rms: 0.5 });
    expect(service.decode(keep('plain', new TextEncoder().encode('{"a":1}')))).toBeUndefined();
  });

  it('names Sparkplug metrics from the kept BIRTH and asks for a rebirth', async () => {
    const engine = await service.engine();
    const codecs = await loadCodecs();
    const enc = (v: unknown) => codecs.encodeWithCodec('sparkplug', v, { nowMs: 1 }).bytes;
    const data = keep('spBv1.0/g/NDATA/n', enc({ metrics: [{ alias: 1, value: 2.5 }] }));
    expect(service.preview(data)).toContain('alias 1=2.5');
    keep('spBv1.0/g/NBIRTH/n', enc({ metrics: [{ name: 'Temp', alias: 1, value: 1.5 }] }));
    // A new BIRTH is seen at once: the cached decoding is read again.
    expect(service.preview(data)).toContain('Temp=2.5');
    expect(await engine.requestRebirth('spBv1.0/g/NDATA/n')).toMatch(/^Sent a Rebirth command/);
    expect(publish).toHaveBeenCalledWith('spBv1.0/g/NCMD/n', expect.any(Uint8Array), {
      qos: 0,
      retain: false,
    });
  });

  it('keeps rules, sends them to the worker, and decodes by them', async () => {
    const engine = await service.engine();
    expect(engine.addRule({ filter: 'a/#/b', decoder: 'cbor' })).toMatch(/#/);
    expect(engine.addRule({ filter: 'm/+', decoder: 'msgpack' })).toBeUndefined();
    expect(setDecoding).toHaveBeenLastCalledWith(useDecodingStore.getState().rules, []);
    const codecs = await loadCodecs();
    const message = keep('m/x', codecs.encodeWithCodec('msgpack', { rpm: 3 }).bytes);
    expect(service.chartDocument(message)).toEqual({ rpm: 3 });
    const broken = keep('m/y', new Uint8Array([0xc1]));
    expect(service.chartDocument(broken)).toBe(NO_DOCUMENT);
    expect(service.preview(broken)).toMatch(/^MessagePack error/);
  });

  it('publishes Sparkplug B with a seq per edge node; a check does not take one', async () => {
    const topic = 'spBv1.0/g/NDATA/n';
    const text = '{"metrics": {"a": 1}}';
    expect(await service.encode('sparkplug', text, topic, undefined, true)).toMatchObject({
      ok: true,
      note: expect.stringContaining('seq 0'),
    });
    expect(await service.encode('sparkplug', text, topic)).toMatchObject({
      note: expect.stringContaining('seq 0'),
    });
    expect(await service.encode('sparkplug', text, topic)).toMatchObject({
      note: expect.stringContaining('seq 1'),
    });
    expect(await service.encode('sparkplug', text, 'not/sparkplug')).toMatchObject({ ok: false });
    expect(await service.encode('cbor', '{', 'x')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not valid JSON/),
    });
  });
});
