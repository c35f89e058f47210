/**
 * Decoded payloads on the page: which decoder reads a message (decode rules, then automatic
 * detection), the decoders module loaded on first need, each message decoded once per version
 * of the rules and schemas (rows, details, search and a chart's history share the result), the
 * aliases of Sparkplug nodes from their kept BIRTHs, publishing in the encoded formats (with
 * Sparkplug seq numbers per edge node), and the rules and schemas the worker gets for charts.
 * Only messages that reach the screen, a search or a chart are decoded.
 */
import type { Connection } from '../mqtt/connection';
import { NO_DOCUMENT, parseFieldDocument } from '../domain/json-fields';
import { decodeUtf8 } from '../domain/payload';
import { previewOf, type StoredMessage, type TopicEntry } from '../domain/stored-message';
import { loadCodecs, loadedCodecs } from '../domain/decoders/codec-loader';
import { decodeBytes, type DecodeEnv, type Decoding } from '../domain/decoders/decode-message';
import {
  chooseDecoder,
  readDecodingSection,
  validateRule,
  writeDecodingSection,
  type DecodeRule,
  type DecoderChoice,
} from '../domain/decoders/decode-rules';
import { decodedPreview, newBudget } from '../domain/decoders/decoded-value';
import {
  DECODER_LABELS,
  isCodecDecoder,
  type DecodeResult,
  type DecoderId,
} from '../domain/decoders/decoder-types';
import type { ProtoFile, SchemaSet } from '../domain/decoders/protobuf-schema';
import type { AliasTable } from '../domain/decoders/sparkplug';
import {
  birthTopicsOf,
  edgeNodeKey,
  nodeCommandTopic,
  parseSparkplugTopic,
  type SparkplugTopic,
} from '../domain/decoders/sparkplug-topic';
import { randomUuid } from '../domain/template';
import { useDecodingStore } from '../stores/decoding-store';
import { useNoticesStore } from '../stores/notices-store';

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

export class DecodingService {
  private readonly cache = new WeakMap<StoredMessage, Cached>();
  private readonly aliasCache = new WeakMap<StoredMessage, AliasTable>();
  private parsed: { files: readonly ProtoFile[]; set: SchemaSet } | undefined;
  /** The next Sparkplug seq per edge node this page publishes as. */
  private readonly seqs = new Map<string, number>();
  private readonly env: DecodeEnv;

  constructor(
    private readonly connection: Pick<Connection, 'setDecoding' | 'publish'>,
    /** The kept topics the views show (where Sparkplug BIRTHs are found). */
    private readonly topics: { topic(name: string): TopicEntry | undefined },
  ) {
    this.env = {
      codecs: undefined,
      schemas: () => this.schemaSet(),
      aliases: (topic) => this.aliases(topic),
    };
  }

  /** Sends the rules and schemas to the worker now and whenever they change. */
  start(): void {
    const send = () => {
      const { rules, schemas } = useDecodingStore.getState();
      this.connection.setDecoding(rules, schemas);
    };
    send();
    useDecodingStore.subscribe((state, previous) => {
      if (state.rules !== previous.rules || state.schemas !== previous.schemas) {
        send();
        this.bump();
      }
    });
    if (useDecodingStore.getState().schemas.length > 0) this.ensureCodecs();
  }

  /** Starts loading the decoders module (once); the store's version moves when it is in. */
  ensureCodecs(): void {
    const store = useDecodingStore.getState();
    if (store.codecs === 'ready' || store.codecs === 'loading') return;
    useDecodingStore.setState({ codecs: 'loading' });
    loadCodecs().then(
      () => {
        useDecodingStore.setState({ codecs: 'ready' });
        this.refreshSchemaTypes();
        this.bump();
      },
      (error: unknown) => {
        useDecodingStore.setState({ codecs: 'failed' });
        useNoticesStore.getState().notify({
          id: 'decoders-unavailable',
          tone: 'error',
          text: `The decoders for Sparkplug B, Protobuf, CBOR and MessagePack could not be loaded (${error instanceof Error ? error.message : String(error)}): those payloads are shown as hex. Reload the page to try again.`,
        });
      },
    );
  }

  /** Which decoder reads `message` when nothing else is asked. */
  choiceOf(message: Pick<StoredMessage, 'topic' | 'properties'>): DecoderChoice {
    return chooseDecoder(
      useDecodingStore.getState().rules,
      message.topic,
      message.properties?.contentType,
    );
  }

  /**
   * `message` decoded by its rule or automatic choice (cached), or by `decoder` when given.
   * Undefined when its choice is the plain view (JSON, text, hex); "pending" while the
   * decoders load.
   */
  decode(
    message: StoredMessage,
    decoder?: DecoderId,
    messageType?: string,
  ): { choice: DecoderChoice; decoding: Decoding } | undefined {
    const choice = decoder
      ? { decoder, why: 'chosen', ...(messageType ? { messageType } : {}) }
      : this.choiceOf(message);
    if (choice.decoder === 'auto') return undefined;
    if (decoder) return { choice, decoding: this.run(message, choice.decoder, choice.messageType) };
    return { choice, decoding: this.cached(message, choice).decoding };
  }

  /** The one-line preview of a row: decoded when a decoder applies, else the plain one. */
  preview(message: StoredMessage): string {
    const choice = this.choiceOf(message);
    if (!isCodecDecoder(choice.decoder)) return previewOf(message);
    const entry = this.cached(message, choice);
    if (entry.preview !== undefined) return entry.preview;
    const d = entry.decoding;
    if (d.status === 'pending') return previewOf(message);
    const r = d.result;
    entry.preview = r.error
      ? `${DECODER_LABELS[choice.decoder]} error · ${previewOf(message)}`
      : previewText(choice.decoder, r);
    return entry.preview;
  }

  /** The text a search looks in: the decoded JSON when a decoder applies, else the payload. */
  searchText(message: StoredMessage): string {
    const choice = this.choiceOf(message);
    if (isCodecDecoder(choice.decoder)) {
      const entry = this.cached(message, choice);
      if (entry.search !== undefined) return entry.search;
      const d = entry.decoding;
      if (d.status === 'decoded' && d.result.error === undefined) {
        entry.search = d.result.text.slice(0, SEARCH_CHARS * 4);
        return entry.search;
      }
    }
    return decodeUtf8(message.payload.subarray(0, SEARCH_CHARS));
  }

  /** The document a chart reads `message`'s fields from (for a series' kept history). */
  chartDocument(message: StoredMessage): unknown {
    const choice = this.choiceOf(message);
    if (!isCodecDecoder(choice.decoder)) {
      return choice.decoder === 'hex' || choice.decoder === 'base64'
        ? NO_DOCUMENT
        : parseFieldDocument(message.payload, { maxBytes: 1024 * 1024 });
    }
    const d = this.cached(message, choice).decoding;
    if (d.status !== 'decoded' || d.result.error !== undefined) return NO_DOCUMENT;
    return d.result.value ?? NO_DOCUMENT;
  }

  /* Rules and schemas. */

  addRule(rule: Omit<DecodeRule, 'id'>): string | undefined {
    const problem = validateRule(rule);
    if (problem) return problem;
    const { rules } = useDecodingStore.getState();
    const clean = cleanRule({ ...rule, id: randomUuid() });
    // A rule for the same filter replaces the old one, in its place.
    const index = rules.findIndex((r) => r.filter === clean.filter);
    const next = index >= 0 ? rules.map((r, i) => (i === index ? clean : r)) : [...rules, clean];
    useDecodingStore.setState({ rules: next });
    if (isCodecDecoder(clean.decoder)) this.ensureCodecs();
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
  async loadSchema(name: string, text: string): Promise<string | undefined> {
    const codecs = await loadCodecs().catch(() => undefined);
    if (!codecs) return 'The Protobuf decoder could not be loaded: reload the page and try again.';
    const schemas = useDecodingStore.getState().schemas.filter((s) => s.name !== name);
    const next = [...schemas, { name, text }];
    const set = codecs.parseProtoFiles(next);
    if (!set.ok) return set.error;
    this.parsed = { files: next, set };
    useDecodingStore.setState({ schemas: next, schemaTypes: set.types, schemaError: undefined });
    this.ensureCodecs();
    return undefined;
  }

  removeSchema(name: string): void {
    const schemas = useDecodingStore.getState().schemas.filter((s) => s.name !== name);
    useDecodingStore.setState({ schemas });
    this.refreshSchemaTypes();
  }

  /** The rules and schemas for the message library's export file. */
  exportSection(): unknown {
    const { rules, schemas } = useDecodingStore.getState();
    return writeDecodingSection({ rules, schemas });
  }

  /** Adds imported rules and schemas; says what was added. */
  async importSection(raw: unknown): Promise<string | undefined> {
    const { section, skipped } = readDecodingSection(raw, randomUuid);
    const problems: string[] = [];
    for (const schema of section.schemas) {
      const problem = await this.loadSchema(schema.name, schema.text);
      if (problem) problems.push(problem);
    }
    for (const rule of section.rules) this.addRule(rule);
    const added = section.rules.length + section.schemas.length - problems.length;
    if (added === 0 && skipped === 0 && problems.length === 0) return undefined;
    const parts = [`${section.rules.length} decode rule${section.rules.length === 1 ? '' : 's'}`];
    if (section.schemas.length > 0) {
      parts.push(`${section.schemas.length - problems.length} .proto schema(s)`);
    }
    const left = skipped > 0 ? ` ${skipped} unreadable entries were left out.` : '';
    return `Imported ${parts.join(' and ')}.${left}${problems.length > 0 ? ` ${problems.join(' ')}` : ''}`;
  }

  /* Publishing. */

  /**
   * A JSON payload written as CBOR, MessagePack, Protobuf (the rule's or the chosen message
   * type) or Sparkplug B (seq per edge node, timestamp now unless given).
   */
  async encode(
    format: 'cbor' | 'msgpack' | 'protobuf' | 'sparkplug',
    jsonText: string,
    topic: string,
    messageType?: string,
    /** A check only: the Sparkplug seq does not move. */
    dryRun = false,
  ): Promise<EncodeOutcome> {
    let value: unknown;
    try {
      value = JSON.parse(jsonText);
    } catch (error) {
      return { ok: false, error: `The payload is not valid JSON: ${(error as Error).message}` };
    }
    let codecs;
    try {
      codecs = await loadCodecs();
    } catch {
      return {
        ok: false,
        error: 'The encoders could not be loaded: reload the page and try again.',
      };
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
      const out = codecs.encodeWithCodec(format, value, {
        ...(type ? { messageType: type } : {}),
        ...(format === 'protobuf' ? { schemas: this.schemaSet() } : {}),
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
    const encoded = await this.encode(
      'sparkplug',
      JSON.stringify({ metrics: { 'Node Control/Rebirth': true } }),
      commandTopic,
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
    const choice = chooseDecoder(useDecodingStore.getState().rules, topic);
    return choice.decoder === 'protobuf' ? choice.messageType : undefined;
  }

  /* Internals. */

  private bump(): void {
    useDecodingStore.setState((s) => ({ version: s.version + 1 }));
  }

  private refreshSchemaTypes(): void {
    const set = this.schemaSet();
    useDecodingStore.setState(
      !set
        ? { schemaTypes: [], schemaError: undefined }
        : set.ok
          ? { schemaTypes: set.types, schemaError: undefined }
          : { schemaTypes: [], schemaError: set.error },
    );
  }

  private schemaSet(): SchemaSet | undefined {
    const codecs = loadedCodecs();
    const files = useDecodingStore.getState().schemas;
    if (!codecs || files.length === 0) return undefined;
    if (this.parsed?.files !== files) this.parsed = { files, set: codecs.parseProtoFiles(files) };
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
    const codecs = loadedCodecs();
    if (!codecs) return undefined;
    const merged: AliasTable = new Map();
    // Most specific last, so a device's names win over its node's.
    for (const birth of this.birthMessages(topic).reverse()) {
      let table = this.aliasCache.get(birth);
      if (!table) {
        try {
          table = codecs.aliasesOfBirth(birth.payload, newBudget());
        } catch {
          table = new Map();
        }
        this.aliasCache.set(birth, table);
      }
      for (const [alias, info] of table) merged.set(alias, info);
    }
    return merged.size > 0 ? merged : undefined;
  }

  private birthsKey(message: StoredMessage, decoder: DecoderId): string {
    if (decoder !== 'sparkplug') return '';
    const topic = parseSparkplugTopic(message.topic);
    return topic
      ? this.birthMessages(topic)
          .map((m) => m.seq)
          .join(',')
      : '';
  }

  private cached(message: StoredMessage, choice: DecoderChoice): Cached {
    const version = useDecodingStore.getState().version;
    const births = this.birthsKey(message, choice.decoder as DecoderId);
    const hit = this.cache.get(message);
    if (
      hit &&
      hit.version === version &&
      hit.births === births &&
      hit.decoding.status !== 'pending'
    ) {
      return hit;
    }
    const entry: Cached = {
      version,
      births,
      decoding: this.run(message, choice.decoder as DecoderId, choice.messageType),
    };
    this.cache.set(message, entry);
    return entry;
  }

  private run(message: StoredMessage, decoder: DecoderId, messageType?: string): Decoding {
    this.env.codecs = loadedCodecs();
    const out = decodeBytes(decoder, message.payload, this.env, {
      topic: message.topic,
      ...(messageType ? { messageType } : {}),
    });
    if (out.status === 'pending') this.ensureCodecs();
    return out;
  }
}

function cleanRule(rule: DecodeRule): DecodeRule {
  const filter = rule.filter.trim();
  const messageType = rule.decoder === 'protobuf' ? rule.messageType?.trim() : undefined;
  return { id: rule.id, filter, decoder: rule.decoder, ...(messageType ? { messageType } : {}) };
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
