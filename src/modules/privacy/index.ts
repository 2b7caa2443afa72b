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
