import { describe, expect, it } from 'vitest';
import {
  EchoGuard,
  decodeLevel,
  encodeLevel,
  entryPayload,
  fieldsFromPayload,
  globMatches,
  idBefore,
  parseBridgeTopic,
  pubsubTopic,
  readRequest,
  streamAddTopic,
  streamInfoTopic,
  streamTopic,
} from './redis-mapping.mjs';

describe('topic mapping', () => {
  it('puts a channel in one level, ":" and all', () => {
    expect(pubsubTopic('orders:created')).toBe('redis/pubsub/orders:created');
    expect(streamTopic('orders')).toBe('redis/stream/orders');
    expect(streamInfoTopic('orders')).toBe('redis/stream/orders/info');
    expect(streamAddTopic('a:b')).toBe('redis/stream/a:b/add');
  });

  it('escapes what would split or widen a level, and "%" itself', () => {
    expect(pubsubTopic('a/b')).toBe('redis/pubsub/a%2Fb');
    expect(pubsubTopic('x+y#z')).toBe('redis/pubsub/x%2By%23z');
    expect(pubsubTopic('50%')).toBe('redis/pubsub/50%25');
    expect(pubsubTopic('tab\there\0')).toBe('redis/pubsub/tab%09here%00');
    expect(pubsubTopic('')).toBe('redis/pubsub/');
    expect(pubsubTopic('température')).toBe('redis/pubsub/température');
  });

  it('escapes every non-ASCII byte of a name that is not UTF-8', () => {
    const name = Buffer.from([0x61, 0xff, 0xc3, 0x62]);
    expect(encodeLevel(name)).toBe('a%FF%C3b');
    expect(decodeLevel('a%FF%C3b').equals(name)).toBe(true);
  });

  it('is reversible for any bytes', () => {
    const names = [
      'orders:created',
      'a/b/c',
      '%2F literally',
      '',
      'ünïcödé/+#',
      Buffer.from([0, 1, 2, 0x80, 0xfe, 0x25, 0x2f]),
    ];
    for (const name of names) {
      const bytes = typeof name === 'string' ? Buffer.from(name) : name;
      const level = encodeLevel(bytes);
      expect(level).not.toMatch(/[/+#\0]/);
      expect(decodeLevel(level).equals(bytes)).toBe(true);
    }
  });

  it('reads a "%" that is no escape as itself', () => {
    expect(decodeLevel('50%off').toString()).toBe('50%off');
    expect(decodeLevel('100%').toString()).toBe('100%');
  });

  it('knows its own topics, one level per name', () => {
    expect(parseBridgeTopic('redis/pubsub/orders:created')).toEqual({
      kind: 'publish',
      channel: Buffer.from('orders:created'),
    });
    expect(parseBridgeTopic('redis/pubsub/a%2Fb')).toEqual({
      kind: 'publish',
      channel: Buffer.from('a/b'),
    });
    expect(parseBridgeTopic('redis/stream/orders/add')).toEqual({
      kind: 'add',
      key: Buffer.from('orders'),
    });
    expect(parseBridgeTopic('redis/stream/orders/read')).toEqual({
      kind: 'read',
      key: Buffer.from('orders'),
    });
    expect(parseBridgeTopic('redis/stream/orders')).toBeNull();
    expect(parseBridgeTopic('redis/stream/orders/info')).toBeNull();
    expect(parseBridgeTopic('redis/pubsub/a/b')).toBeNull();
    expect(parseBridgeTopic('redis/bridge/status')).toBeNull();
    expect(parseBridgeTopic('demo/plant')).toBeNull();
  });
});

describe('Redis glob patterns', () => {
  it.each([
    ['*', 'anything', true],
    ['*', '', true],
    ['orders:*', 'orders:created', true],
    ['orders:*', 'order:created', false],
    ['h?llo', 'hello', true],
    ['h?llo', 'hllo', false],
    ['h[ae]llo', 'hallo', true],
    ['h[ae]llo', 'hillo', false],
    ['h[^e]llo', 'hallo', true],
    ['h[^e]llo', 'hello', false],
    ['h[a-c]llo', 'hbllo', true],
    ['h\\*llo', 'h*llo', true],
    ['h\\*llo', 'hello', false],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
  ])('%s against %s is %s', (pattern, channel, expected) => {
    expect(globMatches(pattern, channel)).toBe(expected);
  });
});

describe('loop prevention', () => {
  it('drops the echo of what the bridge sent, once', () => {
    const guard = new EchoGuard();
    guard.expect('orders', Buffer.from('hello'));
    expect(guard.take('orders', Buffer.from('hello'))).toBe(true);
    // A second, equal message is someone else's: it passes.
    expect(guard.take('orders', Buffer.from('hello'))).toBe(false);
  });

  it('tells channels and payloads apart', () => {
    const guard = new EchoGuard();
    guard.expect('a', Buffer.from('x'));
    expect(guard.take('b', Buffer.from('x'))).toBe(false);
    expect(guard.take('a', Buffer.from('y'))).toBe(false);
    expect(guard.take('a', Buffer.from('x'))).toBe(true);
  });

  it('counts repeats: two sent, two dropped, the third passes', () => {
    const guard = new EchoGuard();
    guard.expect('a', 'same');
    guard.expect('a', 'same');
    expect([guard.take('a', 'same'), guard.take('a', 'same'), guard.take('a', 'same')]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('forgets an echo that never came back, and a cancelled one', () => {
    let now = 0;
    const guard = new EchoGuard({ ttlMs: 1000, now: () => now });
    guard.expect('a', 'x');
    now = 1500;
    expect(guard.take('a', 'x')).toBe(false);
    guard.expect('a', 'y');
    guard.cancel('a', 'y');
    expect(guard.take('a', 'y')).toBe(false);
    expect(guard.size).toBe(0);
  });

  it('keeps at most `max` expectations', () => {
    const guard = new EchoGuard({ max: 3 });
    for (let i = 0; i < 10; i++) guard.expect('a', String(i));
    expect(guard.size).toBe(3);
    expect(guard.take('a', '0')).toBe(false);
    expect(guard.take('a', '9')).toBe(true);
  });
});

describe('stream entries as JSON', () => {
  const b = (text) => Buffer.from(text);

  it('writes the fields in order; numbers keep their digits', () => {
    const payload = entryPayload([b('sku'), b('A-1'), b('qty'), b('2'), b('total'), b('19.90')]);
    expect(payload.toString()).toBe('{"sku":"A-1","qty":2,"total":19.90}');
    expect(JSON.parse(payload.toString())).toEqual({ sku: 'A-1', qty: 2, total: 19.9 });
  });

  it('keeps what only looks numeric as text, and bytes as base64', () => {
    const payload = entryPayload([b('zip'), b('007'), b('raw'), Buffer.from([0xff, 0x00])]);
    expect(JSON.parse(payload.toString())).toEqual({ zip: '007', raw: { $base64: '/wA=' } });
  });

  it('takes a JSON object to XADD, one field per member', () => {
    expect(
      fieldsFromPayload(b('{"sku":"A-1","qty":2,"tags":["x"],"raw":{"$base64":"/wA="}}')),
    ).toEqual({
      fields: ['sku', 'A-1', 'qty', '2', 'tags', '["x"]', 'raw', Buffer.from([0xff, 0x00])],
    });
  });

  it.each([
    ['[1,2]', /a JSON array, not an object/],
    ['42', /a JSON number, not an object/],
    ['"text"', /a JSON string, not an object/],
    ['null', /null, not an object/],
    ['{}', /at least one field/],
    ['not json', /not JSON/],
  ])('refuses %s with a clear message', (payload, message) => {
    const result = fieldsFromPayload(b(payload));
    expect('error' in result && result.error).toMatch(message);
  });

  it('reads a read request, with defaults', () => {
    expect(readRequest(b(''))).toEqual({ from: '-', count: 100 });
    expect(readRequest(b('{"from":"0","count":5,"replyTo":"me/replies"}'))).toEqual({
      from: '0',
      count: 5,
      replyTo: 'me/replies',
    });
    expect(readRequest(b('{"from":"(1700000000000-3"}'))).toEqual({
      from: '(1700000000000-3',
      count: 100,
    });
    expect(readRequest(b('{"from":"yesterday"}'))).toHaveProperty('error');
    expect(readRequest(b('{"count":5000}'))).toHaveProperty('error');
    expect(readRequest(b('{"replyTo":"a/#"}'))).toHaveProperty('error');
  });

  it('finds the ID just before another, for XREAD', () => {
    expect(idBefore('5-3')).toBe('5-2');
    expect(idBefore('5-0')).toBe('4-18446744073709551615');
    expect(idBefore('0-0')).toBe('0-0');
  });
});
