/**
 * What the Q&A lets other modules hear, filled by src/links/ (the inbox: a question opens the
 * brand's conversation, an official answer given on the product page is written into it). Both
 * run in the transaction that writes the question or the answer, so they land together or not
 * at all. Community never imports the inbox itself.
 */
import type { DbOrTx } from '../../../db/client';
import { createRegistry, type Registry } from '../../../lib/registry';

export type AskedQuestion = {
  questionId: string;
  productId: string;
  productTitle: string;
  brandId: string;
  authorId: string;
  text: string;
  at: Date;
};

export type OfficialAnswer = {
  questionId: string;
  answerId: string;
  brandId: string;
  authorId: string;
  text: string;
  at: Date;
};

export type QuestionHooks = {
  name: string;
  asked?(tx: DbOrTx, question: AskedQuestion): Promise<void>;
  /** An official answer written on the product page (not one delivered from the inbox). */
  answeredOfficially?(tx: DbOrTx, answer: OfficialAnswer): Promise<void>;
};

export const questionHooks: Registry<QuestionHooks> = createRegistry<QuestionHooks>();
