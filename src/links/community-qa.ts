/**
 * Product Q&A ↔ commerce and moderation (registered once per app context by
 * src/links/extensions.ts):
 * - commerce pages: the product page's questions section (its FAQ first) and the FAQ in the
 *   Product JSON-LD. Registered BEFORE the reviews (the registry keeps registration order), so
 *   the FAQ shows above them;
 * - moderation: the 'question' and 'answer' subjects (a decision publishes or rejects, the author
 *   is told).
 */
import type { Clock } from '../lib/clock';
import { answerSubject, productQaSection, questionSubject } from '../modules/community';
import type { AppExtensions } from './extensions';

export function registerCommunityQa(
  extensions: Pick<AppExtensions, 'moderationSubjects' | 'productPages'>,
  app: { clock: Clock },
) {
  extensions.productPages.register(productQaSection);
  extensions.moderationSubjects.register(questionSubject(app.clock));
  extensions.moderationSubjects.register(answerSubject(app.clock));
}
