/** Checks a decode rule before it is saved, and says it in words (the Decoding panel's lists). */
import { validateTopicFilter } from '../topic-filter';
import type { DecodeRule } from './decode-rules';
import { DECODER_LABELS, isDecoderId } from './decoder-types';

export const MAX_RULES = 200;

/** What is wrong with a rule, or undefined. */
export function validateRule(rule: Pick<DecodeRule, 'filter' | 'decoder' | 'messageType'>) {
  const filter = rule.filter.trim();
  if (filter === '') return 'Give a topic filter, such as fleet/+/pos.';
  const problem = validateTopicFilter(filter);
  if (problem) return problem;
  if (!isDecoderId(rule.decoder)) return `"${String(rule.decoder)}" is not a decoder.`;
  if (rule.messageType !== undefined && rule.messageType !== '') {
    if (rule.decoder !== 'protobuf') return 'Only Protobuf rules name a message type.';
    if (!/^\.?[A-Za-z_][\w.]*$/.test(rule.messageType)) {
      return `"${rule.messageType}" is not a message type name, such as fleet.Position.`;
    }
  }
  return undefined;
}

/** A rule in words: "fleet/+/pos as Protobuf fleet.Position". */
export function describeRule(rule: DecodeRule): string {
  const type = rule.decoder === 'protobuf' && rule.messageType ? ` ${rule.messageType}` : '';
  return `${rule.filter} as ${DECODER_LABELS[rule.decoder]}${type}`;
}
