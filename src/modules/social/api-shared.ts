/**
 * Helpers shared by the social module's Mastodon-compatible routes: ids and keyset cursors from
 * the request, Mastodon's `Link` paging header, and the skeleton → loadVisible → present pipeline.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { AppContext } from '../../context';
import { isUuid } from '../../db/ids';
import { badRequest, notFound, unprocessable } from '../../http/errors';
import type { Params } from '../../http/params';
import type { AppEnv } from '../../http/types';
import type { AccountEntity, presentAccount } from '../accounts';
import type { StatusEntity } from './entities-status';
import { hydrateStatuses, loadVisible } from './hydrate';
import { presentStatus, presentStatuses, type MastodonStatus } from './present';
import type { Page } from './timelines';

export type Ctx = Context<AppEnv>;

/** A hashtag as stored: no leading #, NFC, lower case. */
export function normalizeTagParam(raw: string): string {
  const tag = raw.replace(/^#/, '').normalize('NFC').toLowerCase();
  if (!tag || tag.length > 100 || /[\s#]/.test(tag)) throw badRequest('invalid_param', 'Not a valid hashtag');
  return tag;
}

/** A route's `:id`: anything but a UUID cannot name a record, so it is Mastodon's 404. */
export function idParam(c: Ctx, name = 'id'): string {
  const id = c.req.param(name);
  if (!isUuid(id)) throw notFound('Record');
  return id.toLowerCase();
}

/** A keyset cursor: absent, or an id (a 400 says which parameter is wrong). */
function cursor(params: Params, key: string): string | undefined {
  const value = params[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (!isUuid(value)) throw badRequest('invalid_param', `${key} must be an id from a previous page (a UUID)`);
  return value.toLowerCase();
}

/** max_id / since_id / min_id / limit, as Mastodon reads them: limit is clamped to [1, max]. */
export function pageParams(
  params: Params,
  { fallback = 20, max = 40 }: { fallback?: number; max?: number } = {},
): Required<Pick<Page, 'limit'>> & Page {
  let limit = fallback;
  const raw = params.limit;
  if (raw !== undefined && raw !== null && raw !== '') {
    const n = typeof raw === 'number' ? raw : Number(raw);
    if (!Number.isInteger(n)) throw badRequest('invalid_param', 'limit must be an integer');
    limit = Math.min(Math.max(n, 1), max);
  }
  return {
    maxId: cursor(params, 'max_id'),
    sinceId: cursor(params, 'since_id'),
    minId: cursor(params, 'min_id'),
    limit,
  };
}

/**
 * A list parameter sent any way clients send them: `key[]=a&key[]=b`, a JSON array, a single
 * value, or the indexed form some libraries produce (`key[0]=a` folds to `{0: 'a'}`).
 */
export function listParam(params: Params | undefined, key: string): string[] {
  const v = params?.[key] ?? params?.[`${key}[]`];
  if (v === undefined || v === null || v === '') return [];
  let items: unknown[];
  if (Array.isArray(v)) items = v;
  else if (typeof v === 'object' && !(v instanceof Blob)) {
    const entries = Object.entries(v as Record<string, unknown>);
    if (!entries.every(([k]) => /^\d+$/.test(k))) throw badRequest('invalid_param', `${key} must be a list`);
    items = entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, item]) => item);
  } else items = [v];
  return items.map((item) => {
    if (typeof item !== 'string' && typeof item !== 'number')
      throw badRequest('invalid_param', `${key} must be a list of strings`);
    return String(item);
  });
}

/** Mastodon's `id[]` for fetching several records at once: valid ids only, each once, at most 40. */
export function manyIds(params: Params): string[] {
  const ids = listParam(params, 'id')
    .filter(isUuid)
    .map((id) => id.toLowerCase());
  return [...new Set(ids)].slice(0, 40);
}

/** Nested object parameters (`poll[options][]` in forms, `{"poll": {...}}` in JSON). */
export function objectParam(params: Params, key: string): Params | undefined {
  const v = params[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'object' || Array.isArray(v) || v instanceof Blob)
    throw unprocessable('invalid_param', `${key} must be an object`);
  return v as Params;
}

/**
 * Mastodon's `Link` header: `next` pages to older items (max_id = the last one), `prev` to newer
 * ones (min_id = the first one); the request's other query parameters are kept. Cursors come from
 * the skeleton, before rules filtered it, so a page emptied by the rules still leads on.
 */
export function setLinkHeader(c: Ctx, ctx: AppContext, cursors: string[], options: { prev?: boolean } = {}) {
  if (cursors.length === 0) return;
  const url = new URL(c.req.url);
  const base = new URLSearchParams(url.search);
  for (const key of ['max_id', 'since_id', 'min_id']) base.delete(key);
  const link = (key: string, value: string) => {
    const query = new URLSearchParams(base);
    query.set(key, value);
    return `${ctx.config.publicUrl}${url.pathname}?${query.toString()}`;
  };
  const links = [`<${link('max_id', cursors[cursors.length - 1])}>; rel="next"`];
  if (options.prev !== false) links.push(`<${link('min_id', cursors[0])}>; rel="prev"`);
  c.header('Link', links.join(', '));
}

/** The timeline pipeline's end: hydrate, apply the viewer's rules, present; Link from the skeleton. */
export async function statusList(
  c: Ctx,
  ctx: AppContext,
  viewerId: string | null,
  ids: string[],
  options: { keepMuted?: boolean; cursors?: string[] } = {},
) {
  const { hydrated, ids: visible } = await loadVisible(ctx, viewerId, ids, { keepMuted: options.keepMuted });
  setLinkHeader(c, ctx, options.cursors ?? ids);
  return c.json(asStatuses(presentStatuses(ctx.config, hydrated, visible)), 200);
}

/** One post as `viewerId` sees it (the caller has already checked that they may). */
export async function presentOne(ctx: AppContext, viewerId: string | null, id: string): Promise<MastodonStatus> {
  const hydrated = await hydrateStatuses(ctx, viewerId, [id]);
  const status = presentStatus(ctx.config, hydrated, id);
  if (!status) throw notFound('Record');
  return status;
}

type StatusJson = z.infer<typeof StatusEntity>;
/**
 * The presenter's Status (typed loosely: extensions add fields) as the contract's entity. Checked
 * at run time by entities.test.ts and openapi-responses.test.ts, which validate real answers.
 */
export const asStatus = (status: MastodonStatus) => status as unknown as StatusJson;
export const asStatuses = (statuses: MastodonStatus[]) => statuses as unknown as StatusJson[];

type AccountJson = z.infer<typeof AccountEntity>;
/** The accounts presenter's answer as the contract's entity (its empty lists are typed `never[]`). */
export const asAccounts = (accounts: ReturnType<typeof presentAccount>[]) => accounts as unknown as AccountJson[];
