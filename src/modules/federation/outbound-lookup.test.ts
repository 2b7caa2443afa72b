/**
 * Our actors and objects as a Fedify-based server sees them: resolved over HTTP by Fedify's own
 * client (`lookupObject`, which fetches, checks and parses), on a real server on loopback.
 */
import {
  Announce,
  type Collection,
  Create,
  Hashtag,
  Image,
  Link,
  lookupObject,
  Note,
  Organization,
  OrderedCollection,
  Person,
  PUBLIC_COLLECTION,
  Question,
} from '@fedify/vocab';
import { getDocumentLoader } from '@fedify/vocab-runtime';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../db/ids';
import { shopWithProduct } from '../../../test/support/commerce';
import { person } from '../../../test/support/catalog';
import { startTestServer, type TestServer } from '../../../test/support/server';
import { createStatus, reblog } from '../social';
import { createOf } from './outbound/notes';
import { federationContext } from './federation';

const documentLoader = getDocumentLoader({ allowPrivateAddress: true });
const lookup = (url: string) => lookupObject(url, { documentLoader, contextLoader: documentLoader });

describe('our actors and objects, resolved by Fedify', () => {
  let s: TestServer;
  let alice: Awaited<ReturnType<typeof person>>;
  let shop: Awaited<ReturnType<typeof shopWithProduct>>;
  let noteId: string;
  let pollId: string;
  let productPostId: string;

  beforeAll(async () => {
    s = await startTestServer({ federation: true, federationAllowPrivate: true });
    alice = await person(s, 'alice');
    shop = await shopWithProduct(s, { price: 1250 });
    await s.ctx.db.execute(
      sql`insert into product_images (id, product_id, path, preview_path, width, height, alt)
          values (${uuidv7()}, ${shop.productId}, 'ab/cd/comte.webp', 'ab/cd/comte-preview.webp', 800, 600, 'Une meule')`,
    );
    const note = await createStatus(s.ctx, alice.id, {
      text: `Du #comté chez @${shop.brand.username}, déjà goûté ?`,
      spoilerText: 'fromage',
    });
    noteId = note.id;
    const poll = await createStatus(s.ctx, alice.id, {
      text: 'Plutôt comté ou beaufort ?',
      poll: { options: ['Comté', 'Beaufort'], expiresIn: 3600 },
    });
    pollId = poll.id;
    const productPost = await createStatus(s.ctx, shop.brand.id, {
      text: 'Notre comté 24 mois est arrivé',
      extensions: { products: [shop.productId] },
    });
    productPostId = productPost.id;
  });
  afterAll(async () => s?.stop());

  it('a person is a Person, a brand an Organization with its charter', async () => {
    const actor = await lookup(`${s.url}/users/${alice.account.username}`);
    expect(actor).toBeInstanceOf(Person);
    expect((actor as Person).preferredUsername).toBe(alice.account.username);
    const brand = await lookup(`${s.url}/users/${shop.brand.username}`);
    expect(brand).toBeInstanceOf(Organization);
    const json = (await (brand as Organization).toJsonLd()) as Record<string, unknown>;
    expect(JSON.stringify(json)).toContain('comptoir');
  });

  it('a post is a Note with its audience, hashtag, mention and content warning', async () => {
    const note = await lookup(`${s.url}/users/${alice.account.username}/statuses/${noteId}`);
    expect(note).toBeInstanceOf(Note);
    const n = note as Note;
    expect(n.attributionId?.href).toBe(`${s.url}/users/${alice.account.username}`);
    expect(n.url?.toString()).toBe(`${s.url}/@${alice.account.username}/${noteId}`);
    expect(n.summary?.toString()).toBe('fromage');
    expect(n.sensitive).toBe(true);
    expect(n.toIds.map(String)).toEqual([PUBLIC_COLLECTION.href]);
    expect(n.ccIds.map(String)).toContain(`${s.url}/users/${alice.account.username}/followers`);
    expect(n.ccIds.map(String)).toContain(`${s.url}/users/${shop.brand.username}`);
    const tags = [];
    for await (const tag of n.getTags()) tags.push(tag);
    expect(tags.some((t) => t instanceof Hashtag && t.href?.href === `${s.url}/tags/comt%C3%A9`)).toBe(true);
    expect(tags.some((t) => t instanceof Link && t.href?.href === `${s.url}/users/${shop.brand.username}`)).toBe(true);
    // The page's address, asked for as ActivityPub, answers the same Note.
    const negotiated = await lookup(`${s.url}/@${alice.account.username}/${noteId}`);
    expect(negotiated?.id?.href).toBe(n.id?.href);
  });

  it('a poll is a Question, also at its page address', async () => {
    const question = await lookup(`${s.url}/@${alice.account.username}/${pollId}`);
    expect(question).toBeInstanceOf(Question);
    const q = question as Question;
    expect(q.id?.href).toBe(`${s.url}/users/${alice.account.username}/questions/${pollId}`);
    const options = [];
    for await (const o of q.getExclusiveOptions()) options.push(o);
    expect(options.map((o) => (o as Note).name?.toString())).toEqual(['Comté', 'Beaufort']);
    const replies = await (options[0] as Note).getReplies();
    expect((replies as Collection).totalItems).toBe(0);
    expect(q.endTime).toBeTruthy();
    // Not at the note path: each post has one id.
    expect(await lookup(`${s.url}/users/${alice.account.username}/statuses/${pollId}`)).toBeNull();
  });

  it('a shoppable post carries its products: links in text and attachments, schema.org Products', async () => {
    const url = `${s.url}/users/${shop.brand.username}/statuses/${productPostId}`;
    const note = (await lookup(url)) as Note;
    expect(note).toBeInstanceOf(Note);
    const productUrl = `${s.url}/@${shop.brand.username}/products/${shop.productId}`;
    expect(note.content?.toString()).toContain(`href="${productUrl}"`);
    const attachments = [];
    for await (const a of note.getAttachments()) attachments.push(a);
    expect(attachments.some((a) => a instanceof Link && a.href?.href === productUrl)).toBe(true);
    const raw = (await (await fetch(url, { headers: { accept: 'application/activity+json' } })).json()) as Record<
      string,
      unknown
    >;
    const products = raw['comptoir:products'] as Record<string, unknown>[];
    expect(products[0]).toMatchObject({
      '@type': 'Product',
      url: productUrl,
      image: `${s.url}/media/ab/cd/comte.webp`,
      offers: { price: '12.50', priceCurrency: 'EUR', availability: 'http://schema.org/InStock' },
    });
    // Its Create keeps the products on the object, and parses back.
    const create = await createOf(federationContext(s.ctx), productPostId);
    const json = (await create!.toJsonLd()) as Record<string, Record<string, unknown>>;
    expect(json.object['comptoir:products']).toEqual(products);
    const parsed = await Create.fromJsonLd(json, { documentLoader, contextLoader: documentLoader });
    const object = (await parsed.getObject()) as Note;
    expect(object.id?.href).toBe(url);
    expect(object.content?.toString()).toContain(productUrl);
    const kinds = [];
    for await (const a of object.getAttachments()) kinds.push(a.constructor);
    expect(kinds).toEqual([Link, Image]);
  });

  it('the outbox pages the public posts as Create activities, newest first', async () => {
    const outbox = (await lookup(`${s.url}/users/${alice.account.username}/outbox`)) as OrderedCollection;
    expect(outbox).toBeInstanceOf(OrderedCollection);
    expect(outbox.totalItems).toBe(2);
    const first = await outbox.getFirst();
    const items = [];
    for await (const item of first!.getItems()) items.push(item);
    expect(items.every((i) => i instanceof Create)).toBe(true);
    expect(items.map((i) => i.id?.href)).toEqual([
      `${s.url}/users/${alice.account.username}/questions/${pollId}/activity`,
      `${s.url}/users/${alice.account.username}/statuses/${noteId}/activity`,
    ]);
    const featured = await lookup(`${s.url}/users/${alice.account.username}/collections/featured`);
    expect(featured).toBeInstanceOf(OrderedCollection);
    const followers = await lookup(`${s.url}/users/${alice.account.username}/followers`);
    expect(followers).toBeInstanceOf(OrderedCollection);
  });

  it('a repost is an Announce in the outbox, newest first', async () => {
    await reblog(s.ctx, alice.id, productPostId);
    const outbox = (await lookup(`${s.url}/users/${alice.account.username}/outbox`)) as OrderedCollection;
    const first = await outbox.getFirst();
    const items = [];
    for await (const item of first!.getItems()) items.push(item);
    expect(items[0]).toBeInstanceOf(Announce);
    expect((items[0] as Announce).objectId?.href).toBe(
      `${s.url}/users/${shop.brand.username}/statuses/${productPostId}`,
    );
    expect(items).toHaveLength(3);
  });
});
