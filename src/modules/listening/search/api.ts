/**
 * Search over HTTP:
 * - `GET /api/v2/search`: Mastodon's endpoint and shape (accounts, statuses, hashtags), errors in
 *   Mastodon's `{"error": "..."}` shape; statuses are full Status entities from social's pipeline.
 * - `GET /api/v1/search`: ours, over every kind (posts, reviews, products, accounts, hashtags),
 *   with highlighted excerpts as segments `{text, mark}` (never HTML).
 */
import { z } from 'zod';
import { isUuid } from '../../../db/ids';
import type { RouteModule } from '../../../http/app';
import { failures, flag, int, json, list, mastodonFailures, mount, route } from '../../../http/contract';
import { viewerOf } from '../../../http/middleware';
import { AccountEntity, presentAccount, profileUrl, type UrlContext } from '../../accounts';
import { presentStatuses, presentTag, statusUrl, TagEntity, tagUrl } from '../../social';
import { includeOptions, searchOutsideItems, type OutsideHit } from './outside';
import { parseQuery } from './query';
import { remoteAccountOf, withAccountFirst } from './remote';
import { searchEverything, type SearchResults } from './results';
import { MAX_OFFSET, RELEVANCE_POOL, remoteFilters, searchTypes, type SearchOptions } from './service';
import { forReads } from '../../../context';

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
          account: {
            id: a.id,
            username: a.username,
            display_name: a.displayName,
            kind: a.kind,
            url: profileUrl(ctx, a),
          },
          highlight: hit.highlight,
        },
      ];
    }),
    reviews: r.reviews.map((h) => ({
      id: h.id,
      rating: h.rating,
      published_at: h.publishedAt?.toISOString() ?? null,
      product: {
        id: h.product.id,
        title: h.product.title,
        url: `${ctx.publicUrl}/@${h.product.brandUsername}/products/${h.product.id}`,
      },
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

/** Items read from the viewer's brands' outside sources (asked for with include=outside). */
export const presentOutside = (hits: OutsideHit[]) =>
  hits.map((h) => ({
    id: h.id,
    url: h.url,
    title: h.title,
    language: h.language,
    published_at: h.publishedAt.toISOString(),
    source: h.source,
    brand: h.brand,
    highlight: h.highlight,
  }));

// Contracts ------------------------------------------------------------------------------------------

const Segments = z.array(z.object({ text: z.string(), mark: z.boolean() })).meta({
  id: 'SearchHighlight',
  description:
    'Plain-text segments of an excerpt; `mark: true` ones matched the query. Render them as text (escaped), ' +
    'marking the matched ones.',
});
const time = z.string().meta({ format: 'date-time' });
const person = { id: z.string(), username: z.string(), display_name: z.string() };
const Results = z.object({
  q: z.string(),
  sort: z.enum(['relevance', 'newest']),
  statuses: z.array(
    z.object({
      id: z.string(),
      url: z.string(),
      created_at: time,
      language: z.string().nullable(),
      in_reply_to_id: z.string().nullable(),
      account: z.object({ ...person, kind: z.enum(['person', 'brand']), url: z.string() }),
      highlight: Segments,
    }),
  ),
  reviews: z.array(
    z.object({
      id: z.string(),
      rating: z.number().int(),
      published_at: time.nullable(),
      product: z.object({ id: z.string(), title: z.string(), url: z.string() }),
      author: z.object(person),
      title: Segments,
      highlight: Segments,
    }),
  ),
  products: z.array(
    z.object({ id: z.string(), url: z.string(), title: Segments, highlight: Segments, brand: z.object(person) }),
  ),
  accounts: z.array(
    z.object({
      ...person,
      kind: z.enum(['person', 'brand']),
      url: z.string(),
      followers_count: z.number().int(),
      name: Segments,
    }),
  ),
  hashtags: z.array(z.object({ name: z.string(), url: z.string(), uses: z.number().int() })),
  outside: z
    .array(
      z.object({
        id: z.string(),
        url: z.string().nullable().meta({ description: 'The item’s page on the outside site' }),
        title: z.string(),
        language: z.string().nullable(),
        published_at: time,
        source: z.object({ id: z.string(), name: z.string() }).meta({ description: 'The brand’s source' }),
        brand: z.object({ id: z.string(), username: z.string() }),
        highlight: Segments,
      }),
    )
    .optional()
    .meta({
      description:
        'With include=outside: items read from the outside sources (feeds) of the brands the caller is on the ' +
        'team of, newest first; empty for anyone else',
    }),
});

// The Mastodon Search entity (social's SearchEntity describes it in full in the document's components);
// statuses are presented by social's presenter, typed loosely here.
const MastodonSearch = z.object({
  accounts: z.array(AccountEntity),
  statuses: z.array(z.looseObject({ id: z.string() }).meta({ description: 'Mastodon Status entity' })),
  hashtags: z.array(TagEntity),
});

const queryDoc =
  'Words (all required; French and English stemming, accents and case ignored), "phrases", OR, -exclusion, ' +
  '(groups), #tag, @handle (mentions), from:handle, has:product, has:media, lang:fr|en, since:YYYY-MM-DD, ' +
  'until:YYYY-MM-DD, rating:<=2 (reviews only). A malformed query is a 400 invalid_query whose message names ' +
  'the problem.';
const common = {
  q: z.string().meta({ description: queryDoc }),
  limit: int(1, 40, 'Per kind, 1 to 40 (default 20)'),
  offset: int(0, MAX_OFFSET, `Skip this many results of each kind (at most ${MAX_OFFSET})`),
  sort: z
    .enum(['relevance', 'newest'])
    .optional()
    .meta({
      description:
        `relevance (default: ts_rank_cd over the newest ${RELEVANCE_POOL} matches, newest first on ties) ` +
        'or newest',
    }),
  max_id: z
    .string()
    .refine(isUuid, 'max_id must be an id from a previous page (a UUID)')
    .optional()
    .meta({ format: 'uuid', description: 'With sort=newest: results older than this id (keyset paging)' }),
};
const v2 = route({
  method: 'get',
  path: '/api/v2/search',
  tags: ['Mastodon: search'],
  summary: 'Search accounts, statuses and hashtags (Mastodon)',
  description:
    'Mastodon-compatible (https://docs.joinmastodon.org/methods/search/#v2), answered by Comptoir’s search ' +
    'engine: statuses are public posts and replies, ranked by relevance. Errors use Mastodon’s `{"error": ' +
    '"..."}` shape.',
  auth: 'optional',
  request: {
    query: z.object({
      ...common,
      type: list(z.enum(['accounts', 'statuses', 'hashtags']), 'accounts, statuses or hashtags (default: all three)'),
      account_id: z
        .string()
        .refine((v) => v === '' || isUuid(v), 'account_id must be an account id')
        .optional()
        .meta({ description: 'Only statuses by this account' }),
      resolve: flag(
        'With a signed-in caller: a handle (@name@other.host) or profile URL on another server is fetched from ' +
          'it (WebFinger, ActivityPub) and answered first among the accounts',
      ),
      following: flag('Only accounts the caller follows'),
    }),
  },
  responses: { 200: json(MastodonSearch, 'Mastodon Search entity'), ...mastodonFailures(400) },
});
const v1 = route({
  method: 'get',
  path: '/api/v1/search',
  tags: ['Search'],
  summary: 'Search everything public, with highlights',
  description:
    'Public posts and replies, published reviews, published products, accounts and brand pages, hashtags. A ' +
    'signed-in caller’s blocks and mutes apply.',
  auth: 'optional',
  request: {
    query: z.object({
      ...common,
      type: list(z.enum(searchTypes), `Comma-separated kinds among ${searchTypes.join(', ')} (default: all)`),
      remote: z
        .enum(remoteFilters)
        .optional()
        .meta({ description: 'only: posts and accounts of other servers (the fediverse) only; exclude: ours only' }),
      include: list(
        z.enum(includeOptions),
        'outside: also the items read from the outside sources of the caller’s brands (their team only)',
      ),
    }),
  },
  responses: { 200: json(Results, 'Results by kind'), ...failures(400) },
});

type Common = { limit?: number; offset?: number; sort?: 'relevance' | 'newest'; max_id?: string };
const optionsOf = (viewerId: string | null, q: Common): SearchOptions => ({
  viewerId,
  sort: q.sort ?? 'relevance',
  limit: q.limit ?? 20,
  offset: q.offset ?? 0,
  maxId: q.max_id?.toLowerCase(),
});

/** Mastodon's search, mounted on the Mastodon sub-app. */
export const mastodonSearchRoutes: RouteModule = (app, ctx) => {
  mount(app, v2, async (c) => {
    const query = c.req.valid('query');
    const viewerId = viewerOf(c)?.accountId ?? null;
    // A remote handle or URL: that account first (fetched from its server with resolve=true).
    const remote =
      !query.account_id && !query.offset && (!query.type.length || query.type.includes('accounts'))
        ? await remoteAccountOf(ctx, query.q, { viewerId, resolve: query.resolve ?? false })
        : null;
    // A profile URL is no query of our language: it answers its account alone.
    if (remote && /^https?:\/\//i.test(query.q.trim()))
      return c.json(
        { accounts: [presentAccount(ctx.config, remote)], statuses: [], hashtags: [] } as z.input<
          typeof MastodonSearch
        >,
        200,
      );
    const q = parseQuery(query.q);
    let types = query.type.length ? [...new Set(query.type)] : (['accounts', 'statuses', 'hashtags'] as const).slice();
    // account_id: statuses of one account (Mastodon's filter), as from: does.
    const accountId = query.account_id ? query.account_id.toLowerCase() : undefined;
    if (accountId) types = types.filter((t) => t === 'statuses');
    const options = {
      ...optionsOf(viewerOf(c)?.accountId ?? null, query),
      following: query.following ?? false,
      accountId,
    };
    const results = withAccountFirst(await searchEverything(forReads(ctx), q, types, options), remote);
    if (remote) results.accounts = results.accounts.slice(0, options.limit);
    return c.json(
      {
        accounts: results.accounts.map((h) => presentAccount(ctx.config, h.account)),
        statuses: results.hydrated
          ? presentStatuses(
              ctx.config,
              results.hydrated,
              results.statuses.map((s) => s.id),
            )
          : [],
        hashtags: results.hashtags.map((h) => presentTag(ctx.config, h.name)),
      } as z.input<typeof MastodonSearch>,
      200,
    );
  });
};

export const searchApiRoutes: RouteModule = (app, ctx) => {
  mount(app, v1, async (c) => {
    const query = c.req.valid('query');
    const q = parseQuery(query.q);
    const options = { ...optionsOf(viewerOf(c)?.accountId ?? null, query), remote: query.remote };
    const types = query.type.length ? [...new Set(query.type)] : [...searchTypes];
    const results = await searchEverything(forReads(ctx), q, types, options);
    // A brand's listening data: the viewer's own brands' sources, only when asked for.
    const outside = query.include.includes('outside')
      ? {
          outside: presentOutside(
            await searchOutsideItems(forReads(ctx).db, q, {
              ...options,
              viewerId: options.viewerId,
              limit: options.limit ?? 20,
            }),
          ),
        }
      : {};
    return c.json(
      { q: q.source, sort: query.sort ?? 'relevance', ...presentResults(ctx.config, results), ...outside },
      200,
    );
  });
};
