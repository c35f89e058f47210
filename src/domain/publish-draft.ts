/**
 * What the publish form holds, and how it becomes a topic, payload bytes and MQTT options.
 * Pure: the same code serves a single publish, a command, the generator and the library.
 */
import type { MessageProperties, QoS, UserProperty } from './mqtt-types';
import { encodePayload, type PayloadFormat } from './payload-encode';
import { validateTopicName } from './topic-filter';
import type { CompiledTemplate, TemplateContext } from './template';
import { compileTemplate, expandTemplate, renderTemplate } from './template';
import { checkJson } from './json-text';

/** MQTT 5 publish properties as typed in the form (text fields, not yet checked). */
export interface PropertyFields {
  contentType: string;
  /** Payload format indicator: true says the payload is UTF-8 text. */
  payloadIsUtf8: boolean;
  messageExpirySec: string;
  responseTopic: string;
  correlationData: string;
  userProperties: UserProperty[];
}

export interface PublishDraft {
  topic: string;
  payload: string;
  format: PayloadFormat;
  qos: QoS;
  retain: boolean;
  /** Expand `{{variables}}` in topic and payload (text and JSON formats only). */
  expandTemplates: boolean;
  properties: PropertyFields;
}

export const EMPTY_PROPERTIES: PropertyFields = {
  contentType: '',
  payloadIsUtf8: false,
  messageExpirySec: '',
  responseTopic: '',
  correlationData: '',
  userProperties: [],
};

export const DEFAULT_DRAFT: PublishDraft = {
  topic: 'demo/plant/line1/motor/set',
  payload: '{"rpm": 1800}',
  // Plain text by default: typing any payload and pressing Publish just works.
  format: 'text',
  qos: 0,
  retain: false,
  expandTemplates: true,
  properties: EMPTY_PROPERTIES,
};

const MAX_UINT32 = 4294967295;

export type PropertiesResult =
  { ok: true; properties: MessageProperties | undefined } | { ok: false; error: string };

/** MQTT 5 properties from the form; undefined on 3.1.1 or when every field is empty. */
export function buildPublishProperties(fields: PropertyFields, version: 4 | 5): PropertiesResult {
  if (version !== 5) return { ok: true, properties: undefined };
  const properties: MessageProperties = {};
  if (fields.contentType !== '') properties.contentType = fields.contentType;
  if (fields.payloadIsUtf8) properties.payloadFormatIndicator = true;
  const expiryText = fields.messageExpirySec.trim();
  if (expiryText !== '') {
    const expirySec = Number(expiryText);
    if (!Number.isInteger(expirySec) || expirySec < 0 || expirySec > MAX_UINT32) {
      return {
        ok: false,
        error: 'Message expiry must be a whole number of seconds from 0 to 4294967295.',
      };
    }
    properties.messageExpirySec = expirySec;
  }
  if (fields.responseTopic !== '') {
    const problem = validateTopicName(fields.responseTopic);
    if (problem) return { ok: false, error: `Response topic: ${problem}` };
    properties.responseTopic = fields.responseTopic;
  }
  if (fields.correlationData !== '') {
    properties.correlationData = new TextEncoder().encode(fields.correlationData);
  }
  const userProperties: UserProperty[] = [];
  for (const [index, row] of fields.userProperties.entries()) {
    if (row.key === '' && row.value === '') continue;
    if (row.key === '') {
      return { ok: false, error: `User property ${index + 1} has a value but no key.` };
    }
    userProperties.push({ key: row.key, value: row.value });
  }
  if (userProperties.length > 0) properties.userProperties = userProperties;
  return { ok: true, properties: Object.keys(properties).length > 0 ? properties : undefined };
}

export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export interface PreparedPublish {
  topic: string;
  bytes: Uint8Array;
  properties: MessageProperties | undefined;
}

export type PrepareResult = ({ ok: true } & PreparedPublish) | { ok: false; error: string };

/** Templates compiled once per run; `undefined` when the draft is sent as typed. */
export interface CompiledDraft {
  topic: CompiledTemplate | undefined;
  payload: CompiledTemplate | undefined;
}

export function templatesApply(draft: PublishDraft): boolean {
  return draft.expandTemplates && (draft.format === 'text' || draft.format === 'json');
}

export function compileDraft(
  draft: PublishDraft,
): { ok: true; compiled: CompiledDraft } | { ok: false; error: string } {
  if (!draft.expandTemplates)
    return { ok: true, compiled: { topic: undefined, payload: undefined } };
  const topic = compileTemplate(draft.topic);
  if (!topic.ok) return { ok: false, error: `Topic: ${topic.error}` };
  let payload: CompiledTemplate | undefined;
  if (templatesApply(draft)) {
    const compiled = compileTemplate(draft.payload);
    if (!compiled.ok) return { ok: false, error: `Payload: ${compiled.error}` };
    payload = compiled.template.hasVariables ? compiled.template : undefined;
  }
  return {
    ok: true,
    compiled: { topic: topic.template.hasVariables ? topic.template : undefined, payload },
  };
}

/**
 * The topic and payload of one message, checked as a broker would: a topic without wildcards,
 * a payload valid for its format, UTF-8 when the payload format indicator says so.
 * `topicContext` lets a run spread messages over fewer topics than payload counters.
 */
export function prepareDraft(
  draft: PublishDraft,
  version: 4 | 5,
  context: TemplateContext,
  topicContext: TemplateContext = context,
): PrepareResult {
  const compiled = compileDraft(draft);
  if (!compiled.ok) return compiled;
  return prepareCompiled(draft, compiled.compiled, version, context, topicContext);
}

export function prepareCompiled(
  draft: PublishDraft,
  compiled: CompiledDraft,
  version: 4 | 5,
  context: TemplateContext,
  topicContext: TemplateContext = context,
): PrepareResult {
  const topic = compiled.topic ? renderTemplate(compiled.topic, topicContext) : draft.topic;
  const topicProblem = validateTopicName(topic);
  if (topicProblem) return { ok: false, error: topicProblem };
  const text = compiled.payload ? renderTemplate(compiled.payload, context) : draft.payload;
  const encoded = encodePayload(text, draft.format);
  if (!encoded.ok) return encoded;
  const built = buildPublishProperties(draft.properties, version);
  if (!built.ok) return built;
  if (built.properties?.payloadFormatIndicator && !isValidUtf8(encoded.bytes)) {
    return {
      ok: false,
      error:
        'The payload format indicator says UTF-8 text, but the payload is not valid UTF-8: ' +
        'untick it or change the payload.',
    };
  }
  return { ok: true, topic, bytes: encoded.bytes, properties: built.properties };
}

/**
 * The editor's live line under the payload: "Valid JSON, 12 bytes", or what is wrong. Never
 * throws, whatever the text or template: a preview must not be able to break the panel.
 */
export function payloadCheck(
  draft: PublishDraft,
  context: TemplateContext,
): { ok: boolean; text: string } {
  try {
    let text = draft.payload;
    const expanding = templatesApply(draft) && draft.payload.includes('{{');
    if (expanding) {
      const expanded = expandTemplate(draft.payload, context);
      if (!expanded.ok) return { ok: false, text: expanded.error };
      text = expanded.text;
    }
    const after = expanding ? ' (after template expansion)' : '';
    if (draft.format === 'json') {
      const check = checkJson(text);
      if (!check.ok) return { ok: false, text: `${check.error}${after}` };
    }
    const encoded = encodePayload(text, draft.format);
    if (!encoded.ok) return { ok: false, text: encoded.error };
    const size = `${encoded.bytes.byteLength.toLocaleString('en-US')} bytes`;
    return { ok: true, text: draft.format === 'json' ? `Valid JSON${after}, ${size}` : size };
  } catch (error) {
    return {
      ok: false,
      text: `The payload cannot be checked: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
