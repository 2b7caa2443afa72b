// Ambassadors' public face: fans and resellers who sell a brand's products through their own
// links, and the commissions they earn. Named exports only; tables are reached through src/db/schema.ts.
export { ambassadorLinkTargets, ambassadorStatuses, type AmbassadorLinkTarget, type AmbassadorStatus } from './schema';
// The commission ledger (ledger/): movements for commerce's listeners, the maturing job, balances.
export {
  ledgerBalances,
  matureCommissions,
  onLedgerOrderStep,
  recordEarned,
  recordPayout,
  saveBankAccount,
  savePayoutSettings,
  type LedgerBalances,
} from './ledger';
