/**
 * GET /live?stream=home|local|tag:<tag>|account:<id>|notifications — Server-Sent Events for our
 * pages. Live events carry ids only; each connection decides whether a post belongs to its
 * stream, hydrates it for its own viewer (so blocks, mutes and visibility apply) and sends the
 * rendered card: `status` {id, html}, `delete` {id}, `notification` {unread, html}.
 */
import { jsx } from 'hono/jsx';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { AppContext } from '../../context';
import type { RouteModule } from '../../http/app';
import { badRequest, unauthorized } from '../../http/errors';
import type { LiveEvent } from '../../lib/events';
import { getAccount } from '../accounts';
import { loadVisible } from './hydrate';
import { streamMembership, type Member, type StatusEvent, type StreamTarget } from './membership';
import { getNotification, unreadCount } from './notifications';
import { normalizeTag } from './text';
import { notificationSubjects } from './notification-subjects';
import { liveConnectionOpened } from '../../lib/metrics';
import { NotificationItem } from './views/notification';
import { StatusCard } from './views/status';
import { actorOf, backTarget, socialContext, UUID, viewContext, type ViewContext } from './web-shared';

export type LiveStream =
  | { kind: 'home' }
  | { kind: 'local' }
  | { kind: 'notifications' }
  | { kind: 'tag'; tag: string }
  | { kind: 'account'; id: string };

export const HEARTBEAT_MS = 15_000;
/** Events waiting for a slow connection beyond this are dropped rather than held in memory. */
const MAX_QUEUE = 500;

export function parseStream(raw: string | undefined): LiveStream | null {
  if (raw === 'home' || raw === 'local' || raw === 'notifications') return { kind: raw };
  if (raw?.startsWith('tag:')) {
    const tag = normalizeTag(raw.slice(4).replace(/^#/, ''));
    return /^[\p{L}\p{M}\p{N}_]{1,100}$/u.test(tag) ? { kind: 'tag', tag } : null;
  }
  if (raw?.startsWith('account:')) {
    const id = raw.slice(8).toLowerCase();
    return UUID.test(id) ? { kind: 'account', id } : null;
  }
  return null;
}

const render = async (node: unknown): Promise<string> =>
  String(await (node as { toString(): string | Promise<string> }).toString());

/** A page stream's target for the one membership test (membership.ts). */
function targetOf(stream: LiveStream): StreamTarget | null {
  if (stream.kind === 'notifications') return null;
  if (stream.kind === 'local') return { kind: 'public' };
  return stream;
}

/** One connection's state and its decisions about each live event: membership.ts decides, this presents cards. */
class LiveConnection {
  private readonly member: ((event: StatusEvent) => Promise<Member | null>) | null;

  constructor(
    private readonly ctx: AppContext,
    private readonly stream: LiveStream,
    private readonly viewerId: string | null,
    private readonly v: ViewContext,
    private readonly out: SSEStreamingApi,
  ) {
    const target = targetOf(stream);
    this.member = target ? streamMembership(ctx, viewerId, target) : null;
  }

  async handle(event: LiveEvent) {
    if (event.type === 'status') return this.status(event);
    if (event.type === 'delete') {
      if (this.stream.kind !== 'notifications')
        await this.out.writeSSE({ event: 'delete', data: JSON.stringify({ id: event.statusId }) });
      return;
    }
    if (event.type === 'notification' && this.viewerId && event.accountId === this.viewerId)
      return this.notification(event.notificationId);
  }

  private async status(event: StatusEvent) {
    const found = this.member ? await this.member(event) : null;
    if (!found) return;
    const html = await render(jsx(StatusCard, { v: this.v, h: found.hydrated, id: found.status.id }));
    if (!html) return;
    await this.out.writeSSE({ event: 'status', data: JSON.stringify({ id: found.status.id, html }) });
  }

  private async notification(notificationId: string) {
    const viewerId = this.viewerId!;
    const social = socialContext(this.ctx);
    const n = await getNotification(social, viewerId, notificationId);
    if (!n) return;
    const [from, loaded, unread, subjects] = await Promise.all([
      getAccount(this.ctx, n.fromAccountId),
      n.statusId ? loadVisible(this.ctx, viewerId, [n.statusId], { keepMuted: true }) : Promise.resolve(null),
      unreadCount(social, viewerId),
      notificationSubjects(this.ctx.db, [n]),
    ]);
    const h = loaded?.hydrated ?? null;
    const html = await render(
      jsx(NotificationItem, { v: this.v, n, from, h, unread: true, subject: subjects.get(n.id) }),
    );
    await this.out.writeSSE({ event: 'notification', data: JSON.stringify({ unread, html }) });
  }
}

export const liveRoutes: RouteModule = (app, ctx) => {
  app.get('/live', async (c) => {
    const stream = parseStream(c.req.query('stream'));
    if (!stream)
      throw badRequest('invalid_stream', 'stream must be home, local, notifications, tag:<tag> or account:<id>');
    const actor = await actorOf(c, ctx);
    if (!actor && (stream.kind === 'home' || stream.kind === 'notifications'))
      throw unauthorized('Log in to follow this stream');
    const viewerId = actor?.actorId ?? null;
    // The cards' forms come back to the page that opened the stream.
    const v = {
      ...viewContext(c, ctx, viewerId),
      back: backTarget(c, undefined, stream.kind === 'home' ? '/home' : '/local'),
    };
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (out) => {
      const queue: LiveEvent[] = [];
      let wake: (() => void) | null = null;
      let open = true;
      const unsubscribe = ctx.events.subscribe((event) => {
        if (queue.length < MAX_QUEUE) queue.push(event);
        wake?.();
      });
      const heartbeat = setInterval(() => void out.write(': heartbeat\n\n'), HEARTBEAT_MS);
      const closed = liveConnectionOpened('pages');
      out.onAbort(() => {
        open = false;
        wake?.();
      });
      const connection = new LiveConnection(ctx, stream, viewerId, v, out);
      try {
        // Subscribed: say so at once (it also flushes the headers through proxies).
        await out.write('retry: 5000\n: connected\n\n');
        while (open && !out.aborted) {
          const event = queue.shift();
          if (!event) {
            await new Promise<void>((resolve) => (wake = resolve));
            wake = null;
            continue;
          }
          try {
            await connection.handle(event);
          } catch {
            // One event that fails to render (a post deleted meanwhile…) must not end the stream.
          }
        }
      } finally {
        clearInterval(heartbeat);
        unsubscribe();
        closed();
      }
    });
  });
};
