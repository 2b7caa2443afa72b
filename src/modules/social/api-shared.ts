/**
 * Helpers shared by the social module's Mastodon-compatible routes (their requests are read by
 * their contracts): hashtags, Mastodon's `Link` paging header, and the skeleton → loadVisible →
 * present pipeline.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { AppContext } from '../../context';
import { badRequest, notFound } from '../../http/errors';
import type { AppEnv } from '../../http/types';
import type { AccountEntity, presentAccount } from '../accounts';
import type { StatusEntity } from './entities-status';
import { hydrateStatuses, loadVisible } from './hydrate';
import { presentStatus, presentStatuses, type MastodonStatus } from './present';

export type Ctx = Context<AppEnv>;

/** A hashtag as stored: no leading #, NFC, lower case. */
export function normalizeTagParam(raw: string): string {
  const tag = raw.replace(/^#/, '').normalize('NFC').toLowerCase();
  if (!tag || tag.length > 100 || /[\s#]/.test(tag)) throw badRequest('invalid_param', 'Not a valid hashtag');
  return tag;
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

/**
 * The timeline pipeline's end: hydrate, apply the viewer's rules, present; Link from the skeleton.
 * Timelines may be a few seconds old: hydrated from the read replica when there is one (db/replica.ts).
 */
export async function statusList(
  c: Ctx,
  ctx: AppContext,
  viewerId: string | null,
  ids: string[],
  options: { keepMuted?: boolean; cursors?: string[] } = {},
) {
  const { hydrated, ids: visible } = await loadVisible({ db: ctx.reads }, viewerId, ids, {
    keepMuted: options.keepMuted,
  });
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
