/**
 * An accepted ambassador's personal short links (/r/<code>), one per target: a product, a
 * collection or a pop-up store of the brand, or their picks storefront. Following one records a
 * visit (the browser's random referral token, the account when signed in, the post it came from)
 * that attribution.ts reads at checkout. A link only ever leads to one of our own pages, built
 * here from the target's id (never from the request): no open redirect.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { isUuid, uuidv7 } from '../../db/ids';
import { newToken } from '../../lib/crypto';
import { notFound, unprocessable } from '../../lib/errors';
import { ambassadorById } from './members';
import { productInScope, programOf, type AmbassadorsContext } from './program';
import type { AmbassadorLinkTarget } from './schema';

export type AmbassadorLink = {
  id: string;
  ambassadorId: string;
  brandId: string;
  code: string;
  targetKind: AmbassadorLinkTarget;
  targetId: string | null;
  createdAt: Date;
};

export type LinkTargetInput = { product_id?: unknown; collection_id?: unknown; popup_id?: unknown; picks?: unknown };

type Row = {
  id: string;
  ambassador_id: string;
  brand_id: string;
  code: string;
  target_kind: AmbassadorLinkTarget;
  target_id: string | null;
  created_at: string | Date;
};
const fromRow = (r: Row): AmbassadorLink => ({
  id: r.id,
  ambassadorId: r.ambassador_id,
  brandId: r.brand_id,
  code: r.code,
  targetKind: r.target_kind,
  targetId: r.target_id,
  createdAt: new Date(r.created_at),
});

export const linkUrl = (publicUrl: string, code: string) => `${publicUrl}/r/${code}`;

/** Which one target the input names: exactly one of product_id, collection_id, popup_id, picks. */
function targetOf(input: LinkTargetInput): { kind: AmbassadorLinkTarget; id: string | null; field: string } {
  const named = (['product', 'collection', 'popup'] as const).filter((k) => input[`${k}_id`] !== undefined);
  const picks = input.picks === true || input.picks === 'true';
  if (named.length + (picks ? 1 : 0) !== 1)
    throw unprocessable('invalid_target', 'Name exactly one of product_id, collection_id, popup_id or picks', {
      field: 'product_id',
    });
  if (picks) return { kind: 'picks', id: null, field: 'picks' };
  const kind = named[0];
  const field = `${kind}_id`;
  const id = input[field as keyof LinkTargetInput];
  if (!isUuid(id)) throw unprocessable(`${kind}_not_in_program`, `${field} is not an id`, { field });
  return { kind, id: id.toLowerCase(), field };
}

/** The target must be the programme's brand's (published, in scope for products): 422 naming the field. */
async function checkTarget(
  db: DbOrTx,
  brandId: string,
  t: { kind: AmbassadorLinkTarget; id: string | null; field: string },
) {
  if (t.kind === 'picks') return;
  const table = { product: sql`products`, collection: sql`collections`, popup: sql`popups` }[t.kind];
  const published = t.kind === 'product' ? sql`and status = 'published'` : sql``;
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`select id from ${table} where id = ${t.id} and brand_id = ${brandId} ${published}`,
  );
  if (!row)
    throw unprocessable(`${t.kind}_not_in_program`, `${t.field} is not one of the brand’s ${t.kind}s`, {
      field: t.field,
    });
}

/** The ambassador acting (their own, accepted, in an active programme), or 404 / 422. */
export async function activeAmbassadorFor(ctx: AmbassadorsContext, actorId: string, ambassadorId: string) {
  const a = await ambassadorById(ctx.db, ambassadorId);
  if (!a || a.accountId !== actorId) throw notFound('Ambassador');
  if (a.status !== 'accepted')
    throw unprocessable('not_accepted', `The ambassadorship is ${a.status}: links need an accepted one`);
  const program = await programOf(ctx.db, a.brandId);
  if (!program?.active) throw unprocessable('program_closed', 'The brand’s programme is closed');
  return { ambassador: a, program };
}

/** The ambassador's link to a target (made once, then the same): `created` says which. */
export async function makeLink(
  ctx: AmbassadorsContext,
  actorId: string,
  ambassadorId: string,
  input: LinkTargetInput,
): Promise<{ link: AmbassadorLink; created: boolean }> {
  const { ambassador, program } = await activeAmbassadorFor(ctx, actorId, ambassadorId);
  const target = targetOf(input);
  await checkTarget(ctx.db, ambassador.brandId, target);
  if (target.kind === 'product' && !productInScope(program, target.id!))
    throw unprocessable('product_not_selected', 'This product is not part of the brand’s programme', {
      field: 'product_id',
    });
  const existing = await findLink(ctx.db, ambassador.id, target.kind, target.id);
  if (existing) return { link: existing, created: false };
  const now = ctx.clock.now();
  const [row] = await queryRows<Row>(
    ctx.db,
    sql`insert into ambassador_links (id, ambassador_id, brand_id, code, target_kind, target_id, created_at)
        values (${uuidv7(now.getTime())}, ${ambassador.id}, ${ambassador.brandId}, ${newToken(6)}, ${target.kind},
          ${target.id}, ${now.toISOString()})
        on conflict (ambassador_id, target_kind, target_id) do nothing returning *`,
  );
  // Two requests at once: the other one wrote it.
  if (!row) return { link: (await findLink(ctx.db, ambassador.id, target.kind, target.id))!, created: false };
  return { link: fromRow(row), created: true };
}

async function findLink(db: DbOrTx, ambassadorId: string, kind: AmbassadorLinkTarget, targetId: string | null) {
  const [r] = await queryRows<Row>(
    db,
    sql`select * from ambassador_links where ambassador_id = ${ambassadorId} and target_kind = ${kind}
          and target_id is not distinct from ${targetId}::uuid`,
  );
  return r ? fromRow(r) : null;
}

/** The picks storefront's link (made on first need), for the picks page's product links. */
export async function picksLink(db: DbOrTx, ambassadorId: string, brandId: string, now: Date) {
  const found = await findLink(db, ambassadorId, 'picks', null);
  if (found) return found;
  await queryRows(
    db,
    sql`insert into ambassador_links (id, ambassador_id, brand_id, code, target_kind, target_id, created_at)
        values (${uuidv7(now.getTime())}, ${ambassadorId}, ${brandId}, ${newToken(6)}, 'picks', null, ${now.toISOString()})
        on conflict (ambassador_id, target_kind, target_id) do nothing`,
  );
  return (await findLink(db, ambassadorId, 'picks', null))!;
}

export type FollowedLink = AmbassadorLink & {
  /** Our own page the link leads to (a path, built from the target's id). */
  path: string;
  /** Whether following it still attributes (accepted ambassador, active programme). */
  attributes: boolean;
  windowDays: number;
};

/** A link by its code, with where it leads; null when unknown or its target is gone. */
export async function linkByCode(db: DbOrTx, code: string): Promise<FollowedLink | null> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(code)) return null;
  const [r] = await queryRows<
    Row & {
      status: string;
      active: boolean | null;
      window_days: number | null;
      brand_username: string;
      amb_username: string;
      target_ok: boolean;
    }
  >(
    db,
    sql`select l.*, a.status, p.active, p.window_days, b.username as brand_username, pa.username as amb_username,
          case l.target_kind
            when 'product' then exists (select 1 from products x where x.id = l.target_id and x.brand_id = l.brand_id)
            when 'collection' then exists (select 1 from collections x where x.id = l.target_id and x.brand_id = l.brand_id)
            when 'popup' then exists (select 1 from popups x where x.id = l.target_id and x.brand_id = l.brand_id)
            else true end as target_ok
        from ambassador_links l join ambassadors a on a.id = l.ambassador_id
        join accounts b on b.id = l.brand_id join accounts pa on pa.id = a.account_id
        left join ambassador_programs p on p.brand_id = l.brand_id
        where l.code = ${code}`,
  );
  if (!r?.target_ok) return null;
  const link = fromRow(r);
  const path = {
    product: `/@${r.brand_username}/products/${link.targetId}`,
    collection: `/@${r.brand_username}/shop?collection=${link.targetId}`,
    popup: `/popups/${link.targetId}`,
    picks: `/@${r.amb_username}/picks/${r.brand_username}`,
  }[link.targetKind];
  return { ...link, path, attributes: r.status === 'accepted' && r.active === true, windowDays: r.window_days ?? 1 };
}

const STATUS_PATH = /^\/(?:@[A-Za-z0-9_]{1,30}|statuses)\/([0-9a-f-]{36})\/?$/i;

/**
 * The post a link was followed from: `?via=<status id>`, or the Referer when it is one of our
 * post pages. Only an existing post is kept (a made-up id is dropped, not stored).
 */
export async function fromStatusOf(
  db: DbOrTx,
  publicUrl: string,
  via: string | undefined,
  referer: string | undefined,
): Promise<string | null> {
  let id: string | null = via && isUuid(via) ? via.toLowerCase() : null;
  if (!id && referer) {
    try {
      const url = new URL(referer);
      const m = url.origin === new URL(publicUrl).origin ? STATUS_PATH.exec(url.pathname) : null;
      if (m && isUuid(m[1])) id = m[1].toLowerCase();
    } catch {
      id = null;
    }
  }
  if (!id) return null;
  const [row] = await queryRows<{ id: string }>(db, sql`select id from statuses where id = ${id}`);
  return row ? id : null;
}

/** A visit through a link (a click): what attribution reads at checkout. */
export async function recordVisit(
  db: DbOrTx,
  link: Pick<AmbassadorLink, 'id' | 'ambassadorId' | 'brandId'>,
  visit: { visitor: string | null; accountId: string | null; fromStatusId: string | null; at: Date },
) {
  await queryRows(
    db,
    sql`insert into ambassador_visits (id, link_id, ambassador_id, brand_id, visitor, account_id, from_status_id, at)
        values (${uuidv7(visit.at.getTime())}, ${link.id}, ${link.ambassadorId}, ${link.brandId}, ${visit.visitor},
          ${visit.accountId}, ${visit.fromStatusId}, ${visit.at.toISOString()})`,
  );
}

export type LinkRow = AmbassadorLink & { title: string; clicks: number; orders: number };

/** The ambassador's links with what they lead to and their clicks and attributed orders (their own page). */
export async function linksOf(ctx: AmbassadorsContext, actorId: string, ambassadorId: string): Promise<LinkRow[]> {
  const a = await ambassadorById(ctx.db, ambassadorId);
  if (!a || a.accountId !== actorId) throw notFound('Ambassador');
  const rows = await queryRows<Row & { title: string | null; clicks: number; orders: number }>(
    ctx.db,
    sql`select l.*,
          coalesce((select title from products where id = l.target_id),
                   (select title from collections where id = l.target_id),
                   (select title from popups where id = l.target_id)) as title,
          (select count(*)::int from ambassador_visits v where v.link_id = l.id) as clicks,
          (select count(*)::int from order_attributions oa where oa.link_id = l.id and oa.excluded is null) as orders
        from ambassador_links l where l.ambassador_id = ${a.id} order by l.created_at desc`,
  );
  return rows.map((r) => ({ ...fromRow(r), title: r.title ?? '', clicks: r.clicks, orders: r.orders }));
}
