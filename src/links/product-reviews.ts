/**
 * Reviews ↔ commerce, moderation and social (Medusa-style: none of those modules imports
 * reputation; this file knows them all and plugs reviews into their extension points, registered
 * once per app context by src/boot.ts):
 * - moderation: the 'review' subject handler (a decision publishes or rejects the review);
 * - commerce orders: a delivered order enqueues its review invitations (in the step's transaction);
 * - commerce pages: the reviews section and JSON-LD of the product page, the rating line of shop
 *   tiles, "review what you bought" on the buyer's order page;
 * - social: the rating of products shown on shoppable posts, under their cards.
 */
import { orderPageExtensions, orderStepListeners, productBadges, productPageExtensions } from '../modules/commerce';
import { moderationSubjects } from '../modules/moderation';
import {
  onOrderStep,
  orderReviewBox,
  postProductRatings,
  productRatingBadge,
  productReviewsSection,
  reviewSubject,
} from '../modules/reputation';
import { statusExtensions } from '../modules/social';

export function registerProductReviews() {
  moderationSubjects.register(reviewSubject);
  orderStepListeners.register({ name: 'review_invitations', onStep: onOrderStep });
  productPageExtensions.register(productReviewsSection);
  productBadges.register(productRatingBadge);
  orderPageExtensions.register(orderReviewBox);
  statusExtensions.register(postProductRatings);
}
