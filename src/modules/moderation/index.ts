// Public face of moderation: policies, the queue (submitForModeration), subject handlers.
export * from './schema';
export * from './subjects';
export { policyFor, defaultPolicy, findReason, type Policy } from './policy';
export { submitForModeration, type SubmittedItem } from './submit';
