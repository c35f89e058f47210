/**
 * Numbers in chart legends and tooltips: grouped with up to 3 decimals in everyday ranges, and
 * in a short exponent form beyond them, so 1e308 reads "1.0e308" rather than 309 digits.
 */
const plain = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
const LARGE = 1e9;
const SMALL = 1e-3;

export function formatChartNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= LARGE || magnitude < SMALL)) {
    const [mantissa = '0', exponent = '0'] = value.toExponential(1).split('e');
    return `${mantissa}e${exponent.replace('+', '')}`;
  }
  return plain.format(value);
}
