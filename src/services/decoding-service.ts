/**
 * Decoded payloads on the page: which decoder reads a message (decode rules, then automatic
 * detection), the rules and .proto schemas (kept in the browser, sent to the worker for charted
 * fields), and the decoders with their engine (decoding-engine), loaded on first need so the
 * first screen does not carry them. Only messages that reach the screen, a search or a chart
 * are decoded; until the decoders are in, rows show the plain preview and the details "loading".
 */
import type { Connection } from '../mqtt/connection';
import { NO_DOCUMENT, parseFieldDocument } from '../domain/json-fields';
import { decodeUtf8 } from '../domain/payload';
import { previewOf, type StoredMessage, type TopicEntry } from '../domain/stored-message';
import type { Decoding } from '../domain/decoders/decode-message';
import { chooseDecoder, type DecoderChoice } from '../domain/decoders/decode-rules';
import { isCodecDecoder, type DecoderId } from '../domain/decoders/decoder-types';
import { useDecodingStore } from '../stores/decoding-store';
import { useNoticesStore } from '../stores/notices-store';
import type { DecodingEngine, EncodeOutcome } from './decoding-engine';

export type { EncodeOutcome };

const PENDING: Decoding = { status: 'pending' };

export class DecodingService {
  private loaded: DecodingEngine | undefined;
  private loading: Promise<DecodingEngine> | undefined;

  constructor(
    private readonly connection: Pick<Connection, 'setDecoding' | 'publish'>,
    /** The kept topics the views show (where Sparkplug BIRTHs are found). */
    private readonly topics: { topic(name: string): TopicEntry | undefined },
  ) {}

  /** Sends the rules and schemas to the worker now and whenever they change. */
  start(): void {
    const send = () => {
      const { rules, schemas } = useDecodingStore.getState();
      this.connection.setDecoding(rules, schemas);
    };
    send();
    useDecodingStore.subscribe((state, previous) => {
      if (state.rules === previous.rules && state.schemas === previous.schemas) return;
      send();
      useDecodingStore.setState((s) => ({
        version: s.version + 1,
        ...(this.loaded && state.schemas !== previous.schemas ? this.loaded.schemaTypes() : {}),
      }));
    });
    if (useDecodingStore.getState().schemas.length > 0) this.ensureCodecs();
  }

  /** Starts loading the decoders (once); the store's version moves when they are in. */
  ensureCodecs(): void {
    void this.load().catch(() => undefined);
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
    const choice: DecoderChoice = decoder
      ? { decoder, why: 'chosen', ...(messageType ? { messageType } : {}) }
      : this.choiceOf(message);
    if (choice.decoder === 'auto') return undefined;
    const engine = this.engineOrLoad();
    return {
      choice,
      decoding: engine ? engine.decode(message, choice, decoder !== undefined) : PENDING,
    };
  }

  /** The one-line preview of a row: decoded when a decoder applies, else the plain one. */
  preview(message: StoredMessage): string {
    const choice = this.choiceOf(message);
    if (!isCodecDecoder(choice.decoder)) return previewOf(message);
    return this.engineOrLoad()?.preview(message, choice) ?? previewOf(message);
  }

  /** The text a search looks in: the decoded JSON when a decoder applies, else the payload. */
  searchText(message: StoredMessage): string {
    const choice = this.choiceOf(message);
    const engine = isCodecDecoder(choice.decoder) ? this.engineOrLoad() : undefined;
    return engine
      ? engine.searchText(message, choice)
      : decodeUtf8(message.payload.subarray(0, 4096));
  }

  /** The document a chart reads `message`'s fields from (for a series' kept history). */
  chartDocument(message: StoredMessage): unknown {
    const choice = this.choiceOf(message);
    if (this.loaded) return this.loaded.chartDocument(message, choice);
    if (isCodecDecoder(choice.decoder)) return NO_DOCUMENT;
    return choice.decoder === 'hex' || choice.decoder === 'base64'
      ? NO_DOCUMENT
      : parseFieldDocument(message.payload, { maxBytes: 1024 * 1024 });
  }

  /**
   * The engine, loaded with the decoders: rules, schemas, the export section and Rebirth are
   * its work (see decoding-engine). Rejects when the decoders cannot be loaded.
   */
  engine(): Promise<DecodingEngine> {
    return this.load();
  }

  /** A JSON payload as CBOR, MessagePack, Protobuf or Sparkplug B (see DecodingEngine.encode). */
  async encode(
    format: 'cbor' | 'msgpack' | 'protobuf' | 'sparkplug',
    jsonText: string,
    topic: string,
    messageType?: string,
    /** A check only: the Sparkplug seq does not move. */
    dryRun = false,
  ): Promise<EncodeOutcome> {
    const engine = await this.load().catch(() => undefined);
    if (!engine) {
      return {
        ok: false,
        error: 'The encoders could not be loaded: reload the page and try again.',
      };
    }
    return engine.encode(format, jsonText, topic, messageType, dryRun);
  }

  /** The Protobuf message type a rule gives `topic`, if any. */
  ruleMessageType(topic: string): string | undefined {
    const choice = chooseDecoder(useDecodingStore.getState().rules, topic);
    return choice.decoder === 'protobuf' ? choice.messageType : undefined;
  }

  /* Loading. */

  private engineOrLoad(): DecodingEngine | undefined {
    if (!this.loaded) this.ensureCodecs();
    return this.loaded;
  }

  private load(): Promise<DecodingEngine> {
    if (this.loaded) return Promise.resolve(this.loaded);
    if (this.loading) return this.loading;
    useDecodingStore.setState({ codecs: 'loading' });
    this.loading = Promise.all([
      import('./decoding-engine'),
      import('../domain/decoders/codec-loader').then((m) => m.loadCodecs()),
    ]).then(
      ([{ DecodingEngine }, codecs]) => {
        const engine = new DecodingEngine(
          codecs,
          () => useDecodingStore.getState(),
          this.topics,
          this.connection,
        );
        this.loaded = engine;
        useDecodingStore.setState((s) => ({
          codecs: 'ready',
          version: s.version + 1,
          ...engine.schemaTypes(),
        }));
        return engine;
      },
      (error: unknown) => {
        this.loading = undefined;
        useDecodingStore.setState({ codecs: 'failed' });
        useNoticesStore.getState().notify({
          id: 'decoders-unavailable',
          tone: 'error',
          text: `The decoders for Sparkplug B, Protobuf, CBOR and MessagePack could not be loaded (${error instanceof Error ? error.message : String(error)}): those payloads are shown as hex. Reload the page to try again.`,
        });
        throw error;
      },
    );
    return this.loading;
  }
}
