import { describe, expect, it } from 'vitest';
import {
  leftOutText,
  parseStoredJson,
  readStoredText,
  STORED as START_STORED,
  writeFailureKind,
  writeFailureText,
  type StoredSpec,
} from './stored-state';
import { STORED_PUBLISHING } from './stored-publishing';

/** The keys read at start and the publishing ones, checked alike. */
const STORED = { ...START_STORED, ...STORED_PUBLISHING };
const ALL_KEYS = Object.values(STORED) as StoredSpec<unknown>[];

/** A value of each key that an earlier visit would have stored. */
const GOOD: Record<keyof typeof STORED, unknown> = {
  connection: {
    form: {
      url: 'ws://h:1884/mqtt',
      clientId: 'c',
      username: 'alice',
      password: '',
      protocolVersion: 5,
      cleanStart: true,
      keepaliveSec: 30,
      sessionExpirySec: 0,
      connectTimeoutMs: 10000,
      reconnect: true,
      will: { enabled: false, topic: '', payload: '', qos: 0, retain: false },
    },
    rememberPassword: false,
  },
  profiles: [{ name: 'Plant', form: { url: 'ws://plant/mqtt' }, rememberPassword: true }],
  autoConnect: false,
  subscriptions: [
    { filter: 'demo/#', options: { qos: 1, noLocal: true }, muted: false, colorIndex: 0 },
  ],
  publishDraft: { topic: 'a/b', payload: '1', properties: { contentType: 'text/plain' } },
  publishHistory: [
    {
      id: 3,
      atMs: 1,
      kind: 'publish',
      draft: { topic: 'a/b', payload: 'x' },
      topic: 'a/b',
      ok: true,
      outcome: 'Sent',
      payloadCut: false,
    },
  ],
  library: [
    {
      id: 'e1',
      name: 'motor start',
      folder: 'motor',
      draft: { topic: 'plant/motor/set', payload: '{}', format: 'json', qos: 1 },
      savedAtMs: 5,
    },
  ],
  charts: [
    {
      id: 1,
      windowMs: 60000,
      series: [{ topic: 't', path: 'v', color: '#2563eb', hidden: false }],
      yMin: null,
    },
  ],
  chartPoints: 1_000_000,
  limits: { historyPerTopic: 50 },
  theme: 'dark',
  keepDataAcrossConnections: true,
  decodeRules: [
    { id: 'r1', filter: 'fleet/+/pos', decoder: 'protobuf', messageType: 'fleet.Position' },
  ],
  protoSchemas: [{ name: 'fleet.proto', text: 'syntax = "proto3";' }],
};

const BAD_TEXTS: Array<[string, string]> = [
  ['null', 'null'],
  ['42', '42'],
  ['"text"', '"text"'],
  ['[1,"two",{}]', '[1,"two",{}]'],
  ['not JSON', '{"form": '],
  ['an object with __proto__', '{"__proto__": {"polluted": true}}'],
  ['an object with constructor', '{"constructor": {"prototype": {"polluted": true}}}'],
];

describe('every stored key', () => {
  it.each(ALL_KEYS.map((spec) => [spec.key, spec] as const))(
    '%s reads back what the app stored',
    (_key, spec) => {
      const name = (Object.keys(STORED) as Array<keyof typeof STORED>).find(
        (k) => STORED[k] === spec,
      )!;
      const result = readStoredText(spec, JSON.stringify(GOOD[name]));
      expect(result.status).toBe('ok');
      expect(result.notice).toBeUndefined();
    },
  );

  it.each(
    ALL_KEYS.flatMap((spec) =>
      BAD_TEXTS.map(([label, text]) => [spec.key, label, text, spec] as const),
    ),
  )('%s holding %s is reset with its notice', (_key, _label, text, spec) => {
    const result = readStoredText(spec, text);
    expect(result.status).toBe('reset');
    expect(result.value).toBeUndefined();
    expect(result.notice).toBe(spec.resetText);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('no two keys share a name, at start or publishing', () => {
    expect(new Set(ALL_KEYS.map((spec) => spec.key)).size).toBe(ALL_KEYS.length);
  });

  it('nothing stored is no notice', () => {
    for (const spec of ALL_KEYS) {
      expect(readStoredText(spec, null)).toEqual({
        status: 'missing',
        value: undefined,
        notice: undefined,
      });
    }
  });

  it('names the key in the reset notice in plain words', () => {
    expect(STORED.subscriptions.resetText).toBe(
      'Saved subscriptions could not be read and were reset.',
    );
    for (const spec of ALL_KEYS) expect(spec.resetText).toMatch(/could not be read and w/);
  });
});

describe('wrong field types', () => {
  const cases: Array<[StoredSpec<unknown>, unknown]> = [
    [STORED.connection, { form: { url: 42 } }],
    [STORED.connection, { form: { protocolVersion: 3 } }],
    [STORED.connection, { form: { will: { qos: 'one' } } }],
    [STORED.connection, { rememberPassword: 'yes' }],
    [STORED.autoConnect, 'true'],
    [STORED.publishDraft, { qos: 3 }],
    [STORED.publishDraft, { format: 'xml' }],
    [STORED.publishDraft, { properties: { userProperties: [{ key: 1, value: 'x' }] } }],
    [STORED.limits, { logCapacity: '100' }],
    [STORED.chartPoints, 50_000],
    [STORED.chartPoints, '100000'],
    [STORED.theme, 'sepia'],
    [STORED.keepDataAcrossConnections, 1],
    [STORED.profiles, [{ name: 'P', form: { keepaliveSec: '30' } }]],
    [STORED.profiles, [{ name: '   ', form: {} }]],
    [STORED.subscriptions, [{ filter: 'a', options: { qos: 7 }, colorIndex: 0 }]],
    [STORED.subscriptions, [{ filter: 'a', options: { qos: 0 }, colorIndex: -1 }]],
    [STORED.charts, [{ id: 1, windowMs: 0, series: [{ topic: 't', path: 'v', color: 'red;x' }] }]],
    [STORED.charts, [{ id: 'one', windowMs: 0, series: [] }]],
    [STORED.library, [{ id: 'x', name: 'n', draft: { payload: 'no topic' } }]],
    [STORED.publishHistory, [{ id: 1, atMs: 1, kind: 'shout', draft: { topic: 't' } }]],
  ];
  it.each(cases.map(([spec, value], i) => [i, spec.key, spec, value] as const))(
    'case %i: %s is reset',
    (_i, _key, spec, value) => {
      expect(readStoredText(spec, JSON.stringify(value)).status).toBe('reset');
    },
  );
});

describe('a partly readable list', () => {
  it('keeps the readable entries and says how many were left out', () => {
    const text = JSON.stringify([
      { name: 'Plant', form: { url: 'ws://plant/mqtt' } },
      { name: 'Broken', form: { url: 7 } },
      42,
    ]);
    const result = readStoredText(STORED.profiles, text);
    expect(result.status).toBe('partial');
    expect(result.value).toEqual([
      { name: 'Plant', form: { url: 'ws://plant/mqtt' }, rememberPassword: false },
    ]);
    expect(result.notice).toBe(
      '2 of 3 saved connection profiles could not be read and were left out.',
    );
  });

  it('drops an entry that carries __proto__ or constructor, keeps the others', () => {
    const text =
      '[{"filter": "a/#", "options": {"qos": 0}, "colorIndex": 0},' +
      ' {"filter": "b/#", "options": {"qos": 0, "__proto__": {"qos": 2}}, "colorIndex": 1},' +
      ' {"filter": "c/#", "constructor": {"prototype": {"x": 1}}, "options": {"qos": 0}, "colorIndex": 2}]';
    const result = readStoredText(STORED.subscriptions, text);
    expect(result.status).toBe('partial');
    expect(result.value?.map((s) => s.filter)).toEqual(['a/#']);
    expect(result.notice).toBe('2 of 3 saved subscriptions could not be read and were left out.');
  });

  it('an empty list is fine; a list of which nothing is readable is reset', () => {
    expect(readStoredText(STORED.charts, '[]')).toMatchObject({ status: 'ok', value: [] });
    expect(readStoredText(STORED.charts, '[{}, null]').status).toBe('reset');
  });

  it('says one entry in the singular', () => {
    expect(leftOutText('saved charts', 1, 4)).toBe(
      '1 of 4 saved charts could not be read and was left out.',
    );
  });
});

describe('older values', () => {
  it('take defaults for fields an older version did not store', () => {
    const library = readStoredText(
      STORED.library,
      JSON.stringify([{ id: 'e', name: 'n', draft: { topic: 't' } }]),
    );
    expect(library.value?.[0]).toMatchObject({
      folder: '',
      savedAtMs: 0,
      draft: {
        topic: 't',
        payload: '',
        format: 'text',
        qos: 0,
        retain: false,
        expandTemplates: true,
        properties: { contentType: '', userProperties: [] },
      },
    });
    const subscription = readStoredText(
      STORED.subscriptions,
      '[{"filter": "a", "options": {"qos": 1}, "colorIndex": 2}]',
    );
    expect(subscription.value).toEqual([
      { filter: 'a', options: { qos: 1 }, muted: false, colorIndex: 2 },
    ]);
  });

  it('lose unknown fields instead of carrying them into the app', () => {
    const result = readStoredText(STORED.limits, '{"logCapacity": 500, "extra": {"a": 1}}');
    expect(result.value).toEqual({ logCapacity: 500 });
  });
});

describe('parseStoredJson', () => {
  it('never puts a key on a prototype', () => {
    const parsed = parseStoredJson('{"a": {"b": 1}, "list": [1, {"c": 2}]}');
    expect(parsed).toEqual({ a: { b: 1 }, list: [1, { c: 2 }] });
    const tainted = parseStoredJson('{"ok": 1, "inner": {"__proto__": {"polluted": 1}}}') as {
      inner: unknown;
    };
    expect(typeof tainted.inner).toBe('symbol');
    expect(Object.getPrototypeOf(tainted)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('throws on text that is not JSON', () => {
    expect(() => parseStoredJson('{')).toThrow();
  });
});

describe('a failed write', () => {
  const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');

  it('is told as what was not saved, why, and what to do', () => {
    expect(writeFailureKind(quota)).toBe('full');
    expect(
      writeFailureText('The library', quota, 'Export it, or delete entries, then try again.'),
    ).toBe(
      "The library could not be saved: this browser's storage is full. Export it, or delete entries, then try again.",
    );
  });

  it('says when storage is turned off, and names any other refusal', () => {
    const security = new DOMException('denied', 'SecurityError');
    expect(writeFailureKind(security)).toBe('not-allowed');
    expect(writeFailureText('The theme', security, 'x')).toMatch(
      /^The theme could not be saved: this browser does not let this page store data\./,
    );
    expect(writeFailureText('The theme', new TypeError('odd'), 'Try again.')).toBe(
      'The theme could not be saved: the browser refused to store it (TypeError). Try again.',
    );
    expect(writeFailureKind({ code: 22 })).toBe('full');
  });
});
