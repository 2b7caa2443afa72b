// Money as the text people type and read ("12,50" or "12.50"), in minor units inside.

/**
 * "12.50", "12,5", "12" → 1250, 1250, 1200 minor units, exactly (no floating point on the way):
 * the digits are read as text. Null when the text is not such an amount (or has more than two
 * decimals, or is negative).
 */
export function parseDecimalAmount(input: string): number | null {
  const text = input.trim().replace(/[\s\u00a0\u202f]/g, '');
  const match = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const units = Number(match[1]);
  const cents = match[2] ? Number(match[2].padEnd(2, '0')) : 0;
  return units * 100 + cents;
}

/** 1250 → "12.50": for CSV, forms and structured data (never a float). */
export function formatDecimalAmount(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
