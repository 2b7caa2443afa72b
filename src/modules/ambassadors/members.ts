/**
 * Who is in a brand's programme: a person applies (when the programme takes applications) or is
 * invited; the brand accepts or refuses an application, the person accepts or declines an
 * invitation; either side may end it. The API's invitation (`POST /brands/:id/ambassadors`) accepts
 * at once. One row per brand and person (its status moves); only people, never the brand's own
 * team, can be ambassadors. Everything the brand does needs ambassadors.manage; outsiders get 404.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../db/client';
import { isUuid, uuidv7 } from '../../db/ids';
import { conflict, notFound, unprocessable } from '../../lib/errors';
import { roleAllows, roleIn } from '../accounts';
import { notify } from '../social';
import type { AmbassadorStatus } from './schema';
import { programOf, teamRoleOr404, type AmbassadorsContext } from './program';

export const MAX_MESSAGE = 1000;

export type Ambassador = {
  id: string;
  brandId: string;
  accountId: string;
  status: AmbassadorStatus;
  message: string;
  decidedAt: Date | null;
  createdAt: Date;
};

type Row = {
  id: string;
  brand_id: string;
  account_id: string;
  status: AmbassadorStatus;
  message: string;
  decided_at: string | Date | null;
  created_at: string | Date;
};

const fromRow = (r: Row): Ambassador => ({
  id: r.id,
  brandId: r.brand_id,
  accountId: r.account_id,
  status: r.status,
  message: r.message,
  decidedAt: r.decided_at ? new Date(r.decided_at) : null,
  createdAt: new Date(r.created_at),
});

export async function ambassadorById(db: DbOrTx, id: string): Promise<Ambassador | null> {
  if (!isUuid(id)) return null;
  const [r] = await queryRows<Row>(db, sql`select * from ambassadors where id = ${id}`);
  return r ? fromRow(r) : null;
}

async function ambassadorOf(db: DbOrTx, brandId: string, accountId: string): Promise<Ambassador | null> {
  const [r] = await queryRows<Row>(
    db,
    sql`select * from ambassadors where brand_id = ${brandId} and account_id = ${accountId}`,
  );
  return r ? fromRow(r) : null;
}

/**
 * How a viewer stands towards an ambassadorship: the ambassador themself, the brand's owner or an
 * admin (ambassadors.manage), another member of its team, or nobody (null: answer 404).
 */
export async function ambassadorRole(
  db: Db,
  viewerId: string | null,
  ambassadorId: string,
): Promise<'ambassador' | 'brand_manager' | 'brand_team' | null> {
  if (!viewerId) return null;
  const a = await ambassadorById(db, ambassadorId);
  if (!a) return null;
  if (a.accountId === viewerId) return 'ambassador';
  const role = await roleIn({ db }, a.brandId, viewerId);
  if (roleAllows(role, 'ambassadors.manage')) return 'brand_manager';
  return role ? 'brand_team' : null;
}

/** A person who may join: an existing person, not the brand itself nor one of its team. */
async function checkCandidate(db: Db, brandId: string, accountId: string) {
  if (!isUuid(accountId)) throw notFound('Account');
  const [acc] = await queryRows<{ kind: string }>(db, sql`select kind from accounts where id = ${accountId}`);
  if (!acc) throw notFound('Account');
  if (acc.kind !== 'person')
    throw unprocessable('not_a_person', 'Only a person can be an ambassador', { field: 'account_id' });
  if (await roleIn({ db }, brandId, accountId))
    throw unprocessable('team_member', 'The brand’s own team cannot be its ambassadors', { field: 'account_id' });
}

/** In-app notice: to the person (invited, accepted, refused), or to the brand (someone applied). */
async function tell(db: DbOrTx, a: Ambassador, detail: 'invited' | 'accepted' | 'refused' | 'applied') {
  const toBrand = detail === 'applied';
  await notify(db, {
    accountId: toBrand ? a.brandId : a.accountId,
    fromAccountId: toBrand ? a.accountId : a.brandId,
    type: 'ambassador',
    subjectId: a.id,
    detail,
  });
}

async function requireProgram(db: DbOrTx, brandId: string) {
  const program = await programOf(db, brandId);
  if (!program) throw unprocessable('no_program', 'The brand has no ambassador programme yet');
  return program;
}

async function setStatus(
  db: DbOrTx,
  id: string,
  status: AmbassadorStatus,
  decidedById: string | null,
  now: Date,
  message?: string,
) {
  const [r] = await queryRows<Row>(
    db,
    sql`update ambassadors set status = ${status}, decided_by_id = ${decidedById}, decided_at = ${now.toISOString()},
          message = coalesce(${message ?? null}, message)
        where id = ${id} returning *`,
  );
  return fromRow(r);
}

async function insert(
  db: DbOrTx,
  brandId: string,
  accountId: string,
  status: AmbassadorStatus,
  message: string,
  now: Date,
) {
  const [r] = await queryRows<Row>(
    db,
    sql`insert into ambassadors (id, brand_id, account_id, status, message, created_at)
        values (${uuidv7(now.getTime())}, ${brandId}, ${accountId}, ${status}, ${message}, ${now.toISOString()})
        returning *`,
  );
  return fromRow(r);
}

/**
 * The brand adds a person: `accept` (the API) makes them an ambassador at once; otherwise
 * (the back office) they are invited and accept on their /ambassador page. `created` is false
 * when nothing changed (already accepted, or already invited).
 */
export async function addAmbassador(
  ctx: AmbassadorsContext,
  actorId: string,
  brandId: string,
  accountId: string,
  options: { accept: boolean; message?: string },
): Promise<{ ambassador: Ambassador; created: boolean }> {
  await teamRoleOr404(ctx, actorId, brandId, 'ambassadors.manage');
  await requireProgram(ctx.db, brandId);
  await checkCandidate(ctx.db, brandId, accountId.toLowerCase());
  const id = accountId.toLowerCase();
  const now = ctx.clock.now();
  const existing = await ambassadorOf(ctx.db, brandId, id);
  const target: AmbassadorStatus = options.accept ? 'accepted' : 'invited';
  if (existing?.status === 'accepted' || (existing?.status === target && target === 'invited'))
    return { ambassador: existing, created: false };
  // An application already waiting is accepted by an invitation: both sides said yes.
  const status = existing?.status === 'applied' ? 'accepted' : target;
  const message = (options.message ?? '').slice(0, MAX_MESSAGE);
  const ambassador = existing
    ? await setStatus(ctx.db, existing.id, status, actorId, now)
    : await insert(ctx.db, brandId, id, status, message, now);
  await tell(ctx.db, ambassador, status === 'accepted' ? 'accepted' : 'invited');
  return { ambassador, created: true };
}

/** A person applies (programme open to applications and active): an invitation waiting is accepted. */
export async function applyToProgram(
  ctx: AmbassadorsContext,
  accountId: string,
  brandId: string,
  message: unknown,
): Promise<{ ambassador: Ambassador; created: boolean }> {
  if (!isUuid(brandId)) throw notFound('Brand');
  const program = await programOf(ctx.db, brandId);
  if (!program) throw notFound('Program');
  if (message !== undefined && message !== null && (typeof message !== 'string' || message.length > MAX_MESSAGE))
    throw unprocessable('invalid_message', `message is text of at most ${MAX_MESSAGE} characters`, {
      field: 'message',
    });
  const text = typeof message === 'string' ? message.trim() : '';
  await checkCandidate(ctx.db, brandId, accountId);
  const existing = await ambassadorOf(ctx.db, brandId, accountId);
  const now = ctx.clock.now();
  if (existing?.status === 'invited')
    return { ambassador: await setStatus(ctx.db, existing.id, 'accepted', accountId, now), created: false };
  if (existing?.status === 'applied' || existing?.status === 'accepted')
    return { ambassador: existing, created: false };
  if (existing?.status === 'refused')
    throw conflict('already_refused', 'The brand has already refused your application');
  if (!program.active || !program.openToApplications)
    throw conflict('not_open', 'This programme does not take applications');
  const ambassador = existing
    ? await setStatus(ctx.db, existing.id, 'applied', null, now, text)
    : await insert(ctx.db, brandId, accountId, 'applied', text, now);
  await tell(ctx.db, ambassador, 'applied');
  return { ambassador, created: true };
}

/** The brand accepts or refuses an application (or withdraws an invitation by refusing it). */
export async function decideApplication(
  ctx: AmbassadorsContext,
  actorId: string,
  ambassadorId: string,
  decision: 'accept' | 'refuse',
): Promise<Ambassador> {
  const a = await ambassadorById(ctx.db, ambassadorId);
  if (!a) throw notFound('Ambassador');
  await teamRoleOr404(ctx, actorId, a.brandId, 'ambassadors.manage');
  const pending = decision === 'accept' ? a.status === 'applied' : a.status === 'applied' || a.status === 'invited';
  if (!pending) throw conflict('not_pending', `The ambassadorship is ${a.status}, not waiting for the brand`);
  const decided = await setStatus(
    ctx.db,
    a.id,
    decision === 'accept' ? 'accepted' : 'refused',
    actorId,
    ctx.clock.now(),
  );
  if (a.status === 'applied') await tell(ctx.db, decided, decision === 'accept' ? 'accepted' : 'refused');
  return decided;
}

/** The person answers an invitation. 404 to anyone else. */
export async function answerInvitation(
  ctx: AmbassadorsContext,
  accountId: string,
  ambassadorId: string,
  accept: boolean,
): Promise<Ambassador> {
  const a = await ambassadorById(ctx.db, ambassadorId);
  if (!a || a.accountId !== accountId) throw notFound('Ambassador');
  if (a.status !== 'invited') throw conflict('not_invited', `The ambassadorship is ${a.status}, not an invitation`);
  return setStatus(ctx.db, a.id, accept ? 'accepted' : 'refused', accountId, ctx.clock.now());
}

/** Either side ends it (the person, or the brand's owner/admins): links then attribute nothing. */
export async function endAmbassadorship(
  ctx: AmbassadorsContext,
  actorId: string,
  ambassadorId: string,
): Promise<Ambassador> {
  const a = await ambassadorById(ctx.db, ambassadorId);
  if (!a) throw notFound('Ambassador');
  if (a.accountId !== actorId) await teamRoleOr404(ctx, actorId, a.brandId, 'ambassadors.manage');
  if (a.status === 'ended' || a.status === 'refused')
    throw conflict('already_ended', `The ambassadorship is already ${a.status}`);
  return setStatus(ctx.db, a.id, 'ended', actorId, ctx.clock.now());
}

export type MemberRow = Ambassador & {
  username: string;
  displayName: string;
  avatarPath: string | null;
  clicks: number;
  orders: number;
};

/** The brand's people (team only), newest first, with their clicks and attributed orders. */
export async function listAmbassadors(
  ctx: AmbassadorsContext,
  actorId: string,
  brandId: string,
  status?: AmbassadorStatus,
): Promise<MemberRow[]> {
  await teamRoleOr404(ctx, actorId, brandId, 'read');
  const rows = await queryRows<
    Row & { username: string; display_name: string; avatar_path: string | null; clicks: number; orders: number }
  >(
    ctx.db,
    sql`select a.*, acc.username, acc.display_name, acc.avatar_path,
          (select count(*)::int from ambassador_visits v where v.ambassador_id = a.id) as clicks,
          (select count(*)::int from order_attributions oa where oa.ambassador_id = a.id and oa.excluded is null) as orders
        from ambassadors a join accounts acc on acc.id = a.account_id
        where a.brand_id = ${brandId} ${status ? sql`and a.status = ${status}` : sql``}
        order by a.created_at desc, a.id desc limit 500`,
  );
  return rows.map((r) => ({
    ...fromRow(r),
    username: r.username,
    displayName: r.display_name,
    avatarPath: r.avatar_path,
    clicks: r.clicks,
    orders: r.orders,
  }));
}

export type MyProgramme = Ambassador & { brandUsername: string; brandName: string; programActive: boolean };

/** A person's programmes (applications, invitations, accepted, ended), newest first. */
export async function myProgrammes(db: DbOrTx, accountId: string): Promise<MyProgramme[]> {
  const rows = await queryRows<Row & { username: string; display_name: string; active: boolean | null }>(
    db,
    sql`select a.*, b.username, b.display_name, p.active
        from ambassadors a join accounts b on b.id = a.brand_id
        left join ambassador_programs p on p.brand_id = a.brand_id
        where a.account_id = ${accountId} order by a.created_at desc limit 200`,
  );
  return rows.map((r) => ({
    ...fromRow(r),
    brandUsername: r.username,
    brandName: r.display_name || r.username,
    programActive: r.active ?? false,
  }));
}
