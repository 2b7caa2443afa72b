/**
 * The `federation.media` job: a remote post's image fetched once through the outbound rules (no
 * private address unless federation allows them, size-limited, redirects checked) and stored
 * re-encoded like an upload; until then pages show its alt text, never the remote file.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../context';
import { queryRows } from '../../../db/client';
import { DomainError } from '../../../lib/errors';
import { getOutbound } from '../../../lib/outbound';
import { discardImages, storeImage } from '../../media';
import { domainOf } from '../remote';
import { isDomainSuspended } from './guard';

export async function cacheRemoteMedia(app: AppContext, payload: { mediaId: string }): Promise<void> {
  const [row] = await queryRows<{ remote_url: string | null; path: string }>(
    app.db,
    sql`select remote_url, path from media_attachments where id = ${payload.mediaId}`,
  );
  if (!row?.remote_url || row.path) return;
  if (await isDomainSuspended(app.db, domainOf(row.remote_url))) return;
  const maxBytes = app.config.mediaMaxBytes;
  let body: Buffer;
  try {
    const page = await getOutbound(row.remote_url, {
      timeoutMs: 20_000,
      maxBytes: maxBytes + 1,
      allowPrivate: app.config.federationAllowPrivate,
      headers: { accept: 'image/*', 'user-agent': `Comptoir (+${app.config.publicUrl})` },
    });
    if (page.status !== 200 || page.truncated) {
      app.log.info({ mediaId: payload.mediaId, status: page.status }, 'remote media not cached');
      return;
    }
    body = page.body;
  } catch (error) {
    // A server that refuses or a private address: the post keeps its placeholder.
    app.log.info({ err: error, mediaId: payload.mediaId }, 'remote media not fetched');
    return;
  }
  const stored = await storeImage(app.media, new Uint8Array(body), 'attachment', { maxBytes }).catch((error) => {
    if (error instanceof DomainError) return null;
    throw error;
  });
  if (!stored) return;
  const updated = await queryRows(
    app.db,
    sql`update media_attachments set path = ${stored.path}, preview_path = ${stored.previewPath},
          width = ${stored.width}, height = ${stored.height}
        where id = ${payload.mediaId} and path = '' returning id`,
  );
  if (updated.length === 0) await discardImages(app.media, [stored]);
}
