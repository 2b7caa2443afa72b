/**
 * Search over HTTP:
 * - `GET /api/v2/search`: Mastodon's endpoint and shape (accounts, statuses, hashtags), errors in
 *   Mastodon's `{"error": "..."}` shape; statuses are full Status entities from social's pipeline.
 * - `GET /api/v1/search`: ours, over every kind (posts, reviews, products, accounts, hashtags),
 *   with highlighted excerpts as segments `{text, mark}` (never HTML).
 */
import type { Context } from 'hono';
import { isUuid } from '../../../db/ids';
import type { RouteModule } from '../../../http/app';
import { badRequest } from '../../../http/errors';
import { viewerOf } from '../../../http/middleware';
import { errors, ref, registerOperations, registerSchema } from '../../../http/openapi';
import { bool, int, queryParams, str, type Params } from '../../../http/params';
import type { AppEnv } from '../../../http/types';
import { presentAccount, profileUrl, type UrlContext } from '../../accounts';
import { presentStatuses, presentTag, statusUrl } from '../../social';
import { parseQuery, type ParsedQuery } from './query';
import { searchEverything, type SearchResults } from './results';
import { MAX_OFFSET, RELEVANCE_POOL, searchTypes, type SearchOptions, type SearchSort, type SearchType } from './service';

type Ctx = Context<AppEnv>;

/** The q parameter, parsed (400 invalid_query naming the problem). */
function queryOf(params: Params): ParsedQuery {
  const q = str(params, 'q');
  if (q === undefined) throw badRequest('invalid_query', 'q is required: the text to search for');
  return parseQuery(q);
}

function optionsOf(c: Ctx, params: Params): SearchOptions {
  const sort = str(params, 'sort') ?? 'relevance';
  if (sort !== 'relevance' && sort !== 'newest') throw badRequest('invalid_param', 'sort must be relevance or newest');
  const maxId = str(params, 'max_id');
  if (maxId && !isUuid(maxId)) throw badRequest('invalid_param', 'max_id must be an id from a previous page (a UUID)');
  return {
    viewerId: viewerOf(c)?.accountId ?? null,
    sort: sort as SearchSort,
    limit: int(params, 'limit', { min: 1, max: 40 }) ?? 20,
    offset: int(params, 'offset', { min: 0, max: MAX_OFFSET }) ?? 0,
    maxId: maxId?.toLowerCase(),
  };
}

/** type=statuses,reviews or type[]=…; absent means every kind. */
function typesOf(params: Params, allowed: readonly SearchType[]): SearchType[] {
  const raw = params.type ?? params['type[]'];
  if (raw === undefined || raw === null || raw === '') return [...allowed];
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(','));
  for (const v of values) if (!allowed.includes(v as SearchType)) throw badRequest('invalid_param', `type must be one of ${allowed.join(', ')}`);
  return [...new Set(values)] as SearchType[];
}

const tagUrl = (ctx: UrlContext, name: string) => `${ctx.publicUrl}/tags/${encodeURIComponent(name)}`;

/** Our JSON for GET /api/v1/search. */
export function presentResults(ctx: UrlContext, r: SearchResults) {
  return {
    statuses: r.statuses.flatMap((hit) => {
      const s = r.hydrated?.statuses.get(hit.id);
      const a = s && r.hydrated?.accounts.get(s.accountId);
      if (!s || !a) return [];
      return [
        {
          id: s.id,
          url: statusUrl(ctx, a, s.id),
          created_at: s.createdAt.toISOString(),
          language: s.language,
          in_reply_to_id: s.inReplyToId,
          account: { id: a.id, username: a.username, display_name: a.displayName, kind: a.kind, url: profileUrl(ctx, a) },
          highlight: hit.highlight,
        },
      ];
    }),
    reviews: r.reviews.map((h) => ({
      id: h.id,
      rating: h.rating,
      published_at: h.publishedAt?.toISOString() ?? null,
      product: { id: h.product.id, title: h.product.title, url: `${ctx.publicUrl}/@${h.product.brandUsername}/products/${h.product.id}` },
      author: { id: h.author.id, username: h.author.username, display_name: h.author.displayName },
      title: h.title,
      highlight: h.highlight,
    })),
    products: r.products.map((h) => ({
      id: h.id,
      url: `${ctx.publicUrl}/@${h.brand.username}/products/${h.id}`,
      title: h.title,
      highlight: h.highlight,
      brand: { id: h.brand.id, username: h.brand.username, display_name: h.brand.displayName },
    })),
    accounts: r.accounts.map((h) => ({
      id: h.account.id,
      username: h.account.username,
      display_name: h.account.displayName,
      kind: h.account.kind,
      url: profileUrl(ctx, h.account),
      followers_count: h.account.followersCount,
      name: h.name,
    })),
    hashtags: r.hashtags.map((h) => ({ name: h.name, url: tagUrl(ctx, h.name), uses: h.uses })),
  };
}

/** Mastodon's search, mounted on the Mastodon sub-app. */
export const mastodonSearchRoutes: RouteModule = (app, ctx) => {
  app.get('/api/v2/search', async (c) => {
    const params = queryParams(c);
    const q = queryOf(params);
    const options = optionsOf(c, params);
    let types = typesOf(params, ['accounts', 'statuses', 'hashtags']);
    // account_id: statuses of one account (Mastodon's filter), as from: does.
    const accountId = str(params, 'account_id');
    if (accountId !== undefined && accountId !== '') {
      if (!isUuid(accountId)) throw badRequest('invalid_param', 'account_id must be an account id');
      types = types.filter((t) => t === 'statuses');
    }
    bool(params, 'resolve'); // Only local content exists: nothing to resolve, but the value must be valid.
    const following = bool(params, 'following') ?? false;
    const results = await searchEverything(ctx, q, types, { ...options, following, accountId: accountId ? accountId.toLowerCase() : undefined });
    return c.json({
      accounts: results.accounts.map((h) => presentAccount(ctx.config, h.account)),
      statuses: results.hydrated ? presentStatuses(ctx.config, results.hydrated, results.statuses.map((s) => s.id)) : [],
      hashtags: results.hashtags.map((h) => presentTag(ctx.config, h.name)),
    });
  });
};

export const searchApiRoutes: RouteModule = (app, ctx) => {
  app.get('/api/v1/search', async (c) => {
    const params = queryParams(c);
    const q = queryOf(params);
    const options = optionsOf(c, params);
    const types = typesOf(params, searchTypes);
    const results = await searchEverything(ctx, q, types, options);
    return c.json({ q: q.source, sort: options.sort, ...presentResults(ctx.config, results) });
  });
};

// OpenAPI ----------------------------------------------------------------------------------------

const segments = registerSchema('SearchHighlight', {
  type: 'array',
  description: 'Plain-text segments of an excerpt; `mark: true` ones matched the query. Render them as text (escaped), marking the matched ones.',
  items: { type: 'object', properties: { text: { type: 'string' }, mark: { type: 'boolean' } }, required: ['text', 'mark'] },
});
const queryDoc =
  'Words (all required; French and English stemming, accents and case ignored), "phrases", OR, -exclusion, (groups), #tag, @handle (mentions), from:handle, has:product, has:media, lang:fr|en, since:YYYY-MM-DD, until:YYYY-MM-DD, rating:<=2 (reviews only). A malformed query is a 400 invalid_query whose message names the problem.';
const searchParams = [
  { name: 'q', in: 'query' as const, required: true, description: queryDoc },
  { name: 'limit', in: 'query' as const, description: 'Per kind, 1 to 40 (default 20)', schema: { type: 'integer' } },
  { name: 'offset', in: 'query' as const, description: `Skip this many results of each kind (at most ${MAX_OFFSET})`, schema: { type: 'integer' } },
];

registerOperations([
  {
    method: 'get',
    path: '/api/v2/search',
    tags: ['Mastodon: search'],
    summary: 'Search accounts, statuses and hashtags (Mastodon)',
    description:
      'Mastodon-compatible (https://docs.joinmastodon.org/methods/search/#v2), answered by Comptoir’s search engine: statuses are public posts and replies, ranked by relevance. Errors use Mastodon’s `{"error": "..."}` shape.',
    auth: 'optional',
    parameters: [
      ...searchParams,
      { name: 'type', in: 'query', description: 'accounts, statuses or hashtags (default: all three)' },
      { name: 'account_id', in: 'query', description: 'Only statuses by this account' },
      { name: 'resolve', in: 'query', description: 'Accepted; only local content exists', schema: { type: 'boolean' } },
      { name: 'following', in: 'query', description: 'Only accounts the caller follows', schema: { type: 'boolean' } },
    ],
    responses: {
      200: { description: 'Mastodon Search entity', schema: ref('Search') },
      400: { description: 'Malformed query: Mastodon error with error_code invalid_query', schema: ref('MastodonError') },
    },
  },
  {
    method: 'get',
    path: '/api/v1/search',
    tags: ['Search'],
    summary: 'Search everything public, with highlights',
    description: 'Public posts and replies, published reviews, published products, accounts and brand pages, hashtags. A signed-in caller’s blocks and mutes apply.',
    auth: 'optional',
    parameters: [
      ...searchParams,
      { name: 'type', in: 'query', description: `Comma-separated kinds among ${searchTypes.join(', ')} (default: all)` },
      { name: 'sort', in: 'query', description: `relevance (default: ts_rank_cd over the newest ${RELEVANCE_POOL} matches, newest first on ties) or newest` },
      { name: 'max_id', in: 'query', description: 'With sort=newest: results older than this id (keyset paging)' },
    ],
    responses: {
      200: {
        description: 'Results by kind',
        schema: {
          type: 'object',
          properties: {
            q: { type: 'string' },
            sort: { type: 'string' },
            statuses: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, url: { type: 'string' }, created_at: { type: 'string' }, account: { type: 'object' }, highlight: segments } } },
            reviews: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, rating: { type: 'integer' }, product: { type: 'object' }, title: segments, highlight: segments } } },
            products: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, url: { type: 'string' }, title: segments, highlight: segments, brand: { type: 'object' } } } },
            accounts: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, username: { type: 'string' }, kind: { type: 'string' }, name: segments } } },
            hashtags: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, url: { type: 'string' }, uses: { type: 'integer' } } } },
          },
        },
      },
      ...errors(400),
    },
  },
]);
