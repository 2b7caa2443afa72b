import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app';
import { queryRows } from '../db/client';
import { brandMembers } from '../db/schema';
import { authenticate } from '../modules/accounts';
import { isPlatformModerator, listQueue } from '../modules/moderation';
import { ratingSummary } from '../modules/reputation';
import { unreadCount } from '../modules/social';
import { DEMO_PASSWORD, buildDemoWorld, printDemoLogins, type DemoWorld } from './demo-world';

let t: TestApp;
let world: DemoWorld;
const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(t.ctx.db, query);

// One world for the shop's and moderation's checks too: building one takes half a minute.
beforeAll(async () => {
  t = await createTestApp();
  // Build first: the demo clock runs in the past, before any id made at the real time.
  world = await buildDemoWorld(t.ctx, { accounts: 20, posts: 80, seed: 7, progress: false });
}, 600_000); // a shared, busy machine can take minutes
afterAll(() => t?.close());

describe('the demo world', () => {
  it('has brands with their charter and an owner', async () => {
    expect(world.brands.length).toBeGreaterThanOrEqual(3);
    for (const brand of world.brands) {
      expect(brand.kind).toBe('brand');
      expect(brand.primaryColor).toMatch(/^#[0-9a-f]{6}$/);
      expect(brand.accentColor).toMatch(/^#[0-9a-f]{6}$/);
      expect(brand.avatarPath).toBeTruthy();
      expect(brand.headerPath).toBeTruthy();
      expect(brand.location).not.toBe('');
      const members = await t.ctx.db.select().from(brandMembers).where(sql`${brandMembers.brandId} = ${brand.id}`);
      expect(members.filter((m) => m.role === 'owner')).toHaveLength(1);
      expect(members.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('has people following brands and each other, with counters that match', async () => {
    const [brandFollows] = await rows<{ n: number }>(
      sql`select count(*)::int as n from follows f join accounts a on a.id = f.followee_id where a.kind = 'brand'`,
    );
    const [peopleFollows] = await rows<{ n: number }>(
      sql`select count(*)::int as n from follows f join accounts a on a.id = f.followee_id where a.kind = 'person'`,
    );
    expect(brandFollows!.n).toBeGreaterThan(20);
    expect(peopleFollows!.n).toBeGreaterThan(20);
    const wrong = await rows(sql`select a.id from accounts a
      where a.followers_count <> (select count(*) from follows where followee_id = a.id)
         or a.posts_count <> (select count(*) from statuses where account_id = a.id)`);
    expect(wrong).toEqual([]);
  });

  it('has posts with hashtags, replies forming threads, reposts, quotes, likes and polls', async () => {
    const [c] = await rows<Record<string, number>>(sql`select
      (select count(*)::int from statuses where reblog_of_id is null) as posts,
      (select count(*)::int from status_tags) as tags,
      (select count(*)::int from statuses where in_reply_to_id is not null) as replies,
      (select count(*)::int from statuses s join statuses p on p.id = s.in_reply_to_id where p.in_reply_to_id is not null) as deep_replies,
      (select count(*)::int from statuses where reblog_of_id is not null) as reposts,
      (select count(*)::int from statuses where quote_of_id is not null) as quotes,
      (select count(*)::int from favourites) as likes,
      (select count(*)::int from statuses where written_by_id is not null) as by_team,
      (select count(*)::int from polls where expires_at < now()) as closed_polls,
      (select count(*)::int from polls where expires_at > now()) as open_polls,
      (select count(*)::int from short_links) as links,
      (select count(*)::int from notifications) as notifications`);
    expect(c!.posts).toBeGreaterThanOrEqual(80);
    expect(c!.tags).toBeGreaterThan(30);
    expect(c!.replies).toBeGreaterThan(10);
    expect(c!.reposts).toBeGreaterThan(0);
    expect(c!.quotes).toBeGreaterThan(0);
    expect(c!.likes).toBeGreaterThan(50);
    expect(c!.by_team).toBeGreaterThan(0);
    expect(c!.closed_polls).toBeGreaterThanOrEqual(1);
    expect(c!.open_polls).toBeGreaterThanOrEqual(1);
    expect(c!.links).toBeGreaterThan(0);
    expect(c!.notifications).toBeGreaterThan(0);
    const tags = await rows<{ tag: string }>(sql`select distinct tag from status_tags`);
    expect(tags.map((r) => r.tag)).toEqual(expect.arrayContaining(['fromage']));
    // Counters kept by the services match the rows.
    const wrongLikes = await rows(
      sql`select id from statuses s where favourites_count <> (select count(*) from favourites where status_id = s.id)`,
    );
    expect(wrongLikes).toEqual([]);
  });

  it('spreads activity over past weeks, with ids in time order', async () => {
    const [span] = await rows<{ days: number; disordered: number }>(sql`select
      extract(epoch from max(created_at) - min(created_at)) / 86400 as days,
      (select count(*)::int from (select created_at < lag(created_at) over (order by id) as bad from statuses) x where bad) as disordered
      from statuses`);
    expect(Number(span!.days)).toBeGreaterThan(14);
    expect(span!.disordered).toBe(0);
    const [future] = await rows<{ n: number }>(sql`select count(*)::int as n from statuses where created_at > now()`);
    expect(future!.n).toBe(0);
  });

  it('lets the demo logins in with the documented password', async () => {
    expect(world.logins.length).toBeGreaterThanOrEqual(10);
    const marie = world.logins.find((l) => l.username === 'marie')!;
    expect(marie.email).toBe('marie@demo.comptoir.test');
    expect(marie.password).toBe(DEMO_PASSWORD);
    expect(marie.role).toContain('owner');
    const account = await authenticate({ db: t.ctx.db }, marie.email, DEMO_PASSWORD);
    expect(account.username).toBe('marie');
    await expect(authenticate({ db: t.ctx.db }, marie.email, 'wrong-password')).rejects.toThrow();
    const lines: string[] = [];
    printDemoLogins(world, (l) => lines.push(l));
    expect(lines.join('\n')).toContain('marie@demo.comptoir.test');
    expect(lines.join('\n')).toContain(DEMO_PASSWORD);
  });

  it('has an open contest with entries (campaigns)', async () => {
    const [contest] = await rows<{ id: string }>(sql`select id from contests where drawn_at is null limit 1`);
    const shown = (await (await t.call('GET', `/api/v1/contests/${contest!.id}`)).json()) as Record<string, unknown>;
    expect(shown.status).toBe('open');
    expect(shown.entries_count).toBeGreaterThan(0);
  });

  it('has two community spaces with published topics, replies and one accepted answer (French)', async () => {
    const spaces = await rows<{ visibility: string; topics: number; replies: number; accepted: number }>(
      sql`select s.visibility, count(distinct t.id)::int as topics, count(r.id)::int as replies,
            count(distinct t.accepted_reply_id)::int as accepted
          from community_spaces s join community_topics t on t.space_id = s.id and t.status = 'published'
          left join community_topic_replies r on r.topic_id = t.id and r.status = 'published'
          group by s.id order by s.visibility desc`,
    );
    expect(spaces.map((x) => x.visibility)).toEqual(['public', 'members']);
    expect(spaces.every((x) => x.topics >= 2 && x.replies >= 2)).toBe(true);
    expect(spaces.reduce((n, x) => n + x.accepted, 0)).toBe(1);
  });

  it('has labels and a private note on Chloé in Fromagerie des Canuts’ customer files (inbox)', async () => {
    const [file] = await rows<{ labels: number; notes: number }>(sql`select
      (select count(*)::int from inbox_customer_labels l join accounts a on a.id = l.account_id
        where a.username = 'chloe') as labels,
      (select count(*)::int from inbox_customer_notes n join accounts a on a.id = n.account_id
        where a.username = 'chloe') as notes`);
    expect(file).toEqual({ labels: 3, notes: 1 });
  });
});

describe('the demo world’s outside sources', () => {
  it('has the cheese shop and the roaster listen to the app’s own demo feeds, not fetched while building', async () => {
    const listened = await rows<{ username: string; name: string; url: string; fetched: boolean }>(
      sql`select a.username, b.name, s.url, (s.last_fetched_at is not null) as fetched
          from brand_sources b join listening_sources s on s.id = b.source_id join accounts a on a.id = b.brand_id
          order by a.username, b.name`,
    );
    const prefix = `${t.ctx.config.publicUrl}/demo/feeds/`;
    expect(listened.map((r) => r.username)).toEqual([
      'fromagerie_canuts',
      'fromagerie_canuts',
      'fromagerie_canuts',
      'torrefaction_garonne',
      'torrefaction_garonne',
    ]);
    expect(listened.every((r) => r.url.startsWith(prefix) && !r.fetched)).toBe(true);
    // Their first fetch waits for the server (queueDemoFeeds): no fetch is queued by the build.
    const [queued] = await rows<{ n: number }>(sql`select count(*)::int as n from jobs where kind = 'source.fetch'`);
    expect(Number(queued.n)).toBe(0);
  });
});

describe('the demo world’s product Q&A', () => {
  it('has published questions with the brand’s official answer, some in the brand’s inbox', async () => {
    const [counts] = await rows<{ questions: number; official: number; inbox: number }>(
      sql`select (select count(*)::int from qa_questions where status = 'published') as questions,
                 (select count(distinct question_id)::int from qa_answers where official and status = 'published') as official,
                 (select count(*)::int from inbox_conversations where channel = 'question') as inbox`,
    );
    expect(counts.questions).toBeGreaterThanOrEqual(3);
    expect(counts.official).toBe(counts.questions);
    expect(counts.inbox).toBe(counts.questions);
  });
});

describe('the shop in the demo world', () => {
  it('gives every brand published products with variants, and shoppable posts carrying them', async () => {
    for (const brand of world.brands) {
      const products = await rows<{ id: string; variants: number }>(
        sql`select p.id, (select count(*)::int from variants v where v.product_id = p.id) as variants from products p where p.brand_id = ${brand.id} and p.status = 'published'`,
      );
      expect(products.length).toBeGreaterThanOrEqual(3);
      for (const p of products) expect(p.variants).toBeGreaterThanOrEqual(1);
      const [posts] = await rows<{ n: number }>(
        sql`select count(distinct s.id)::int as n from statuses s join status_products sp on sp.status_id = s.id join products p on p.id = sp.product_id
            where s.account_id = ${brand.id} and p.brand_id = ${brand.id}`,
      );
      expect(posts!.n).toBeGreaterThanOrEqual(2);
    }
  });

  it('gives every brand a legal page with terms of sale, which its orders record', async () => {
    for (const brand of world.brands) {
      const res = await t.app.request(`/@${brand.username}/legal`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('SIREN');
      expect(html).toContain('Conditions générales de vente');
    }
    const versions = await rows<{ terms_version: number | null }>(sql`select distinct terms_version from orders`);
    expect(versions).toEqual([{ terms_version: 1 }]);
  });

  it('has delivered orders, and published verified reviews counted in a product’s rating', async () => {
    const [delivered] = await rows<{ n: number }>(
      sql`select count(*)::int as n from orders where status = 'delivered'`,
    );
    expect(delivered!.n).toBeGreaterThanOrEqual(10);
    const published = await rows<{ product_id: string; verified: boolean }>(
      sql`select product_id, verified from reviews where status = 'published'`,
    );
    expect(published.length).toBeGreaterThanOrEqual(8);
    expect(published.every((r) => r.verified)).toBe(true);
    const summary = await ratingSummary(t.ctx.db, published[0]!.product_id);
    expect(summary.count).toBeGreaterThanOrEqual(1);
    expect(summary.average).not.toBeNull();
    const [replies] = await rows<{ n: number }>(sql`select count(*)::int as n from review_replies`);
    expect(replies!.n).toBe(1);
  });

  it('leaves reviews pending in brand queues, and turns the “where is my parcel” review into a question', async () => {
    const pending = await rows<{ brand_id: string; subject_id: string }>(
      sql`select brand_id, subject_id from moderation_items where type = 'review' and status = 'pending'`,
    );
    expect(pending.length).toBeGreaterThanOrEqual(2);
    const brand = world.brands.find((b) => b.id === pending[0]!.brand_id)!;
    const [owner] = await rows<{ account_id: string }>(
      sql`select account_id from brand_members where brand_id = ${brand.id} and role = 'owner'`,
    );
    const queue = await listQueue(t.ctx.db, owner!.account_id, brand.id, { type: 'review' });
    expect(queue.length).toBeGreaterThanOrEqual(1);
    const questions = await rows<{ body: string }>(sql`select body from reviews where status = 'question'`);
    expect(questions.map((q) => q.body)).toContain('Toujours pas reçu mon colis, où est ma commande ?');
  });

  it('leaves chloe a delivered order line she has not reviewed yet', async () => {
    const lines = await rows<{ id: string }>(
      sql`select l.id from order_lines l join orders o on o.id = l.order_id join accounts a on a.id = o.buyer_id
          where a.username = 'chloe' and o.status = 'delivered' and not exists (select 1 from reviews r where r.order_line_id = l.id)`,
    );
    expect(lines.length).toBeGreaterThanOrEqual(1);
    const [reviewed] = await rows<{ n: number }>(
      sql`select count(*)::int as n from reviews r join accounts a on a.id = r.author_id where a.username = 'chloe'`,
    );
    expect(reviewed!.n).toBeGreaterThanOrEqual(1);
  });

  it('gives every demo product two or three photos with alt text, served as images', async () => {
    const products = await rows<{
      id: string;
      title: string;
      images: { path: string; preview_path: string; alt: string }[];
    }>(
      sql`select p.id, p.title, coalesce((select json_agg(json_build_object('path', i.path, 'preview_path', i.preview_path, 'alt', i.alt) order by i.position)
            from product_images i where i.product_id = p.id), '[]') as images from products p`,
    );
    expect(products.length).toBeGreaterThanOrEqual(12);
    for (const p of products) {
      expect(p.images.length, p.title).toBeGreaterThanOrEqual(2);
      expect(p.images.length, p.title).toBeLessThanOrEqual(3);
      for (const image of p.images) expect(image.alt).toContain(p.title);
    }
    for (const file of [products[0]!.images[0]!.path, products[0]!.images[1]!.preview_path]) {
      const res = await t.app.request(`/media/${file}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^image\//);
    }
  });
});

describe('moderation in the demo world', () => {
  it('has a platform moderator login and items waiting in every brand’s queue and the platform’s', async () => {
    const login = world.logins.find((l) => l.username === 'claire')!;
    expect(login.role).toContain('platform moderator');
    const claire = await authenticate({ db: t.ctx.db }, 'claire', DEMO_PASSWORD);
    expect(await isPlatformModerator(t.ctx.db, claire.id)).toBe(true);
    const perBrand = await queryRows<{ brand_id: string | null; n: number }>(
      t.ctx.db,
      sql`select brand_id, count(*)::int as n from moderation_items where status = 'pending' group by brand_id`,
    );
    for (const brand of world.brands)
      expect(perBrand.find((r) => r.brand_id === brand.id)?.n ?? 0).toBeGreaterThanOrEqual(2);
    expect(perBrand.find((r) => r.brand_id === null)?.n).toBe(1);
  });

  it('leaves the demo shopper (chloe) out of it: her first view shows no insult and a handful of unread notifications', async () => {
    const [chloe] = await queryRows<{ id: string }>(t.ctx.db, sql`select id from accounts where username = 'chloe'`);
    const [flagged] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from moderation_items
          where author_id = ${chloe!.id} and subject_id in (select id from statuses)`,
    );
    expect(flagged!.n).toBe(0);
    const [reports] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from reports where reporter_id = ${chloe!.id}`,
    );
    expect(reports!.n).toBe(0);
    expect(await unreadCount({ db: t.ctx.db }, chloe!.id)).toBeLessThanOrEqual(4);
  });
});
