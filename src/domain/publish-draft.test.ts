import { describe, expect, it } from 'vitest';
import {
  buildPublishProperties,
  DEFAULT_DRAFT,
  EMPTY_PROPERTIES,
  payloadCheck,
  prepareDraft,
  type PublishDraft,
} from './publish-draft';
import type { TemplateContext } from './template';

const ctx: TemplateContext = {
  counter: 3,
  nowMs: 1000,
  random: () => 0,
  uuid: () => 'u',
};
const draft = (patch: Partial<PublishDraft>): PublishDraft => ({ ...DEFAULT_DRAFT, ...patch });
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('buildPublishProperties', () => {
  it('sends no properties on MQTT 3.1.1 or when every field is empty', () => {
    const full = { ...EMPTY_PROPERTIES, contentType: 'application/json' };
    expect(buildPublishProperties(full, 4)).toEqual({ ok: true, properties: undefined });
    expect(buildPublishProperties(EMPTY_PROPERTIES, 5)).toEqual({
      ok: true,
      properties: undefined,
    });
  });

  it('builds every MQTT 5 property from the form fields', () => {
    const result = buildPublishProperties(
      {
        contentType: 'application/json',
        payloadIsUtf8: true,
        messageExpirySec: ' 60 ',
        responseTopic: 'replies/me',
        correlationData: 'abc',
        userProperties: [
          { key: 'unit', value: 'rpm' },
          { key: '', value: '' },
          { key: 'unit', value: 'again' },
        ],
      },
      5,
    );
    expect(result).toEqual({
      ok: true,
      properties: {
        contentType: 'application/json',
        payloadFormatIndicator: true,
        messageExpirySec: 60,
        responseTopic: 'replies/me',
        correlationData: new TextEncoder().encode('abc'),
        userProperties: [
          { key: 'unit', value: 'rpm' },
          { key: 'unit', value: 'again' },
        ],
      },
    });
  });

  it('refuses a bad expiry, a wildcard response topic and a value without a key', () => {
    const bad = (patch: Partial<typeof EMPTY_PROPERTIES>) => {
      const result = buildPublishProperties({ ...EMPTY_PROPERTIES, ...patch }, 5);
      return result.ok ? '' : result.error;
    };
    expect(bad({ messageExpirySec: '1.5' })).toMatch(/whole number of seconds/);
    expect(bad({ messageExpirySec: '-1' })).toMatch(/whole number of seconds/);
    expect(bad({ responseTopic: 'a/+' })).toMatch(/^Response topic: /);
    expect(bad({ userProperties: [{ key: '', value: 'x' }] })).toMatch(/value but no key/);
  });
});

describe('prepareDraft', () => {
  it('expands templates in topic and payload when asked', () => {
    const result = prepareDraft(
      draft({ topic: 'dev/{{counter}}', payload: '{"n": {{counter}}, "t": {{timestamp}}}' }),
      5,
      ctx,
    );
    expect(result.ok && result.topic).toBe('dev/3');
    expect(result.ok && text(result.bytes)).toBe('{"n": 3, "t": 1000}');
  });

  it('sends the text as typed when template expansion is off', () => {
    const result = prepareDraft(
      draft({ payload: '{{counter}}', format: 'text', expandTemplates: false }),
      5,
      ctx,
    );
    expect(result.ok && text(result.bytes)).toBe('{{counter}}');
  });

  it('uses a separate counter for the topic when given one', () => {
    const result = prepareDraft(draft({ topic: 't/{{counter}}', payload: '{{counter}}' }), 5, ctx, {
      ...ctx,
      counter: 1,
    });
    expect(result.ok && [result.topic, text(result.bytes)]).toEqual(['t/1', '3']);
  });

  it('refuses wildcard and empty topics, invalid JSON and bad templates', () => {
    const error = (patch: Partial<PublishDraft>) => {
      const result = prepareDraft(draft(patch), 5, ctx);
      return result.ok ? '' : result.error;
    };
    expect(error({ topic: 'a/#' })).toMatch(/wildcard|#/i);
    expect(error({ topic: '' })).toMatch(/empty/);
    expect(error({ payload: '{"a":', format: 'json' })).toMatch(/not valid JSON/);
    expect(error({ payload: '{{what}}' })).toMatch(/^Payload: Unknown variable/);
  });

  it('encodes hex and base64 without expanding templates', () => {
    const hex = prepareDraft(draft({ payload: '48 69', format: 'hex' }), 5, ctx);
    expect(hex.ok && Array.from(hex.bytes)).toEqual([0x48, 0x69]);
  });

  it('refuses a payload flagged as UTF-8 that is not', () => {
    const result = prepareDraft(
      draft({
        payload: 'ff fe',
        format: 'hex',
        properties: { ...EMPTY_PROPERTIES, payloadIsUtf8: true },
      }),
      5,
      ctx,
    );
    expect(!result.ok && result.error).toMatch(/not valid UTF-8/);
  });
});

describe('payloadCheck', () => {
  const context = { counter: 1, nowMs: 0, random: () => 0.5, uuid: () => 'u' };
  it('gives the size, and says when JSON is invalid', () => {
    expect(payloadCheck({ ...DEFAULT_DRAFT, format: 'json', payload: '{"a":1}' }, context)).toEqual(
      {
        ok: true,
        text: 'Valid JSON, 7 bytes',
      },
    );
    expect(payloadCheck({ ...DEFAULT_DRAFT, format: 'json', payload: '{' }, context).ok).toBe(
      false,
    );
  });

  it('reports a template that cannot render instead of throwing', () => {
    const draft = { ...DEFAULT_DRAFT, payload: `{{random 0 1.${'0'.repeat(101)}}}` };
    const check = payloadCheck(draft, context);
    expect(check.ok).toBe(false);
    expect(check.text).toMatch(/at most 20 decimals/);
  });
});
