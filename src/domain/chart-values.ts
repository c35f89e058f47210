/**
 * Chart values read from message payloads, the same way wherever it is done: in the MQTT worker
 * for every message of a charted topic (ChartFieldExtractor: one parse per message, shared by
 * every charted path on its topic, paths compiled once), and on the page only for the kept
 * history of a series being added (readChartValue).
 */
import {
  compileFieldReader,
  NO_DOCUMENT,
  parseFieldDocument,
  type FieldReader,
} from './json-fields';
import { compileTopicFilter } from './topic-filter';

/** Values beyond this size (and NaN, ±Infinity) are counted as not drawn: no axis can show them. */
export const MAX_CHART_MAGNITUDE = 1e300;
/** Larger payloads are not parsed for charts; their values count as not drawn. */
export const MAX_CHART_PAYLOAD_BYTES = 1024 * 1024;

/**
 * One charted (topic or filter, path, booleans) triple, as the page tells the worker. `id` is
 * the page's, never reused; values read for it carry it.
 */
export interface ChartField {
  readonly id: number;
  /** A topic name, or a topic filter when `wildcard` is true. */
  readonly match: string;
  readonly wildcard: boolean;
  readonly path: string;
  /** Read true/false as 1/0. */
  readonly booleans: boolean;
}

/**
 * Chart values of one batch, in message order: value k was read for field `fieldIds[k]` from
 * message `messages[k]` of the batch (its time is the message's receive time); NaN means the
 * field was missing, not a number, not drawable, or the payload was not parsed.
 */
export interface ChartValues {
  /** The field list (its `set-chart-fields` version) the values were read with. */
  version: number;
  fieldIds: Uint32Array;
  messages: Uint32Array;
  values: Float64Array;
}

/** A number a chart can draw, or NaN. */
export function toChartValue(n: number | undefined): number {
  if (n === undefined || !Number.isFinite(n) || Math.abs(n) > MAX_CHART_MAGNITUDE) return NaN;
  return n;
}

/** One payload's chart value at a compiled path (NaN when not drawable): parses the payload. */
export function readChartValue(payload: Uint8Array, reader: FieldReader): number {
  const document = parseFieldDocument(payload, { maxBytes: MAX_CHART_PAYLOAD_BYTES });
  return document === NO_DOCUMENT ? NaN : toChartValue(reader(document));
}

/** The chart value at a compiled path of a document already read (NaN when not drawable). */
export function documentChartValue(document: unknown, reader: FieldReader): number {
  return document === NO_DOCUMENT ? NaN : toChartValue(reader(document));
}

/**
 * Turns a message into the document its charted fields are read from: parsed JSON, or a
 * decoder's tree (Sparkplug B, Protobuf, CBOR, MessagePack); NO_DOCUMENT when none can be read.
 */
export type ChartDocumentSource = (
  topic: string,
  payload: Uint8Array,
  contentType: string | undefined,
) => unknown;

/** Chart values collected for one batch, in growable typed arrays. */
export class ChartValueBuffer {
  private ids = new Uint32Array(256);
  private indices = new Uint32Array(256);
  private numbers = new Float64Array(256);
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(fieldId: number, messageIndex: number, value: number): void {
    if (this.count === this.ids.length) this.grow();
    this.ids[this.count] = fieldId;
    this.indices[this.count] = messageIndex;
    this.numbers[this.count] = value;
    this.count++;
  }

  /** The values so far as exactly-sized arrays (each with its own buffer, to transfer); empties. */
  take(version: number): ChartValues {
    const n = this.count;
    this.count = 0;
    return {
      version,
      fieldIds: this.ids.slice(0, n),
      messages: this.indices.slice(0, n),
      values: this.numbers.slice(0, n),
    };
  }

  private grow(): void {
    const size = this.ids.length * 2;
    const ids = new Uint32Array(size);
    const indices = new Uint32Array(size);
    const numbers = new Float64Array(size);
    ids.set(this.ids);
    indices.set(this.indices);
    numbers.set(this.numbers);
    this.ids = ids;
    this.indices = indices;
    this.numbers = numbers;
  }
}

interface CompiledField {
  readonly id: number;
  readonly read: FieldReader;
}

/** Topics whose matching fields are remembered (with wildcard fields); past it, forgotten. */
const MAX_CACHED_TOPICS = 10_000;
const NO_FIELDS: readonly CompiledField[] = [];

/**
 * Reads the charted fields of each message, in the worker. A message's topic finds its fields
 * in one map lookup (exact topics; with wildcard filters, each topic is matched against them
 * once and remembered); the payload is parsed once if any field applies, and every field is
 * read from that one document.
 */
export class ChartFieldExtractor {
  private listVersion = 0;
  private exact = new Map<string, CompiledField[]>();
  private wildcards: Array<{
    filter: string;
    matches: (topic: string) => boolean;
    field: CompiledField;
  }> = [];
  private readonly byTopic = new Map<string, readonly CompiledField[]>();

  /**
   * `documentOf` reads a message's document (a decoder's tree, see decode rules); without it,
   * payloads are parsed as JSON.
   */
  constructor(
    private readonly maxPayloadBytes = MAX_CHART_PAYLOAD_BYTES,
    private readonly documentOf?: ChartDocumentSource,
  ) {}

  /** The (topic or filter) of each field in use, e.g. to know which decoders they need. */
  get matches(): string[] {
    return [...this.exact.keys(), ...this.wildcards.map((w) => w.filter)];
  }

  /** The version of the field list in use (0 before the first). */
  get version(): number {
    return this.listVersion;
  }

  get active(): boolean {
    return this.exact.size > 0 || this.wildcards.length > 0;
  }

  /** Replaces the field list; paths and filters are compiled here, once. */
  setFields(version: number, fields: readonly ChartField[]): void {
    this.listVersion = version;
    this.exact = new Map();
    this.wildcards = [];
    this.byTopic.clear();
    for (const field of fields) {
      const compiled = {
        id: field.id,
        read: compileFieldReader(field.path, { includeBooleans: field.booleans }),
      };
      if (field.wildcard) {
        this.wildcards.push({
          filter: field.match,
          matches: compileTopicFilter(field.match),
          field: compiled,
        });
      } else {
        const list = this.exact.get(field.match);
        if (list) list.push(compiled);
        else this.exact.set(field.match, [compiled]);
      }
    }
  }

  /**
   * Adds the value of every field that applies to `topic` to `out`; parses (or decodes) at most
   * once. `contentType` is the message's MQTT 5 content type, for decoders chosen by it.
   */
  extract(
    topic: string,
    payload: Uint8Array,
    messageIndex: number,
    out: ChartValueBuffer,
    contentType?: string,
  ): void {
    const fields = this.fieldsOf(topic);
    if (fields.length === 0) return;
    const document =
      payload.length > this.maxPayloadBytes
        ? NO_DOCUMENT
        : this.documentOf
          ? this.documentOf(topic, payload, contentType)
          : parseFieldDocument(payload, { maxBytes: this.maxPayloadBytes });
    for (const field of fields) {
      const value = document === NO_DOCUMENT ? NaN : toChartValue(field.read(document));
      out.add(field.id, messageIndex, value);
    }
  }

  private fieldsOf(topic: string): readonly CompiledField[] {
    if (this.wildcards.length === 0) return this.exact.get(topic) ?? NO_FIELDS;
    let fields = this.byTopic.get(topic);
    if (fields) return fields;
    const matched = this.wildcards.filter((w) => w.matches(topic)).map((w) => w.field);
    const exact = this.exact.get(topic);
    fields = exact ? [...exact, ...matched] : matched.length > 0 ? matched : NO_FIELDS;
    if (this.byTopic.size >= MAX_CACHED_TOPICS) this.byTopic.clear();
    this.byTopic.set(topic, fields);
    return fields;
  }
}
