import type { SocialAct } from '../modules/social';
/**
 * Every job kind and the payload it carries: `enqueue` checks a payload against its kind, and
 * `jobHandlers` (handlers.ts) must handle every kind with a function taking that payload.
 * Payloads are stored as JSON: ids and plain values only.
 */
export type JobPayloads = {
  /** A poll's end: its voters and author are notified. */
  'poll.ended': { pollId: string };
  /** An unpaid order's deadline: stock back, authorization voided, the request's key let go. */
  'order.expire': { orderId: string; key?: { scope: string; principal: string; key: string } };
  /** An order step: in-app notification and e-mail to the buyer, webhooks to the brand. */
  'order.event': { orderId: string; event: string; eventId?: string };
  /** Captures, voids and refunds the provider has not confirmed yet. */
  'order.payments': { orderId: string };
  /** Recurring (hourly): withdrawals whose refund is due in 3 days (team reminded) or late (flagged). */
  'withdrawals.checks': Record<string, never>;
  'webhook.deliver': { deliveryId: string };
  /** Privacy: a brand told of a customer's erasure or data request (webhook `customer.redact` / `customer.data_request`). */
  'privacy.request': { requestId: string };
  /** Privacy: a person's data archive built (ZIP in the media store), then its owner told (safe to run again). */
  'privacy.export': { exportId: string };
  /** Recurring (hourly): data archives past their 7 days deleted, file and row. */
  'privacy.exports_purge': Record<string, never>;
  /** Recurring (hourly): sign-in attempts, IP addresses, expired sessions and tokens, abandoned carts past their retention. */
  'privacy.retention': Record<string, never>;
  /** Privacy: a closed account's personal data erased from every table (safe to run again). */
  'privacy.erase': { accountId: string; files?: string[]; sweep?: boolean };
  /** After a post is committed: linked modules' follow-ups named by the post's extensions. */
  'status.published': { statusId: string; extensions?: string[] };
  /** A post shown after it was written (a held staff post approved). */
  'status.announce': { statusId: string };
  /** A link preview (Status card) fetched once the post is committed. */
  'card.fetch': { url: string };
  /** After delivery: invitations to review an order's lines. */
  'review.invite': { orderId: string };
  'watch.alert': { alertId: string };
  /** Recurring: crisis checks and daily digests. */
  'watches.hourly': Record<string, never>;
  /** Recurring: reviews published since the last scan, matched against the watches. */
  'watches.reviews': Record<string, never>;
  /** Listening: one outside source (feed) fetched, its new items stored once (sources/fetch.ts). */
  'source.fetch': { sourceId: string };
  /** Recurring: sources due for a fetch (and listened to by a brand) get their `source.fetch` queued. */
  'sources.tick': Record<string, never>;
  /** A contest's end: its draw, the winners told, the result posted by the brand. */
  'contest.draw': { contestId: string };
  /** A pop-up store's opening (campaigns): the brand's post, then a notice to each subscriber. */
  'popup.open': { popupId: string };
  /** A pop-up store's closing: orders through it still unpaid are dropped. */
  'popup.close': { popupId: string };
  /** Recurring (hourly, work once a Paris day): mayors of places whose check-ins left the 60-day window. */
  'places.mayors': Record<string, never>;
  /** A pre-sale reached its threshold: charge every pledge still pledged (safe to run again). */
  'presale.charge': { presaleId: string };
  /** A pre-sale's deadline: below its threshold it fails and every pledge is cancelled. */
  'presale.deadline': { presaleId: string };
  /** 48 h after a declined charge: the pledge lapses unless another card was given. */
  'presale.lapse': { pledgeId: string };
  /** Inbox: a team's reply delivered through its conversation's channel (safe to run again). */
  'inbox.deliver': { messageId: string };
  /** Inbox: a snoozed conversation whose time has come is open again. */
  'inbox.wake': { conversationId: string };
  /** Ambassadors: an order's pending commissions become payable once its return window has passed. */
  'ambassadors.mature': { orderId: string };
  /** Recurring (every 20 s): interactions with brands since the last run, the ladder's rollup and snapshots. */
  'analytics.ladder': Record<string, never>;
  /** Recurring (every 30 s): listening's new matches recounted into the brands' daily sentiment. */
  'analytics.sentiment': Record<string, never>;
  /** Recurring (hourly): the funnel forgets the days before today's (reach de-duplication and salts). */
  'analytics.reach_purge': Record<string, never>;
  /** Federation: one of Fedify's queued tasks (a fan-out, a delivery to one inbox, a received activity). */
  'federation.task': { message: unknown };
  /** Federation: a local account's social act, turned into an activity and sent (federation/outbox). */
  'federation.send': { act: SocialAct; poll?: boolean };
  /** Federation: a remote post's image fetched (outbound rules, size limit) and stored here (federation/inbound). */
  'federation.media': { mediaId: string };
  /** Federation: a remote account's avatar and header copied into our media store (never hotlinked). */
  'federation.images': { accountId: string };
  /** Federation: a local account's actor sent to its followers' servers (profile Update, or Move). */
  'federation.actor': { accountId: string; activity: 'update' | 'move' };
  /** Federation: a closed account's actor deleted on its followers' servers (recipients taken at closing). */
  'federation.delete_actor': {
    accountId: string;
    actor: string;
    recipients: { id: string; inbox: string; shared: string | null }[];
  };
  /** Federation: a report about a remote account forwarded to its server as a Flag from our server's actor. */
  'federation.flag': { accountId: string; statusIds: string[]; comment: string };
};

export type JobKind = keyof JobPayloads;

/** The kinds kept scheduled with `keepScheduled`: they carry no payload. */
export type RecurringJobKind = { [K in JobKind]: JobPayloads[K] extends Record<string, never> ? K : never }[JobKind];

/** A handler for every kind, each taking its kind's payload. */
export type TypedJobHandlers = { [K in JobKind]: (payload: JobPayloads[K]) => Promise<void> };
