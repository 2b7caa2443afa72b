import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shippingCost, vatIncluded } from './money';

describe('money', () => {
  it('extracts the VAT included in a price', () => {
    expect(vatIncluded(1200, 2000)).toBe(200);
    expect(vatIncluded(1000, 2000)).toBe(167);
    expect(vatIncluded(999, 550)).toBe(52);
    expect(vatIncluded(1000, 0)).toBe(0);
  });

  it('never gives VAT above the amount nor a negative net, for any amount and rate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 3000 }), (amount, rate) => {
        const vat = vatIncluded(amount, rate);
        expect(Number.isInteger(vat)).toBe(true);
        expect(vat).toBeGreaterThanOrEqual(0);
        expect(vat).toBeLessThanOrEqual(amount);
        // within half a cent of the exact value
        expect(Math.abs(vat - (amount * rate) / (10000 + rate))).toBeLessThanOrEqual(0.5);
      }),
    );
  });

  it('ships free above the threshold and never for pick-up or virtual goods', () => {
    expect(shippingCost({ kind: 'free_above', amount: 590, freeAboveAmount: 5000 }, 4999, true)).toBe(590);
    expect(shippingCost({ kind: 'free_above', amount: 590, freeAboveAmount: 5000 }, 5000, true)).toBe(0);
    expect(shippingCost({ kind: 'pickup', amount: 590, freeAboveAmount: null }, 10, true)).toBe(0);
    expect(shippingCost({ kind: 'flat', amount: 590, freeAboveAmount: null }, 10, false)).toBe(0);
  });
});
