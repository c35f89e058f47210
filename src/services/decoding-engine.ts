/**
 * The decoding service's work, loaded with the decoders on first need (see decoding-service), so
 * the first screen does not carry it: each message decoded once per version of the rules and
 * schemas (rows, details, search and a chart's history share the result), the aliases of
 * Sparkplug nodes from their kept BIRTHs, .proto schemas parsed, publishing in the encoded
 * formats (Sparkplug seq numbers per edge node), and the section of the library's export file.
 */
import type { Connection } from '../mqtt/connection';
import { NO_DOCUMENT, parseFieldDocument } from '../domain/json-fields';
import { decodeUtf8 } from '../domain/payload';
import { previewOf, type StoredMessage, type TopicEntry } from '../domain/stored-message';
import type { Codecs } from '../domain/decoders/codec-loader';
import { decodeBytes, type DecodeEnv, type Decoding } from '../domain/decoders/decode-message';
import {
  chooseDecoder,
  type DecodeRule,
  type DecoderChoice,
} from '../domain/decoders/decode-rules';
import { readDecodingSection, writeDecodingSection } from '../domain/decoders/decoding-section';
import { validateRule } from '../domain/decoders/rule-checks';
import { decodedPreview, newBudget } from '../domain/decoders/decoded-value';
import {
  DECODER_LABELS,
  isCodecDecoder,
  type DecodeResult,
  type DecoderId,
} from '../domain/decoders/decoder-types';
import type { ProtoFile, SchemaSet } from '../domain/decoders/protobuf-schema';
import type { AliasTable } from '../domain/decoders/sparkplug';
import { birthTopicsOf, edgeNodeKey, nodeCommandTopic } from '../domain/decoders/sparkplug-nodes';
import { parseSparkplugTopic, type SparkplugTopic } from '../domain/decoders/sparkplug-topic';
import { randomUuid } from '../domain/template';
import { useDecodingStore } from '../stores/decoding-store';

const PREVIEW_CHARS = 100;
/** Bytes of a payload a text search looks at (as the plain search does). */
const SEARCH_CHARS = 4096;

interface Cached {
  version: number;
  /** The BIRTH messages whose aliases it used (their seq numbers), for Sparkplug. */
  births: string;
  decoding: Decoding;
  preview?: string;
  search?: string;
}

export type EncodeOutcome =
  { ok: true; bytes: Uint8Array; note: string } | { ok: false; error: string };

/** What the engine reads from the page: rules, schemas and the version of both. */
export interface DecodingState {
  rules: readonly DecodeRule[];
  schemas: readonly ProtoFile[];
  version: number;
}

export class DecodingEngine {
  private readonly cache = new WeakMap<StoredMessage, Cached>();
  private readonly aliasCache = new WeakMap<StoredMessage, AliasTable>();
  private parsed: { files: readonly ProtoFile[]; set: SchemaSet } | undefined;
  /** The next Sparkplug seq per edge node this page publishes as. */
  private readonly seqs = new Map<string, number>();
  private readonly env: DecodeEnv;

  constructor(
    private readonly codecs: Codecs,
    private readonly state: () => DecodingState,
    private readonly topics: { topic(name: string): TopicEntry | undefined },
    private readonly connection: Pick<Connection, 'publish'>,
  ) {
    this.env = {
      codecs,
      schemas: () => this.schemaSet(),
      aliases: (topic) => this.aliases(topic),
    };
  }

  /** `message` decoded with `choice` (cached unless `fresh`, which a chosen view asks for). */
  decode(message: StoredMessage, choice: DecoderChoice, fresh: boolean): Decoding {
    if (choice.decoder === 'auto') return this.run(message, 'json');
    return fresh
      ? this.run(message, choice.decoder, choice.messageType)
      : this.cached(message, choice).decoding;
  }

  preview(message: StoredMessage, choice: DecoderChoice): string {
    const entry = this.cached(message, choice);
    if (entry.preview !== undefined) return entry.preview;
    const d = entry.decoding;
    if (d.status === 'pending') return previewOf(message);
    const decoder = choice.decoder as DecoderId;
    entry.preview = d.result.error
      ? `${DECODER_LABELS[decoder]} error · ${previewOf(message)}`
      : previewText(decoder, d.result);
    return entry.preview;
  }

  searchText(message: StoredMessage, choice: DecoderChoice): string {
    const entry = this.cached(message, choice);
    if (entry.search !== undefined) return entry.search;
    const d = entry.decoding;
    entry.search =
      d.status === 'decoded' && d.result.error === undefined
        ? d.result.text.slice(0, SEARCH_CHARS * 4)
        : decodeUtf8(message.payload.subarray(0, SEARCH_CHARS));
    return entry.search;
  }

  chartDocument(message: StoredMessage, choice: DecoderChoice): unknown {
    if (!isCodecDecoder(choice.decoder)) {
      return choice.decoder === 'hex' || choice.decoder === 'base64'
        ? NO_DOCUMENT
        : parseFieldDocument(message.payload, { maxBytes: 1024 * 1024 });
    }
    const d = this.cached(message, choice).decoding;
    if (d.status !== 'decoded' || d.result.error !== undefined) return NO_DOCUMENT;
    return d.result.value ?? NO_DOCUMENT;
  }

  /** The loaded schemas' message types, or why they cannot be used. */
  schemaTypes(): { schemaTypes: string[]; schemaError: string | undefined } {
    const set = this.schemaSet();
    if (!set) return { schemaTypes: [], schemaError: undefined };
    return set.ok
      ? { schemaTypes: set.types, schemaError: undefined }
      : { schemaTypes: [], schemaError: set.error };
  }

  /** Parses `files` as the new schemas: the parsed set, or why they are refused. */
  parseSchemas(files: readonly ProtoFile[]): SchemaSet {
    const set = this.codecs.parseProtoFiles(files);
    if (set.ok) this.parsed = { files, set };
    return set;
  }

  /* Rules and schemas (the store keeps them; the service sends them to the worker). */

  addRule(rule: Omit<DecodeRule, 'id'>): string | undefined {
    const problem = validateRule(rule);
    if (problem) return problem;
    const filter = rule.filter.trim();
    const type = rule.decoder === 'protobuf' ? rule.messageType?.trim() : undefined;
    const clean: DecodeRule = {
      id: randomUuid(),
      filter,
      decoder: rule.decoder,
      ...(type ? { messageType: type } : {}),
    };
    const { rules } = useDecodingStore.getState();
    // A rule for the same filter replaces the old one, in its place.
    const index = rules.findIndex((r) => r.filter === filter);
    const next = index >= 0 ? rules.map((r, i) => (i === index ? clean : r)) : [...rules, clean];
    useDecodingStore.setState({ rules: next });
    return undefined;
  }

  removeRule(id: string): void {
    const { rules } = useDecodingStore.getState();
    useDecodingStore.setState({ rules: rules.filter((r) => r.id !== id) });
  }

  /** Moves a rule one place up (-1) or down (+1): the first matching rule wins. */
  moveRule(id: string, by: -1 | 1): void {
    const rules = [...useDecodingStore.getState().rules];
    const i = rules.findIndex((r) => r.id === id);
    const j = i + by;
    if (i < 0 || j < 0 || j >= rules.length) return;
    [rules[i], rules[j]] = [rules[j]!, rules[i]!];
    useDecodingStore.setState({ rules });
  }

  /** Loads a .proto file (replacing one of the same name); refused with a message. */
  loadSchema(name: string, text: string): string | undefined {
    const next = useDecodingStore.getState().schemas.filter((s) => s.name !== name);
    next.push({ name, text });
    const set = this.parseSchemas(next);
    if (!set.ok) return set.error;
    useDecodingStore.setState({ schemas: next, schemaTypes: set.types, schemaError: undefined });
    return undefined;
  }

  removeSchema(name: string): void {
    const schemas = useDecodingStore.getState().schemas.filter((s) => s.name !== name);
    useDecodingStore.setState({ schemas });
  }

  /** The rules and schemas for the message library's export file. */
  exportSection(): unknown {
    const { rules, schemas } = this.state();
    return writeDecodingSection({ rules: [...rules], schemas: [...schemas] });
  }

  /** Adds imported rules and schemas; says what was added (undefined when nothing). */
  importSection(raw: unknown): string | undefined {
    const { section, skipped } = readDecodingSection(raw, randomUuid);
    const problems: string[] = [];
    for (const schema of section.schemas) {
      const problem = this.loadSchema(schema.name, schema.text);
      if (problem) problems.push(problem);
    }
    for (const rule of section.rules) this.addRule(rule);
    if (section.rules.length + section.schemas.length + skipped === 0) return undefined;
    const schemas = section.schemas.length - problems.length;
    const left = skipped > 0 ? ` ${skipped} unreadable entries were left out.` : '';
    return `Imported ${section.rules.length} decode rule(s) and ${schemas} .proto schema(s).${left}${problems.length > 0 ? ` ${problems.join(' ')}` : ''}`;
  }

  /**
   * A JSON payload written as CBOR, MessagePack, Protobuf (the chosen or the rule's message
   * type) or Sparkplug B (seq per edge node, timestamp now unless given).
   */
  encode(
    format: 'cbor' | 'msgpack' | 'protobuf' | 'sparkplug',
    jsonText: string,
    topic: string,
    messageType: string | undefined,
    dryRun: boolean,
  ): EncodeOutcome {
    let value: unknown;
    try {
      value = JSON.parse(jsonText);
    } catch (error) {
      return { ok: false, error: `The payload is not valid JSON: ${(error as Error).message}` };
    }
    const label = DECODER_LABELS[format];
    const type = format === 'protobuf' ? (messageType ?? this.ruleMessageType(topic)) : undefined;
    const sparkplug = format === 'sparkplug' ? parseSparkplugTopic(topic) : undefined;
    if (format === 'sparkplug' && !sparkplug) {
      return {
        ok: false,
        error:
          'A Sparkplug B payload goes to a topic like spBv1.0/<group>/NDATA/<edge node>[/<device>].',
      };
    }
    const key = sparkplug ? edgeNodeKey(sparkplug) : '';
    const usesSeq = sparkplug !== undefined && !sparkplug.type.endsWith('CMD');
    const seq = !usesSeq ? undefined : sparkplug.type === 'NBIRTH' ? 0 : (this.seqs.get(key) ?? 0);
    try {
      const schemas = format === 'protobuf' ? this.schemaSet() : undefined;
      const out = this.codecs.encodeWithCodec(format, value, {
        ...(type ? { messageType: type } : {}),
        ...(schemas ? { schemas } : {}),
        ...(seq !== undefined ? { seq } : {}),
        nowMs: Date.now(),
      });
      if (!dryRun && usesSeq && out.seq !== undefined) this.seqs.set(key, (out.seq + 1) % 256);
      const what = type ? `${label} ${type}` : label;
      const seqNote = out.seq !== undefined ? `, seq ${out.seq}` : '';
      return {
        ok: true,
        bytes: out.bytes,
        note: `${out.bytes.byteLength.toLocaleString('en-US')} bytes of ${what}${seqNote}`,
      };
    } catch (error) {
      return {
        ok: false,
        error: `Cannot write ${label}: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }

  /**
   * Asks the edge node of a Sparkplug topic to publish its BIRTH again (an NCMD with
   * "Node Control/Rebirth" = true), so aliases get their names; says what happened.
   */
  async requestRebirth(topic: string): Promise<string> {
    const t = parseSparkplugTopic(topic);
    if (!t) return 'This is not a Sparkplug B topic.';
    const commandTopic = nodeCommandTopic(t);
    const encoded = this.encode(
      'sparkplug',
      JSON.stringify({ metrics: { 'Node Control/Rebirth': true } }),
      commandTopic,
      undefined,
      false,
    );
    if (!encoded.ok) return encoded.error;
    const result = await this.connection.publish(commandTopic, encoded.bytes, {
      qos: 0,
      retain: false,
    });
    return result.ok
      ? `Sent a Rebirth command to ${commandTopic}: the names show when the node's BIRTH arrives.`
      : `The Rebirth command was not sent: ${result.error ?? 'the broker refused it'}.`;
  }

  /** The Protobuf message type a rule gives `topic`, if any. */
  ruleMessageType(topic: string): string | undefined {
    const choice = chooseDecoder(this.state().rules, topic);
    return choice.decoder === 'protobuf' ? choice.messageType : undefined;
  }

  private schemaSet(): SchemaSet | undefined {
    const files = this.state().schemas;
    if (files.length === 0) return undefined;
    if (this.parsed?.files !== files) {
      this.parsed = { files, set: this.codecs.parseProtoFiles(files) };
    }
    return this.parsed.set;
  }

  private birthMessages(topic: SparkplugTopic): StoredMessage[] {
    const out: StoredMessage[] = [];
    for (const birthTopic of birthTopicsOf(topic)) {
      const last = this.topics.topic(birthTopic)?.data?.lastMessage;
      if (last) out.push(last);
    }
    return out;
  }

  private aliases(topic: SparkplugTopic): AliasTable | undefined {
    const merged: AliasTable = new Map();
    // Most specific last, so a device's names win over its node's.
    for (const birth of this.birthMessages(topic).reverse()) {
      let table = this.aliasCache.get(birth);
      if (!table) {
        try {
          table = this.codecs.aliasesOfBirth(birth.payload, newBudget());
        } catch {
          table = new Map();
        }
        this.aliasCache.set(birth, table);
      }
      for (const [alias, info] of table) merged.set(alias, info);
    }
    return merged.size > 0 ? merged : undefined;
  }

  private birthsKey(message: StoredMessage, decoder: DecoderChoice['decoder']): string {
    if (decoder !== 'sparkplug') return '';
    const topic = parseSparkplugTopic(message.topic);
    return topic
      ? this.birthMessages(topic)
          .map((m) => m.seq)
          .join(',')
      : '';
  }

  private cached(message: StoredMessage, choice: DecoderChoice): Cached {
    const version = this.state().version;
    const births = this.birthsKey(message, choice.decoder);
    const hit = this.cache.get(message);
    if (hit && hit.version === version && hit.births === births) return hit;
    const entry: Cached = {
      version,
      births,
      decoding: this.run(message, choice.decoder as DecoderId, choice.messageType),
    };
    this.cache.set(message, entry);
    return entry;
  }

  private run(message: StoredMessage, decoder: DecoderId, messageType?: string): Decoding {
    return decodeBytes(decoder, message.payload, this.env, {
      topic: message.topic,
      ...(messageType ? { messageType } : {}),
    });
  }
}

/** One line for a list row: Sparkplug metrics as name=value, other trees as compact JSON. */
function previewText(decoder: DecoderId, result: DecodeResult): string {
  const value = result.value;
  if (decoder === 'sparkplug' && typeof value === 'object' && value !== null) {
    const v = value as { seq?: unknown; metrics?: Record<string, { value?: unknown }> };
    const metrics = Object.entries(v.metrics ?? {})
      .map(([name, m]) => `${name}=${decodedPreview(m.value, 24)}`)
      .join(', ');
    const seq = v.seq === undefined ? '' : `seq ${String(v.seq)} · `;
    const text = `Sparkplug B · ${seq}${metrics}`;
    return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
  }
  return `${DECODER_LABELS[decoder]} · ${decodedPreview(value, PREVIEW_CHARS)}`;
}
