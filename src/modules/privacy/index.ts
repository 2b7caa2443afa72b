// The privacy module's public face: a person's rights (archive, erasure), consent, retention, and
// the privacy requests the brands concerned are told about.
export { announcePrivacyRequest, recordPrivacyRequest } from './requests';
export { privacyRequestKinds, type PrivacyRequestKind } from './schema';
export {
  buildExport,
  deleteExportsOf,
  getExport,
  purgeExpiredExports,
  requestExport,
  scheduleExportPurge,
  type ExportView,
} from './exports/service';
export { listBrandPrivacyRequests, markPrivacyRequestDone } from './brand/service';
export {
  CONSENT_COOKIE,
  CONSENT_DAYS,
  CONSENT_VERSION,
  consentCookieValue,
  parseConsentCookie,
  type ConsentChoice,
} from './consent/cookie';
export { consentFor, consentHistory, forgetConsents, recordConsent, storedConsent } from './consent/service';
export { ConsentBanner } from './consent/banner';
export { requestConsent } from './consent/web-request';
export { forgetSignIns, recentSignIns, recordSignInAttempt, type RecentSignIn } from './retention/sign-ins';
export { purgeExpired, runRetention, scheduleRetention, type Purged, type RetentionSettings } from './retention/purge';
export { closeAccount, type ClosedAccount } from './erasure/close';
export { eraseAccountData } from './erasure/erase';
