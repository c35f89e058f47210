import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ChartFieldExtractor,
  ChartValueBuffer,
  MAX_CHART_PAYLOAD_BYTES,
  readChartValue,
  toChartValue,
  type ChartField,
} from './chart-values';
import { compileFieldReader } from './json-fields';

const bytes = (s: string) => new TextEncoder().encode(s);

const exact = (id: number, topic: string, path: string, booleans = false): ChartField => ({
  id,
  match: topic,
  wildcard: false,
  path,
  booleans,
});

/** Runs the extractor over messages; returns [field id, message index, value] triples. */
function extractAll(extractor: ChartFieldExtractor, messages: Array<[string, string]>) {
  const out = new ChartValueBuffer();
  messages.forEach(([topic, text], i) => extractor.extract(topic, bytes(text), i, out));
  const values = out.take(extractor.version);
  return Array.from(values.fieldIds, (id, k) => [id, values.messages[k], values.values[k]]);
}

afterEach(() => vi.restoreAllMocks());

describe('ChartFieldExtractor', () => {
  it('reads nested paths, array items and bare numbers of the charted topics only', () => {
    const extractor = new ChartFieldExtractor();
    extractor.setFields(1, [
      exact(1, 'plant/t', 'a.b.celsius'),
      exact(2, 'plant/s', 'sensors[1].value'),
      exact(3, 'plant/p', 'value'),
      exact(4, 'plant/q', 'value'),
    ]);
    expect(
      extractAll(extractor, [
        ['plant/t', '{"a": {"b": {"celsius": 21.5}}}'],
        ['plant/other', '{"a": {"b": {"celsius": 99}}}'],
        ['plant/s', '{"sensors": [{"value": 1}, {"value": 2.5}]}'],
        ['plant/p', '1013.2'],
        ['plant/q', '{"value": 7}'],
      ]),
    ).toEqual([
      [1, 0, 21.5],
      [2, 2, 2.5],
      [3, 3, 1013.2],
      [4, 4, 7],
    ]);
  });

  it('marks missing fields, non-numbers and values no axis can show as NaN', () => {
    const extractor = new ChartFieldExtractor();
    extractor.setFields(1, [exact(1, 'x', 'v')]);
    const values = extractAll(extractor, [
      ['x', '{"v": "12"}'],
      ['x', '{"other": 1}'],
      ['x', 'not json'],
      ['x', '{"v": 1e308}'],
      ['x', '{"v": -1e301}'],
      ['x', '{"v": 1e300}'],
      ['x', '{"v": null}'],
    ]).map(([, , value]) => value);
    expect(values).toEqual([NaN, NaN, NaN, NaN, NaN, 1e300, NaN]);
  });

  it('reads booleans as 1/0 only for fields that ask', () => {
    const extractor = new ChartFieldExtractor();
    extractor.setFields(1, [exact(1, 'door', 'open'), exact(2, 'door', 'open', true)]);
    expect(
      extractAll(extractor, [
        ['door', '{"open": true}'],
        ['door', '{"open": false}'],
      ]),
    ).toEqual([
      [1, 0, NaN],
      [2, 0, 1],
      [1, 1, NaN],
      [2, 1, 0],
    ]);
  });

  it('parses each message once, however many paths its topic has charted', () => {
    const extractor = new ChartFieldExtractor();
    extractor.setFields(1, [
      exact(1, 'motor', 'rpm'),
      exact(2, 'motor', 'current'),
      exact(3, 'motor', 'temps[0]'),
      { id: 4, match: 'motor/#', wildcard: true, path: 'rpm', booleans: false },
    ]);
    const parse = vi.spyOn(JSON, 'parse');
    const values = extractAll(extractor, [
      ['motor', '{"rpm": 1500, "current": 3.1, "temps": [40]}'],
      ['motor', '{"rpm": 1600, "current": 3.2, "temps": [41]}'],
      ['elsewhere', '{"rpm": 1}'],
    ]);
    expect(parse).toHaveBeenCalledTimes(2);
    expect(values).toEqual([
      [1, 0, 1500],
      [2, 0, 3.1],
      [3, 0, 40],
      [4, 0, 1500],
      [1, 1, 1600],
      [2, 1, 3.2],
      [3, 1, 41],
      [4, 1, 1600],
    ]);
  });

  it('reads a wildcard field from every matching topic', () => {
    const extractor = new ChartFieldExtractor();
    extractor.setFields(1, [
      { id: 9, match: 'plant/+/temperature', wildcard: true, path: 'celsius', booleans: false },
    ]);
    expect(
      extractAll(extractor, [
        ['plant/a/temperature', '{"celsius": 1}'],
        ['plant/b/temperature', '{"celsius": 2}'],
        ['plant/b/humidity', '{"celsius": 3}'],
        ['plant/a/temperature', '{"celsius": 4}'],
      ]),
    ).toEqual([
      [9, 0, 1],
      [9, 1, 2],
      [9, 3, 4],
    ]);
  });

  it('does not parse payloads above its bound: their values count as not drawn', () => {
    const extractor = new ChartFieldExtractor(16);
    extractor.setFields(1, [exact(1, 'x', 'value')]);
    const parse = vi.spyOn(JSON, 'parse');
    expect(extractAll(extractor, [['x', `${'1'.repeat(17)}`]])).toEqual([[1, 0, NaN]]);
    expect(parse).not.toHaveBeenCalled();
    expect(new ChartFieldExtractor().active).toBe(false);
  });

  it('a new field list replaces the old: removed fields are read no more', () => {
    const extractor = new ChartFieldExtractor();
    extractor.setFields(1, [exact(1, 'x', 'v')]);
    expect(extractor.active).toBe(true);
    extractor.setFields(2, []);
    expect(extractor.version).toBe(2);
    expect(extractor.active).toBe(false);
    const parse = vi.spyOn(JSON, 'parse');
    expect(extractAll(extractor, [['x', '{"v": 1}']])).toEqual([]);
    expect(parse).not.toHaveBeenCalled();
  });
});

describe('ChartValueBuffer', () => {
  it('grows as values come and hands them over as exactly-sized arrays', () => {
    const buffer = new ChartValueBuffer();
    for (let i = 0; i < 1000; i++) buffer.add(i % 3, i, i / 2);
    const values = buffer.take(7);
    expect(values.version).toBe(7);
    expect(values.fieldIds.length).toBe(1000);
    expect(values.fieldIds.buffer.byteLength).toBe(4000);
    expect(values.messages[999]).toBe(999);
    expect(values.values[999]).toBe(499.5);
    expect(buffer.size).toBe(0);
    expect(buffer.take(7).values.length).toBe(0);
  });
});

describe('readChartValue', () => {
  it('reads like the worker does, with the same bounds', () => {
    const read = compileFieldReader('v');
    expect(readChartValue(bytes('{"v": 2}'), read)).toBe(2);
    expect(readChartValue(bytes('{"v": 1e301}'), read)).toBeNaN();
    const huge = bytes(`{"v": 1, "pad": "${'x'.repeat(MAX_CHART_PAYLOAD_BYTES)}"}`);
    expect(readChartValue(huge, read)).toBeNaN();
    expect(toChartValue(undefined)).toBeNaN();
    expect(toChartValue(-5)).toBe(-5);
  });
});
