/**
 * The one colour palette for data: chart series, subscriptions, traffic and broker lines. The
 * same hues read on the light and the dark theme.
 */
export const PALETTE = [
  '#2563eb',
  '#dc2626',
  '#059669',
  '#d97706',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#65a30d',
] as const;

/** The colour for the i-th item (chart series, subscription, line); wraps around. */
export function paletteColor(index: number): string {
  const n = PALETTE.length;
  return PALETTE[((Math.floor(index) % n) + n) % n]!;
}
