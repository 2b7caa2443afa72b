/**
 * Webhooks: a brand registers HTTPS endpoints for order events. Each event becomes one delivery
 * row per subscribed endpoint and one `webhook.deliver` job; the job POSTs the JSON payload with
 *
 *   Comptoir-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
 *
 * (the Stripe scheme: the receiver recomputes the HMAC over the timestamp and the raw body, and
 * refuses old timestamps to stop replays). A non-2xx answer, a timeout (10 s) or a network error
 * is recorded on the delivery row and the queue retries with its backoff, up to 8 attempts.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Config } from '../../../config';
import { queryRows, type Db, type DbOrTx } from '../../../db/client';
import { isUuid, uuidv7 } from '../../../db/ids';
import { badRequest, notFound, unprocessable } from '../../../http/errors';
import { enqueue } from '../../../jobs/queue';
import { isPrivateAddress, normalizeHost, postOutbound } from '../../../lib/outbound';
import { assertTeam, webhookEventNames } from '../orders';
import { webhookDeliveries, webhookEndpoints } from '../schema';

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type WebhooksContext = {
  db: Db;
  config: Pick<Config, 'webhooksAllowLocal'> & Partial<Pick<Config, 'outboundAllowLocal'>>;
};

export const WEBHOOK_TIMEOUT_MS = 10_000;
/** The jobs table's default max_attempts: after that many, a delivery is marked failed. */
export const WEBHOOK_MAX_ATTEMPTS = 8;
export const MAX_ENDPOINTS_PER_BRAND = 10;
export const SIGNATURE_HEADER = 'Comptoir-Signature';

// Signing -----------------------------------------------------------------------------------------

export function signWebhook(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/** What a receiver does: recompute the HMAC, compare in constant time, refuse stale timestamps. */
export function verifyWebhook(
  secret: string,
  body: string,
  header: string | null | undefined,
  toleranceSeconds = 300,
  now = Date.now(),
): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(now / 1000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
  const given = Buffer.from(parts.v1);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

// Endpoints ---------------------------------------------------------------------------------------

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);
/** The loopback as a connection sees it (`LOCALHOST.`, `0x7f000001` and `[::1]` included). */
const isLoopbackHost = (hostname: string) => LOCAL_HOSTS.has(normalizeHost(hostname));

/**
 * HTTPS only, to a public host: the host is normalised (case, trailing dot, IDN, IPv4 written in
 * hex or octal, IPv6 forms) and refused in any special-use range or local name (outbound.ts).
 * `http://localhost` and `http://127.0.0.1` are accepted only when the operator allows it
 * (COMPTOIR_WEBHOOKS_ALLOW_LOCAL=1, or COMPTOIR_OUTBOUND_ALLOW_LOCAL=1 for every outgoing request)
 * or under the test runner. Delivery checks again, on the
 * addresses the name resolves to then.
 */
export function checkWebhookUrl(
  raw: unknown,
  config: Pick<Config, 'webhooksAllowLocal'> & Partial<Pick<Config, 'outboundAllowLocal'>>,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (typeof raw !== 'string' || !raw.trim()) throw unprocessable('invalid_url', 'url is required', { field: 'url' });
  if (raw.length > 2000) throw unprocessable('invalid_url', 'url has at most 2000 characters', { field: 'url' });
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw unprocessable('invalid_url', 'url is not a valid address', { field: 'url' });
  }
  if (url.username || url.password)
    throw unprocessable('invalid_url', 'url must not carry credentials; the signature authenticates us', {
      field: 'url',
    });
  const allowLocal = config.webhooksAllowLocal || config.outboundAllowLocal === true || env.NODE_ENV === 'test';
  const local = isLoopbackHost(url.hostname);
  if (url.protocol === 'http:' && local && allowLocal) return url.toString();
  if (url.protocol !== 'https:')
    throw unprocessable('insecure_url', 'Webhook endpoints must use https://', { field: 'url' });
  if (isPrivateAddress(url.hostname) && !(local && allowLocal))
    throw unprocessable('private_url', 'Webhook endpoints must be reachable on the public internet', { field: 'url' });
  return url.toString();
}

export function checkWebhookEvents(raw: unknown): string[] {
  if (raw === undefined || raw === null || raw === '') return [...webhookEventNames];
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : null;
  if (!list || list.length === 0)
    throw badRequest('invalid_param', 'events is a list of event names', { field: 'events' });
  const events = [...new Set(list.map((e) => (typeof e === 'string' ? e.trim() : '')))];
  for (const e of events) {
    if (e !== '*' && !(webhookEventNames as readonly string[]).includes(e)) {
      throw unprocessable('invalid_event', `Unknown event "${e}" (one of ${webhookEventNames.join(', ')}, or *)`, {
        field: 'events',
      });
    }
  }
  return events;
}

/** Registers an endpoint; the secret is returned here only, once. Owner or admin. */
export async function createWebhookEndpoint(
  ctx: WebhooksContext,
  actorId: string,
  brandId: string,
  input: { url?: unknown; events?: unknown },
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  await assertTeam(ctx.db, actorId, brandId, 'editProfile');
  const url = checkWebhookUrl(input.url, ctx.config);
  const events = checkWebhookEvents(input.events);
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const endpoint = await ctx.db.transaction(async (tx) => {
    const [{ n }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.brandId, brandId));
    if (n >= MAX_ENDPOINTS_PER_BRAND)
      throw unprocessable('too_many_webhooks', `At most ${MAX_ENDPOINTS_PER_BRAND} webhook endpoints per brand`);
    const [row] = await tx.insert(webhookEndpoints).values({ id: uuidv7(), brandId, url, secret, events }).returning();
    return row;
  });
  return { endpoint, secret };
}

export async function listWebhookEndpoints(
  ctx: Pick<WebhooksContext, 'db'>,
  actorId: string,
  brandId: string,
): Promise<WebhookEndpoint[]> {
  await assertTeam(ctx.db, actorId, brandId, 'editProfile');
  return ctx.db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.brandId, brandId))
    .orderBy(desc(webhookEndpoints.id));
}

async function ownEndpoint(db: Db, brandId: string, endpointId: string): Promise<WebhookEndpoint> {
  if (!isUuid(endpointId)) throw notFound('Webhook endpoint');
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.brandId, brandId)));
  if (!row) throw notFound('Webhook endpoint');
  return row;
}

/** Removes an endpoint and its delivery log; its pending jobs find nothing and stop. */
export async function deleteWebhookEndpoint(
  ctx: Pick<WebhooksContext, 'db'>,
  actorId: string,
  brandId: string,
  endpointId: string,
) {
  await assertTeam(ctx.db, actorId, brandId, 'editProfile');
  await ownEndpoint(ctx.db, brandId, endpointId);
  await ctx.db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId));
}

/** The endpoint's deliveries, newest first (keyset on the id). */
export async function listDeliveries(
  ctx: Pick<WebhooksContext, 'db'>,
  actorId: string,
  brandId: string,
  endpointId: string,
  page: { maxId?: string; limit?: number } = {},
): Promise<WebhookDelivery[]> {
  await assertTeam(ctx.db, actorId, brandId, 'editProfile');
  await ownEndpoint(ctx.db, brandId, endpointId);
  if (page.maxId !== undefined && !isUuid(page.maxId))
    throw badRequest('invalid_param', 'max_id must be an id', { field: 'max_id' });
  const limit = Math.min(Math.max(page.limit ?? 20, 1), 100);
  return ctx.db
    .select()
    .from(webhookDeliveries)
    .where(
      and(eq(webhookDeliveries.endpointId, endpointId), page.maxId ? lt(webhookDeliveries.id, page.maxId) : undefined),
    )
    .orderBy(desc(webhookDeliveries.id))
    .limit(limit);
}

// Fan-out and delivery ------------------------------------------------------------------------------

/**
 * The delivery id of one event for one endpoint, the same every time it is computed: a job that
 * runs twice inserts nothing new. It keeps the UUIDv7 layout, with the event's own time, so
 * delivery lists still sort by time.
 */
export function deliveryIdFor(eventId: string, endpointId: string): string {
  const hash = createHash('sha256').update(`${endpointId}:${eventId}`).digest();
  const bytes = Buffer.alloc(16);
  Buffer.from(eventId.replace(/-/g, '').slice(0, 12), 'hex').copy(bytes, 0);
  hash.copy(bytes, 6, 0, 10);
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** One delivery (and one job) per active endpoint of the brand subscribed to `event`. */
export async function fanOutWebhooks(
  db: Db,
  input: { brandId: string; event: string; eventId: string; data: Record<string, unknown>; createdAt: Date },
): Promise<number> {
  return db.transaction(async (tx) => {
    const endpoints = await queryRows<{ id: string }>(
      tx,
      sql`select id from webhook_endpoints where brand_id = ${input.brandId} and active and (${input.event} = any(events) or '*' = any(events))`,
    );
    let created = 0;
    for (const endpoint of endpoints) {
      const id = deliveryIdFor(input.eventId, endpoint.id);
      const payload = { id, type: input.event, created_at: input.createdAt.toISOString(), data: input.data };
      const inserted = await queryRows<{ id: string }>(
        tx,
        sql`insert into webhook_deliveries (id, endpoint_id, event, payload) values (${id}, ${endpoint.id}, ${input.event}, ${JSON.stringify(payload)}::jsonb)
            on conflict (id) do nothing returning id`,
      );
      if (inserted.length) {
        await enqueue(tx, 'webhook.deliver', { deliveryId: id });
        created++;
      }
    }
    return created;
  });
}

async function recordAttempt(
  db: DbOrTx,
  id: string,
  outcome: { ok: boolean; statusCode: number | null; error: string | null },
) {
  await queryRows(
    db,
    sql`update webhook_deliveries set attempts = attempts + 1, last_status_code = ${outcome.statusCode}, last_error = ${outcome.error},
          status = case when ${outcome.ok} then 'delivered' when attempts + 1 >= ${WEBHOOK_MAX_ATTEMPTS} then 'failed' else 'pending' end,
          delivered_at = case when ${outcome.ok} then now() else delivered_at end
        where id = ${id}`,
  );
}

/**
 * Job `webhook.deliver`: one attempt. Throws on failure so the queue retries with backoff; a
 * delivered, deleted or disabled one is left alone.
 */
export async function deliverWebhook(
  ctx: WebhooksContext,
  deliveryId: string,
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
) {
  const [row] = await queryRows<{
    status: string;
    event: string;
    payload: unknown;
    url: string;
    secret: string;
    active: boolean;
  }>(
    ctx.db,
    sql`select d.status, d.event, d.payload, e.url, e.secret, e.active from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id where d.id = ${deliveryId}`,
  );
  if (!row || row.status === 'delivered') return;
  if (!row.active) {
    await queryRows(
      ctx.db,
      sql`update webhook_deliveries set status = 'failed', last_error = 'endpoint disabled' where id = ${deliveryId}`,
    );
    return;
  }
  const payload = typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload;
  const body = JSON.stringify(payload);
  let outcome: { ok: boolean; statusCode: number | null; error: string | null };
  try {
    checkWebhookUrl(row.url, ctx.config);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Comptoir-Webhooks/1.0',
      [SIGNATURE_HEADER]: signWebhook(row.secret, body),
      'Comptoir-Event': row.event,
      'Comptoir-Delivery': deliveryId,
    };
    const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
    const allowPrivate =
      isLoopbackHost(new URL(row.url).hostname) &&
      (ctx.config.webhooksAllowLocal || ctx.config.outboundAllowLocal || process.env.NODE_ENV === 'test');
    // The connection itself checks the address it reaches (a name may resolve elsewhere by now).
    const response = options.fetch
      ? await options
          .fetch(row.url, { method: 'POST', body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs), headers })
          .then(async (r) => (await r.body?.cancel().catch(() => {}), r))
      : { status: await postOutbound(row.url, body, headers, { timeoutMs, allowPrivate }) };
    const ok = response.status >= 200 && response.status < 300;
    outcome = { ok, statusCode: response.status, error: ok ? null : `HTTP ${response.status}` };
  } catch (error) {
    const e = error as Error & { code?: string; cause?: { code?: string } };
    const message =
      e?.name === 'TimeoutError'
        ? `timeout after ${(options.timeoutMs ?? WEBHOOK_TIMEOUT_MS) / 1000} s`
        : `${e?.cause?.code ?? e?.code ?? e?.name ?? 'Error'}: ${e?.message ?? String(error)}`;
    outcome = { ok: false, statusCode: null, error: message.slice(0, 500) };
  }
  await recordAttempt(ctx.db, deliveryId, outcome);
  if (!outcome.ok) throw new Error(`Webhook delivery ${deliveryId} failed: ${outcome.error}`);
}
