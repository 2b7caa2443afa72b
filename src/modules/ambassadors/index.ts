// Ambassadors' public face: fans and resellers who sell a brand's products through their own
// links, and the commissions they earn. Named exports only; tables are reached through src/db/schema.ts.
export { ambassadorLinkTargets, ambassadorStatuses, type AmbassadorLinkTarget, type AmbassadorStatus } from './schema';
// ambcore: programme, membership, links, visits, attribution, picks.
export {
  ambassadorCheckoutGate,
  ambassadorOrderField,
  ambassadorOrderSection,
  attributedAmbassadors,
  type Attribution,
} from './attribution';
export { linkByCode, linkUrl, linksOf, makeLink, recordVisit, type AmbassadorLink } from './links';
export {
  addAmbassador,
  ambassadorById,
  ambassadorRole,
  answerInvitation,
  applyToProgram,
  decideApplication,
  endAmbassadorship,
  listAmbassadors,
  myProgrammes,
  type Ambassador,
} from './members';
export { addPick, picksOf } from './picks';
export { ambassadorProfileSection } from './profile-section';
export { programOf, saveProgram, type AmbassadorsContext, type Program } from './program';
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
