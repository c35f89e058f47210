/**
 * Payload templates for generated messages: `{{counter}}`, `{{timestamp}}`, `{{iso}}`,
 * `{{uuid}}`, `{{random min max}}`, `{{randomInt min max}}`, `{{pick a b c}}`.
 * A template is compiled once and rendered per message, so a burst of 100,000 messages does
 * not parse the text 100,000 times.
 */

export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'counter' }
  | { kind: 'timestamp' }
  | { kind: 'iso' }
  | { kind: 'uuid' }
  | { kind: 'random'; min: number; max: number; decimals: number }
  | { kind: 'randomInt'; min: number; max: number }
  | { kind: 'pick'; options: string[] };

export interface CompiledTemplate {
  readonly parts: readonly TemplatePart[];
  /** False when the text has no variable: it renders to itself. */
  readonly hasVariables: boolean;
}

export type CompileResult = { ok: true; template: CompiledTemplate } | { ok: false; error: string };

export interface TemplateContext {
  counter: number;
  nowMs: number;
  /** Uniform in [0, 1), like Math.random (injectable for tests). */
  random: () => number;
  uuid: () => string;
}

export const TEMPLATE_VARIABLES = [
  'counter',
  'timestamp',
  'iso',
  'uuid',
  'random',
  'randomInt',
  'pick',
] as const;

/** Decimals `{{random}}` prints when neither bound has more. */
const DEFAULT_RANDOM_DECIMALS = 2;
/** Caps that keep rendering from throwing or growing without bound. */
export const MAX_RANDOM_DECIMALS = 20;
export const MAX_PICK_CHOICES = 1_000;

/** Splits `a "b c" d` into ["a", "b c", "d"]. */
function splitArgs(text: string): string[] {
  const args: string[] = [];
  const pattern = /"([^"]*)"|(\S+)/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) args.push(match[1] ?? match[2] ?? '');
  return args;
}

function decimalsOf(text: string): number {
  const dot = text.indexOf('.');
  return dot === -1 ? 0 : text.length - dot - 1;
}

function parseBounds(
  name: string,
  args: string[],
  integer: boolean,
): { min: number; max: number } | string {
  const usage = `{{${name} min max}} needs two numbers, as in {{${name} 1 10}}.`;
  if (args.length !== 2) return usage;
  const min = Number(args[0]);
  const max = Number(args[1]);
  if (args[0] === '' || args[1] === '' || !Number.isFinite(min) || !Number.isFinite(max)) {
    return usage;
  }
  if (integer && (!Number.isInteger(min) || !Number.isInteger(max))) {
    return `{{${name}}} needs whole numbers, as in {{${name} 1 10}}.`;
  }
  if (integer && (!Number.isSafeInteger(min) || !Number.isSafeInteger(max))) {
    return `{{${name}}} needs whole numbers between -9007199254740991 and 9007199254740991.`;
  }
  if (min > max) return `{{${name} ${args[0]} ${args[1]}}}: min is greater than max.`;
  return { min, max };
}

function compileVariable(inner: string): TemplatePart | string {
  const [name = '', ...args] = splitArgs(inner.trim());
  const noArgs = (part: TemplatePart) =>
    args.length === 0 ? part : `{{${name}}} takes no arguments.`;
  switch (name) {
    case 'counter':
      return noArgs({ kind: 'counter' });
    case 'timestamp':
      return noArgs({ kind: 'timestamp' });
    case 'iso':
      return noArgs({ kind: 'iso' });
    case 'uuid':
      return noArgs({ kind: 'uuid' });
    case 'random': {
      const bounds = parseBounds(name, args, false);
      if (typeof bounds === 'string') return bounds;
      const decimals = Math.max(
        DEFAULT_RANDOM_DECIMALS,
        decimalsOf(args[0] ?? ''),
        decimalsOf(args[1] ?? ''),
      );
      if (decimals > MAX_RANDOM_DECIMALS) {
        return `{{random}} prints at most ${MAX_RANDOM_DECIMALS} decimals: write the bounds with fewer digits after the point.`;
      }
      return { kind: 'random', ...bounds, decimals };
    }
    case 'randomInt': {
      const bounds = parseBounds(name, args, true);
      return typeof bounds === 'string' ? bounds : { kind: 'randomInt', ...bounds };
    }
    case 'pick':
      if (args.length > MAX_PICK_CHOICES) {
        return `{{pick}} takes at most ${MAX_PICK_CHOICES.toLocaleString('en-US')} choices.`;
      }
      return args.length > 0
        ? { kind: 'pick', options: args }
        : '{{pick}} needs at least one choice, as in {{pick on off}}.';
    default:
      return `Unknown variable {{${inner.trim()}}}: use ${TEMPLATE_VARIABLES.join(', ')}.`;
  }
}

export function compileTemplate(source: string): CompileResult {
  const parts: TemplatePart[] = [];
  let hasVariables = false;
  let cursor = 0;
  for (;;) {
    const open = source.indexOf('{{', cursor);
    if (open === -1) break;
    const close = source.indexOf('}}', open + 2);
    if (close === -1) {
      return { ok: false, error: `A "{{" at character ${open + 1} is not closed with "}}".` };
    }
    if (open > cursor) parts.push({ kind: 'text', text: source.slice(cursor, open) });
    const part = compileVariable(source.slice(open + 2, close));
    if (typeof part === 'string') return { ok: false, error: part };
    parts.push(part);
    hasVariables = true;
    cursor = close + 2;
  }
  if (cursor < source.length) parts.push({ kind: 'text', text: source.slice(cursor) });
  return { ok: true, template: { parts, hasVariables } };
}

export function renderTemplate(template: CompiledTemplate, context: TemplateContext): string {
  let out = '';
  for (const part of template.parts) {
    switch (part.kind) {
      case 'text':
        out += part.text;
        break;
      case 'counter':
        out += String(context.counter);
        break;
      case 'timestamp':
        out += String(context.nowMs);
        break;
      case 'iso':
        out += new Date(context.nowMs).toISOString();
        break;
      case 'uuid':
        out += context.uuid();
        break;
      case 'random':
        out += (part.min + context.random() * (part.max - part.min)).toFixed(part.decimals);
        break;
      case 'randomInt':
        out += String(part.min + Math.floor(context.random() * (part.max - part.min + 1)));
        break;
      case 'pick':
        out += part.options[Math.floor(context.random() * part.options.length)] ?? '';
        break;
    }
  }
  return out;
}

/** Compile and render at once; for previews and single publishes. */
export function expandTemplate(
  source: string,
  context: TemplateContext,
): { ok: true; text: string } | { ok: false; error: string } {
  const compiled = compileTemplate(source);
  if (!compiled.ok) return compiled;
  return { ok: true, text: renderTemplate(compiled.template, context) };
}

/** A random (version 4) UUID; getRandomValues works on plain-http pages, randomUUID does not. */
export function randomUuid(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function defaultTemplateContext(counter: number): TemplateContext {
  return { counter, nowMs: Date.now(), random: Math.random, uuid: randomUuid };
}
