import { describe, expect, it } from 'vitest';
import {
  decodeNdjsonLine,
  encodeNdjsonLine,
  fromBase64,
  ImportTally,
  LineSplitter,
} from './recording-ndjson';
import { flagsOf, type RecordedMessage } from './recording-chunk';
import { FLAG_DUP } from './mqtt-types';

const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);

function roundTrip(m: RecordedMessage): RecordedMessage {
  const line = encodeNdjsonLine(m);
  expect(line).not.toContain('\n');
  const decoded = decodeNdjsonLine(line);
  if (decoded.kind !== 'message') throw new Error(`not a message: ${JSON.stringify(decoded)}`);
  return decoded.message;
}

describe('NDJSON lines', () => {
  it('round-trips binary payloads byte for byte', () => {
    for (const payload of [
      allBytes,
      new Uint8Array(0),
      Uint8Array.of(0xff, 0xfe, 0),
      allBytes.subarray(1, 2),
    ]) {
      const back = roundTrip({ topic: 'bin/x', payload, flags: 0, timeMs: 1_714_557_600_123 });
      expect([...back.payload]).toEqual([...payload]);
      expect(back.timeMs).toBe(1_714_557_600_123);
    }
  });

  it('round-trips unicode topics, QoS and retain', () => {
    const topics = [
      'usine/température',
      '工厂/温度',
      'fabrik/🌡️/wert',
      'مصنع/حرارة',
      'a/ /b',
      '$SYS/x',
    ];
    for (const [i, topic] of topics.entries()) {
      const qos = (i % 3) as 0 | 1 | 2;
      const back = roundTrip({
        topic,
        payload: new Uint8Array([1]),
        flags: flagsOf(qos, i % 2 === 0),
        timeMs: 5e11 + i,
      });
      expect(back.topic).toBe(topic);
      expect(back.flags).toBe(flagsOf(qos, i % 2 === 0));
    }
  });

  it('keeps QoS and retain but not dup (a receive-side flag)', () => {
    const back = roundTrip({
      topic: 't',
      payload: new Uint8Array(),
      flags: flagsOf(1, true) | FLAG_DUP,
      timeMs: 1e12,
    });
    expect(back.flags).toBe(flagsOf(1, true));
  });

  it('round-trips every MQTT 5 property', () => {
    const properties = {
      contentType: 'application/json; charset=utf-8',
      payloadFormatIndicator: true,
      messageExpirySec: 60,
      responseTopic: 'replies/ü',
      correlationData: Uint8Array.of(0, 1, 2, 250),
      userProperties: [
        { key: 'site', value: 'north' },
        { key: 'site', value: 'south' },
        { key: 'ключ', value: '値 "quoted"' },
      ],
      subscriptionIdentifiers: [3, 7],
    };
    const back = roundTrip({
      topic: 'p',
      payload: new TextEncoder().encode('{}'),
      flags: 0,
      timeMs: 1e12,
      properties,
    });
    expect(back.properties).toEqual(properties);
  });

  it('writes the documented shape', () => {
    const line = encodeNdjsonLine({
      topic: 'plant/a',
      payload: new TextEncoder().encode('21.5'),
      flags: flagsOf(1, false),
      timeMs: Date.UTC(2025, 4, 1, 10, 0, 0, 123),
    });
    expect(JSON.parse(line)).toEqual({
      time: '2025-05-01T10:00:00.123Z',
      topic: 'plant/a',
      payload: 'MjEuNQ==',
      qos: 1,
      retain: false,
    });
  });

  it('writes payloads as text when asked and valid UTF-8, else base64, and reads both back', () => {
    const text = { topic: 't', payload: new TextEncoder().encode('héllo'), flags: 0, timeMs: 1e12 };
    const line = JSON.parse(encodeNdjsonLine(text, 'text-when-utf8'));
    expect(line).toMatchObject({ payloadEncoding: 'text', payload: 'héllo' });
    const binary = { topic: 't', payload: Uint8Array.of(0xc3), flags: 0, timeMs: 1e12 };
    const binaryLine = encodeNdjsonLine(binary, 'text-when-utf8');
    expect(JSON.parse(binaryLine)).toMatchObject({ payloadEncoding: 'base64', payload: 'ww==' });
    for (const [m, l] of [
      [text, JSON.stringify(line)],
      [binary, binaryLine],
    ] as const) {
      const back = decodeNdjsonLine(l);
      expect(back.kind === 'message' && [...back.message.payload]).toEqual([...m.payload]);
    }
  });

  it('reads what other tools write: numeric times, defaults, pairs and objects of user properties', () => {
    const ms = decodeNdjsonLine('{"topic":"a","payload":"","time":1714557600123}');
    expect(ms).toMatchObject({ kind: 'message', message: { timeMs: 1714557600123, flags: 0 } });
    const seconds = decodeNdjsonLine('{"topic":"a","payload":"","time":1714557600.5}');
    expect(seconds.kind === 'message' && seconds.message.timeMs).toBe(1714557600500);
    const unpadded = decodeNdjsonLine(
      '{"topic":"a","payload":"MjEuNQ","time":"2025-01-01T00:00:00Z"}',
    );
    expect(unpadded.kind === 'message' && new TextDecoder().decode(unpadded.message.payload)).toBe(
      '21.5',
    );
    const pairs = decodeNdjsonLine(
      '{"topic":"a","payload":"","time":1e12,"properties":{"userProperties":[["k","v"]]}}',
    );
    expect(pairs.kind === 'message' && pairs.message.properties).toEqual({
      userProperties: [{ key: 'k', value: 'v' }],
    });
    const object = decodeNdjsonLine(
      '{"topic":"a","payload":"","time":1e12,"properties":{"userProperties":{"k":["v","w"],"x":"y"}}}',
    );
    expect(object.kind === 'message' && object.message.properties?.userProperties).toEqual([
      { key: 'k', value: 'v' },
      { key: 'k', value: 'w' },
      { key: 'x', value: 'y' },
    ]);
  });
});

describe('malformed lines', () => {
  const cases: Array<[string, string]> = [
    ['{"topic":"a","payload":"", ', 'not JSON'],
    ['[1,2]', 'not a JSON object'],
    ['"text"', 'not a JSON object'],
    ['{"payload":"","time":1e12}', 'no topic'],
    ['{"topic":"a/+","payload":"","time":1e12}', "topic: A topic name cannot contain '+' or '#'"],
    ['{"topic":"","payload":"","time":1e12}', 'topic: The topic is empty.'],
    ['{"topic":"a","time":1e12}', 'no payload'],
    ['{"topic":"a","payload":"!!!","time":1e12}', 'payload is not base64'],
    ['{"topic":"a","payload":"A","time":1e12}', 'payload is not base64'],
    ['{"topic":"a","payload":"","time":1e12,"payloadEncoding":"hex"}', 'payloadEncoding'],
    ['{"topic":"a","payload":""}', 'no time'],
    ['{"topic":"a","payload":"","time":"yesterday"}', 'no time'],
    ['{"topic":"a","payload":"","time":1e12,"qos":3}', 'qos is not 0, 1 or 2'],
    ['{"topic":"a","payload":"","time":1e12,"retain":"yes"}', 'retain is not true or false'],
    ['{"topic":"a","payload":"","time":1e12,"properties":[]}', 'properties is not an object'],
    [
      '{"topic":"a","payload":"","time":1e12,"properties":{"correlationData":"%"}}',
      'correlationData',
    ],
    [
      '{"topic":"a","payload":"","time":1e12,"properties":{"messageExpirySec":-1}}',
      'messageExpirySec',
    ],
    [
      '{"topic":"a","payload":"","time":1e12,"properties":{"userProperties":[{"key":1}]}}',
      'user property',
    ],
  ];
  it.each(cases)('%s is skipped: %s', (line, reason) => {
    const decoded = decodeNdjsonLine(line);
    expect(decoded.kind).toBe('malformed');
    expect(decoded.kind === 'malformed' && decoded.error).toContain(reason);
  });

  it('ignores blank lines, counts malformed ones and reports the first few with their line numbers', () => {
    const tally = new ImportTally();
    const good = '{"topic":"a","payload":"","time":1e12}';
    const lines = [
      good,
      '',
      'oops',
      good,
      '{"topic":"a"}',
      ...Array.from({ length: 6 }, () => '{'),
    ];
    const kept = lines.map((l) => tally.read(l)).filter(Boolean);
    expect(kept).toHaveLength(2);
    expect(tally).toMatchObject({ lines: 11, imported: 2, malformed: 8 });
    expect(tally.malformedText()).toBe(
      '8 malformed lines skipped: line 3 (not JSON), line 5 (no time (an ISO 8601 date or ms since 1970)), ' +
        'line 6 (not JSON), line 7 (not JSON), line 8 (not JSON) and 3 more.',
    );
    expect(new ImportTally().malformedText()).toBe('No malformed lines.');
  });
});

describe('LineSplitter', () => {
  it('joins lines split across pieces, LF or CRLF, and keeps the last line without a newline', () => {
    const splitter = new LineSplitter();
    const text = 'one\r\ntw€o\nthree\n\nfour';
    const lines: string[] = [];
    for (let i = 0; i < text.length; i += 3) lines.push(...splitter.push(text.slice(i, i + 3)));
    lines.push(...splitter.end());
    expect(lines).toEqual(['one', 'tw€o', 'three', '', 'four']);
    expect(splitter.end()).toEqual([]);
  });
});

describe('fromBase64', () => {
  it('decodes standard base64 and refuses anything else', () => {
    expect([...fromBase64('AAEC/w==')!]).toEqual([0, 1, 2, 255]);
    expect(fromBase64('')).toEqual(new Uint8Array(0));
    expect(fromBase64('AA-_')).toBeUndefined();
    expect(fromBase64('A===')).toBeUndefined();
  });
});
