/**
 * Reviews ↔ commerce, moderation and social (Medusa-style: none of those modules imports
 * reputation; this file knows them all and plugs reviews into their extension points, registered
 * once per app context by src/boot.ts):
 * - moderation: the 'review' subject handler (a decision publishes or rejects the review);
 * - commerce orders: a delivered order enqueues its review invitations (in the step's transaction);
 * - commerce pages: the reviews section and JSON-LD of the product page, the rating line of shop
 *   tiles, "review what you bought" on the buyer's order page;
 * - social: the rating of products shown on shoppable posts, inside their cards (the shop
 *   badge, which the shoppable-posts link loads with the cards).
 */
import type { Clock } from '../lib/clock';
import {
  onOrderStep,
  orderReviewBox,
  productRatingBadge,
  productReviewsSection,
  reviewSubject,
} from '../modules/reputation';
import type { AppExtensions } from './extensions';

export function registerProductReviews(extensions: AppExtensions, app: { clock: Clock }) {
  extensions.moderationSubjects.register(reviewSubject);
  extensions.orderSteps.register({
    name: 'review_invitations',
    onStep: (tx, order, step) => onOrderStep(app, tx, order, step),
  });
  extensions.productPages.register(productReviewsSection);
  extensions.productBadges.register(productRatingBadge);
  extensions.orderPages.register(orderReviewBox);
}
