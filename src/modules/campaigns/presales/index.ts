// The pre-sales' public face (re-exported by the campaigns module's index).
export { chargePledge, chargePresale, closePresaleAtDeadline, lapsePledge, PAYMENT_GRACE_MS } from './charge';
export type { PresalesContext } from './charge';
export {
  createPresale,
  findPresale,
  getPledge,
  getPresale,
  myPledges,
  pledge,
  updatePledgeMethod,
  withdrawPledge,
} from './service';
export type { Pledge, Presale } from './service';
