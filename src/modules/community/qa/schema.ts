// Public product questions and answers: the questions people ask on a product page, the answers
// of the brand's team (official) and of others (verified buyers, or anyone if the brand allows),
// one helpful vote per person and subject, and each brand's rule of who may answer.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Flag } from '../../analysis';
import { accounts } from '../../accounts/schema';
import { products } from '../../commerce/schema';

const at = (name: string) => timestamp(name, { withTimezone: true });
const account = (name: string) =>
  uuid(name)
    .notNull()
    .references(() => accounts.id, { onDelete: 'cascade' });

/** `pending`: waiting for a moderator (shown to its author and the brand's team only). */
export const qaStatuses = ['pending', 'published', 'rejected'] as const;
export type QaStatus = (typeof qaStatuses)[number];

/** Who may answer a brand's product questions besides its team (the team always may). */
export const qaAnswerers = ['team', 'verified_buyers', 'anyone'] as const;
export type QaAnswerers = (typeof qaAnswerers)[number];

export const qaQuestions = pgTable(
  'qa_questions',
  {
    id: uuid('id').primaryKey(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    brandId: account('brand_id'),
    authorId: account('author_id'),
    text: text('text').notNull(),
    language: text('language'),
    status: text('status').$type<QaStatus>().notNull(),
    flags: jsonb('flags').$type<Flag[]>().notNull().default([]),
    helpfulCount: integer('helpful_count').notNull().default(0),
    /** Published answers, kept with the answers so the FAQ reads answered questions from one index. */
    answerCount: integer('answer_count').notNull().default(0),
    publishedAt: at('published_at'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('qa_questions_product_idx').on(t.productId, t.status, t.helpfulCount.desc(), t.id),
    index('qa_questions_author_idx').on(t.authorId),
  ],
);

/**
 * An answer. `official`: written by the brand's team (on the product page or from the inbox);
 * `verified_buyer`: its author had a paid, not cancelled order line of the product when writing.
 * `inbox_message_id`: the inbox reply it delivers, so a delivery run twice makes one answer.
 */
export const qaAnswers = pgTable(
  'qa_answers',
  {
    id: uuid('id').primaryKey(),
    questionId: uuid('question_id')
      .notNull()
      .references(() => qaQuestions.id, { onDelete: 'cascade' }),
    authorId: account('author_id'),
    text: text('text').notNull(),
    language: text('language'),
    official: boolean('official').notNull().default(false),
    verifiedBuyer: boolean('verified_buyer').notNull().default(false),
    status: text('status').$type<QaStatus>().notNull(),
    flags: jsonb('flags').$type<Flag[]>().notNull().default([]),
    helpfulCount: integer('helpful_count').notNull().default(0),
    inboxMessageId: uuid('inbox_message_id').unique('qa_answers_inbox_message_key'),
    publishedAt: at('published_at'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('qa_answers_question_idx').on(t.questionId, t.status), index('qa_answers_author_idx').on(t.authorId)],
);

/** One helpful vote per person and question or answer (toggled). */
export const qaVotes = pgTable(
  'qa_votes',
  {
    subjectType: text('subject_type').$type<'question' | 'answer'>().notNull(),
    subjectId: uuid('subject_id').notNull(),
    accountId: account('account_id'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.subjectType, t.subjectId, t.accountId] }),
    check('qa_votes_subject_type', sql`${t.subjectType} in ('question', 'answer')`),
  ],
);

/** A brand's Q&A rule; a brand without a row lets its team and verified buyers answer. */
export const qaSettings = pgTable(
  'qa_settings',
  {
    brandId: uuid('brand_id')
      .primaryKey()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    answerers: text('answerers').$type<QaAnswerers>().notNull().default('verified_buyers'),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [check('qa_settings_answerers', sql`${t.answerers} in ('team', 'verified_buyers', 'anyone')`)],
);
