/**
 * Sparkplug B payloads read and written: metrics by name (aliases resolved from the edge node's
 * and the device's BIRTH), each value read by its datatype (signed integers, 64-bit values,
 * arrays packed in bytes), properties, datasets and templates as tables, and a sentence saying
 * what a BIRTH, DEATH, DATA or command means.
 */
import {
  decodedJsonText,
  defineKey,
  exactInteger,
  isDecodedBytes,
  shortFloat32,
  spend,
  type TreeBudget,
} from './decoded-value';
import type { DecodedTable, DecodeResult } from './decoder-types';
import { decodeProtobuf, encodeProtobuf } from './protobuf-wire';
import {
  SPARKPLUG_DATATYPES,
  sparkplugPayloadType,
  type SparkplugDataType,
} from './sparkplug-schema';
import type { SparkplugTopic } from './sparkplug-topic';

type Raw = Record<string, unknown>;

export interface AliasInfo {
  name: string;
  datatype?: number;
}
/** Metric aliases (as decimal text) of an edge node and its devices, from their BIRTHs. */
export type AliasTable = Map<string, AliasInfo>;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A field path segment, as json-fields writes it: `.name` or `["a name"]`. */
export function pathSegment(parent: string, key: string): string {
  if (IDENTIFIER.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

const raws = (value: unknown): Raw[] => (Array.isArray(value) ? (value as Raw[]) : []);
const has = (raw: Raw, key: string) => Object.prototype.hasOwnProperty.call(raw, key);

function typeName(datatype: unknown): string {
  return typeof datatype === 'number'
    ? (SPARKPLUG_DATATYPES[datatype] ?? `type ${datatype}`)
    : 'Unknown';
}

function asBigInt(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return undefined;
}

/** Elements of an array metric, packed little-endian in its bytes. */
function readArray(type: SparkplugDataType, bytes: Uint8Array): unknown[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: unknown[] = [];
  const each = (size: number, read: (offset: number) => unknown) => {
    for (let o = 0; o + size <= bytes.length; o += size) out.push(read(o));
  };
  switch (type) {
    case 'Int8Array':
      each(1, (o) => view.getInt8(o));
      break;
    case 'Int16Array':
      each(2, (o) => view.getInt16(o, true));
      break;
    case 'Int32Array':
      each(4, (o) => view.getInt32(o, true));
      break;
    case 'Int64Array':
    case 'DateTimeArray':
      each(8, (o) => exactInteger(view.getBigInt64(o, true)));
      break;
    case 'UInt8Array':
      each(1, (o) => view.getUint8(o));
      break;
    case 'UInt16Array':
      each(2, (o) => view.getUint16(o, true));
      break;
    case 'UInt32Array':
      each(4, (o) => view.getUint32(o, true));
      break;
    case 'UInt64Array':
      each(8, (o) => exactInteger(view.getBigUint64(o, true)));
      break;
    case 'FloatArray':
      each(4, (o) => shortFloat32(view.getFloat32(o, true)));
      break;
    case 'DoubleArray':
      each(8, (o) => view.getFloat64(o, true));
      break;
    case 'BooleanArray': {
      if (bytes.length < 4) break;
      const count = view.getUint32(0, true);
      for (let i = 0; i < count && 4 + (i >> 3) < bytes.length; i++) {
        out.push(((bytes[4 + (i >> 3)]! >> (7 - (i & 7))) & 1) === 1);
      }
      break;
    }
    case 'StringArray': {
      const text = new TextDecoder().decode(bytes);
      const parts = text.split('\u0000');
      if (parts[parts.length - 1] === '') parts.pop();
      out.push(...parts);
      break;
    }
    default:
      break;
  }
  return out;
}

/** The value of a metric, property or dataset cell, read by its datatype. */
function typedValue(raw: Raw, datatype: number | undefined): unknown {
  if (raw.is_null === true) return null;
  const type = datatype === undefined ? undefined : SPARKPLUG_DATATYPES[datatype];
  const int = raw.int_value;
  const long = asBigInt(raw.long_value);
  switch (type) {
    case 'Int8':
    case 'Int16':
    case 'Int32': {
      const bits = type === 'Int8' ? 8 : type === 'Int16' ? 16 : 32;
      if (typeof int === 'number') return (int << (32 - bits)) >> (32 - bits);
      if (long !== undefined) return exactInteger(BigInt.asIntN(bits, long));
      break;
    }
    case 'Int64':
      if (long !== undefined) return exactInteger(BigInt.asIntN(64, long));
      break;
    case 'UInt64':
    case 'DateTime':
      if (long !== undefined) return exactInteger(BigInt.asUintN(64, long));
      break;
    default:
      break;
  }
  if (type?.endsWith('Array') && isDecodedBytes(raw.bytes_value)) {
    return readArray(type, raw.bytes_value.bytes);
  }
  for (const key of [
    'int_value',
    'long_value',
    'float_value',
    'double_value',
    'boolean_value',
    'string_value',
    'bytes_value',
  ]) {
    if (has(raw, key)) return raw[key];
  }
  return null;
}

function propertySet(raw: Raw | undefined, budget: TreeBudget, depth: number): Raw {
  const out: Raw = {};
  if (!raw) return out;
  const keys = Array.isArray(raw.keys) ? (raw.keys as unknown[]) : [];
  const values = raws(raw.values);
  keys.forEach((key, i) => {
    spend(budget, depth);
    const value = values[i];
    defineKey(out, String(key), value ? propertyValue(value, budget, depth + 1) : null);
  });
  return out;
}

function propertyValue(raw: Raw, budget: TreeBudget, depth: number): unknown {
  if (has(raw, 'propertyset_value')) {
    return propertySet(raw.propertyset_value as Raw, budget, depth + 1);
  }
  if (has(raw, 'propertysets_value')) {
    const list = raws((raw.propertysets_value as Raw).propertyset);
    return list.map((set) => propertySet(set, budget, depth + 1));
  }
  return typedValue(raw, typeof raw.type === 'number' ? raw.type : undefined);
}

/** One cell of a table, as text. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  if (isDecodedBytes(value)) return value.hex(32);
  return decodedJsonText(value, { indent: 0, maxChars: 120 });
}

function timeText(ms: unknown): string {
  const n = typeof ms === 'bigint' ? Number(ms) : ms;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > 8.64e15) return '';
  return new Date(n).toISOString();
}

interface MetricsOut {
  metrics: Raw;
  tables: DecodedTable[];
  chartPaths: string[];
  unresolved: string[];
}

function dataSet(raw: Raw, name: string, out: MetricsOut, budget: TreeBudget, depth: number) {
  const columns = (Array.isArray(raw.columns) ? raw.columns : []).map(String);
  const types = (Array.isArray(raw.types) ? raw.types : []) as number[];
  const rows = raws(raw.rows).map((row) =>
    raws(row.elements).map((cell, i) => {
      spend(budget, depth);
      return typedValue(cell, types[i]);
    }),
  );
  out.tables.push({
    caption: `DataSet ${name}`,
    columns: columns.map((c, i) => `${c} (${typeName(types[i])})`),
    rows: rows.map((row) => row.map(cellText)),
  });
  return { columns, types: types.map(typeName), rows };
}

function template(raw: Raw, name: string, out: MetricsOut, budget: TreeBudget, depth: number) {
  const inner: MetricsOut = { metrics: {}, tables: out.tables, chartPaths: [], unresolved: [] };
  readMetrics(raws(raw.metrics), undefined, inner, '', budget, depth + 1);
  const parameters: Raw = {};
  for (const p of raws(raw.parameters)) {
    defineKey(parameters, String(p.name ?? ''), typedValue(p, p.type as number | undefined));
  }
  const result: Raw = {};
  if (has(raw, 'template_ref')) defineKey(result, 'template_ref', raw.template_ref);
  if (has(raw, 'version')) defineKey(result, 'version', raw.version);
  if (raw.is_definition === true) defineKey(result, 'is_definition', true);
  if (Object.keys(parameters).length > 0) defineKey(result, 'parameters', parameters);
  defineKey(result, 'metrics', inner.metrics);
  const label =
    raw.is_definition === true ? 'definition' : `instance of ${String(raw.template_ref ?? '?')}`;
  out.tables.push({
    caption: `Template ${name} (${label})`,
    columns: ['Name', 'Type', 'Value'],
    rows: Object.entries(inner.metrics).map(([n, m]) => {
      const metric = m as Raw;
      return [n, String(metric.type ?? ''), cellText(metric.value)];
    }),
  });
  return result;
}

function readMetrics(
  list: Raw[],
  aliases: AliasTable | undefined,
  out: MetricsOut,
  pathPrefix: string,
  budget: TreeBudget,
  depth: number,
): void {
  for (const raw of list) {
    spend(budget, depth);
    const aliasKey = raw.alias === undefined ? undefined : String(raw.alias);
    const known = aliasKey === undefined ? undefined : aliases?.get(aliasKey);
    let name = typeof raw.name === 'string' ? raw.name : known?.name;
    if (name === undefined) {
      name = aliasKey === undefined ? 'unnamed' : `alias ${aliasKey}`;
      if (aliasKey !== undefined) out.unresolved.push(aliasKey);
    }
    let key = name;
    for (let n = 2; Object.prototype.hasOwnProperty.call(out.metrics, key); n++)
      key = `${name} (${n})`;
    const datatype =
      typeof raw.datatype === 'number' ? raw.datatype : (known?.datatype as number | undefined);
    const type = typeName(datatype);
    let value: unknown;
    if (has(raw, 'dataset_value') && raw.is_null !== true) {
      value = dataSet(raw.dataset_value as Raw, key, out, budget, depth + 1);
    } else if (has(raw, 'template_value') && raw.is_null !== true) {
      value = template(raw.template_value as Raw, key, out, budget, depth + 1);
    } else {
      value = typedValue(raw, datatype);
    }
    const metric: Raw = {};
    defineKey(metric, 'value', value);
    defineKey(metric, 'type', type);
    if (aliasKey !== undefined) defineKey(metric, 'alias', raw.alias);
    if (has(raw, 'timestamp')) defineKey(metric, 'timestamp', raw.timestamp);
    if (raw.is_historical === true) defineKey(metric, 'historical', true);
    if (raw.is_transient === true) defineKey(metric, 'transient', true);
    if (has(raw, 'properties')) {
      defineKey(metric, 'properties', propertySet(raw.properties as Raw, budget, depth + 1));
    }
    if (has(raw, 'metadata')) defineKey(metric, 'metadata', raw.metadata);
    defineKey(out.metrics, key, metric);
    if (typeof value === 'number' || typeof value === 'boolean') {
      out.chartPaths.push(
        pathSegment(pathSegment(pathSegment(pathPrefix, 'metrics'), key), 'value'),
      );
    }
  }
}

/** The metric aliases a BIRTH payload names (empty for bytes that do not decode). */
export function aliasesOfBirth(bytes: Uint8Array, budget: TreeBudget): AliasTable {
  const table: AliasTable = new Map();
  const raw = decodeProtobuf(bytes, sparkplugPayloadType(), budget);
  for (const metric of raws(raw.metrics)) {
    if (metric.alias === undefined || typeof metric.name !== 'string') continue;
    table.set(String(metric.alias), {
      name: metric.name,
      ...(typeof metric.datatype === 'number' ? { datatype: metric.datatype } : {}),
    });
  }
  return table;
}

function who(t: SparkplugTopic): string {
  const node = `edge node "${t.node}" of group "${t.group}"`;
  return t.device === undefined ? node : `device "${t.device}" on ${node}`;
}

function summaryOf(t: SparkplugTopic | undefined, metrics: Raw, seq: unknown): string | undefined {
  if (!t) return undefined;
  const count = Object.keys(metrics).length;
  const n = `${count} metric${count === 1 ? '' : 's'}`;
  const seqText = seq === undefined ? '' : `, seq ${String(seq)}`;
  const bdSeq = (metrics.bdSeq as Raw | undefined)?.value;
  const bd = bdSeq === undefined ? '' : ` (bdSeq ${String(bdSeq)})`;
  switch (t.type) {
    case 'NBIRTH':
      return `NBIRTH: ${who(t)} came online${bd} and announced ${n}${seqText}; later messages may name them by alias only.`;
    case 'DBIRTH':
      return `DBIRTH: ${who(t)} came online and announced ${n}${seqText}.`;
    case 'NDEATH':
      return `NDEATH: ${who(t)} went offline${bd}. The broker publishes it as the node's last will when its connection is lost; it ends the session begun by the NBIRTH with the same bdSeq.`;
    case 'DDEATH':
      return `DDEATH: ${who(t)} went offline${seqText}.`;
    case 'NDATA':
    case 'DDATA':
      return `${t.type}: new values from ${who(t)}: ${n}${seqText}.`;
    case 'NCMD':
    case 'DCMD': {
      const rebirth = Object.prototype.hasOwnProperty.call(metrics, 'Node Control/Rebirth');
      return `${t.type}: a command to ${who(t)}${rebirth ? ' asking it to publish its BIRTH again (Rebirth)' : ''}: ${n}.`;
    }
  }
}

/**
 * A Sparkplug B payload as a decoded tree `{ timestamp, seq, metrics: { <name>: { value, type,
 * alias, … } } }`, its metrics table, datasets and templates as tables, and what the message
 * means. Throws on malformed bytes.
 */
export function decodeSparkplug(
  bytes: Uint8Array,
  topic: SparkplugTopic | undefined,
  aliases: AliasTable | undefined,
  budget: TreeBudget,
): DecodeResult {
  const raw = decodeProtobuf(bytes, sparkplugPayloadType(), budget);
  const out: MetricsOut = { metrics: {}, tables: [], chartPaths: [], unresolved: [] };
  readMetrics(raws(raw.metrics), aliases, out, '', budget, 1);
  const value: Raw = {};
  if (has(raw, 'timestamp')) defineKey(value, 'timestamp', raw.timestamp);
  if (has(raw, 'seq')) defineKey(value, 'seq', raw.seq);
  if (has(raw, 'uuid')) defineKey(value, 'uuid', raw.uuid);
  defineKey(value, 'metrics', out.metrics);
  if (has(raw, 'body')) defineKey(value, 'body', raw.body);
  for (const key of Object.keys(raw)) if (key.startsWith('#')) defineKey(value, key, raw[key]);
  const metricsTable: DecodedTable = {
    caption: 'Metrics',
    columns: ['Name', 'Alias', 'Type', 'Value', 'Timestamp'],
    rows: Object.entries(out.metrics).map(([name, m]) => {
      const metric = m as Raw;
      return [
        name,
        metric.alias === undefined ? '' : String(metric.alias),
        String(metric.type),
        cellText(metric.value),
        timeText(metric.timestamp),
      ];
    }),
  };
  const notes: string[] = [];
  if (out.unresolved.length > 0) {
    const list = out.unresolved.slice(0, 10).join(', ');
    notes.push(
      aliases && aliases.size > 0
        ? `The BIRTH kept for this node does not name alias${out.unresolved.length === 1 ? '' : 'es'} ${list}.`
        : `Alias${out.unresolved.length === 1 ? '' : 'es'} ${list} ${out.unresolved.length === 1 ? 'has' : 'have'} no name: no BIRTH of this node is kept (it is published when the node connects). Request a rebirth to see the names.`,
    );
  }
  const result: DecodeResult = {
    value,
    text: decodedJsonText(value),
    tables: [metricsTable, ...out.tables],
    chartPaths: out.chartPaths,
  };
  const summary = summaryOf(topic, out.metrics, raw.seq);
  if (summary) result.summary = summary;
  if (notes.length > 0) result.notes = notes;
  return result;
}

/* Writing. */

function datatypeOf(spec: unknown, value: unknown, where: string): number {
  if (typeof spec === 'number' && SPARKPLUG_DATATYPES[spec] !== undefined) return spec;
  if (typeof spec === 'string') {
    const index = SPARKPLUG_DATATYPES.findIndex((t) => t.toLowerCase() === spec.toLowerCase());
    if (index > 0) return index;
    throw new Error(
      `${where}: "${spec}" is not a Sparkplug data type (Int32, Double, Boolean, String…)`,
    );
  }
  if (typeof value === 'boolean') return SPARKPLUG_DATATYPES.indexOf('Boolean');
  if (typeof value === 'string') return SPARKPLUG_DATATYPES.indexOf('String');
  if (typeof value === 'bigint') return SPARKPLUG_DATATYPES.indexOf('Int64');
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return SPARKPLUG_DATATYPES.indexOf('Double');
    return Math.abs(value) <= 2147483647
      ? SPARKPLUG_DATATYPES.indexOf('Int32')
      : SPARKPLUG_DATATYPES.indexOf('Int64');
  }
  throw new Error(`${where}: give a "type" for this value`);
}

function integer(value: unknown, where: string): bigint {
  const big =
    typeof value === 'string' && /^-?\d+$/.test(value.trim())
      ? BigInt(value.trim())
      : asBigInt(value);
  if (big === undefined) throw new Error(`${where}: expected a whole number`);
  return big;
}

const INT_RANGES: Partial<Record<SparkplugDataType, [bigint, bigint]>> = {
  Int8: [-128n, 127n],
  Int16: [-32768n, 32767n],
  Int32: [-2147483648n, 2147483647n],
  UInt8: [0n, 255n],
  UInt16: [0n, 65535n],
  UInt32: [0n, 4294967295n],
  Int64: [-(2n ** 63n), 2n ** 63n - 1n],
  UInt64: [0n, 2n ** 64n - 1n],
  DateTime: [0n, 2n ** 64n - 1n],
};

function metricRaw(name: string | undefined, spec: unknown, where: string): Raw {
  const detailed =
    typeof spec === 'object' && spec !== null && !Array.isArray(spec) && 'value' in spec
      ? (spec as Raw)
      : undefined;
  const value = detailed ? detailed.value : spec;
  const metric: Raw = {};
  const metricName = name ?? (typeof detailed?.name === 'string' ? detailed.name : undefined);
  if (metricName !== undefined) metric.name = metricName;
  if (detailed?.alias !== undefined)
    metric.alias = integer(detailed.alias, `${where}.alias`).toString();
  if (detailed?.timestamp !== undefined) {
    metric.timestamp = integer(detailed.timestamp, `${where}.timestamp`).toString();
  }
  if (metricName === undefined && metric.alias === undefined) {
    throw new Error(`${where}: a metric needs a "name" or an "alias"`);
  }
  const datatype = datatypeOf(detailed?.type ?? detailed?.datatype, value, where);
  metric.datatype = datatype;
  const type = SPARKPLUG_DATATYPES[datatype]!;
  if (value === null) {
    metric.is_null = true;
    return metric;
  }
  const range = INT_RANGES[type];
  if (range) {
    const n = integer(value, where);
    if (n < range[0] || n > range[1]) throw new Error(`${where}: ${n} is out of range for ${type}`);
    if (type.endsWith('64') || type === 'DateTime')
      metric.long_value = BigInt.asUintN(64, n).toString();
    else metric.int_value = Number(BigInt.asUintN(32, n));
    return metric;
  }
  switch (type) {
    case 'Float':
    case 'Double':
      if (typeof value !== 'number') throw new Error(`${where}: expected a number`);
      metric[type === 'Float' ? 'float_value' : 'double_value'] = value;
      return metric;
    case 'Boolean':
      if (typeof value !== 'boolean') throw new Error(`${where}: expected true or false`);
      metric.boolean_value = value;
      return metric;
    case 'String':
    case 'Text':
    case 'UUID':
      if (typeof value !== 'string') throw new Error(`${where}: expected text`);
      metric.string_value = value;
      return metric;
    case 'Bytes':
    case 'File':
      metric.bytes_value = value;
      return metric;
    default:
      throw new Error(`${where}: ${type} metrics cannot be written here; use a simple type`);
  }
}

export interface SparkplugWriteOptions {
  /** Used when the value has no "seq" (0-255). */
  seq?: number;
  /** Used when the value has no "timestamp". */
  nowMs: number;
}

/**
 * A JSON-like value as a Sparkplug B payload: `{ "metrics": { "Temperature": 21.5 } }` or
 * `{ "metrics": [{ "name": "Temperature", "type": "Float", "value": 21.5 }] }`, with optional
 * "timestamp" and "seq". Types are taken from "type" or from the value. Returns the bytes and
 * the seq written; throws naming what does not fit.
 */
export function encodeSparkplug(
  value: unknown,
  opts: SparkplugWriteOptions,
): { bytes: Uint8Array; seq: number | undefined } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('A Sparkplug B payload is written as an object with "metrics"');
  }
  const input = value as Raw;
  const metrics: Raw[] = [];
  const list = input.metrics;
  if (Array.isArray(list)) {
    list.forEach((m, i) => metrics.push(metricRaw(undefined, m, `metrics[${i}]`)));
  } else if (typeof list === 'object' && list !== null) {
    for (const [name, m] of Object.entries(list)) {
      metrics.push(metricRaw(name, m, pathSegment('metrics', name)));
    }
  } else if (list !== undefined) {
    throw new Error('"metrics" is an object of name: value, or a list of metrics');
  }
  const raw: Raw = {
    timestamp: integer(input.timestamp ?? opts.nowMs, 'timestamp').toString(),
    metrics,
  };
  let seq: number | undefined;
  if (input.seq !== undefined) {
    const n = Number(integer(input.seq, 'seq'));
    if (n < 0 || n > 255) throw new Error('seq: a Sparkplug seq runs from 0 to 255');
    seq = n;
  } else {
    seq = opts.seq;
  }
  if (seq !== undefined) raw.seq = String(seq);
  if (typeof input.uuid === 'string') raw.uuid = input.uuid;
  return { bytes: encodeProtobuf(sparkplugPayloadType(), raw), seq };
}
