import type { Db } from '../../../db/client';
import { createRegistry, type Registry } from '../../../lib/registry';

/** A link a post carries to a page of ours (a product), with its picture, shown as a card by other servers. */
export type NoteLink = { href: string; name: string; image: { url: string; name: string } | null };

/**
 * What another module adds to our posts as they federate (commerce: the products of a shoppable
 * post): links, appended to the content too (Mastodon shows a card for a link in the text) and
 * sent as attachments, and terms of our namespace (`comptoir:products`).
 */
export type NoteExtra = { links: NoteLink[]; terms: Record<string, unknown> };

/** The database, and our public URL (links to our pages). */
export type ExtraContext = { db: Db; publicUrl: string };

export type NoteExtension = {
  name: string;
  /** The extras of these posts, by post id (posts with nothing are left out). One or two queries. */
  load(ctx: ExtraContext, statusIds: string[]): Promise<Map<string, NoteExtra>>;
};

/** Registered from src/links/ (federation-social.ts). */
export const noteExtensions: Registry<NoteExtension> = createRegistry<NoteExtension>();

/** Every extension's extras of these posts, merged per post. */
export async function loadExtras(ctx: ExtraContext, statusIds: string[]): Promise<Map<string, NoteExtra>> {
  const out = new Map<string, NoteExtra>();
  if (statusIds.length === 0) return out;
  for (const extension of noteExtensions.list())
    for (const [id, extra] of await extension.load(ctx, statusIds)) {
      const had = out.get(id) ?? { links: [], terms: {} };
      out.set(id, { links: [...had.links, ...extra.links], terms: { ...had.terms, ...extra.terms } });
    }
  return out;
}
