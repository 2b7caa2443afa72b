// The commission ledger's doors, re-exported by the module's index.ts.
import type { DbOrTx } from '../../../db/client';
import type { Clock } from '../../../lib/clock';
import { matureOrder, reverseForRefund, scheduleMaturity } from './movements';

export { recordEarned } from './movements';
export { recordPayout, saveBankAccount, savePayoutSettings } from './payouts';
export { ledgerBalances, type Balances as LedgerBalances } from './read';
export { matureOrder as matureCommissions };

const REVERSING = new Set(['partially_refunded', 'refunded', 'cancelled']);
// A resolved return lets a delivered order's commission mature (the job checks the time itself).
const RETURN_CLOSED = new Set(['return_refused', 'return_refunded', 'repaired']);

/**
 * Commerce's order steps, in the step's transaction: delivery schedules maturing; a refund or a
 * cancellation reverses; a return's resolution schedules maturing again. Orders without a
 * commission cost one indexed lookup.
 */
export async function onLedgerOrderStep(
  app: { clock: Clock },
  tx: DbOrTx,
  order: { id: string },
  step: string,
  data: Record<string, unknown>,
): Promise<void> {
  if (step === 'delivered' || RETURN_CLOSED.has(step)) await scheduleMaturity(tx, order.id, app.clock);
  else if (REVERSING.has(step))
    await reverseForRefund(
      tx,
      order.id,
      step as 'refunded' | 'partially_refunded' | 'cancelled',
      data,
      app.clock.now(),
    );
}
