/**
 * The checks of a French company's identifiers: a SIREN is 9 digits whose Luhn sum is a multiple
 * of 10 (INSEE); a French VAT number is "FR", a 2-digit key, then the SIREN, the key being
 * (12 + 3 × (SIREN mod 97)) mod 97. Other countries' VAT numbers are only checked for shape.
 */

/** Spaces and dots people type in identifiers ("123 456 789", "FR 12 123.456.789"). */
export const compact = (value: string) => value.replace(/[\s.\u00a0-]/g, '').toUpperCase();

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function sirenValid(siren: string): boolean {
  return /^\d{9}$/.test(siren) && luhnValid(siren);
}

/** The 2-digit key of the French VAT number of a SIREN. */
export function frenchVatKey(siren: string): string {
  // 9 digits fit a double exactly: no BigInt needed.
  return String((12 + 3 * (Number(siren) % 97)) % 97).padStart(2, '0');
}

export type VatCheck = 'ok' | 'bad_shape' | 'bad_key' | 'other_siren';

/** A VAT number (compacted) against the SIREN given with it, if any. */
export function checkVat(vat: string, siren: string | null): VatCheck {
  if (!/^[A-Z]{2}[0-9A-Z]{2,13}$/.test(vat)) return 'bad_shape';
  if (!vat.startsWith('FR')) return 'ok';
  const m = /^FR([0-9A-Z]{2})(\d{9})$/.exec(vat);
  if (!m) return 'bad_shape';
  if (siren && m[2] !== siren) return 'other_siren';
  // Keys with letters are the old scheme for companies without a SIREN: only the digits are checked.
  if (/^\d{2}$/.test(m[1]) && m[1] !== frenchVatKey(m[2])) return 'bad_key';
  return 'ok';
}
