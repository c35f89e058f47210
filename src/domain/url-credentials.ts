/**
 * A user name and password written into a broker URL ("ws://alice:pw@host/mqtt"): split out,
 * so the URL that is kept, shown and saved never holds them. Pure; works on text being typed
 * too, which is not yet a URL `new URL` accepts.
 */

export interface UrlCredentials {
  /** Percent-decoded; '' when the URL has "@" but nothing before it. */
  username: string;
  /** Percent-decoded; undefined when the user info has no ":" (a user name alone). */
  password: string | undefined;
}

export interface SplitUrl {
  /** The text without its user info and "@"; unchanged when it has none. */
  url: string;
  /** Undefined when the text has no user info. */
  credentials: UrlCredentials | undefined;
}

interface Parts {
  /** Everything up to and including "://" (leading white space kept). */
  head: string;
  /** Between "://" and the first "/", "\", "?" or "#". */
  authority: string;
  /** The path, query and fragment. */
  tail: string;
}

/** A scheme as in RFC 3986: a letter, then letters, digits, "+", "-" or ".". */
const SCHEME_HEAD = /^\s*[A-Za-z][A-Za-z0-9+.-]*:\/\//;
/** Where the authority ends: ws and wss are special schemes, for which "\" acts as "/". */
const AUTHORITY_END = /[/\\?#]/;

function partsOf(text: string): Parts | undefined {
  const head = SCHEME_HEAD.exec(text)?.[0];
  if (head === undefined) return undefined;
  const rest = text.slice(head.length);
  const end = rest.search(AUTHORITY_END);
  const cut = end < 0 ? rest.length : end;
  return { head, authority: rest.slice(0, cut), tail: rest.slice(cut) };
}

/** Percent-decoding as URL user info is decoded; a malformed escape is kept as typed. */
export function decodeUserInfo(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    // "%zz" or a lone "%": decode the valid escapes one run at a time, keep the rest.
    return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/**
 * Splits the user info out of a URL: "ws://alice:p%40ss@host:9001/mqtt" gives the URL
 * "ws://host:9001/mqtt", the user name "alice" and the password "p@ss". The last "@" of the
 * authority ends the user info (as browsers parse it), the first ":" in it ends the user name.
 */
export function splitUrlCredentials(text: string): SplitUrl {
  const parts = partsOf(text);
  const at = parts ? parts.authority.lastIndexOf('@') : -1;
  if (!parts || at < 0) return { url: text, credentials: undefined };
  const userInfo = parts.authority.slice(0, at);
  const colon = userInfo.indexOf(':');
  return {
    url: parts.head + parts.authority.slice(at + 1) + parts.tail,
    credentials: {
      username: decodeUserInfo(colon < 0 ? userInfo : userInfo.slice(0, colon)),
      password: colon < 0 ? undefined : decodeUserInfo(userInfo.slice(colon + 1)),
    },
  };
}

/** True when the text holds user info ("user@", "user:password@") before its host. */
export function hasUrlCredentials(text: string): boolean {
  return splitUrlCredentials(text).credentials !== undefined;
}

/** The URL without user info, for showing a URL that may hold a password. */
export function withoutUrlCredentials(text: string): string {
  return splitUrlCredentials(text).url;
}

/**
 * True while the text may be a password being typed before its "@": "ws://alice:s3cr". Its
 * authority has no "@" and a ":" followed by something that cannot be a port (not digits).
 * Such text is not a valid URL yet, and should not be stored until it is.
 */
export function mayBePasswordInProgress(text: string): boolean {
  const parts = partsOf(text);
  if (!parts || parts.authority.includes('@')) return false;
  let hostPort = parts.authority;
  if (hostPort.startsWith('[')) {
    // An IPv6 literal: its colons are not a port's.
    const close = hostPort.indexOf(']');
    if (close < 0) return false;
    hostPort = hostPort.slice(close + 1);
  }
  const colon = hostPort.indexOf(':');
  if (colon < 0) return false;
  const port = hostPort.slice(colon + 1);
  return port !== '' && !/^[0-9]+$/.test(port);
}
