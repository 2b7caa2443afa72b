import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { runJobs, shop } from '../../../../test/support/orders';
import { queryRows } from '../../../db/client';
import { enqueue } from '../../../jobs/queue';
import { signUp } from '../../accounts';
import { savePaymentMethod } from '../../commerce';

/**
 * THE erasure test: a person leaves data all over the schema through the real API, closes their
 * account, the jobs run, then every text-like column of every table (found in the catalog, so a
 * table added later is checked too) is searched for their e-mail, name, username, IP address and
 * every word they wrote. Only the invoice fields the law keeps may still hold something.
 */

/** Kept by law (art. L123-22 of the commercial code): the invoice's name and address. */
const ALLOWED = new Set(['orders.shipping_address']);

const IP = '203.0.113.77';
const PASSWORD = 'correct horse battery';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ trustProxy: true });
});
afterAll(() => t.close());

type Res = { status: number; body: any };
async function call(method: string, url: string, token?: string, body?: unknown, ip = IP): Promise<Res> {
  const res = await t.call(method, url, { token, body, headers: { 'x-forwarded-for': ip } });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed };
}
function ok(res: Res, status = 200): any {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
}

/** Every text-like column of every table, with the rows that hold any of the needles. */
async function leftovers(needles: string[]): Promise<string[]> {
  const columns = await queryRows<{ table_name: string; column_name: string }>(
    t.ctx.db,
    sql`select c.table_name::text as table_name, c.column_name::text as column_name
          from information_schema.columns c
          join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name
         where c.table_schema = 'public' and tb.table_type = 'BASE TABLE'
           and (c.data_type in ('text', 'character varying', 'character', 'jsonb', 'json', 'inet', 'ARRAY')
                or c.udt_name in ('citext', 'tsvector'))
         order by 1, 2`,
  );
  expect(columns.length).toBeGreaterThan(100);
  const patterns = `{${needles.map((n) => `"%${n.toLowerCase().replace(/[\\"%_]/g, (ch) => `\\${ch}`)}%"`).join(',')}}`;
  const found: string[] = [];
  for (const { table_name, column_name } of columns) {
    if (ALLOWED.has(`${table_name}.${column_name}`)) continue;
    const [row] = await queryRows<{ n: number | string; sample: string | null }>(
      t.ctx.db,
      sql`select count(*) as n, min(left(${sql.identifier(column_name)}::text, 200)) as sample
            from ${sql.identifier(table_name)}
           where lower(${sql.identifier(column_name)}::text) like any(${patterns}::text[])`,
    );
    if (Number(row?.n) > 0) found.push(`${table_name}.${column_name}: ${row?.sample}`);
  }
  return found;
}

describe('after an account is deleted and the erasure job ran', () => {
  it('no column of any table holds the person’s e-mail, name, username, IP address or words, but the invoice fields', async () => {
    const mark = `mk${Date.now().toString(36)}`;
    const words = (what: string) => `${mark}${what} plutôt content de ce produit, vraiment très bien emballé`;
    const username = `erz_${Date.now().toString(36)}`;
    const email = `${username}@example.test`;
    const name = `Gaëlle ${mark}Nom`;
    const client = ok(
      await call('POST', '/api/v1/apps', undefined, {
        client_name: 'Client',
        redirect_uris: 'https://client.example/cb',
        scopes: 'read write follow',
      }),
    );
    // A try before the account exists: recorded under the e-mail's keyed hash, with the address.
    const early = await call('POST', '/oauth/token', undefined, {
      grant_type: 'password',
      client_id: client.client_id,
      client_secret: client.client_secret,
      username: email,
      password: PASSWORD,
    });
    expect(early.status).toBe(400);
    await signUp(t.ctx, { username, email, password: PASSWORD });
    // Signing in through the API leaves the IP and the e-mail in the rate-limit buckets.
    // (The friend signs in from another address: the person's IP must be gone, not the friend's log.)
    const signIn = async (login: string, ip = IP) =>
      ok(
        await call(
          'POST',
          '/oauth/token',
          undefined,
          {
            grant_type: 'password',
            client_id: client.client_id,
            client_secret: client.client_secret,
            username: login,
            password: PASSWORD,
            scope: 'read write follow',
          },
          ip,
        ),
      ).access_token as string;
    const token = await signIn(email);
    const me = ok(await call('GET', '/api/v1/accounts/verify_credentials', token));
    ok(
      await call('PATCH', '/api/v1/accounts/update_credentials', token, {
        display_name: name,
        note: words('note'),
        fields_attributes: [{ name: `${mark}field`, value: `${mark}value` }],
      }),
    );

    const s = await shop(t, { stock: 50 });
    const friendName = `frd_${Date.now().toString(36)}`;
    const friend = await signUp(t.ctx, {
      username: friendName,
      email: `${friendName}@example.test`,
      password: PASSWORD,
    });
    const friendToken = await signIn(`${friendName}@example.test`, '198.51.100.9');

    // Social: posts (one with an image), follows both ways, likes, bookmarks, a list, a mention.
    const form = new FormData();
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#3a3' } })
      .png()
      .toBuffer();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'a.png');
    form.append('description', `${mark}alt`);
    const media = ok(
      await t
        .call('POST', '/api/v2/media', { token, body: form })
        .then(async (r) => ({ status: r.status, body: await r.json() })),
      200,
    );
    const post = ok(await call('POST', '/api/v1/statuses', token, { status: words('post'), media_ids: [media.id] }));
    // (Others' own words stay theirs: the friend's posts do not name the person here.)
    const friendPost = ok(await call('POST', '/api/v1/statuses', friendToken, { status: 'Bonjour à tous' }));
    ok(await call('POST', `/api/v1/statuses/${friendPost.id}/favourite`, token));
    ok(await call('POST', `/api/v1/statuses/${friendPost.id}/bookmark`, token));
    ok(await call('POST', `/api/v1/statuses/${friendPost.id}/reblog`, token));
    ok(await call('POST', `/api/v1/statuses`, friendToken, { status: 'Merci !', in_reply_to_id: post.id }));
    ok(await call('POST', `/api/v1/accounts/${friend.id}/follow`, token));
    ok(await call('POST', `/api/v1/accounts/${me.id}/follow`, friendToken));
    ok(await call('POST', `/api/v1/accounts/${s.brand.id}/follow`, token));
    const list = ok(await call('POST', '/api/v1/lists', token, { title: `${mark}list` }));
    ok(await call('POST', `/api/v1/lists/${list.id}/accounts`, token, { account_ids: [friend.id] }));
    ok(
      await call('POST', '/api/v1/statuses', token, {
        status: `@${s.brand.username} ${words('dm')}`,
        visibility: 'direct',
      }),
    );

    // Commerce: an address book entry, a card, a cart, an order shipped, delivered and returned.
    const address = {
      name,
      line1: `${mark}rue 12`,
      line2: '',
      postal_code: '69002',
      city: 'Lyon',
      country: 'FR',
      phone: '+33611223344',
    };
    ok(await call('POST', '/api/v1/addresses', token, address), 201);
    const method = await savePaymentMethod(t.ctx, me.id, { provider: 'test', token: 'tok_visa' });
    ok(await call('POST', '/api/v1/cart/items', token, { variant_id: s.variantId, quantity: 1 }), 201);
    const order = ok(
      await call('POST', '/api/v1/orders', token, {
        lines: [{ variant_id: s.variantId, quantity: 1 }],
        payment_method_id: method.id,
        shipping_address: address,
      }),
      201,
    );
    ok(await call('POST', `/api/v1/orders/${order.id}/prepare`, s.ownerToken, {}));
    ok(
      await call('POST', `/api/v1/orders/${order.id}/ship`, s.ownerToken, {
        carrier: 'Colissimo',
        tracking_number: `${mark}TRK`,
      }),
    );
    ok(await call('POST', `/api/v1/orders/${order.id}/deliver`, s.ownerToken, {}));
    ok(await call('POST', `/api/v1/orders/${order.id}/returns`, token, { reason: words('return') }), 201);

    // Reputation and community: a review, a question, a space's topic.
    ok(
      await call('POST', `/api/v1/products/${s.productId}/reviews`, token, {
        rating: 5,
        title: `${mark}title`,
        body: words('review'),
      }),
      201,
    );
    ok(await call('POST', `/api/v1/products/${s.productId}/questions`, token, { text: `${words('question')} ?` }), 201);
    const space = ok(
      await call('POST', `/api/v1/brands/${s.brand.id}/spaces`, s.ownerToken, {
        name: 'Atelier',
        visibility: 'public',
      }),
      201,
    );
    ok(
      await call('POST', `/api/v1/spaces/${space.id}/topics`, token, { title: `${mark}topic`, text: words('topic') }),
      201,
    );

    // Places: a check-in with a comment and a tip.
    const place = ok(
      await call('POST', `/api/v1/brands/${s.brand.id}/places`, s.ownerToken, {
        name: 'Maison',
        address: '1 rue Mercière, Lyon',
        lat: 45.762,
        lon: 4.833,
      }),
      201,
    );
    ok(
      await call('POST', `/api/v1/places/${place.id}/checkins`, token, {
        lat: place.lat,
        lon: place.lon,
        visibility: 'public',
        comment: words('checkin'),
      }),
      201,
    );
    ok(await call('POST', `/api/v1/places/${place.id}/tips`, token, { text: words('tip') }), 201);

    // Ambassadors: a programme, an application with a message.
    ok(
      await call('POST', `/api/v1/brands/${s.brand.id}/ambassador_program`, s.ownerToken, {
        commission_percent: 10,
        window_days: 30,
        min_payout: { amount: 2000, currency: 'EUR' },
      }),
      201,
    );
    ok(
      await call('POST', `/api/v1/brands/${s.brand.id}/ambassador_applications`, token, { message: words('amb') }),
      201,
    );
    await runJobs(t);

    const needles = [email, username, name, `${mark}`, IP];
    // The fixture did reach the tables it means to: the walk finds the person everywhere first.
    const before = await leftovers(needles);
    for (const table of [
      'accounts',
      'credentials',
      'statuses',
      'addresses',
      'orders',
      'reviews',
      'inbox_messages',
      'checkins',
      'place_tips',
      'community_topics',
      'qa_questions',
      'ambassadors',
      'lists',
      'rate_limits',
      'media_attachments',
    ])
      expect(
        before.some((f) => f.startsWith(`${table}.`)),
        `${table} before`,
      ).toBe(true);

    ok(await call('DELETE', '/api/v1/account', token, { password: PASSWORD }), 202);
    await runJobs(t);

    expect(await leftovers(needles)).toEqual([]);
    // The order is still the brand's, with what the invoice needs.
    const kept = ok(await call('GET', `/api/v1/orders/${order.id}`, s.ownerToken));
    expect(kept.shipping_address).toMatchObject({ name, line1: `${mark}rue 12`, city: 'Lyon', phone: '' });
    expect(kept.tracking_number).toBeNull();
    expect(kept.buyer).toMatchObject({ id: me.id, deleted: true });
    // Running the job again finds nothing more to do and fails on nothing.
    await enqueue(t.ctx.db, 'privacy.erase', { accountId: me.id });
    await runJobs(t);
    expect(await leftovers(needles)).toEqual([]);
    const failed = await queryRows(
      t.ctx.db,
      sql`select id from jobs where kind = 'privacy.erase' and last_error is not null`,
    );
    expect(failed).toEqual([]);
  });
});
