/**
 * Mastodon's streaming API over Server-Sent Events. Each connection subscribes to the live event
 * bus (ids only); membership.ts decides whether a post belongs to the stream (the same test as
 * our pages' live.ts, through the timeline rules), and this presents it as a Mastodon entity.
 */
import { streamSSE } from 'hono/streaming';
import type { AppContext } from '../../context';
import type { RouteModule } from '../../http/app';
import { mount } from '../../http/contract';
import { badRequest, forbidden, unauthorized } from '../../http/errors';
import { viewerOf } from '../../http/middleware';
import type { LiveEvent } from '../../lib/events';
import { liveConnectionOpened } from '../../lib/metrics';
import { presentNotifications } from './notifications-present';
import { type Ctx, normalizeTagParam } from './api-shared';
import { getList, type List } from './lists';
import { streamMembership, type StreamTarget } from './membership';
import { streamingContracts } from './api-contracts-streaming';
import { getNotification } from './notifications';
import { presentStatus } from './present';

export type StreamName =
  | 'user'
  | 'user:notification'
  | 'public'
  | 'public:media'
  | 'public:local'
  | 'public:local:media'
  | 'public:remote'
  | 'public:remote:media'
  | 'hashtag'
  | 'hashtag:local'
  | 'list';
const STREAMS: readonly StreamName[] = [
  'user',
  'user:notification',
  'public',
  'public:media',
  'public:local',
  'public:local:media',
  'public:remote',
  'public:remote:media',
  'hashtag',
  'hashtag:local',
  'list',
];

export const HEARTBEAT_MS = 15_000;
/** Events waiting for a slow client beyond this are dropped rather than held in memory. */
const MAX_PENDING = 200;

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
  if (accountId && !granted.split(' ').some((s) => s === 'read' || s.startsWith('read:')))
    throw forbidden('insufficient_scope', 'Streaming needs the read scope');
  return accountId;
}

/** A stream and its parameter: the tag of a hashtag stream, the id of a list stream. */
export type Stream = { name: StreamName; tag: string | null };

export function parseStream(name: string | undefined, params: { tag?: string; list?: string }): Stream {
  if (!name || !(STREAMS as readonly string[]).includes(name))
    throw badRequest('unknown_stream', `Unknown stream; use one of ${STREAMS.join(', ')}`);
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

/** A Mastodon stream's target for the one membership test (membership.ts). */
function targetOf(stream: Stream, list: List | null): StreamTarget | null {
  const { name } = stream;
  if (name === 'user:notification') return null;
  if (name === 'user') return { kind: 'home' };
  if (list) return { kind: 'list', list };
  if (name.startsWith('hashtag')) return { kind: 'tag', tag: stream.tag! };
  return { kind: 'public', media: name.endsWith(':media'), remote: name.startsWith('public:remote') };
}

/** One message for a client: Mastodon's event name and its payload (JSON text, or a bare id for `delete`). */
export type StreamMessage = { event: 'update' | 'notification' | 'delete'; payload: string };

/**
 * What one viewer's stream makes of each live event, whatever carries it (SSE or WebSocket):
 * the message to send, or null when the event is not for this stream or this viewer.
 */
export async function streamHandler(
  ctx: AppContext,
  viewerId: string | null,
  stream: Stream,
): Promise<(event: LiveEvent) => Promise<StreamMessage | null>> {
  if ((stream.name.startsWith('user') || stream.name === 'list') && !viewerId)
    throw unauthorized('This stream requires an authenticated user');
  // A list stream: the viewer's own list (404 otherwise).
  const list = stream.name === 'list' ? await getList(ctx.db, viewerId!, stream.tag!) : null;
  const target = targetOf(stream, list);
  const member = target ? streamMembership(ctx, viewerId, target) : null;
  const wantsNotifications = stream.name === 'user' || stream.name === 'user:notification';

  return async (event) => {
    if (event.type === 'notification') {
      if (!wantsNotifications || event.accountId !== viewerId) return null;
      const row = await getNotification(ctx, viewerId, event.notificationId);
      if (!row) return null;
      const [presented] = await presentNotifications(ctx, viewerId, [row]);
      return presented ? { event: 'notification', payload: JSON.stringify(presented) } : null;
    }
    if (!member) return null;
    if (event.type === 'delete') return { event: 'delete', payload: event.statusId };
    const found = await member(event);
    const presented = found ? presentStatus(ctx.config, found.hydrated, found.status.id) : null;
    return presented ? { event: 'update', payload: JSON.stringify(presented) } : null;
  };
}

/**
 * Runs `deliver` for each live event, one at a time (the client sees them in the order they
 * happened), dropping events beyond MAX_PENDING for a slow client. Returns the unsubscribe.
 */
export function followEvents(
  ctx: Pick<AppContext, 'events'>,
  isOpen: () => boolean,
  deliver: (event: LiveEvent) => Promise<void>,
): () => void {
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
    const unsubscribe = followEvents(
      ctx,
      () => !sse.aborted && !sse.closed,
      async (event) => {
        const message = await handle(event);
        if (message) await sse.writeSSE({ event: message.event, data: message.payload });
      },
    );
    const heartbeat = setInterval(() => void sse.write(':thump\n\n'), HEARTBEAT_MS);
    const closed = liveConnectionOpened('sse');
    try {
      await sse.write(':)\n\n');
      if (!sse.aborted) await disconnected;
    } finally {
      clearInterval(heartbeat);
      unsubscribe();
      closed();
    }
  });
}

export const streamingRoutes: RouteModule = (app, ctx) => {
  const contracts = streamingContracts();
  mount(app, contracts.health, (c) => c.text('OK', 200));
  for (const { name, contract } of contracts.each)
    mount(app, contract, async (c) => {
      const { tag, list } = c.req.valid('query');
      return openStream(c, ctx, await streamViewer(c, ctx), parseStream(name, { tag, list }));
    });
  mount(app, contracts.any, async (c) => {
    const { stream, tag, list } = c.req.valid('query');
    return openStream(c, ctx, await streamViewer(c, ctx), parseStream(stream, { tag, list }));
  });
};
