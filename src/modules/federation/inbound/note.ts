/**
 * Reading a remote post object (Note, Question, Article, Page) into what social stores: text
 * sanitised once here, visibility from its addressing, language, tags, attachments, poll.
 * Nothing here writes; references (replies, quotes, mentions) are resolved by posts.ts.
 */
import {
  Article,
  Document,
  Hashtag,
  Image,
  LanguageString,
  Link,
  Mention,
  Note,
  type Object as APObject,
  Page,
  PUBLIC_COLLECTION,
  Question,
} from '@fedify/vocab';
import type { RemoteMedia, RemotePoll } from '../../social';
import { detectLanguage } from '../../social';
import { sanitizeHtml, toPlainText } from '../sanitize';
import { type Inbound, loaders } from './context';

export type PostObject = Note | Question | Article | Page;
export const isPostObject = (o: unknown): o is PostObject =>
  o instanceof Note || o instanceof Question || o instanceof Article || o instanceof Page;

type Visibility = 'public' | 'unlisted' | 'private' | 'direct';

/** Mastodon's reading of the addressing: Public in to, Public in cc, the followers, or people only. */
export function visibilityOf(object: PostObject, followersUrl: string | null): Visibility {
  const to = object.toIds.map((u) => u.href);
  const cc = object.ccIds.map((u) => u.href);
  const pub = PUBLIC_COLLECTION.href;
  const isPublic = (u: string) => u === pub || u === 'as:Public' || u === 'Public';
  if (to.some(isPublic)) return 'public';
  if (cc.some(isPublic)) return 'unlisted';
  if (followersUrl && [...to, ...cc].includes(followersUrl)) return 'private';
  return 'direct';
}

const stringOf = (value: string | LanguageString | null | undefined) => (value == null ? '' : String(value));

/** The content as safe HTML and plain text, the content warning, the language. */
export function contentOf(object: PostObject) {
  let html = stringOf(object.content);
  // An article is shown as a note: its title first, then its text.
  if ((object instanceof Article || object instanceof Page) && object.name)
    html = `<p>${escapeHtml(toPlainText(stringOf(object.name)))}</p>${html}`;
  const contentHtml = sanitizeHtml(html);
  const text = toPlainText(contentHtml);
  const tagged = [object.content, ...object.contents].find((c) => c instanceof LanguageString) as
    | LanguageString
    | undefined;
  const declared = tagged?.locale.language?.toLowerCase();
  const language = declared && /^[a-z]{2}$/.test(declared) ? declared : detectLanguage(text);
  const spoilerText = toPlainText(sanitizeHtml(stringOf(object.summary))).slice(0, 500);
  return { contentHtml, text, spoilerText, language, sensitive: Boolean(object.sensitive) };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The post's time, never in the future. */
export function publishedOf(object: PostObject): Date {
  const at = object.published ? new Date(object.published.epochMilliseconds) : new Date();
  return at.getTime() > Date.now() ? new Date() : at;
}

export const urlOf = (value: URL | Link | null | undefined): string | null =>
  value instanceof URL ? value.href : value instanceof Link ? (value.href?.href ?? null) : null;

/** Hashtags (NFC, lower case, no #) and the ids of actors mentioned, as written in the tags. */
export async function tagsOf(inb: Inbound, object: PostObject) {
  const tags: string[] = [];
  const mentions: URL[] = [];
  let seen = 0;
  for await (const tag of object.getTags(loaders(inb))) {
    if (++seen > 100) break;
    if (tag instanceof Hashtag) {
      const name = stringOf(tag.name).replace(/^#/, '').normalize('NFC').toLowerCase().trim();
      if (name && name.length <= 100 && !/\s/.test(name)) tags.push(name);
    } else if (tag instanceof Mention && tag.href) mentions.push(tag.href);
  }
  return { tags: [...new Set(tags)], mentions };
}

/** Image attachments with their alt text; other kinds (video, audio) are not kept. */
export async function mediaOf(inb: Inbound, object: PostObject): Promise<RemoteMedia[]> {
  const out: RemoteMedia[] = [];
  for await (const a of object.getAttachments(loaders(inb))) {
    if (out.length >= 4) break;
    if (!(a instanceof Document || a instanceof Image)) continue;
    const type = a.mediaType ?? '';
    if (type && !type.startsWith('image/')) continue;
    const remoteUrl = urlOf(a.url);
    if (!remoteUrl || !/^https?:/.test(remoteUrl)) continue;
    const size = (n: number | null) => (n && Number.isFinite(n) && n > 0 && n < 100_000 ? Math.round(n) : 0);
    out.push({
      remoteUrl,
      description: toPlainText(stringOf(a.name)).slice(0, 1500),
      width: size(a.width),
      height: size(a.height),
    });
  }
  return out;
}

/** A Question's options and counts (Mastodon: oneOf or anyOf, each option's replies.totalItems). */
export async function pollOf(inb: Inbound, object: PostObject): Promise<RemotePoll | null> {
  if (!(object instanceof Question)) return null;
  let multiple = false;
  let options: string[] = [];
  let counts: number[] = [];
  // oneOf first (single choice); Mastodon's options carry no id, so the lists are read, not their ids.
  for (const inclusive of [false, true]) {
    const list = inclusive ? object.getInclusiveOptions(loaders(inb)) : object.getExclusiveOptions(loaders(inb));
    options = [];
    counts = [];
    for await (const option of list as AsyncIterable<APObject>) {
      if (options.length >= 20) break;
      const title = toPlainText(stringOf(option.name)).slice(0, 200);
      if (!title) continue;
      const replies = await option.getReplies(loaders(inb)).catch(() => null);
      options.push(title);
      counts.push(Math.max(0, Math.min(replies?.totalItems ?? 0, 1e9)));
    }
    multiple = inclusive;
    if (options.length) break;
  }
  if (options.length < 2) return null;
  const closed = object.closed;
  const end = object.endTime ?? (typeof closed === 'object' ? closed : null);
  const expiresAt = end ? new Date(end.epochMilliseconds) : new Date(Date.now() + 24 * 3600 * 1000);
  return { options, counts, multiple, expiresAt, voters: Math.max(0, object.voters ?? 0) };
}
