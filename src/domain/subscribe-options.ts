/**
 * The MQTT 5 subscription options a filter was subscribed with, in two forms: a compact one for
 * a list row ("NL · RAP · RH 2 · id 7") and the same in full words for its title and for
 * screen readers. Defaults (off, Retain Handling 0, no identifier) are left out.
 */
import type { SubscribeOptions } from './mqtt-types';

export interface SubscribeOptionsText {
  /** E.g. "NL · RAP · RH 2 · id 7". */
  short: string;
  /** E.g. "No Local, Retain As Published, Retain Handling 2: never send retained messages". */
  full: string;
}

const RETAIN_HANDLING_MEANING = {
  1: 'only for a new subscription',
  2: 'never send retained messages',
} as const;

/** The options that differ from the defaults, or undefined when none does. */
export function describeSubscribeOptions(
  options: SubscribeOptions,
): SubscribeOptionsText | undefined {
  const short: string[] = [];
  const full: string[] = [];
  if (options.noLocal) {
    short.push('NL');
    full.push('No Local');
  }
  if (options.retainAsPublished) {
    short.push('RAP');
    full.push('Retain As Published');
  }
  const rh = options.retainHandling;
  if (rh === 1 || rh === 2) {
    short.push(`RH ${rh}`);
    full.push(`Retain Handling ${rh}: ${RETAIN_HANDLING_MEANING[rh]}`);
  }
  const id = options.subscriptionIdentifier;
  if (id !== undefined && Number.isInteger(id) && id > 0) {
    short.push(`id ${id}`);
    full.push(`subscription identifier ${id}`);
  }
  if (short.length === 0) return undefined;
  return { short: short.join(' · '), full: full.join(', ') };
}
