// Withdrawals (droit de rétractation): what the rest of commerce and the app use of them.
export { lateWithdrawalOrders, runWithdrawalChecks, scheduleWithdrawalChecks } from './checks';
export { registerWithdrawal } from './register';
export { withdrawalExclusions } from './schema';
export type { Withdrawal, WithdrawalExclusion } from './schema';
export { refundWithdrawal, requestWithdrawal } from './service';
export { periodEnd } from './period';
