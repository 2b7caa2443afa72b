// The campaigns module's public face: each part's named exports, one block per part.
export {
  chargePledge,
  chargePresale,
  closePresaleAtDeadline,
  createPresale,
  findPresale,
  getPledge,
  getPresale,
  lapsePledge,
  myPledges,
  PAYMENT_GRACE_MS,
  pledge,
  updatePledgeMethod,
  withdrawPledge,
} from './presales';
export type { Pledge, Presale, PresalesContext } from './presales';
