/**
 * Decode rules ("decode spBv1.0/# as Sparkplug B", "decode fleet/+/pos as Protobuf
 * fleet.Position") and the choice of a decoder for one message: the first rule whose topic
 * filter matches, else automatic detection where it is safe (the Sparkplug namespace, an MQTT 5
 * content type naming CBOR, MessagePack or Protobuf), else the plain view (JSON, text, or hex).
 */
import { compileTopicFilter, validateTopicFilter } from '../topic-filter';
import type { DecoderId } from './decoder-types';
import { isSparkplugTopic } from './sparkplug-topic';

export interface DecodeRule {
  id: string;
  /** An MQTT topic filter: `fleet/+/pos`, `spBv1.0/#`. */
  filter: string;
  decoder: DecoderId;
  /** Protobuf: the message type ("fleet.Position"); none reads fields by number. */
  messageType?: string;
}

export interface DecoderChoice {
  /** "auto": the plain view (JSON when it parses, text, or hex). */
  decoder: DecoderId | 'auto';
  messageType?: string;
  /** Why, in words: "rule fleet/+/pos", "automatic: Sparkplug B topic". */
  why: string;
  rule?: DecodeRule;
}

type Matchers = Array<{ rule: DecodeRule; matches: (topic: string) => boolean }>;
const compiled = new WeakMap<readonly DecodeRule[], Matchers>();

function matchersOf(rules: readonly DecodeRule[]): Matchers {
  let matchers = compiled.get(rules);
  if (!matchers) {
    matchers = [];
    for (const rule of rules) {
      if (validateTopicFilter(rule.filter) !== null) continue;
      matchers.push({ rule, matches: compileTopicFilter(rule.filter) });
    }
    compiled.set(rules, matchers);
  }
  return matchers;
}

/** The first rule whose filter matches `topic`. */
export function ruleFor(rules: readonly DecodeRule[], topic: string): DecodeRule | undefined {
  for (const m of matchersOf(rules)) if (m.matches(topic)) return m.rule;
  return undefined;
}

/** A decoder named by an MQTT 5 content type, with the Protobuf message type it may give. */
export function decoderOfContentType(
  contentType: string | undefined,
): { decoder: DecoderId; messageType?: string } | undefined {
  if (!contentType) return undefined;
  const [media = '', ...params] = contentType.toLowerCase().split(';');
  const type = media.trim();
  if (type === 'application/cbor') return { decoder: 'cbor' };
  if (['application/msgpack', 'application/x-msgpack', 'application/vnd.msgpack'].includes(type)) {
    return { decoder: 'msgpack' };
  }
  if (
    ['application/protobuf', 'application/x-protobuf', 'application/vnd.google.protobuf'].includes(
      type,
    )
  ) {
    // The original case of the parameter's value: message types are case-sensitive.
    const original = contentType.split(';').slice(1);
    const index = params.findIndex((p) => /^\s*(messagetype|proto)\s*=/.test(p));
    const messageType =
      index >= 0 ? original[index]!.split('=')[1]?.trim().replace(/"/g, '') : undefined;
    return messageType ? { decoder: 'protobuf', messageType } : { decoder: 'protobuf' };
  }
  return undefined;
}

/** Which decoder reads a message on `topic` (with the MQTT 5 content type it came with). */
export function chooseDecoder(
  rules: readonly DecodeRule[],
  topic: string,
  contentType?: string,
): DecoderChoice {
  const rule = ruleFor(rules, topic);
  if (rule) {
    return {
      decoder: rule.decoder,
      ...(rule.messageType ? { messageType: rule.messageType } : {}),
      why: `rule ${rule.filter}`,
      rule,
    };
  }
  if (isSparkplugTopic(topic)) return { decoder: 'sparkplug', why: 'automatic: Sparkplug B topic' };
  const byType = decoderOfContentType(contentType);
  if (byType) return { ...byType, why: `automatic: content type ${contentType}` };
  return { decoder: 'auto', why: 'automatic' };
}
