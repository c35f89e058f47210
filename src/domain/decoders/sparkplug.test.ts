import { describe, expect, it } from 'vitest';
import { DecodedBytes, newBudget } from './decoded-value';
import { sparkplugPayloadType, SPARKPLUG_DATATYPES } from './sparkplug-schema';
import { aliasesOfBirth, decodeSparkplug, encodeSparkplug, pathSegment } from './sparkplug';
import { parseSparkplugTopic } from './sparkplug-topic';

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));
const T = (name: string) => SPARKPLUG_DATATYPES.indexOf(name as never);
const Payload = sparkplugPayloadType();
/** A payload as Eclipse Tahu writes it, encoded by protobufjs from the published schema. */
const encode = (value: Record<string, unknown>) =>
  Payload.encode(Payload.fromObject(value)).finish();

const NBIRTH = encode({
  timestamp: 1700000000000,
  seq: 0,
  metrics: [
    { name: 'bdSeq', datatype: T('Int64'), long_value: 3 },
    { name: 'Node Control/Rebirth', alias: 0, datatype: T('Boolean'), boolean_value: false },
    { name: 'Temperature', alias: 1, datatype: T('Float'), float_value: 21.5 },
    { name: 'Offset', alias: 2, datatype: T('Int16'), int_value: 65535 },
    { name: 'Counter', alias: 3, datatype: T('Int64'), long_value: '-2' },
  ],
});

describe('decodeSparkplug', () => {
  it('reads a BIRTH: names, types, values by datatype, and says what it means', () => {
    const topic = parseSparkplugTopic('spBv1.0/plant/NBIRTH/edge1');
    const result = decodeSparkplug(NBIRTH, topic, undefined, newBudget());
    const metrics = (result.value as { metrics: Record<string, { value: unknown; type: string }> })
      .metrics;
    expect(metrics.Temperature).toMatchObject({ value: 21.5, type: 'Float', alias: 1 });
    expect(metrics.Offset!.value).toBe(-1);
    expect(metrics.Counter!.value).toBe(-2);
    expect(metrics['Node Control/Rebirth']!.value).toBe(false);
    expect(result.summary).toMatch(
      /^NBIRTH: edge node "edge1" of group "plant" came online \(bdSeq 3\)/,
    );
    expect(result.tables![0]!.rows).toContainEqual(['Temperature', '1', 'Float', '21.5', '']);
    expect(result.chartPaths).toEqual(
      expect.arrayContaining([
        'metrics.Temperature.value',
        'metrics["Node Control/Rebirth"].value',
      ]),
    );
  });

  it('resolves the aliases of a DATA message from the BIRTH', () => {
    const aliases = aliasesOfBirth(NBIRTH, newBudget());
    expect(aliases.get('1')).toEqual({ name: 'Temperature', datatype: T('Float') });
    const ndata = encode({
      timestamp: 1700000001000,
      seq: 1,
      metrics: [
        { alias: 1, timestamp: 1700000001000, float_value: 22.25 },
        { alias: 2, int_value: 65534 },
        { alias: 9, int_value: 1 },
      ],
    });
    const topic = parseSparkplugTopic('spBv1.0/plant/NDATA/edge1');
    const result = decodeSparkplug(ndata, topic, aliases, newBudget());
    const metrics = (result.value as { metrics: Record<string, { value: unknown }> }).metrics;
    expect(metrics.Temperature!.value).toBe(22.25);
    // The BIRTH says Int16: 65534 is -2.
    expect(metrics.Offset!.value).toBe(-2);
    expect(metrics['alias 9']!.value).toBe(1);
    expect(result.notes).toEqual(['The BIRTH kept for this node does not name alias 9.']);
    expect(result.summary).toBe(
      'NDATA: new values from edge node "edge1" of group "plant": 3 metrics, seq 1.',
    );
    const unresolved = decodeSparkplug(ndata, topic, undefined, newBudget());
    expect(unresolved.notes![0]).toMatch(/no BIRTH of this node is kept/);
  });

  it('reads a payload written by hand: a signed Int32 in its uint32 field', () => {
    // timestamp 1, metric {alias 1, datatype Int32, int_value 4294967291}, seq 3
    const bytes = hex('0801' + '120a' + '1001' + '2003' + '50fbffffff0f' + '1803');
    const result = decodeSparkplug(
      bytes,
      undefined,
      new Map([['1', { name: 'Level' }]]),
      newBudget(),
    );
    expect(result.value).toEqual({
      timestamp: 1,
      seq: 3,
      metrics: { Level: { value: -5, type: 'Int32', alias: 1 } },
    });
  });

  it('shows arrays, datasets, templates and properties', () => {
    const bytes = encode({
      metrics: [
        {
          name: 'Arr',
          datatype: T('Int16Array'),
          bytes_value: Uint8Array.from([1, 0, 0xff, 0xff]),
        },
        {
          name: 'Table',
          datatype: T('DataSet'),
          dataset_value: {
            num_of_columns: 2,
            columns: ['id', 'ok'],
            types: [T('Int32'), T('Boolean')],
            rows: [{ elements: [{ int_value: 7 }, { boolean_value: true }] }],
          },
        },
        {
          name: 'Motor',
          datatype: T('Template'),
          template_value: {
            template_ref: 'MotorType',
            metrics: [{ name: 'rpm', datatype: T('Double'), double_value: 1500 }],
          },
        },
        {
          name: 'WithProps',
          datatype: T('Double'),
          double_value: 1,
          properties: { keys: ['unit'], values: [{ type: T('String'), string_value: 'bar' }] },
        },
        { name: 'Blob', datatype: T('Bytes'), bytes_value: Uint8Array.from([0xab]) },
      ],
    });
    const result = decodeSparkplug(bytes, undefined, undefined, newBudget());
    const metrics = (result.value as { metrics: Record<string, Record<string, unknown>> }).metrics;
    expect(metrics.Arr!.value).toEqual([1, -1]);
    expect(metrics.Table!.value).toEqual({
      columns: ['id', 'ok'],
      types: ['Int32', 'Boolean'],
      rows: [[7, true]],
    });
    expect(metrics.Motor!.value).toMatchObject({
      template_ref: 'MotorType',
      metrics: { rpm: { value: 1500 } },
    });
    expect(metrics.WithProps!.properties).toEqual({ unit: 'bar' });
    expect(metrics.Blob!.value).toBeInstanceOf(DecodedBytes);
    const captions = result.tables!.map((t) => t.caption);
    expect(captions).toEqual([
      'Metrics',
      'DataSet Table',
      'Template Motor (instance of MotorType)',
    ]);
    expect(result.tables![1]!.rows).toEqual([['7', 'true']]);
  });

  it('refuses malformed bytes', () => {
    expect(() => decodeSparkplug(hex('12ff'), undefined, undefined, newBudget())).toThrow();
    expect(() =>
      decodeSparkplug(hex('7b2261223a317d'), undefined, undefined, newBudget()),
    ).toThrow();
  });
});

describe('encodeSparkplug', () => {
  it('writes metrics by name with types from values or from "type", and the seq', () => {
    const { bytes, seq } = encodeSparkplug(
      {
        metrics: {
          Temperature: 21.5,
          Running: true,
          Count: 5,
          Level: { type: 'Int8', value: -3 },
          Big: { type: 'UInt64', value: '18446744073709551615' },
          Name: 'pump',
        },
      },
      { seq: 4, nowMs: 1700000000000 },
    );
    expect(seq).toBe(4);
    const read = Payload.toObject(Payload.decode(bytes), { longs: String });
    expect(read.seq).toBe('4');
    expect(read.timestamp).toBe('1700000000000');
    const byName = Object.fromEntries(
      (read.metrics as Array<Record<string, unknown>>).map((m) => [m.name, m]),
    );
    expect(byName.Temperature).toMatchObject({ datatype: T('Double'), double_value: 21.5 });
    expect(byName.Running).toMatchObject({ datatype: T('Boolean'), boolean_value: true });
    expect(byName.Count).toMatchObject({ datatype: T('Int32'), int_value: 5 });
    expect(byName.Level).toMatchObject({ datatype: T('Int8'), int_value: 4294967293 });
    expect(byName.Big).toMatchObject({ long_value: '18446744073709551615' });
    const back = decodeSparkplug(bytes, undefined, undefined, newBudget()).value as {
      metrics: Record<string, { value: unknown }>;
    };
    expect(back.metrics.Level!.value).toBe(-3);
  });

  it('names what does not fit', () => {
    expect(() => encodeSparkplug([], { nowMs: 0 })).toThrow(/object with "metrics"/);
    expect(() =>
      encodeSparkplug({ metrics: { a: { type: 'Int8', value: 300 } } }, { nowMs: 0 }),
    ).toThrow(/300 is out of range for Int8/);
    expect(() =>
      encodeSparkplug({ metrics: { a: { type: 'Nope', value: 1 } } }, { nowMs: 0 }),
    ).toThrow(/not a Sparkplug data type/);
    expect(() => encodeSparkplug({ seq: 256, metrics: {} }, { nowMs: 0 })).toThrow(/0 to 255/);
  });

  it('writes paths like json-fields', () => {
    expect(pathSegment('metrics', 'Node Control/Rebirth')).toBe('metrics["Node Control/Rebirth"]');
    expect(pathSegment('', 'a')).toBe('a');
  });
});
