// Pop-up stores and early access for followers (issue 13, parts 1 and 6): what the rest of campaigns and the app use.
export { announcePopup, closePopup, openPopup } from './announce';
export {
  earlyAccessGate,
  earlyAccessRefusal,
  earlyPhase,
  followTimes,
  MAX_EARLY_ACCESS_HOURS,
  type EarlyAccessSetting,
  type EarlyAccessVerdict,
  type EarlyPhase,
} from './early-access';
export { campaignCheckoutGate } from './gate';
export { popupPath, popupStatus, type Popup, type PopupStatus, type PopupsContext } from './model';
export { createPopup, getPopup, listBrandPopups, subscribeToPopup, updatePopup } from './service';
export { earlyAccessProductSection, popupOrderSection } from './extensions';
