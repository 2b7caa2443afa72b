// The privacy module's public face: a person's rights (archive, erasure), consent, retention, and
// the privacy requests the brands concerned are told about.
export { announcePrivacyRequest, recordPrivacyRequest } from './requests';
export { privacyRequestKinds, type PrivacyRequestKind } from './schema';
export { closeAccount, type ClosedAccount } from './erasure/close';
export { eraseAccountData } from './erasure/erase';
