import type { DbOrTx, Db } from '../../db/client';
import type { Flag } from '../analysis';

/** What a moderation item can be about. */
export const moderationTypes = [
  'review',
  'post',
  'reply',
  'comment',
  'report',
  'account',
  'staff_post',
  'tip',
  'topic',
  'topic_reply',
  'question',
  'answer',
] as const;
export type ModerationType = (typeof moderationTypes)[number];

export type Decision = { action: 'approve' | 'reject'; reason?: string; note?: string; moderatorId: string };

/** What the console shows for one subject next to the item. */
export type SubjectSummary = {
  text: string;
  title?: string;
  rating?: number;
  authorId: string | null;
  productId?: string | null;
  orderId?: string | null;
  url?: string | null;
  /** The brand whose space the subject is in (reports go to its queue); null or absent: the platform's. */
  brandId?: string | null;
  /** Who wrote it, for the console (display). */
  authorName?: string | null;
  /** Rejecting suspends the account (a report against an account): the console says so. */
  rejectSuspends?: boolean;
};

/**
 * The module that owns a kind of subject (reviews, posts...) registers how a decision applies to
 * it and how to describe it; moderation never reads other modules' tables itself.
 */
export type SubjectHandler = {
  type: ModerationType;
  /** Runs in the decision's transaction: publish, hide, tell the author... */
  onDecision?(tx: DbOrTx, subjectId: string, decision: Decision): Promise<void>;
  describe?(db: Db, subjectIds: string[]): Promise<Map<string, SubjectSummary>>;
};

const handlers = new Map<ModerationType, SubjectHandler>();
export const moderationSubjects = {
  /** Adds or replaces (by type). Idempotent: every app context registers again. */
  register(handler: SubjectHandler) {
    handlers.set(handler.type, handler);
  },
  get(type: ModerationType): SubjectHandler | undefined {
    return handlers.get(type);
  },
};

/** A new item for the queue (see service.ts, `submitForModeration`). */
export type NewModerationItem = {
  brandId: string | null;
  type: ModerationType;
  subjectId: string;
  flags: Flag[];
  authorId?: string | null;
  productId?: string | null;
  orderId?: string | null;
};
