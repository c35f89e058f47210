/** The decode rules and .proto schemas in the message library's export file. */
import type { DecodeRule } from './decode-rules';
import { validateRule } from './rule-checks';
import type { DecoderId } from './decoder-types';

export interface DecodingSection {
  rules: DecodeRule[];
  schemas: Array<{ name: string; text: string }>;
}

/** Reads the "decoding" part of an imported file: what is readable, and what was left out. */
export function readDecodingSection(
  raw: unknown,
  makeId: () => string,
): { section: DecodingSection; skipped: number } {
  const section: DecodingSection = { rules: [], schemas: [] };
  let skipped = 0;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { section, skipped };
  const record = raw as Record<string, unknown>;
  for (const entry of Array.isArray(record.rules) ? record.rules : []) {
    const r = entry as Record<string, unknown> | null;
    const rule = {
      id: makeId(),
      filter: typeof r?.filter === 'string' ? r.filter.trim() : '',
      decoder: (typeof r?.decoder === 'string' ? r.decoder : '') as DecoderId,
      ...(typeof r?.messageType === 'string' && r.messageType !== ''
        ? { messageType: r.messageType }
        : {}),
    };
    if (validateRule(rule) === undefined) section.rules.push(rule);
    else skipped++;
  }
  for (const entry of Array.isArray(record.schemas) ? record.schemas : []) {
    const s = entry as Record<string, unknown> | null;
    if (typeof s?.name === 'string' && s.name.trim() !== '' && typeof s.text === 'string') {
      section.schemas.push({ name: s.name.trim(), text: s.text });
    } else {
      skipped++;
    }
  }
  return { section, skipped };
}

/** The section as written into an export file (ids are the app's own, left out). */
export function writeDecodingSection(section: DecodingSection): unknown {
  return {
    rules: section.rules.map(({ filter, decoder, messageType }) => ({
      filter,
      decoder,
      ...(messageType ? { messageType } : {}),
    })),
    schemas: section.schemas.map(({ name, text }) => ({ name, text })),
  };
}
