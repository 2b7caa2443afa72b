import { Temporal } from '@js-temporal/polyfill';
import {
  Announce,
  Collection,
  Create,
  Document,
  Hashtag,
  Image,
  Link,
  Mention,
  Note,
  PUBLIC_COLLECTION,
  Question,
} from '@fedify/vocab';
import { mediaUrl } from '../../accounts';
import { escapeHtml } from '../../social';
import type { FedContext } from '../context';
import { withExtension } from '../extension';
import { loadExtras, type NoteExtra } from './extras';
import { loadPosts, mentionUri, ourPostUri, postUri, type PostRow } from './posts';

const instant = (at: Date | string) => Temporal.Instant.from(new Date(at).toISOString());

/** Who a post is addressed to, from its visibility (as Mastodon): `to` and `cc`. */
export function audienceOf(ctx: FedContext, post: Pick<PostRow, 'username' | 'visibility' | 'mentions'>) {
  const followers = ctx.getFollowersUri(post.username);
  const mentioned = post.mentions.map((m) => mentionUri(ctx, m));
  switch (post.visibility) {
    case 'public':
      return { tos: [PUBLIC_COLLECTION], ccs: [followers, ...mentioned] };
    case 'unlisted':
      return { tos: [followers], ccs: [PUBLIC_COLLECTION, ...mentioned] };
    case 'private':
      return { tos: [followers], ccs: mentioned };
    default:
      return { tos: mentioned, ccs: [] };
  }
}

/** A post's extras as HTML appended to its content: a link per product, which Mastodon shows as a card. */
function extraHtml(extra: NoteExtra | undefined): string {
  if (!extra?.links.length) return '';
  return extra.links
    .map(
      (l) => `<p><a href="${escapeHtml(l.href)}" rel="nofollow noopener" target="_blank">${escapeHtml(l.name)}</a></p>`,
    )
    .join('');
}

function mediaTypeOf(url: string): string {
  const ext = /\.([a-z0-9]+)(?:\?|$)/i.exec(url)?.[1]?.toLowerCase();
  return ext === 'jpg' || ext === 'jpeg' ? 'image/jpeg' : ext === 'png' ? 'image/png' : 'image/webp';
}

/** The vocabulary values a Note and a Question share. */
function valuesOf(ctx: FedContext, post: PostRow, extra: NoteExtra | undefined) {
  const base = ctx.data.config.publicUrl;
  const tags = [
    ...post.mentions.map(
      (m) => new Mention({ href: mentionUri(ctx, m), name: `@${m.domain ? m.username : `${m.username}@${ctx.host}`}` }),
    ),
    ...post.tags.map((t) => new Hashtag({ href: new URL(`${base}/tags/${encodeURIComponent(t)}`), name: `#${t}` })),
  ];
  const media = post.media.map((m) => {
    const url = m.path ? mediaUrl(ctx.data.config, m.path) : (m.remote_url ?? '');
    return new Document({
      mediaType: mediaTypeOf(url),
      url: new URL(url),
      name: m.description || null,
      width: m.width || null,
      height: m.height || null,
    });
  });
  const links = (extra?.links ?? []).flatMap((l) => [
    new Link({ href: new URL(l.href), mediaType: 'text/html', name: l.name }),
    ...(l.image
      ? [new Image({ url: new URL(l.image.url), mediaType: mediaTypeOf(l.image.url), name: l.image.name })]
      : []),
  ]);
  const quote = post.quote_of ? postUri(ctx, post.quote_of) : null;
  return {
    id: postUri(ctx, { id: post.id, username: post.username, uri: null, poll: post.poll !== null }),
    url: new URL(`${base}/@${post.username}/${post.id}`),
    attribution: ctx.getActorUri(post.username),
    content: post.content_html + extraHtml(extra),
    summary: post.spoiler_text || null,
    sensitive: post.sensitive,
    published: instant(post.created_at),
    updated: post.edited_at ? instant(post.edited_at) : null,
    ...audienceOf(ctx, post),
    tags,
    attachments: [...media, ...links],
    replyTarget: post.in_reply_to ? postUri(ctx, post.in_reply_to) : null,
    quoteUrl: quote,
    quote,
  };
}

/** A post of ours as the vocabulary has it: `Note`, or `Question` for a poll; null when it is not ours to serve. */
export async function noteOf(ctx: FedContext, statusId: string): Promise<Note | Question | null> {
  const [object] = await notesOf(ctx, [statusId]);
  return object ?? null;
}

/**
 * Our posts (not reposts, not remote ones) as `Note` or `Question`, with their extras (products)
 * in our namespace; in the order asked.
 */
export async function notesOf(ctx: FedContext, statusIds: string[]): Promise<(Note | Question)[]> {
  const posts = (await loadPosts(ctx.data.db, statusIds)).filter((p) => p.domain === null && !p.reblog_of);
  const where = { db: ctx.data.db, publicUrl: ctx.data.config.publicUrl };
  const extras = await loadExtras(
    where,
    posts.map((p) => p.id),
  );
  const out: (Note | Question)[] = [];
  for (const post of posts) {
    const extra = extras.get(post.id);
    const object = post.poll ? questionOf(ctx, post, extra) : new Note(valuesOf(ctx, post, extra));
    const terms = extra?.terms ?? {};
    if (Object.keys(terms).length === 0) out.push(object);
    else if (object instanceof Question) out.push(await withExtension(object, Question, terms));
    else out.push(await withExtension(object, Note, terms));
  }
  return out;
}

/** A poll as Mastodon sends it: options as Notes with their votes, its end, how many voted. */
function questionOf(ctx: FedContext, post: PostRow, extra: NoteExtra | undefined): Question {
  const poll = post.poll!;
  const options = poll.options.map(
    (o) => new Note({ name: o.title, replies: new Collection({ totalItems: o.votesCount }) }),
  );
  const end = instant(poll.expires_at);
  const closed = new Date(poll.expires_at).getTime() <= Date.now();
  return new Question({
    ...valuesOf(ctx, post, extra),
    ...(poll.multiple ? { inclusiveOptions: options } : { exclusiveOptions: options }),
    endTime: end,
    closed: closed ? end : null,
    voters: poll.voters,
  });
}

/** The `Create` of a post of ours; null when it is not ours to send (gone, a repost, remote). */
export async function createOf(ctx: FedContext, statusId: string): Promise<Create | null> {
  const object = await noteOf(ctx, statusId);
  return object ? createFor(object) : null;
}

/**
 * The `Create` of a Note or Question, with the object's terms of our namespace kept on the object
 * inside it (a Create built from an extended Note would drop them: they are added again at ['object']).
 */
export async function createFor(object: Note | Question): Promise<Create> {
  // Without a format, an extended object answers the JSON it was parsed from, terms included.
  const json = (await object.toJsonLd()) as Record<string, unknown>;
  const terms = Object.fromEntries(
    Object.entries(json)
      .filter(([k]) => k.startsWith('comptoir:'))
      .map(([k, v]) => [k.slice('comptoir:'.length), v]),
  );
  const create = new Create({
    id: new URL(`${object.id?.href}/activity`),
    actor: object.attributionId,
    object,
    tos: object.toIds,
    ccs: object.ccIds,
    published: object.published,
  });
  return Object.keys(terms).length ? withExtension(create, Create, terms, ['object']) : create;
}

/** A repost of ours as `Announce` (its id names the repost row, so an Undo names it again). */
export function announceFor(
  ctx: FedContext,
  repost: { username: string; id: string; createdAt: Date | string },
  object: URL,
  author: URL | null | undefined,
): Announce {
  return new Announce({
    id: new URL(`${ourPostUri(ctx, repost.username, repost.id, false).href}/activity`),
    actor: ctx.getActorUri(repost.username),
    object,
    tos: [PUBLIC_COLLECTION],
    ccs: [ctx.getFollowersUri(repost.username), ...(author ? [author] : [])],
    published: instant(repost.createdAt),
  });
}
