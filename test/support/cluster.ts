/**
 * What the tests of several app nodes (test/cluster/) share: a shop and its buyers written
 * straight into a node's database, and plain HTTP calls to a node by its URL.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../src/db/client';
import { uuidv7 } from '../../src/db/ids';
import { products, variants } from '../../src/db/schema';
import { newToken, sha256 } from '../../src/lib/crypto';
import { createAccount, createBrand } from '../../src/modules/accounts';

export type Buyer = { id: string; token: string; methodId: string };

/** A person with a bearer token (read and write), for posting through the API. */
export async function personWithToken(database: Database, username: string): Promise<{ id: string; token: string }> {
  const account = await createAccount({ db: database.db }, { kind: 'person', username, locale: 'fr' });
  const token = newToken();
  await queryRows(
    database.db,
    sql`insert into oauth_tokens (token_hash, account_id, scopes) values (${sha256(token)}, ${account.id}, 'read write follow push')`,
  );
  return { id: account.id, token };
}

/** A brand selling one published product with `stock` units of its one variant. */
export async function shopWithStock(database: Database, name: string, stock: number) {
  const owner = await createAccount({ db: database.db }, { kind: 'person', username: `${name}_owner` });
  const brand = await createBrand({ db: database.db }, owner.id, { username: name, displayName: `Maison ${name}` });
  const productId = uuidv7();
  await database.db
    .insert(products)
    .values({ id: productId, brandId: brand.id, title: 'Série limitée', status: 'published' });
  const variantId = uuidv7();
  await database.db.insert(variants).values({
    id: variantId,
    productId,
    brandId: brand.id,
    sku: `${name}-1`,
    priceAmount: 4_900,
    currency: 'EUR',
    stock,
  });
  return { brandId: brand.id, productId, variantId };
}

/**
 * `n` people, each with a saved test card (a token the test provider authorizes) and a bearer
 * token, three statements per 2,000 (the benches make tens of thousands this way).
 */
export async function buyers(database: Database, n: number, prefix: string): Promise<Buyer[]> {
  const made: Buyer[] = [];
  const chunk = 2_000;
  for (let start = 0; start < n; start += chunk) {
    const rows = Array.from({ length: Math.min(chunk, n - start) }, (_, i) => ({
      n: start + i,
      id: uuidv7(),
      token: newToken(),
      method: uuidv7(),
      provider_token: `pm_test_visa_${Math.floor(Math.random() * 2 ** 32)
        .toString(16)
        .padStart(8, '0')}`,
    }));
    const json = JSON.stringify(rows.map((r) => ({ ...r, token_hash: sha256(r.token), username: `${prefix}${r.n}` })));
    await queryRows(
      database.db,
      sql`insert into accounts (id, kind, username, display_name, locale)
          select r.id, 'person', r.username, 'Acheteur ' || r.n, 'fr' from json_to_recordset(${json}::json) as r(id uuid, username text, n int)`,
    );
    await queryRows(
      database.db,
      sql`insert into payment_methods (id, account_id, provider, provider_token, card_brand, last4, exp_month, exp_year, is_default)
          select r.method, r.id, 'test', r.provider_token, 'visa', '4242', 12, 2030, true from json_to_recordset(${json}::json) as r(id uuid, method uuid, provider_token text)`,
    );
    await queryRows(
      database.db,
      sql`insert into oauth_tokens (token_hash, account_id, scopes)
          select r.token_hash, r.id, 'read write' from json_to_recordset(${json}::json) as r(id uuid, token_hash text)`,
    );
    for (const r of rows) made.push({ id: r.id, token: r.token, methodId: r.method });
  }
  return made;
}

export const orderBody = (variantId: string, methodId: string) => ({
  lines: [{ variant_id: variantId, quantity: 1 }],
  payment_method_id: methodId,
  shipping_address: {
    name: 'Camille Martin',
    line1: '12 rue des Lilas',
    postal_code: '69003',
    city: 'Lyon',
    country: 'FR',
  },
});

export type Reply = { status: number; body: string; headers: Headers; json<T = any>(): T };

/** One request to a node; a JSON body unless it is a form (URLSearchParams). */
export async function call(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body instanceof URLSearchParams) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = options.body.toString();
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const res = await fetch(`${base}${path}`, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  return { status: res.status, body: text, headers: res.headers, json: () => JSON.parse(text) };
}
