/**
 * Ambassadors' commission ledger ↔ commerce: a paid batch of attributed orders earns pending
 * commissions (once per batch, in the transaction that marks them paid); order steps mature
 * (after delivery and the return window) or reverse them (refunds, cancellations), in the
 * step's transaction. Commerce never imports ambassadors; this file knows both.
 */
import type { Clock } from '../lib/clock';
import { orderPaidListeners } from '../modules/commerce';
import { onLedgerOrderStep, recordEarned } from '../modules/ambassadors';
import type { AppExtensions } from './extensions';

export function registerAmbassadorLedger(extensions: AppExtensions, app: { clock: Clock }) {
  orderPaidListeners.register({
    name: 'ambassador_commissions',
    onPaid: (tx, orderIds) => recordEarned(tx, orderIds, app.clock.now()),
  });
  extensions.orderSteps.register({
    name: 'ambassador_commissions',
    onStep: (tx, order, step, data) => onLedgerOrderStep(app, tx, order, step, data),
  });
}
