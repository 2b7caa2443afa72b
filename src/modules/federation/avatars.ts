/**
 * Remote accounts' avatars and headers, copied into our media store by a job: pages never load
 * an image from another server (the visitor's address stays ours to keep). Fetched with the
 * outbound rules (no private address unless the operator allowed it, a time and size bound),
 * then checked and re-encoded like an upload. Until then, and when it fails, the default shows.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { enqueue } from '../../jobs/queue';
import { getOutbound } from '../../lib/outbound';
import { discardImages, storeImage } from '../media';

const IMAGE_BYTES = 4 * 1024 * 1024;
const FETCH_MS = 10_000;

/** Queues the copy of a remote account's avatar and header (after it was stored or refreshed). */
export async function queueRemoteImages(db: DbOrTx, accountId: string): Promise<void> {
  await enqueue(db, 'federation.images', { accountId });
}

async function copy(app: AppContext, url: string | null, kind: 'avatar' | 'header'): Promise<string | null> {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  try {
    const page = await getOutbound(url, {
      timeoutMs: FETCH_MS,
      maxBytes: IMAGE_BYTES + 1,
      allowPrivate: app.config.federationAllowPrivate,
      maxRedirects: 3,
      headers: { accept: 'image/*' },
    });
    if (page.status !== 200 || page.truncated) return null;
    return (await storeImage(app.media, page.body, kind, { maxBytes: IMAGE_BYTES })).path;
  } catch {
    return null;
  }
}

/** The `federation.images` job: the account's avatar and header copied here (or left as they were). */
export async function copyRemoteImages(app: AppContext, payload: { accountId: string }): Promise<void> {
  const [row] = await queryRows<{
    avatar: string | null;
    header: string | null;
    avatarPath: string | null;
    headerPath: string | null;
  }>(
    app.db,
    sql`select r.avatar_url as avatar, r.header_url as header, a.avatar_path as "avatarPath", a.header_path as "headerPath"
        from remote_actors r join accounts a on a.id = r.account_id where r.account_id = ${payload.accountId}`,
  );
  if (!row) return;
  const [avatarPath, headerPath] = await Promise.all([
    copy(app, row.avatar, 'avatar'),
    copy(app, row.header, 'header'),
  ]);
  if (!avatarPath && !headerPath) return;
  await queryRows(
    app.db,
    sql`update accounts set avatar_path = coalesce(${avatarPath}, avatar_path), header_path = coalesce(${headerPath}, header_path)
        where id = ${payload.accountId}`,
  );
  // The copies they replace.
  const old = [avatarPath ? row.avatarPath : null, headerPath ? row.headerPath : null].filter((p): p is string => !!p);
  const images = old.map((path) => ({ path, previewPath: path.replace(/\.webp$/, '-preview.webp') }));
  await discardImages(app.media, images).catch(() => undefined);
}
