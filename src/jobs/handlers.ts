import type { AppContext } from '../context';
import { deliverWebhook, expireOrder, handleOrderEvent, handleOrderPayments } from '../modules/commerce';
import { runWithdrawalChecks } from '../modules/commerce';
import { announceStatus, fetchCard, notifyPollEnded, runPublished } from '../modules/social';
import { sendInvitations } from '../modules/reputation';
import { deliverAlert, runHourly, runReviewScan } from '../modules/listening';
import { fetchSource, runSourcesTick } from '../modules/listening';
import { runContestDraw } from '../modules/campaigns';
import { closePopup, openPopup } from '../modules/campaigns';
import { runMayorSweep } from '../modules/places';
import { chargePresale, closePresaleAtDeadline, lapsePledge } from '../modules/campaigns';
import { deliverReply, wakeConversation } from '../modules/inbox';
import { matureCommissions } from '../modules/ambassadors';
import { runLadderCollector } from '../modules/analytics';
import { runSentimentScan } from '../modules/analytics';
import { runReachPurge } from '../modules/analytics';
import { cacheRemoteMedia, copyRemoteImages, runFederationTask, sendAct } from '../modules/federation';
import { publishPost, sendActorActivity, sendActorDelete, sendFlag } from '../modules/federation';
import {
  announcePrivacyRequest,
  buildExport,
  eraseAccountData,
  purgeExpiredExports,
  runRetention,
} from '../modules/privacy';
import type { TypedJobHandlers } from './kinds';

/** Every job kind and the module function that runs it. */
export function jobHandlers(ctx: AppContext): TypedJobHandlers {
  const social = { db: ctx.db, config: ctx.config, events: ctx.events };
  return {
    'poll.ended': (payload) => notifyPollEnded(social, payload.pollId),
    'order.expire': (payload) => expireOrder(ctx, payload.orderId, payload.key),
    // An order step: in-app notification and e-mail to the buyer, webhooks to the brand.
    'order.event': (payload) => handleOrderEvent(ctx, payload),
    // Captures, voids and refunds the provider has not confirmed yet (retried with backoff).
    'order.payments': (payload) => handleOrderPayments(ctx, payload),
    // Withdrawals: the team reminded 3 days before a refund is due, late ones flagged (hourly).
    'withdrawals.checks': () => runWithdrawalChecks(ctx),
    'webhook.deliver': (payload) => deliverWebhook(ctx, payload.deliveryId),
    // Privacy: the brands concerned by a customer's erasure or data request get their webhook.
    'privacy.request': (payload) => announcePrivacyRequest(ctx.db, payload.requestId),
    // A person's data archive: built, stored, its owner told; expired ones deleted every hour.
    'privacy.export': (payload) => buildExport(ctx, payload.exportId),
    'privacy.exports_purge': async () => void (await purgeExpiredExports(ctx)),
    // Privacy: what is kept only for a while removed once past its retention (docs/privacy.md).
    'privacy.retention': async () => void (await runRetention(ctx)),
    'privacy.erase': (payload) => eraseAccountData(ctx, payload),
    // After a post is committed: linked modules' follow-ups (reply-to-buy), see social/extensions.ts.
    'status.published': (payload) => runPublished(ctx, payload),
    // A post shown after it was written (a held staff post approved): live streams hear of it now.
    'status.announce': async (payload) => {
      await announceStatus(ctx, payload.statusId);
      // A held post, approved: it reaches other servers now (it was kept back while held).
      if (ctx.config.federation) await publishPost(ctx, payload.statusId);
    },
    // A link preview (Status card) fetched once the post is committed, see social/cards.ts.
    'card.fetch': (payload) => fetchCard(ctx, payload),
    // After delivery: one invitation to review per order line (notification and e-mail), idempotent.
    'review.invite': async (payload) => void (await sendInvitations(ctx, payload)),
    // Listening: a watch alert on its channels; the hourly crisis checks and daily digests.
    'watch.alert': (payload) => deliverAlert(ctx, payload.alertId),
    'watches.hourly': () => runHourly(ctx),
    // Reviews published since the last scan (every 10 s), matched against the watches.
    'watches.reviews': () => runReviewScan(ctx),
    // Outside sources: one feed fetched (conditional GET, new items stored once); due sources queued every 10 s.
    'source.fetch': async (payload) => void (await fetchSource(ctx, payload.sourceId)),
    'sources.tick': () => runSourcesTick(ctx),
    // A contest's end: the verifiable draw, then the brand's post announcing it (campaigns/contests).
    'contest.draw': (payload) => runContestDraw(ctx, payload),
    // Campaigns: a pop-up store opens (post, notices) and closes (unpaid orders through it dropped).
    'popup.open': (payload) => openPopup(ctx, payload.popupId),
    'popup.close': (payload) => closePopup(ctx, payload.popupId),
    // Places: mayors recomputed when check-ins leave the 60-day window (once a Paris day).
    'places.mayors': () => runMayorSweep(ctx),
    // Pre-sales: charge every pledge at the threshold, fail at the deadline, lapse declined pledges.
    'presale.charge': (payload) => chargePresale(ctx, payload.presaleId),
    'presale.deadline': (payload) => closePresaleAtDeadline(ctx, payload.presaleId),
    'presale.lapse': (payload) => lapsePledge(ctx, payload.pledgeId),
    // Inbox: a team's reply goes back through its channel; a snoozed conversation comes back.
    'inbox.deliver': (payload) => deliverReply(ctx, payload.messageId),
    'inbox.wake': async (payload) => void (await wakeConversation(ctx, payload.conversationId)),
    // Ambassadors: commissions payable after the return window (safe to run again).
    'ambassadors.mature': async (payload) => void (await matureCommissions(ctx, payload.orderId)),
    // Analytics: interactions with brands collected, the engagement ladder's rollup and snapshots refreshed.
    'analytics.ladder': () => runLadderCollector(ctx),
    // Analytics: listening's new matches recounted into the brands' daily sentiment (roi/sentiment.ts).
    'analytics.sentiment': () => runSentimentScan(ctx),
    // Analytics: the funnel's reach de-duplication forgets every day before today (salts, then rows).
    'analytics.reach_purge': () => runReachPurge(ctx),
    // Federation: Fedify's queued tasks (fan-out, deliveries, received activities) and our acts to send.
    'federation.task': (payload) => runFederationTask(ctx, payload),
    'federation.send': (payload) => sendAct(ctx, payload),
    'federation.media': (payload) => cacheRemoteMedia(ctx, payload),
    'federation.images': (payload) => copyRemoteImages(ctx, payload),
    'federation.actor': (payload) => sendActorActivity(ctx, payload),
    'federation.delete_actor': (payload) => sendActorDelete(ctx, payload),
    'federation.flag': (payload) => sendFlag(ctx, payload),
  };
}
