import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app';
import { uuidv7 } from '../db/ids';
import { products, shortLinks, variants } from '../db/schema';
import { buyerWithCard, orderBody, shop } from '../../test/support/orders';
import { receiveCustomerMessage } from '../modules/inbox';
import { listenToFeeds } from '../modules/listening';
import { grantPlatformRole } from '../modules/moderation';
import { buildExport } from '../modules/privacy';
import { appToken } from '../modules/social/api-test-support';
import type { OpenApiDocument } from './openapi';
import { operationsOf, responseChecker, type Operation } from './openapi.testkit';

/**
 * Real responses against the document: every GET route of the document is called with ids from a
 * small world made through the API, and its body is checked against the schema declared for its
 * status; every write that builds the world (a sample of POSTs) is checked the same way.
 */

/** GET routes that may answer an error to the world's callers (the error is still checked against its schema). */
// The SEPA file of a brand that recorded no SEPA payout is a 422 (a pain.001 holds at least one transfer).
const ANSWERS_AN_ERROR = new Set<string>(['GET /api/v1/brands/{id}/ambassador_payouts.xml']);

let t: TestApp;
let doc: OpenApiDocument;
let check: ReturnType<typeof responseChecker>;
const problems: string[] = [];
const ids: Record<string, string> = {};
let tokens: string[] = [];

/** The documented operation for a concrete method and path, if any. */
function operationFor(method: string, path: string): Operation | undefined {
  const bare = path.split('?')[0];
  const matches = operationsOf(doc).filter(
    (o) => o.method === method.toLowerCase() && new RegExp(`^${o.path.replace(/\{\w+\}/g, '[^/]+')}$`).test(bare),
  );
  // A literal segment wins over a parameter, as in the router: /reviews/mine is not /reviews/{id}.
  return matches.sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0))[0];
}

/** A request whose response is checked against the document when the route is described there. */
async function call(method: string, path: string, token?: string, body?: unknown) {
  const res = await t.call(method, path, { token, body });
  const text = await res.text();
  const data = (res.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : text;
  const operation = operationFor(method, path);
  const problem = operation && check(operation.op, res.status, data);
  if (problem) problems.push(`${method} ${path} → ${res.status}: ${problem}`);
  if (res.status >= 500) problems.push(`${method} ${path} → ${res.status}`);
  return { status: res.status, data };
}

async function build() {
  const s = await shop(t, { stock: 50 });
  const buyer = await buyerWithCard(t, 'tok_visa', { password: 'correct horse battery' });
  const app = await appToken(t);
  tokens = [s.ownerToken, buyer.token, app];
  Object.assign(ids, {
    brand: s.brand.id,
    product: s.productId,
    variant: s.variantId,
    owner: s.owner.id,
    method: buyer.methodId,
  });
  ids.username = s.owner.username;
  ids.brandUsername = s.brand.username;
  const created = async (key: string, method: string, path: string, token: string, body?: unknown) => {
    const res = await call(method, path, token, body);
    if (res.status < 300 && res.data?.id) ids[key] = res.data.id;
    return res;
  };
  // With the brand's product: a shoppable post, so that its funnel (GET /api/v1/statuses/{id}/funnel) answers too.
  await created('status', 'POST', '/api/v1/statuses', s.ownerToken, {
    status: 'Le comté 24 mois est là #fromage',
    product_ids: [s.productId],
  });
  await created('popup', 'POST', `/api/v1/brands/${s.brand.id}/popups`, s.ownerToken, {
    title: 'Pop-up',
    starts_at: new Date(Date.now() + 3_600_000).toISOString(),
    ends_at: new Date(Date.now() + 7_200_000).toISOString(),
    product_ids: [s.productId],
  });
  const poll = await call('POST', '/api/v1/statuses', s.ownerToken, {
    status: 'Lequel ?',
    poll: { options: ['Comté', 'Beaufort'], expires_in: 3600 },
  });
  if (poll.data?.poll?.id) ids.poll = poll.data.poll.id;
  await created('order', 'POST', '/api/v1/orders', buyer.token, orderBody(s.variantId, buyer.methodId));
  // Ambassadors: the brand's programme, the buyer its ambassador with a product link.
  await call('POST', `/api/v1/brands/${s.brand.id}/ambassador_program`, s.ownerToken, {
    commission_percent: 10,
    window_days: 30,
  });
  await created('ambassador', 'POST', `/api/v1/brands/${s.brand.id}/ambassadors`, s.ownerToken, {
    account_id: buyer.id,
  });
  const refLink = await call('POST', `/api/v1/ambassadors/${ids.ambassador}/links`, buyer.token, {
    product_id: s.productId,
  });
  if (refLink.data?.code) ids.refCode = refLink.data.code;
  await created('review', 'POST', `/api/v1/products/${s.productId}/reviews`, buyer.token, {
    rating: 4,
    body: 'Fondant et fruité, très bon comté.',
  });
  const watch = await created('watch', 'POST', `/api/v1/brands/${s.brand.id}/watches`, s.ownerToken, {
    name: 'Comté',
    query: 'comté',
  });
  if (watch.data?.rss_url) ids.feedToken = new URL(watch.data.rss_url).searchParams.get('token') ?? '';
  await created('list', 'POST', '/api/v1/lists', s.ownerToken, { title: 'Fromagers' });
  // A contest, drawn (the clock moved past its end and back), so that its draw answers 200.
  const ends_at = new Date(t.clock.now().getTime() + 3600_000).toISOString();
  const contest = { title: 'Concours', rules: 'Tirage au sort.', entry: { kind: 'form' }, ends_at, winners: 1 };
  await created('contest', 'POST', `/api/v1/brands/${s.brand.id}/contests`, s.ownerToken, contest);
  t.clock.advance(7_200_000);
  await call('GET', `/api/v1/contests/${ids.contest}/draw`, s.ownerToken);
  t.clock.advance(-7_200_000);
  await created('place', 'POST', `/api/v1/brands/${s.brand.id}/places`, s.ownerToken, {
    name: 'Maison Lin',
    address: '12 rue Mercière',
    lat: 45.7606,
    lon: 4.8323,
  });
  await call('POST', `/api/v1/places/${ids.place}/checkins`, buyer.token, { lat: 45.7606, lon: 4.8323 });
  await created('space', 'POST', `/api/v1/brands/${s.brand.id}/spaces`, s.ownerToken, {
    name: 'Le comptoir',
    visibility: 'public',
  });
  await created('topic', 'POST', `/api/v1/spaces/${ids.space}/topics`, s.ownerToken, {
    title: 'Bienvenue',
    text: 'Vos questions',
  });
  await created('collection', 'POST', `/api/v1/brands/${s.brand.id}/collections`, s.ownerToken, {
    title: 'Fromages',
    name: 'Fromages',
  });
  await created('priceRule', 'POST', `/api/v1/brands/${s.brand.id}/price_rules`, s.ownerToken, {
    label: 'Soldes d’hiver',
    kind: 'percent',
    value: 20,
    starts_at: new Date(Date.now() - 60_000).toISOString(),
    ends_at: new Date(Date.now() + 86_400_000).toISOString(),
  });
  await created('webhook', 'POST', `/api/v1/brands/${s.brand.id}/webhooks`, s.ownerToken, {
    url: 'https://example.com/hook',
  });
  // A pre-sale of a draft product (campaigns).
  const draft = uuidv7();
  await t.ctx.db.insert(products).values({ id: draft, brandId: s.brand.id, title: 'Tomme à venir', status: 'draft' });
  await t.ctx.db.insert(variants).values({
    ...{ id: uuidv7(), productId: draft, brandId: s.brand.id, sku: 'TOM-1', priceAmount: 900, currency: 'EUR' },
  });
  const deadline = new Date(Date.now() + 86_400_000).toISOString();
  await created('presale', 'POST', `/api/v1/brands/${s.brand.id}/presales`, s.ownerToken, {
    ...{ product_id: draft, threshold_units: 10, deadline },
  });
  await call('POST', `/api/v1/accounts/${s.owner.id}/follow`, buyer.token);
  await call('POST', `/api/v1/statuses/${ids.status}/favourite`, buyer.token);
  const notifications = await call('GET', '/api/v1/notifications', s.ownerToken);
  if (Array.isArray(notifications.data) && notifications.data[0]) ids.notification = notifications.data[0].id;
  const queue = await call('GET', `/api/v1/brands/${s.brand.id}/moderation/queue`, s.ownerToken);
  if (Array.isArray(queue.data) && queue.data[0]) ids.item = queue.data[0].id;
  const image = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c63' } })
    .png()
    .toBuffer();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(image)], { type: 'image/png' }), 'comte.png');
  const media = await t.call('POST', '/api/v2/media', { token: s.ownerToken, body: form });
  if (media.status < 300) ids.media = ((await media.json()) as { id: string }).id;
  // A post with a link gets a short link (/s/{code}).
  const linked = { status: 'Notre fiche : https://example.com/comte', visibility: 'public' };
  await t.call('POST', '/api/v1/statuses', { token: s.ownerToken, body: linked });
  const [link] = await t.ctx.db.select({ code: shortLinks.code }).from(shortLinks).limit(1);
  if (link) ids.shortCode = link.code;
  // An inbox conversation and a saved reply (inbox).
  const received = await receiveCustomerMessage(t.ctx.db, {
    ...{
      brandId: s.brand.id,
      customerId: buyer.id,
      channel: 'direct',
      threadKey: 'doc',
      text: 'Bonjour',
      at: new Date(),
    },
  });
  ids.conversation = received.conversationId;
  await created('savedReply', 'POST', `/api/v1/brands/${s.brand.id}/saved-replies`, s.ownerToken, {
    ...{ title: 'Merci', text: 'Merci {{first_name}} !' },
  });
  // An outside source (listening), added as an OPML import adds it: nothing is fetched.
  await listenToFeeds(t.ctx, s.owner.id, s.brand.id, [{ url: 'https://blog.example/feed.xml', name: 'Blog' }]);
  ids.source = (await call('GET', `/api/v1/brands/${s.brand.id}/sources`, s.ownerToken)).data[0].id;
  // A data archive of the buyer's, built by its job: its id and its download link's token.
  await created('export', 'POST', '/api/v1/account/exports', buyer.token, { password: 'correct horse battery' });
  await buildExport(t.ctx, ids.export);
  const archive = await call('GET', `/api/v1/account/exports/${ids.export}`, buyer.token);
  ids.exportToken = new URL(archive.data.url).pathname.split('/').pop() ?? '';
  // A sample of other writes, each checked against the document like the ones above, and expected to succeed.
  await grantPlatformRole(t.ctx.db, s.owner.username);
  ids.domainBlock = 'spam.example';
  const sample: [string, string, string, unknown][] = [
    ['POST', '/api/v1/brands', s.ownerToken, { username: `maison_${Date.now() % 100000}`, display_name: 'Maison' }],
    ['PATCH', `/api/v1/brands/${s.brand.id}/watches/${ids.watch}`, s.ownerToken, { alert_mode: 'digest' }],
    ['PUT', `/api/v1/brands/${s.brand.id}/moderation/policy`, s.ownerToken, { max_delay_hours: 24 }],
    ['POST', '/api/v1/reports', buyer.token, { account_id: s.owner.id, status_ids: [ids.status], category: 'spam' }],
    ['POST', `/api/v1/moderation/items/${ids.item}/approve`, s.ownerToken, {}],
    ['POST', '/api/v1/admin/domain_blocks', s.ownerToken, { domain: 'spam.example', severity: 'silence' }],
    ['POST', `/api/v1/reviews/${ids.review}/helpful`, s.ownerToken, undefined],
    ['POST', `/api/v1/inbox/conversations/${ids.conversation}/messages`, s.ownerToken, { text: 'Bonjour !' }],
    ['POST', `/api/v1/inbox/conversations/${ids.conversation}/assign`, s.ownerToken, { account_id: s.owner.id }],
    ['POST', `/api/v1/inbox/conversations/${ids.conversation}/presence`, s.ownerToken, { typing: true }],
    ['PATCH', `/api/v1/sources/${ids.source}`, s.ownerToken, { name: 'Blog du comté' }],
    ['POST', `/api/v1/sources/${ids.source}/fetch`, s.ownerToken, undefined],
  ];
  for (const [method, path, token, body] of sample) {
    const { status, data } = await call(method, path, token, body);
    if (status >= 300) problems.push(`${method} ${path} → ${status}: ${JSON.stringify(data).slice(0, 200)}`);
  }
}

/** A real value for each path parameter, from the segment before it. */
const PARAMS: Record<string, string> = {
  'brands/id': 'brand',
  'watches/watch_id': 'watch',
  'members/account_id': 'owner',
  'collections/collection_id': 'collection',
  'webhooks/webhook_id': 'webhook',
  'accounts/id': 'owner',
  'products/id': 'product',
  'reviews/id': 'review',
  'items/id': 'item',
  'orders/id': 'order',
  'statuses/id': 'status',
  'lists/id': 'list',
  'list/id': 'list',
  'notifications/id': 'notification',
  'media/id': 'media',
  'polls/id': 'poll',
  's/code': 'shortCode',
  'r/code': 'refCode',
  'ambassadors/id': 'ambassador',
  'variants/id': 'variant',
  'payment_methods/id': 'method',
  'contests/id': 'contest',
  'popups/id': 'popup',
  'price_rules/id': 'priceRule',
  'places/id': 'place',
  'presales/id': 'presale',
  'conversations/id': 'conversation',
  'replies/reply_id': 'savedReply',
  'spaces/id': 'space',
  'topics/id': 'topic',
  'customers/account_id': 'owner',
  'domain_blocks/domain': 'domainBlock',
  'sources/id': 'source',
  'exports/id': 'export',
  'exports/token': 'exportToken',
};
const QUERY: Record<string, () => string> = {
  q: () => 'comté',
  acct: () => ids.username,
  token: () => ids.feedToken,
  hashtag: () => 'fromage',
  lat: () => '45.76',
  lon: () => '4.83',
  // oEmbed: the brand's page (its reviews widget).
  url: () => `http://localhost:3000/@${ids.brandUsername}`,
};

function concrete(path: string, op: Record<string, any>): string {
  const filled = path.replace(/([\w.]+)\/\{(\w+)\}/g, (_all, segment: string, name: string) => {
    const key = PARAMS[`${segment}/${name}`];
    return `${segment}/${name === 'hashtag' ? 'fromage' : ((key && ids[key]) ?? uuidv7())}`;
  });
  const query = ((op.parameters ?? []) as { name: string; in: string; required?: boolean }[])
    .filter((p) => p.in === 'query' && (p.required || QUERY[p.name]))
    .map((p) => `${p.name}=${encodeURIComponent(QUERY[p.name]?.() ?? 'x')}`);
  return query.length ? `${filled}?${query.join('&')}` : filled;
}

beforeAll(async () => {
  t = await createTestApp();
  doc = (await (await t.call('GET', '/api/openapi.json')).json()) as OpenApiDocument;
  check = responseChecker(doc);
  await build();
});
afterAll(() => t.close());

describe('real responses match the document', () => {
  it('every GET route, with real ids; and the writes that built the world', async () => {
    const failing: string[] = [];
    const gets = operationsOf(doc).filter((o) => o.method === 'get' && !o.path.includes('/streaming'));
    for (const { path, op } of gets) {
      const url = concrete(path, op);
      let status = 0;
      for (const token of op['x-auth'] === 'none' ? [undefined] : tokens) {
        status = (await call('GET', url, token)).status;
        if (status < 400) break;
      }
      if (status >= 400 && !ANSWERS_AN_ERROR.has(`GET ${path}`)) failing.push(`GET ${url} → ${status}`);
    }
    expect(problems).toEqual([]);
    expect(failing).toEqual([]);
    expect(gets.length).toBeGreaterThan(50);
  });
});
