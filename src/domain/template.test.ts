import { describe, expect, it } from 'vitest';
import {
  compileTemplate,
  expandTemplate,
  randomUuid,
  renderTemplate,
  type TemplateContext,
} from './template';

const context = (overrides: Partial<TemplateContext> = {}): TemplateContext => ({
  counter: 7,
  nowMs: Date.UTC(2024, 0, 2, 3, 4, 5, 678),
  random: () => 0.5,
  uuid: () => '00000000-0000-4000-8000-000000000000',
  ...overrides,
});

function expand(source: string, overrides: Partial<TemplateContext> = {}): string {
  const result = expandTemplate(source, context(overrides));
  if (!result.ok) throw new Error(result.error);
  return result.text;
}

function errorOf(source: string): string {
  const result = compileTemplate(source);
  return result.ok ? '' : result.error;
}

describe('template expansion', () => {
  it('leaves text without variables as it is', () => {
    expect(expand('plain {"a": 1} } {')).toBe('plain {"a": 1} } {');
    const compiled = compileTemplate('plain');
    expect(compiled.ok && compiled.template.hasVariables).toBe(false);
  });

  it('fills counter, timestamp, iso and uuid', () => {
    expect(expand('n={{counter}} t={{ timestamp }} at {{iso}} id={{uuid}}')).toBe(
      `n=7 t=${Date.UTC(2024, 0, 2, 3, 4, 5, 678)} at 2024-01-02T03:04:05.678Z ` +
        'id=00000000-0000-4000-8000-000000000000',
    );
  });

  it('draws random numbers within bounds, with the bounds’ decimals (at least 2)', () => {
    expect(expand('{{random 10 20}}')).toBe('15.00');
    expect(expand('{{random 0 1.0005}}', { random: () => 0 })).toBe('0.0000');
    expect(expand('{{random -5 5}}', { random: () => 0.999999 })).toBe('5.00');
  });

  it('draws whole numbers inclusive of both bounds', () => {
    expect(expand('{{randomInt 1 6}}', { random: () => 0 })).toBe('1');
    expect(expand('{{randomInt 1 6}}', { random: () => 0.9999 })).toBe('6');
    expect(expand('{{randomInt 3 3}}')).toBe('3');
  });

  it('picks one of the choices, quoted ones may hold spaces', () => {
    expect(expand('{{pick a b c}}', { random: () => 0 })).toBe('a');
    expect(expand('{{pick a b c}}', { random: () => 0.99 })).toBe('c');
    expect(expand('{{pick "on air" off}}', { random: () => 0.2 })).toBe('on air');
  });

  it('renders a compiled template many times with a moving counter', () => {
    const compiled = compileTemplate('{"n": {{counter}}}');
    if (!compiled.ok) throw new Error(compiled.error);
    const out = [1, 2, 3].map((counter) => renderTemplate(compiled.template, context({ counter })));
    expect(out).toEqual(['{"n": 1}', '{"n": 2}', '{"n": 3}']);
  });

  it('refuses unknown variables, bad arguments and unclosed braces with a message', () => {
    expect(errorOf('{{nope}}')).toMatch(/Unknown variable \{\{nope\}\}/);
    expect(errorOf('{{random 1}}')).toMatch(/needs two numbers/);
    expect(errorOf('{{random a b}}')).toMatch(/needs two numbers/);
    expect(errorOf('{{random 5 1}}')).toMatch(/min is greater than max/);
    expect(errorOf('{{randomInt 1 2.5}}')).toMatch(/whole numbers/);
    expect(errorOf('{{pick}}')).toMatch(/at least one choice/);
    expect(errorOf('{{counter 3}}')).toMatch(/takes no arguments/);
    expect(errorOf('x {{counter')).toMatch(/character 3 is not closed/);
  });

  it('makes version 4 UUIDs', () => {
    const id = randomUuid();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(randomUuid()).not.toBe(id);
  });
});

describe('template caps', () => {
  it('refuses more than 20 decimals instead of throwing when rendered', () => {
    const result = compileTemplate(`{{random 0 1.${'0'.repeat(101)}}}`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/at most 20 decimals/);
    const twenty = compileTemplate(`{{random 0 1.${'0'.repeat(20)}}}`);
    expect(twenty.ok).toBe(true);
    if (twenty.ok) {
      const text = renderTemplate(twenty.template, context());
      expect(text).toBe(`0.5${'0'.repeat(19)}`);
    }
  });

  it('refuses whole numbers beyond the safe range and too many choices', () => {
    expect(compileTemplate('{{randomInt 0 1e20}}').ok).toBe(false);
    expect(compileTemplate(`{{pick ${'a '.repeat(1001)}}}`).ok).toBe(false);
    expect(compileTemplate(`{{pick ${'a '.repeat(1000)}}}`).ok).toBe(true);
  });
});
