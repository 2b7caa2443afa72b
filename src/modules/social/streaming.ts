/**
 * Mastodon's streaming API over Server-Sent Events. Each connection subscribes to the live event
 * bus (ids only) and hydrates every event for its own viewer through the timeline rules (blocks,
 * mutes, visibility), so a stream never shows what the matching timeline would not.
 */
import { and, eq, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { streamSSE } from 'hono/streaming';
import type { AppContext } from '../../context';
import type { RouteModule } from '../../http/app';
import { badRequest, forbidden, unauthorized } from '../../http/errors';
import { viewerOf } from '../../http/middleware';
import type { LiveEvent } from '../../lib/events';
import { presentNotifications } from './api-notifications';
import type { Ctx } from './api-shared';
import { normalizeTagParam } from './api-timelines';
import { loadVisible, type Hydrated } from './hydrate';
import { getNotification } from './notifications';
import type { Status } from './posts';
import { presentStatus } from './present';
import { exclusivelyListed, getList } from './lists';
import { follows } from './schema';

export type StreamName = 'user' | 'user:notification' | 'public' | 'public:media' | 'public:local' | 'public:local:media' | 'public:remote' | 'public:remote:media' | 'hashtag' | 'hashtag:local' | 'list';
const STREAMS: readonly StreamName[] = ['user', 'user:notification', 'public', 'public:media', 'public:local', 'public:local:media', 'public:remote', 'public:remote:media', 'hashtag', 'hashtag:local', 'list'];

export const HEARTBEAT_MS = 15_000;
/** Events waiting for a slow client beyond this are dropped rather than held in memory. */
const MAX_PENDING = 200;
/** How long a connection trusts its list of followed accounts before reloading it. */
const FOLLOWING_TTL_MS = 3_000;

/** The viewer of a stream: a bearer header or session (already resolved), or `?access_token=`. */
async function streamViewer(c: Ctx, ctx: AppContext): Promise<string | null> {
  const viewer = viewerOf(c);
  const scopes = viewer?.scopes;
  let accountId = viewer?.accountId ?? null;
  let granted = scopes ?? '';
  if (!viewer) {
    const token = c.req.query('access_token');
    if (token) {
      const info = await ctx.tokens.submit(token);
      if (!info) throw unauthorized('The access token is invalid');
      accountId = info.accountId;
      granted = info.scopes;
    }
  }
  if (accountId && !granted.split(' ').some((s) => s === 'read' || s.startsWith('read:'))) throw forbidden('insufficient_scope', 'Streaming needs the read scope');
  return accountId;
}

/** A stream and its parameter: the tag of a hashtag stream, the id of a list stream. */
export type Stream = { name: StreamName; tag: string | null };

export function parseStream(name: string | undefined, params: { tag?: string; list?: string }): Stream {
  if (!name || !(STREAMS as readonly string[]).includes(name)) throw badRequest('unknown_stream', `Unknown stream; use one of ${STREAMS.join(', ')}`);
  const stream = name as StreamName;
  const tag = params.tag;
  if (stream === 'list') {
    if (!params.list) throw badRequest('missing_param', 'The list stream needs a list parameter');
    return { name: stream, tag: params.list };
  }
  if (stream.startsWith('hashtag')) {
    if (!tag) throw badRequest('missing_param', 'The hashtag streams need a tag parameter');
    return { name: stream, tag: normalizeTagParam(tag) };
  }
  return { name: stream, tag: null };
}

/** The rules of the timeline a stream mirrors, for a post that passed the viewer's rules. */
function belongs(stream: Stream, h: Hydrated, status: Status, viewerId: string | null, following: Set<string>): boolean {
  const { name } = stream;
  if (name === 'user') {
    if (status.visibility === 'direct') return false;
    if (status.accountId !== viewerId && !following.has(status.accountId)) return false;
    const replyTo = status.inReplyToAccountId;
    return !replyTo || replyTo === viewerId || replyTo === status.accountId || following.has(replyTo);
  }
  if (status.visibility !== 'public') return false;
  if (name.startsWith('hashtag')) return !status.reblogOfId && (h.tags.get(status.id) ?? []).includes(stream.tag!);
  // Every post is local for now: the remote streams stay silent until federation lands.
  if (name.startsWith('public:remote')) return false;
  if (status.reblogOfId || status.inReplyToId) return false;
  return !name.endsWith(':media') || (h.media.get(status.id)?.length ?? 0) > 0;
}

/** One message for a client: Mastodon's event name and its payload (JSON text, or a bare id for `delete`). */
export type StreamMessage = { event: 'update' | 'notification' | 'delete'; payload: string };

/**
 * What one viewer's stream makes of each live event, whatever carries it (SSE or WebSocket):
 * the message to send, or null when the event is not for this stream or this viewer.
 */
export async function streamHandler(ctx: AppContext, viewerId: string | null, stream: Stream): Promise<(event: LiveEvent) => Promise<StreamMessage | null>> {
  if ((stream.name.startsWith('user') || stream.name === 'list') && !viewerId) throw unauthorized('This stream requires an authenticated user');
  // A list stream: the viewer's own list (404 otherwise), its members reloaded now and then.
  const list = stream.name === 'list' ? await getList(ctx.db, viewerId!, stream.tag!) : null;
  let members = new Set<string>();
  let membersAt = 0;
  const members_ = async () => {
    if (list && Date.now() - membersAt > FOLLOWING_TTL_MS) {
      const rows = await queryRows<{ account_id: string }>(ctx.db, sql`select account_id from list_accounts where list_id = ${list.id}`);
      members = new Set(rows.map((r) => r.account_id));
      membersAt = Date.now();
    }
    return members;
  };
  const wantsStatuses = stream.name !== 'user:notification';
  const wantsNotifications = stream.name === 'user' || stream.name === 'user:notification';

  let following = new Set<string>();
  let followingAt = 0;
  // Accounts read in one of the viewer's exclusive lists: the user stream leaves them out, as home does.
  let exclusive = new Set<string>();
  const follows_ = async (authorId: string): Promise<Set<string>> => {
    if (!viewerId) return following;
    if (Date.now() - followingAt > FOLLOWING_TTL_MS) {
      const rows = await ctx.db.select({ id: follows.followeeId }).from(follows).where(eq(follows.followerId, viewerId));
      following = new Set(rows.map((r) => r.id));
      if (stream.name === 'user') exclusive = await exclusivelyListed(ctx.db, viewerId);
      followingAt = Date.now();
    } else if (!following.has(authorId)) {
      // A follow made a moment ago shows at once; an unfollow within the TTL.
      const [row] = await ctx.db.select({ id: follows.followeeId }).from(follows).where(and(eq(follows.followerId, viewerId), eq(follows.followeeId, authorId)));
      if (row) following.add(authorId);
    }
    return following;
  };

  return async (event) => {
    if (event.type === 'notification') {
      if (!wantsNotifications || event.accountId !== viewerId) return null;
      const row = await getNotification(ctx, viewerId, event.notificationId);
      if (!row) return null;
      const [presented] = await presentNotifications(ctx, viewerId, [row]);
      return presented ? { event: 'notification', payload: JSON.stringify(presented) } : null;
    }
    if (!wantsStatuses) return null;
    if (event.type === 'delete') return { event: 'delete', payload: event.statusId };
    if (stream.name === 'user') {
      if (event.accountId !== viewerId && (!(await follows_(event.accountId)).has(event.accountId) || exclusive.has(event.accountId))) return null;
    } else if (list) {
      if (event.visibility === 'direct' || !(await members_()).has(event.accountId)) return null;
    } else if (event.visibility !== 'public' || (stream.tag && !event.tags.includes(stream.tag))) return null;
    const { hydrated, ids } = await loadVisible(ctx, viewerId, [event.statusId]);
    const status = ids.length ? hydrated.statuses.get(event.statusId) : undefined;
    if (!status) return null;
    let followed = new Set<string>();
    if (stream.name === 'user') {
      followed = await follows_(status.accountId);
      if (status.inReplyToAccountId) followed = await follows_(status.inReplyToAccountId);
    }
    if (list) {
      // The replies the list's timeline shows (listSkeleton's rule).
      const to = status.inReplyToAccountId;
      const shown = !to || to === viewerId || to === status.accountId || (list.repliesPolicy === 'list' && (await members_()).has(to)) || (list.repliesPolicy === 'followed' && (await follows_(to)).has(to));
      if (!shown) return null;
    } else if (!belongs(stream, hydrated, status, viewerId, followed)) return null;
    const presented = presentStatus(ctx.config, hydrated, status.id);
    return presented ? { event: 'update', payload: JSON.stringify(presented) } : null;
  };
}

/**
 * Runs `deliver` for each live event, one at a time (the client sees them in the order they
 * happened), dropping events beyond MAX_PENDING for a slow client. Returns the unsubscribe.
 */
export function followEvents(ctx: Pick<AppContext, 'events'>, isOpen: () => boolean, deliver: (event: LiveEvent) => Promise<void>): () => void {
  let queue = Promise.resolve();
  let pending = 0;
  return ctx.events.subscribe((event) => {
    if (!isOpen() || pending >= MAX_PENDING) return;
    pending++;
    queue = queue
      .then(() => deliver(event))
      .catch(() => {})
      .finally(() => pending--);
  });
}

async function openStream(c: Ctx, ctx: AppContext, viewerId: string | null, stream: Stream) {
  const handle = await streamHandler(ctx, viewerId, stream);
  return streamSSE(c, async (sse) => {
    const disconnected = new Promise<void>((resolve) => sse.onAbort(resolve));
    c.req.raw.signal?.addEventListener('abort', () => sse.abort());
    const unsubscribe = followEvents(ctx, () => !sse.aborted && !sse.closed, async (event) => {
      const message = await handle(event);
      if (message) await sse.writeSSE({ event: message.event, data: message.payload });
    });
    const heartbeat = setInterval(() => void sse.write(':thump\n\n'), HEARTBEAT_MS);
    try {
      await sse.write(':)\n\n');
      if (!sse.aborted) await disconnected;
    } finally {
      clearInterval(heartbeat);
      unsubscribe();
    }
  });
}

export const streamingRoutes: RouteModule = (app, ctx) => {
  app.get('/api/v1/streaming/health', (c) => c.text('OK'));

  const paths: [string, StreamName][] = [
    ['user', 'user'],
    ['user/notification', 'user:notification'],
    ['public', 'public'],
    ['public/media', 'public:media'],
    ['public/local', 'public:local'],
    ['public/local/media', 'public:local:media'],
    ['public/remote', 'public:remote'],
    ['public/remote/media', 'public:remote:media'],
    ['hashtag', 'hashtag'],
    ['hashtag/local', 'hashtag:local'],
    ['list', 'list'],
  ];
  for (const [path, name] of paths) {
    app.get(`/api/v1/streaming/${path}`, async (c) => {
      const stream = parseStream(name, { tag: c.req.query('tag'), list: c.req.query('list') });
      return openStream(c, ctx, await streamViewer(c, ctx), stream);
    });
  }
  app.get('/api/v1/streaming', async (c) => {
    const stream = parseStream(c.req.query('stream'), { tag: c.req.query('tag'), list: c.req.query('list') });
    return openStream(c, ctx, await streamViewer(c, ctx), stream);
  });
};
