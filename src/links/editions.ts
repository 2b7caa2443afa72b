/**
 * Numbered limited editions (campaigns) ↔ commerce: campaigns plugs its numbering into paying
 * (numbers taken in the payment's transaction), stock (numbered units never go back), catalog
 * writes (stock and size checked against the numbers left), order reads (each line's numbers),
 * order steps (a cancelled or refunded order's numbers are withdrawn) and the product page (the
 * edition's counts). Commerce knows none of campaigns.
 */
import type { Clock } from '../lib/clock';
import {
  checkEditionVariants,
  editionSection,
  numberedUnitsOf,
  numberPaidOrders,
  numbersOfLines,
  withdrawOrderNumbers,
} from '../modules/campaigns';
import type { AppExtensions } from './extensions';

export function registerEditions(extensions: AppExtensions, app: { clock: Clock }) {
  extensions.editions.register({
    name: 'numbered_editions',
    numberPaid: numberPaidOrders,
    keptUnits: numberedUnitsOf,
    checkVariants: checkEditionVariants,
    lineNumbers: numbersOfLines,
  });
  extensions.orderSteps.register({
    name: 'edition_withdrawals',
    onStep: async (tx, order, step) => {
      if (step === 'cancelled' || step === 'refunded') await withdrawOrderNumbers(tx, order.id, app.clock.now());
    },
  });
  extensions.productPages.register(editionSection);
}
