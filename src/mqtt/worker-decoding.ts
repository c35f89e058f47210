/**
 * Decoders in the MQTT worker, for charted fields only: the decode rules and .proto schemas the
 * page sends, the last BIRTH payload of each Sparkplug node and device (to name metric
 * aliases), and the codecs module, loaded only when a charted field may need it. Each message of
 * a charted topic is decoded once, for all its charted fields.
 */
import { NO_DOCUMENT, parseFieldDocument } from '../domain/json-fields';
import { loadCodecs, loadedCodecs } from '../domain/decoders/codec-loader';
import { decodeBytes, type DecodeEnv } from '../domain/decoders/decode-message';
import { chooseDecoder, type DecodeRule } from '../domain/decoders/decode-rules';
import { isCodecDecoder } from '../domain/decoders/decoder-types';
import { newBudget } from '../domain/decoders/decoded-value';
import type { ProtoFile, SchemaSet } from '../domain/decoders/protobuf-schema';
import type { AliasTable } from '../domain/decoders/sparkplug';
import { birthTopicsOf, isBirthTopic } from '../domain/decoders/sparkplug-nodes';
import { SPARKPLUG_NAMESPACE } from '../domain/decoders/sparkplug-topic';

/** BIRTH payloads kept for alias names: at most this many topics and bytes. */
const MAX_BIRTH_TOPICS = 2_000;
const MAX_BIRTH_BYTES = 8 * 1024 * 1024;

export class WorkerDecoding {
  private rules: readonly DecodeRule[] = [];
  private schemaFiles: readonly ProtoFile[] = [];
  private parsed: SchemaSet | undefined;
  private readonly births = new Map<string, Uint8Array>();
  private birthBytes = 0;
  private readonly aliasCache = new Map<string, AliasTable>();
  private loading = false;
  private readonly env: DecodeEnv;

  /** `onReady` hears when the codecs module has loaded (or failed to). */
  constructor(private readonly onReady: () => void) {
    this.env = {
      codecs: undefined,
      schemas: () => this.schemas(),
      aliases: (topic) => this.aliases(birthTopicsOf(topic)),
    };
  }

  /** True while the codecs module loads for a charted field: batches wait for it. */
  get waiting(): boolean {
    return this.loading;
  }

  setDecoding(rules: readonly DecodeRule[], schemas: readonly ProtoFile[]): void {
    this.rules = rules;
    if (schemas !== this.schemaFiles) {
      this.schemaFiles = schemas;
      this.parsed = undefined;
    }
  }

  /** Keeps the last BIRTH of each Sparkplug node and device (a copy), within bounds. */
  observe(topic: string, payload: Uint8Array): void {
    if (!topic.startsWith(SPARKPLUG_NAMESPACE) || !isBirthTopic(topic)) return;
    const previous = this.births.get(topic);
    if (previous) this.birthBytes -= previous.byteLength;
    else if (this.births.size >= MAX_BIRTH_TOPICS) return;
    if (this.birthBytes + payload.byteLength > MAX_BIRTH_BYTES) {
      this.births.delete(topic);
      return;
    }
    this.births.set(topic, payload.slice());
    this.birthBytes += payload.byteLength;
    this.aliasCache.delete(topic);
  }

  /** Starts loading the codecs when a charted field may need a decoder. */
  prepare(matches: readonly string[]): void {
    if (loadedCodecs() || this.loading) return;
    const codecRules = this.rules.some((r) => isCodecDecoder(r.decoder));
    const needs = matches.some(
      (m) =>
        codecRules ||
        m.startsWith(`${SPARKPLUG_NAMESPACE}/`) ||
        m.startsWith('+') ||
        m.startsWith('#') ||
        isCodecDecoder(chooseDecoder(this.rules, m).decoder),
    );
    if (needs) this.startLoading();
  }

  /** The document a message's charted fields are read from (NO_DOCUMENT when none). */
  documentOf(topic: string, payload: Uint8Array, contentType: string | undefined): unknown {
    const choice = chooseDecoder(this.rules, topic, contentType);
    if (choice.decoder === 'auto' || choice.decoder === 'json' || choice.decoder === 'text') {
      return parseFieldDocument(payload);
    }
    if (!isCodecDecoder(choice.decoder)) return NO_DOCUMENT;
    this.env.codecs = loadedCodecs();
    if (!this.env.codecs) {
      this.startLoading();
      return NO_DOCUMENT;
    }
    this.env.timeLimitMs = 50;
    const out = decodeBytes(choice.decoder, payload, this.env, {
      topic,
      ...(choice.messageType ? { messageType: choice.messageType } : {}),
    });
    if (out.status !== 'decoded' || out.result.error !== undefined) return NO_DOCUMENT;
    return out.result.value ?? NO_DOCUMENT;
  }

  private startLoading(): void {
    if (this.loading || loadedCodecs()) return;
    this.loading = true;
    loadCodecs().then(
      () => {
        this.loading = false;
        this.onReady();
      },
      () => {
        // Without the chunk, decoded fields read as not drawn; batches go on.
        this.loading = false;
        this.onReady();
      },
    );
  }

  private schemas(): SchemaSet | undefined {
    const codecs = loadedCodecs();
    if (!codecs || this.schemaFiles.length === 0) return undefined;
    this.parsed ??= codecs.parseProtoFiles(this.schemaFiles);
    return this.parsed;
  }

  private aliases(topics: string[]): AliasTable | undefined {
    const codecs = loadedCodecs();
    if (!codecs) return undefined;
    const merged: AliasTable = new Map();
    // Most specific last, so a device's names win over its node's.
    for (const topic of [...topics].reverse()) {
      let table = this.aliasCache.get(topic);
      const bytes = this.births.get(topic);
      if (!table && bytes) {
        try {
          table = codecs.aliasesOfBirth(bytes, newBudget(50));
        } catch {
          table = new Map();
        }
        this.aliasCache.set(topic, table);
      }
      if (table) for (const [alias, info] of table) merged.set(alias, info);
    }
    return merged.size > 0 ? merged : undefined;
  }
}

/** What `set-decoding` carries: the page's rules and schemas. */
export interface DecodingConfig {
  rules: DecodeRule[];
  schemas: ProtoFile[];
}
