/**
 * Remote posts stored once (by ActivityPub id) through social's door: the author's own server
 * only speaks for its posts, replies and quotes are linked to what we know (fetched once when
 * we do not), mentions of our accounts reach them, images are cached by a job.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../db/client';
import { enqueue } from '../../../jobs/queue';
import { insertRemoteStatus, type Status, statusByUri } from '../../social';
import { getStatusRow } from '../../social';
import { domainOf, remoteAccountByUri } from '../remote';
import type { Inbound } from './context';
import { isDomainSuspended, isOurs, localAccountOf, remoteActor, type Sender, sameOrigin } from './guard';
import {
  contentOf,
  isPostObject,
  mediaOf,
  type PostObject,
  pollOf,
  publishedOf,
  tagsOf,
  urlOf,
  visibilityOf,
} from './note';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const OUR_POST = new RegExp(`^/(?:users/[^/]+/(?:statuses|questions)|@[^/@]+)/(${UUID})$`, 'i');

/** A post we hold: one of ours by its id or page URL, or a remote one by its ActivityPub id. */
export async function knownStatus(inb: Inbound, url: URL | null): Promise<Status | null> {
  if (!url) return null;
  if (isOurs(inb, url)) {
    const id = OUR_POST.exec(url.pathname)?.[1]?.toLowerCase();
    if (!id) return null;
    const row = await getStatusRow(inb.app.db, id);
    return row && !row.uri && !row.reblogOfId ? row : null;
  }
  return statusByUri(inb.app.db, url.href);
}

/**
 * A post by its id: known, or fetched from its own server and stored (`depth` limits how far a
 * chain of replies is followed: a parent's parent is not fetched).
 */
export async function resolveStatus(inb: Inbound, url: URL | null, depth = 1): Promise<Status | null> {
  const known = await knownStatus(inb, url);
  if (known || !url || depth <= 0 || isOurs(inb, url)) return known;
  if (await isDomainSuspended(inb.app.db, domainOf(url))) return null;
  const object = await inb.lookup(url);
  // Fedify refuses a document whose id's origin differs from the URL's; checked again here.
  if (!isPostObject(object) || !sameOrigin(object.id, url)) return null;
  const author = await remoteActor(inb, object.attributionId);
  if (!author) return null;
  return storeRemotePost(inb, object, author, depth - 1);
}

/**
 * Stores a remote post written by `author`. Refused (null) when the post's id or its
 * attribution is not the author's: a server speaks only for its own posts.
 */
export async function storeRemotePost(
  inb: Inbound,
  object: PostObject,
  author: Sender,
  depth = 1,
): Promise<Status | null> {
  const id = object.id;
  const authorUri = new URL(author.uri);
  if (!id || !sameOrigin(id, authorUri)) return null;
  if (object.attributionId && object.attributionId.href !== author.uri) return null;
  const existing = await statusByUri(inb.app.db, id.href);
  if (existing) return existing;
  const content = contentOf(object);
  const { tags, mentions } = await tagsOf(inb, object);
  const mentionIds: string[] = [];
  for (const href of mentions.slice(0, 50)) {
    const account = (await localAccountOf(inb, href)) ?? (await remoteAccountByUri(inb.app.db, href.href));
    if (account) mentionIds.push(account.id);
  }
  const parent = await resolveStatus(inb, object.replyTargetId, depth);
  const quoteUrl = 'quoteUrl' in object ? (object.quoteUrl ?? object.quoteId) : null;
  const quoted = quoteUrl ? await resolveStatus(inb, quoteUrl, depth) : null;
  const stored = await insertRemoteStatus(inb.app, {
    accountId: author.id,
    uri: id.href,
    url: urlOf(object.url) ?? id.href,
    ...content,
    visibility: visibilityOf(object, author.followersUrl),
    createdAt: publishedOf(object),
    inReplyToId: parent?.id ?? null,
    quoteOfId: quoted && (quoted.visibility === 'public' || quoted.visibility === 'unlisted') ? quoted.id : null,
    mentionIds,
    tags,
    media: await mediaOf(inb, object),
    poll: await pollOf(inb, object),
  });
  if (!stored) return statusByUri(inb.app.db, id.href);
  for (const mediaId of stored.mediaIds) await enqueue(inb.app.db, 'federation.media', { mediaId });
  return stored.status;
}

/** Whether this remote account wrote the stored post with this id. */
export async function ownedBy(inb: Inbound, uri: string, accountId: string): Promise<Status | null> {
  const [row] = await queryRows<{ id: string }>(
    inb.app.db,
    sql`select id from statuses where uri = ${uri} and account_id = ${accountId}`,
  );
  return row ? getStatusRow(inb.app.db, row.id) : null;
}
