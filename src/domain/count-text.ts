/**
 * Counts in words with the right plural form ("1 topic", "2 topics", "1,234 messages"), by the
 * English plural rules of Intl.PluralRules. The rules and the number format are made once: tree
 * rows format their counts on every frame.
 */

const pluralRules = new Intl.PluralRules('en-US');
const numberFormat = new Intl.NumberFormat('en-US');

/** A noun's singular and plural form, e.g. `['message', 'messages']`. */
export type NounForms = readonly [one: string, other: string];

export const MESSAGE: NounForms = ['message', 'messages'];
export const TOPIC: NounForms = ['topic', 'topics'];

/** The noun alone, in the form that goes with `count`. */
export function pluralForm(count: number, [one, other]: NounForms): string {
  return pluralRules.select(count) === 'one' ? one : other;
}

/** The count with thousands separators and the noun in its matching form: "1 message". */
export function countText(count: number, noun: NounForms): string {
  return `${numberFormat.format(count)} ${pluralForm(count, noun)}`;
}

/** A number with thousands separators, for counts whose noun is said elsewhere. */
export function formatCount(count: number): string {
  return numberFormat.format(count);
}
