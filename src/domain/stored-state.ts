/**
 * Everything the app keeps in the browser, one schema per key: what each stored value must look
 * like, how it is read back (a value that fails is reset, a list keeps its readable entries),
 * and how a failed write is told to the person. Pure: the stores and services do the storing.
 *
 * The schema parts below are exported for stored-publishing.ts, which holds the keys only the
 * Publish panel reads.
 *
 * Stored text is parsed without ever putting a `__proto__`, `constructor` or `prototype` key on
 * an object: an object that carries one is unreadable, so such keys never reach app state.
 */
import * as v from 'valibot';
import { DECODER_IDS } from './decoders/decoder-types';
import { POINTS_PER_SERIES_CHOICES } from './chart-specs';

/** What a value of the key may look like, and the sentence a failed read says. */
export interface StoredSpec<T> {
  key: string;
  /** One line, shown when the stored value could not be read and was reset. */
  resetText: string;
  /** Lists only: the entries, for "2 of 5 saved charts could not be read and were left out." */
  itemsNoun?: string;
  /** Reads a parsed JSON value; `dropped` counts list entries left out of `total`. */
  read(raw: unknown): { ok: true; value: T; dropped: number; total: number } | { ok: false };
}

export interface StoredListSpec<I> extends StoredSpec<I[]> {
  itemsNoun: string;
  /** One entry, checked alone (records of a database store are read one by one). */
  readItem(raw: unknown): I | undefined;
}

export type Schema<T> = v.GenericSchema<unknown, T>;

export function valueSpec<T>(key: string, schema: Schema<T>, resetText: string): StoredSpec<T> {
  return {
    key,
    resetText,
    read(raw) {
      if (raw === TAINTED) return { ok: false };
      const result = v.safeParse(schema, raw);
      return result.success
        ? { ok: true, value: result.output, dropped: 0, total: 1 }
        : { ok: false };
    },
  };
}

export function listSpec<T>(
  key: string,
  item: Schema<T>,
  resetText: string,
  itemsNoun: string,
): StoredListSpec<T> {
  const readItem = (raw: unknown): T | undefined => {
    if (raw === TAINTED) return undefined;
    const result = v.safeParse(item, raw);
    return result.success ? result.output : undefined;
  };
  return {
    key,
    resetText,
    itemsNoun,
    readItem,
    read(raw) {
      if (!Array.isArray(raw)) return { ok: false };
      const value: T[] = [];
      for (const entry of raw) {
        const read = readItem(entry);
        if (read !== undefined) value.push(read);
      }
      // A list of which nothing could be read is no list of this kind: reset it.
      if (value.length === 0 && raw.length > 0) return { ok: false };
      return { ok: true, value, dropped: raw.length - value.length, total: raw.length };
    },
  };
}

/* The shapes. Fields missing from an older stored value take their defaults; a field of the
   wrong type makes the value (or the list entry) unreadable. */

/** An object that is no array (the schemas' own `object` takes arrays too). */
export function plain<S extends v.GenericSchema>(schema: S) {
  return v.pipe(
    v.unknown(),
    v.check((x) => typeof x === 'object' && x !== null && !Array.isArray(x)),
    schema,
  );
}

export const qos = v.picklist([0, 1, 2]);
export const text = v.string();
export const flag = v.boolean();
export const wholeNumber = v.pipe(v.number(), v.integer());
export const nonBlank = v.pipe(
  v.string(),
  v.check((s) => s.trim() !== ''),
);

const willPatch = plain(
  v.partial(v.object({ enabled: flag, topic: text, payload: text, qos, retain: flag })),
);

/** Any part of the connection form; the store puts it over the defaults. */
const connectionFormPatch = plain(
  v.partial(
    v.object({
      url: text,
      clientId: text,
      username: text,
      password: text,
      protocolVersion: v.picklist([4, 5]),
      cleanStart: flag,
      keepaliveSec: v.number(),
      sessionExpirySec: v.number(),
      connectTimeoutMs: v.number(),
      reconnect: flag,
      will: willPatch,
    }),
  ),
);
export type ConnectionFormPatch = v.InferOutput<typeof connectionFormPatch>;

const storedConnection = plain(
  v.object({
    form: v.optional(connectionFormPatch, {}),
    rememberPassword: v.optional(flag, false),
  }),
);

const storedProfile = plain(
  v.object({
    name: nonBlank,
    form: connectionFormPatch,
    rememberPassword: v.optional(flag, false),
  }),
);
export type StoredProfile = v.InferOutput<typeof storedProfile>;

const storedSubscription = plain(
  v.object({
    filter: nonBlank,
    options: plain(
      v.object({
        qos,
        noLocal: v.optional(flag),
        retainAsPublished: v.optional(flag),
        retainHandling: v.optional(v.picklist([0, 1, 2])),
        subscriptionIdentifier: v.optional(
          v.pipe(wholeNumber, v.minValue(1), v.maxValue(268_435_455)),
        ),
      }),
    ),
    muted: v.optional(flag, false),
    colorIndex: v.pipe(wholeNumber, v.minValue(0)),
  }),
);
export type StoredSubscription = v.InferOutput<typeof storedSubscription>;

const color = v.pipe(v.string(), v.regex(/^#[0-9a-f]{3,8}$/i));

const chartSpec = plain(
  v.object({
    id: wholeNumber,
    series: v.array(
      plain(
        v.object({
          topic: text,
          path: text,
          color,
          hidden: v.optional(flag, false),
          booleans: v.optional(flag),
          filter: v.optional(text),
        }),
      ),
    ),
    windowMs: v.pipe(v.number(), v.minValue(0)),
    wildcards: v.optional(
      v.array(plain(v.object({ filter: text, path: text, booleans: v.optional(flag) }))),
    ),
    yMin: v.optional(v.nullable(v.number())),
    yMax: v.optional(v.nullable(v.number())),
  }),
);

const limitsPatch = plain(
  v.partial(
    v.object({
      historyPerTopic: v.number(),
      logCapacity: v.number(),
      payloadBudgetBytes: v.number(),
    }),
  ),
);

const decodeRule = plain(
  v.object({
    id: nonBlank,
    filter: nonBlank,
    decoder: v.picklist(DECODER_IDS),
    messageType: v.optional(text),
  }),
);

const protoSchema = plain(v.object({ name: nonBlank, text }));

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/**
 * Every key the app stores, by what it holds, but the publishing ones (the publish form, the
 * message library and the publish history: STORED_PUBLISHING in stored-publishing.ts, loaded
 * with the Publish panel). Their names never change: users keep their data.
 */
export const STORED = {
  connection: valueSpec(
    'brokerscope.connection',
    storedConnection,
    'The saved connection form could not be read and was reset.',
  ),
  profiles: listSpec(
    'brokerscope.profiles',
    storedProfile,
    'Saved connection profiles could not be read and were reset.',
    'saved connection profiles',
  ),
  autoConnect: valueSpec(
    'brokerscope.autoConnect',
    flag,
    'The saved choice to connect on opening could not be read and was reset.',
  ),
  subscriptions: listSpec(
    'brokerscope.subscriptions',
    storedSubscription,
    'Saved subscriptions could not be read and were reset.',
    'saved subscriptions',
  ),
  charts: listSpec(
    'brokerscope.charts',
    chartSpec,
    'Saved charts could not be read and were reset.',
    'saved charts',
  ),
  chartPoints: valueSpec(
    'brokerscope.chartPoints',
    v.picklist(POINTS_PER_SERIES_CHOICES),
    'The saved number of points kept per chart series could not be read and was reset.',
  ),
  limits: valueSpec(
    'brokerscope.limits',
    limitsPatch,
    'The saved memory limits could not be read and were reset to the defaults.',
  ),
  theme: valueSpec(
    'brokerscope.theme',
    v.picklist(THEMES),
    'The saved theme could not be read and was reset.',
  ),
  decodeRules: listSpec(
    'brokerscope.decodeRules',
    decodeRule,
    'The saved decode rules could not be read and were reset.',
    'saved decode rules',
  ),
  protoSchemas: listSpec(
    'brokerscope.protoSchemas',
    protoSchema,
    'The saved .proto schemas could not be read and were reset.',
    'saved .proto schemas',
  ),
  keepDataAcrossConnections: valueSpec(
    'brokerscope.keepDataAcrossConnections',
    flag,
    'The saved choice "Keep data across connections" could not be read and was reset.',
  ),
} as const;

/** Keys that could let a value reach an object's prototype. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** An object that carried a forbidden key: unreadable wherever it sits. */
const TAINTED: unique symbol = Symbol('tainted stored value');

/**
 * JSON.parse that never lets a `__proto__`, `constructor` or `prototype` key through: the key is
 * removed and the object that held it is replaced by a marker no schema accepts. Throws on text
 * that is not JSON.
 */
export function parseStoredJson(text: string): unknown {
  const tainted = new WeakSet<object>();
  return JSON.parse(text, function (this: unknown, key: string, value: unknown) {
    if (FORBIDDEN_KEYS.has(key)) {
      if (typeof this === 'object' && this !== null) tainted.add(this);
      return undefined;
    }
    if (typeof value === 'object' && value !== null && tainted.has(value)) return TAINTED;
    return value;
  });
}

export type ReadResult<T> =
  /** Nothing stored: the default applies, and nothing is said. */
  | { status: 'missing'; value: undefined; notice: undefined }
  | { status: 'ok'; value: T; notice: undefined }
  /** A list of which some entries could not be read: the rest is kept. */
  | { status: 'partial'; value: T; notice: string }
  /** Unreadable: the default applies, and the key should be cleared. */
  | { status: 'reset'; value: undefined; notice: string };

/** Reads a parsed value (or a list of database records) against the key's schema. */
export function readParsed<T>(spec: StoredSpec<T>, raw: unknown): ReadResult<T> {
  const result = spec.read(raw);
  if (!result.ok) return { status: 'reset', value: undefined, notice: spec.resetText };
  if (result.dropped > 0) {
    return {
      status: 'partial',
      value: result.value,
      notice: leftOutText(spec.itemsNoun ?? 'entries', result.dropped, result.total),
    };
  }
  return { status: 'ok', value: result.value, notice: undefined };
}

/** Reads the stored text of a key (`null` when nothing is stored). */
export function readStoredText<T>(spec: StoredSpec<T>, text: string | null): ReadResult<T> {
  if (text === null) return { status: 'missing', value: undefined, notice: undefined };
  let raw: unknown;
  try {
    raw = parseStoredJson(text);
  } catch {
    return { status: 'reset', value: undefined, notice: spec.resetText };
  }
  return readParsed(spec, raw);
}

/** "1 of 3 saved charts could not be read and was left out." */
export function leftOutText(itemsNoun: string, dropped: number, total: number): string {
  return `${dropped} of ${total} ${itemsNoun} could not be read and ${dropped === 1 ? 'was' : 'were'} left out.`;
}

export type WriteFailureKind = 'full' | 'not-allowed' | 'other';

/** Why the browser refused to store something: its storage is full, storage is off, or else. */
export function writeFailureKind(error: unknown): WriteFailureKind {
  const name =
    typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? Number(error.code) : 0;
  if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22) {
    return 'full';
  }
  if (name === 'SecurityError' || name === 'InvalidAccessError') return 'not-allowed';
  return 'other';
}

/**
 * The one line a failed write shows: what was not saved, why, and what to do.
 * `what` starts the sentence ("The library"); `todo` says what frees space ("Export it, or
 * delete entries, then try again.").
 */
export function writeFailureText(what: string, error: unknown, todo: string): string {
  switch (writeFailureKind(error)) {
    case 'full':
      return `${what} could not be saved: this browser's storage is full. ${todo}`;
    case 'not-allowed':
      return (
        `${what} could not be saved: this browser does not let this page store data. ` +
        "Allow site data for this page in the browser's settings, then try again."
      );
    default: {
      const name =
        typeof error === 'object' && error !== null && 'name' in error
          ? String(error.name)
          : 'an error';
      return `${what} could not be saved: the browser refused to store it (${name}). ${todo}`;
    }
  }
}
