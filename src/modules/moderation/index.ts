// Public face of moderation: policies, the queue (submitForModeration), subject handlers,
// decisions, reports and platform moderators.
export { defaultReasons, type ModerationMode, type PlatformRole, type RejectionReason } from './schema';
export {
  moderationSubjects,
  moderationTypes,
  type Decision,
  type ModerationType,
  type NewModerationItem,
  type SubjectHandler,
  type SubjectSummary,
} from './subjects';
export { policyFor, defaultPolicy, findReason, updatePolicy, readPolicy, type Policy } from './policy';
export { submitForModeration, withdrawFromModeration, type SubmittedItem } from './submit';
export { decide, decideMany, appeal, loadItem, type ModerationContext, type Item } from './decisions';
export { listQueue, queueCounters, auditLog } from './queue';
export { createReport, myReports, reportReasons, registerReportSubject } from './reports';
export { notifyAuthor } from './tell';
export { isPlatformModerator, moderatedBrands, assertModerates, platformRole } from './access';
export { grantPlatformRole, listPlatformRoles, revokePlatformRole } from './platform';
export { forwardReport, reportForwarders, type ForwardedReport, type ReportForwarder } from './forwarding';
