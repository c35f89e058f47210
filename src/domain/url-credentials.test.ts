import { describe, expect, it } from 'vitest';
import {
  decodeUserInfo,
  hasUrlCredentials,
  mayBePasswordInProgress,
  splitUrlCredentials,
  withoutUrlCredentials,
} from './url-credentials';
import { validateBrokerUrl } from './connection-form';

describe('splitUrlCredentials', () => {
  it('moves a user name and password out of the URL', () => {
    expect(splitUrlCredentials('ws://alice:secret@127.0.0.1:9001/mqtt')).toEqual({
      url: 'ws://127.0.0.1:9001/mqtt',
      credentials: { username: 'alice', password: 'secret' },
    });
  });

  it('leaves a URL without user info as it is', () => {
    for (const url of [
      'ws://127.0.0.1:9001/mqtt',
      'wss://broker.example/mqtt?x=a@b',
      'ws://host/path@x',
      'ws://[::1]:9001/mqtt',
      'localhost:9001',
      'not a url',
      '',
    ]) {
      expect(splitUrlCredentials(url)).toEqual({ url, credentials: undefined });
      expect(hasUrlCredentials(url)).toBe(false);
    }
  });

  it('takes a user name alone, with no password', () => {
    expect(splitUrlCredentials('wss://bob@host/mqtt')).toEqual({
      url: 'wss://host/mqtt',
      credentials: { username: 'bob', password: undefined },
    });
  });

  it('takes an empty password and an empty user name as written', () => {
    expect(splitUrlCredentials('ws://alice:@h/').credentials).toEqual({
      username: 'alice',
      password: '',
    });
    expect(splitUrlCredentials('ws://:pw@h/').credentials).toEqual({
      username: '',
      password: 'pw',
    });
    expect(splitUrlCredentials('ws://@h/')).toEqual({
      url: 'ws://h/',
      credentials: { username: '', password: undefined },
    });
  });

  it('percent-decodes the user name and password', () => {
    expect(splitUrlCredentials('ws://al%20ice:p%40ss%3Aw%C3%B6rd@h:1/m').credentials).toEqual({
      username: 'al ice',
      password: 'p@ss:wörd',
    });
  });

  it('ends the user info at the last "@" and the user name at the first ":"', () => {
    expect(splitUrlCredentials('ws://alice:p@ss:x@host/mqtt')).toEqual({
      url: 'ws://host/mqtt',
      credentials: { username: 'alice', password: 'p@ss:x' },
    });
  });

  it('agrees with the browser on user name, password and host', () => {
    for (const text of [
      'ws://alice:secret@127.0.0.1:9001/mqtt',
      'wss://a%40b:c%2Fd@broker.example:443/ws?q=1#f',
      'ws://alice:p@ss@host/mqtt',
      'ws://u@[::1]:9001/',
      'WS://Alice:PW@Host/mqtt',
    ]) {
      const parsed = new URL(text);
      const split = splitUrlCredentials(text);
      expect(split.credentials?.username).toBe(decodeURIComponent(parsed.username));
      expect(split.credentials?.password ?? '').toBe(decodeURIComponent(parsed.password));
      const rest = new URL(split.url);
      expect(rest.username).toBe('');
      expect(rest.password).toBe('');
      expect(rest.host).toBe(parsed.host);
      expect(rest.pathname + rest.search + rest.hash).toBe(
        parsed.pathname + parsed.search + parsed.hash,
      );
    }
  });

  it('keeps the URL valid for validateBrokerUrl, and keeps its errors', () => {
    expect(validateBrokerUrl(splitUrlCredentials('ws://a:b@host:1/mqtt').url, 'http:')).toBeNull();
    expect(
      validateBrokerUrl(splitUrlCredentials('  ws://a:b@host/mqtt  ').url, 'http:'),
    ).toBeNull();
    expect(validateBrokerUrl(splitUrlCredentials('mqtt://a:b@host:1883').url, 'http:')).toMatch(
      /Browsers cannot open mqtt:\/\//,
    );
    expect(validateBrokerUrl(splitUrlCredentials('ws://a:b@').url, 'http:')).not.toBeNull();
  });

  it('splits text still being typed, before the host', () => {
    expect(splitUrlCredentials('ws://alice:secret@')).toEqual({
      url: 'ws://',
      credentials: { username: 'alice', password: 'secret' },
    });
  });

  it('treats "\\" as the end of the authority, as browsers do for ws and wss', () => {
    expect(splitUrlCredentials('ws://host\\a:b@c')).toEqual({
      url: 'ws://host\\a:b@c',
      credentials: undefined,
    });
  });
});

describe('withoutUrlCredentials', () => {
  it('gives the URL to show', () => {
    expect(withoutUrlCredentials('ws://alice:secret@host/mqtt')).toBe('ws://host/mqtt');
    expect(withoutUrlCredentials('ws://host/mqtt')).toBe('ws://host/mqtt');
  });
});

describe('decodeUserInfo', () => {
  it('keeps malformed escapes as typed and decodes the valid ones', () => {
    expect(decodeUserInfo('100%sure')).toBe('100%sure');
    expect(decodeUserInfo('a%41%zz')).toBe('aA%zz');
    expect(decodeUserInfo('%')).toBe('%');
    expect(decodeUserInfo('plain')).toBe('plain');
  });
});

describe('mayBePasswordInProgress', () => {
  it('is true while a password is typed before its "@"', () => {
    expect(mayBePasswordInProgress('ws://alice:s')).toBe(true);
    expect(mayBePasswordInProgress('ws://alice:secret')).toBe(true);
    expect(mayBePasswordInProgress('ws://alice:se/cret')).toBe(true);
  });

  it('is false for hosts, ports and finished user info', () => {
    for (const text of [
      'ws://alice',
      'ws://alice:',
      'ws://host:9001',
      'ws://host:9001/mqtt',
      'ws://alice:secret@',
      'ws://alice:secret@host:1/mqtt',
      'ws://[::1]:9001/mqtt',
      'ws://[::1',
      'ws://host/a:b',
      'localhost:abc',
      '',
    ]) {
      expect(mayBePasswordInProgress(text), text).toBe(false);
    }
  });
});
