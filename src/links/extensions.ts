/**
 * The extension points modules open to each other, gathered on the app context
 * (`ctx.extensions`), and the links that plug into them, registered once per app context by
 * src/boot.ts. A module never registers into another; only src/links/ does.
 */
import type { Clock } from '../lib/clock';
import {
  editionHooks,
  orderPageExtensions,
  orderStepListeners,
  productBadges,
  productPageExtensions,
  registerWithdrawal,
} from '../modules/commerce';
import { moderationSubjects, registerReportSubject } from '../modules/moderation';
import { reviewerLinks } from '../modules/reputation';
import { registerCustomerFileLinks } from './inbox-customers';
import { inboxChannelHandlers } from '../modules/inbox';
import { reviewQuestionHooks } from '../modules/reputation';
import { registerCampaignPopups } from './campaign-popups';
import { registerCommunitySpaces } from './community-spaces';
import { registerCommunityQa } from './community-qa';
import { registerInboxQuestion } from './inbox-question';
import { profileSections, socialActListeners, statusExtensions } from '../modules/social';
import { accountResolvers, profileListeners } from '../modules/accounts';
import { registerFederation } from './federation-social';
import { registerEditions } from './editions';
import { registerContestResults } from './contest-results';
import { registerInboxOrders } from './inbox-orders';
import { registerInboxReviews } from './inbox-reviews';
import { registerInboxSocial } from './inbox-social';
import { registerLinkCards } from './link-cards';
import { registerWatchMatching } from './listening-watches';
import { registerModeratedPosts } from './moderated-posts';
import { registerPlaceProfiles } from './place-profiles';
import { registerPlaceTips } from './place-tips';
import { registerProductReviews } from './product-reviews';
import { registerSalePrices } from './sale-prices';
import { registerShoppablePosts } from './shoppable-posts';
import { registerAmbassadorAttribution } from './ambassador-attribution';
import { registerAmbassadorLedger } from './ambassador-ledger';
import { registerAnalyticsFunnel } from './analytics-funnel';

export type AppExtensions = {
  /** social: what posts carry (products, ratings, moderation gates, watch matching...). */
  statuses: typeof statusExtensions;
  /** moderation: how a decision applies to each kind of subject. */
  moderationSubjects: typeof moderationSubjects;
  /** commerce: product page sections, shop tile badges, order page sections, order step listeners. */
  productPages: typeof productPageExtensions;
  productBadges: typeof productBadges;
  orderPages: typeof orderPageExtensions;
  orderSteps: typeof orderStepListeners;
  /** social: sections other modules add to profile pages (badges, a brand's places). */
  profileSections: typeof profileSections;
  /** commerce: numbered limited editions (campaigns) in paying, stock, catalog writes and order reads. */
  editions: typeof editionHooks;
  /** reputation: links beside a reviewer on the brand's reviews page (the customer's file). */
  reviewerLinks: typeof reviewerLinks;
  /** inbox: how a team's reply goes back through each channel. */
  inboxChannels: typeof inboxChannelHandlers;
  /** reputation: reviews triage routed to customer service. */
  reviewQuestions: typeof reviewQuestionHooks;
  /** social: what accounts do to the graph (follows, likes, reposts, deletions...), told in its transaction. */
  socialActs: typeof socialActListeners;
  /** accounts: profile changes. */
  profiles: typeof profileListeners;
  /** accounts: remote accounts found by handle (search, lookups), told when their profile is shown. */
  accountResolvers: typeof accountResolvers;
};

/** Every link registered on the modules' extension points. Idempotent. */
export function registerLinks(app: { clock: Clock; publicUrl: string; federation: boolean }): AppExtensions {
  const extensions: AppExtensions = {
    statuses: statusExtensions,
    moderationSubjects,
    productPages: productPageExtensions,
    productBadges,
    orderPages: orderPageExtensions,
    orderSteps: orderStepListeners,
    profileSections,
    editions: editionHooks,
    reviewerLinks,
    inboxChannels: inboxChannelHandlers,
    reviewQuestions: reviewQuestionHooks,
    socialActs: socialActListeners,
    profiles: profileListeners,
    accountResolvers,
  };
  // Commerce's own withdrawals: their section on order pages and the order API's `withdrawal` field.
  registerWithdrawal(app);
  // Products on posts, reply-to-buy.
  registerShoppablePosts(extensions);
  // Moderation: triage and hiding of posts in a brand's space, held staff posts; reports.
  registerModeratedPosts(extensions);
  registerReportSubject();
  // Product Q&A: its section (the FAQ) before the reviews' on product pages; its moderation decisions.
  registerCommunityQa(extensions, app);
  // Reviews on product pages, cards and order pages; their moderation decisions; invitations after delivery.
  registerProductReviews(extensions, app);
  // Listening: every public post is matched against the brands' watches.
  registerWatchMatching(extensions);
  // Link previews (Status `card`): other sites fetched by a job, product pages from our own data.
  registerLinkCards(extensions, app.publicUrl);
  // Campaigns: pop-up stores and early access gate the checkout; notices on product and order pages.
  registerCampaignPopups(extensions, app);
  // Campaigns' sales: price history, sale and reference prices wherever commerce shows or charges a price.
  registerSalePrices(app);
  // Tips about places: moderated like reviews (their decisions).
  registerPlaceTips(extensions, app);
  // Places on profiles: badges, a brand's places.
  registerPlaceProfiles(extensions);
  // Numbered limited editions (campaigns): numbers with payments, withdrawals, the product page's counts.
  registerEditions(extensions, app);
  // Contests (campaigns): the result post and its record on the contest, in one transaction.
  registerContestResults(extensions);
  // Community spaces: topics and replies moderated like tips (their decisions).
  registerCommunitySpaces(extensions, app);
  // The customer's file: opened from the brand's order page and reviews page.
  registerCustomerFileLinks(extensions);
  // The inbox's `question` channel: a question opens a conversation, the team's reply is the official answer.
  registerInboxQuestion();
  // Inbox channels: mentions and direct messages, review questions, the order page's thread, returns.
  registerInboxSocial(extensions);
  registerInboxReviews(extensions, app);
  registerInboxOrders(extensions, app);
  // Ambassadors: attribution at checkout, the order page's and API's ambassador, the brand profile's link.
  registerAmbassadorAttribution(extensions);
  // Ambassadors' commissions: pending when paid, payable after the return window, reversed by refunds.
  registerAmbassadorLedger(extensions, app);
  // Analytics: the like-to-buy funnel (reach of shoppable posts, cards opened, checkouts, paid orders, refunds).
  registerAnalyticsFunnel(extensions, app);
  // Federation: our accounts' acts, profiles and posts delivered over ActivityPub (off with COMPTOIR_FEDERATION=0).
  registerFederation(extensions, app);
  return extensions;
}
