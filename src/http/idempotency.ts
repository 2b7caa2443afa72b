// Idempotency keys live in lib/idempotency.ts (no HTTP in them); routes keep importing them from here.
export {
  awaitReply,
  claimId,
  claimKeys,
  idempotent,
  keyClaim,
  releaseKeys,
  releaseUnanswered,
  storeReplies,
  type KeyClaim,
  type StoredReply,
} from '../lib/idempotency';
