// The reputation module's public face: reviews (writing, moderation decisions, listing, aggregates, invitations).
export {
  createReview,
  editReview,
  withdrawReview,
  replyToReview,
  voteHelpful,
  getReview,
  listQuestions,
  confidentlyClean,
  type ReviewsContext,
  type ReviewRow,
} from './service';
export { reviewsToAnswer } from './counts';
export { brandRatingSummary, ratingSummary, ratingSummaries, recomputedSummary, type RatingSummary } from './aggregate';
export {
  brandReviewIds,
  productReviewIds,
  hydrateReviews,
  reviewSorts,
  type ReviewSort,
  type HydratedReview,
} from './listing';
export { reviewSubject, applyDecision, describeReviews } from './decisions';
export { sendInvitations, onOrderStep, type InvitationContext } from './invitations';
// What reviews add to other modules' pages and posts, registered by src/links/product-reviews.ts.
export { orderReviewBox, productRatingBadge, productReviewsSection } from './web-extensions';
export { reviewerLinks, type ReviewerLink, type ReviewerLinkMaker } from './team-links';
// Customer-service questions (reviews triage routed there) reach the inbox through src/links/inbox-reviews.ts.
export { reviewQuestionHooks, type ReviewQuestion, type ReviewQuestionHook } from './question-hooks';
export { withdrawReviewsOf } from './review-author-changes';
