/**
 * A person's data archive (GDPR art. 15 and 20): asked for at most once in 7 days, built by the
 * `privacy.export` job (archive.ts), told by an in-app notification and an e-mail, downloaded
 * from a link that only its owner can open and that expires 7 days after the archive is ready,
 * then deleted with its file by the `privacy.exports_purge` job.
 *
 * The archive is a file in the media store (local folder or S3 bucket, so every app node reads
 * it), under `exports/<64 random hex>.zip`: `/media/` never serves it (it serves only the image
 * paths the media module makes). The link's token is an HMAC of the archive's id with the
 * instance's secret: the database keeps only its SHA-256 (to find the archive from a link), so
 * a copy of the database opens nothing, and the API can still show the link to its owner.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../context';
import { queryRows, type DbOrTx } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { enqueue, keepScheduled } from '../../../jobs/queue';
import { hmac, sha256 } from '../../../lib/crypto';
import { DomainError, notFound } from '../../../lib/errors';
import { translator } from '../../../web/i18n';
import { notify, publishNotifications } from '../../social';
import { recordPrivacyRequest } from '../requests';
import { buildArchive } from './archive';
import type { ExportStatus } from './schema';

const DAY_MS = 24 * 60 * 60_000;
/** One archive per 7 days; a ready archive may be downloaded for 7 days. */
export const EXPORT_INTERVAL_MS = 7 * DAY_MS;
export const EXPORT_TTL_MS = 7 * DAY_MS;
const PURGE_JOB = 'privacy.exports_purge';
const PURGE_EVERY_MS = 60 * 60_000;

export type ExportView = { id: string; status: ExportStatus; url?: string; expiresAt?: Date };

type Row = {
  id: string;
  account_id: string;
  status: ExportStatus;
  requested_at: string | Date;
  ready_at: string | Date | null;
  expires_at: string | Date | null;
  media_key: string | null;
  size_bytes: number | string | null;
};

const tokenOf = (ctx: Pick<AppContext, 'secret'>, exportId: string) => hmac(ctx.secret, `account-export:${exportId}`);
export const downloadPath = (token: string) => `/account/exports/${token}`;

function view(ctx: Pick<AppContext, 'secret' | 'config' | 'clock'>, row: Row): ExportView {
  const expiresAt = row.expires_at ? new Date(row.expires_at) : null;
  if (row.status !== 'ready' || !expiresAt || expiresAt <= ctx.clock.now()) return { id: row.id, status: 'pending' };
  return {
    id: row.id,
    status: 'ready',
    url: `${ctx.config.publicUrl}${downloadPath(tokenOf(ctx, row.id))}`,
    expiresAt,
  };
}

/**
 * Asks for an archive: one row, its job, and the brands concerned told (`customer.data_request`),
 * in one transaction. Within 7 days of the last request: 429 `export_too_soon` with when the next
 * one is possible.
 */
export async function requestExport(ctx: AppContext, accountId: string): Promise<ExportView> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    // The person's row, locked: two requests at once cannot both pass the 7-day check.
    await queryRows(tx, sql`select id from accounts where id = ${accountId} for update`);
    const [last] = await queryRows<{ requested_at: string | Date }>(
      tx,
      sql`select requested_at from account_exports where account_id = ${accountId} order by requested_at desc limit 1`,
    );
    if (last) {
      const next = new Date(new Date(last.requested_at).getTime() + EXPORT_INTERVAL_MS);
      if (next > now)
        throw new DomainError('rate_limited', 'export_too_soon', 'One archive per 7 days; ask again later', {
          next_export_at: next.toISOString(),
          retry_after: Math.ceil((next.getTime() - now.getTime()) / 1000),
        });
    }
    const id = uuidv7(now.getTime());
    await queryRows(
      tx,
      sql`insert into account_exports (id, account_id, status, requested_at)
          values (${id}, ${accountId}, 'pending', ${now.toISOString()}::timestamptz)`,
    );
    await enqueue(tx, 'privacy.export', { exportId: id });
    await recordPrivacyRequest(tx, { kind: 'data_request', accountId, at: now });
    return { id, status: 'pending' as const };
  });
}

async function rowOf(db: DbOrTx, exportId: string): Promise<Row | undefined> {
  const [row] = await queryRows<Row>(db, sql`select * from account_exports where id = ${exportId}`);
  return row;
}

/** An archive of the person's; anyone else's (or an unknown id) is a 404. */
export async function getExport(ctx: AppContext, accountId: string, exportId: string): Promise<ExportView> {
  const row = await rowOf(ctx.db, exportId);
  if (!row || row.account_id !== accountId) throw notFound('Export');
  // Past its 7 days the archive is gone, even before the purge has deleted its file.
  if (row.expires_at && new Date(row.expires_at) <= ctx.clock.now()) throw notFound('Export');
  return view(ctx, row);
}

/** The person's archives still kept, newest first (the settings page). */
export async function listExports(ctx: AppContext, accountId: string): Promise<(ExportView & { requestedAt: Date })[]> {
  const rows = await queryRows<Row>(
    ctx.db,
    sql`select * from account_exports where account_id = ${accountId}
           and (expires_at is null or expires_at > ${ctx.clock.now().toISOString()}::timestamptz)
         order by requested_at desc limit 10`,
  );
  return rows.map((r) => ({ ...view(ctx, r), requestedAt: new Date(r.requested_at) }));
}

/** When the person may ask for the next archive (null: now). */
export async function nextExportAt(ctx: AppContext, accountId: string): Promise<Date | null> {
  const [last] = await queryRows<{ requested_at: string | Date }>(
    ctx.db,
    sql`select requested_at from account_exports where account_id = ${accountId} order by requested_at desc limit 1`,
  );
  const next = last ? new Date(new Date(last.requested_at).getTime() + EXPORT_INTERVAL_MS) : null;
  return next && next > ctx.clock.now() ? next : null;
}

/**
 * The archive behind a download link, for its owner only: a link of someone else's, unknown,
 * expired or not ready yet is a 404 (nobody learns whether the link exists).
 */
export async function openExport(
  ctx: AppContext,
  accountId: string,
  token: string,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; filename: string }> {
  const [row] = await queryRows<Row>(
    ctx.db,
    sql`select * from account_exports where token_hash = ${sha256(String(token))}`,
  );
  const live = row && row.account_id === accountId && row.status === 'ready' && row.media_key && row.expires_at;
  if (!live || new Date(row.expires_at!) <= ctx.clock.now()) throw notFound('Export');
  const object = await ctx.media.get(row.media_key!);
  if (!object) throw notFound('Export');
  const day = new Date(row.requested_at).toISOString().slice(0, 10);
  return { bytes: object.bytes, filename: `comptoir-archive-${day}.zip` };
}

/**
 * Job `privacy.export`: builds the archive, stores it, marks it ready and tells its owner. Safe to
 * run again: a ready archive is not rebuilt, only its e-mail sent again under the same key (the
 * outbox keeps one file; over SMTP a retry happens only when the first sending failed).
 */
export async function buildExport(ctx: AppContext, exportId: string): Promise<void> {
  let row = await rowOf(ctx.db, exportId);
  if (!row) return;
  const accountId = row.account_id;
  if (row.status === 'pending') {
    const zip = await buildArchive(ctx, accountId);
    const key = `exports/${randomBytes(32).toString('hex')}.zip`;
    await ctx.media.put(key, zip, 'application/zip');
    const now = ctx.clock.now();
    const expires = new Date(now.getTime() + EXPORT_TTL_MS);
    const token = tokenOf(ctx, exportId);
    const done = await ctx.db.transaction(async (tx) => {
      const updated = await queryRows<{ id: string }>(
        tx,
        sql`update account_exports set status = 'ready', media_key = ${key}, size_bytes = ${zip.byteLength},
                   ready_at = ${now.toISOString()}::timestamptz, expires_at = ${expires.toISOString()}::timestamptz,
                   token_hash = ${sha256(token)}
             where id = ${exportId} and status = 'pending' returning id`,
      );
      if (updated.length === 0) return { updated: false, notification: null };
      const notification = await notify(
        tx,
        { accountId, fromAccountId: accountId, type: 'privacy', subjectId: exportId, detail: 'export_ready' },
        { toSelf: true },
      );
      return { updated: true, notification };
    });
    // Another run got there first (or the person left): this run's file is nobody's.
    if (!done.updated) await ctx.media.delete(key);
    else await publishNotifications(ctx, [{ id: done.notification, accountId }]);
    row = await rowOf(ctx.db, exportId);
  }
  if (row?.status !== 'ready') return;
  await mailReady(ctx, row);
}

async function mailReady(ctx: AppContext, row: Row): Promise<void> {
  const [person] = await queryRows<{ email: string | null; locale: string | null }>(
    ctx.db,
    sql`select c.email, a.locale from accounts a left join credentials c on c.account_id = a.id where a.id = ${row.account_id}`,
  );
  const shown = view(ctx, row);
  if (!person?.email || !shown.url || !shown.expiresAt) return;
  const t = translator(person.locale === 'en' ? 'en' : 'fr');
  const expires = shown.expiresAt.toISOString().slice(0, 16).replace('T', ' ');
  await ctx.mailer.send({
    to: person.email,
    subject: t('privacy.mail.subject'),
    text: `${t('privacy.mail.body', { expires })}\n\n${shown.url}\n\n${t('privacy.mail.footer')}\n`,
    key: `account-export:${row.id}`,
  });
}

/** Keeps the recurring purge of expired archives in the queue (boot, then after each run). */
export async function scheduleExportPurge(ctx: Pick<AppContext, 'db'>, counting: 'any' | 'future' = 'any') {
  await keepScheduled(ctx.db, PURGE_JOB, new Date(Date.now() + PURGE_EVERY_MS), counting);
}

/**
 * Deletes every archive of a person, files and rows (an account's erasure: the rows would go with
 * the account, but the files in the media store would stay behind). Returns how many.
 */
export async function deleteExportsOf(ctx: Pick<AppContext, 'db' | 'media'>, accountId: string): Promise<number> {
  const rows = await queryRows<{ id: string; media_key: string | null }>(
    ctx.db,
    sql`select id, media_key from account_exports where account_id = ${accountId}`,
  );
  for (const row of rows) {
    if (row.media_key) await ctx.media.delete(row.media_key);
    await queryRows(ctx.db, sql`delete from account_exports where id = ${row.id}`);
  }
  return rows.length;
}

/** Job `privacy.exports_purge`: archives past their 7 days are deleted, file and row. */
export async function purgeExpiredExports(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const expired = await queryRows<{ id: string; media_key: string | null }>(
    ctx.db,
    sql`select id, media_key from account_exports where expires_at <= ${now.toISOString()}::timestamptz limit 500`,
  );
  for (const row of expired) {
    // The file first: a row left without its file is harmless, a file without its row is never found again.
    if (row.media_key) await ctx.media.delete(row.media_key);
    await queryRows(ctx.db, sql`delete from account_exports where id = ${row.id}`);
  }
  await scheduleExportPurge(ctx, 'future');
  return expired.length;
}
