/**
 * Fixtures for the order, webhook and order API tests: people with bearer tokens (and an e-mail
 * address, without the cost of argon2), a shop with a team, a buyer with a saved card, and a
 * helper that runs due jobs until none is left.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TestApp } from './app';
import { address, shopWithProduct } from './commerce';
import { jobHandlers } from '../../src/jobs/handlers';
import { runDueJobs } from '../../src/jobs/queue';
import { outboxDir } from '../../src/lib/mailer';
import { credentials } from '../../src/db/schema';
import { hashPassword } from '../../src/lib/crypto';
import { createAccount, oauth, setMember, type BrandRole } from '../../src/modules/accounts';
import { savePaymentMethod } from '../../src/modules/commerce';

export { address };
export type Person = { id: string; username: string; token: string; email: string };

let n = 0;
const unique = () => `${Date.now().toString(36).slice(-5)}${(n++).toString(36)}`;

/** `password` gives the person a real (argon2) password, for the calls that ask for it again. */
export async function person(
  t: TestApp,
  options: { locale?: 'fr' | 'en'; prefix?: string; password?: string } = {},
): Promise<Person> {
  const username = `${options.prefix ?? 'p'}_${unique()}`;
  const account = await createAccount({ db: t.ctx.db }, { kind: 'person', username, locale: options.locale ?? 'fr' });
  const email = `${username}@example.test`;
  await t.ctx.db.insert(credentials).values({
    accountId: account.id,
    email,
    passwordHash: options.password ? await hashPassword(options.password) : 'not-a-real-hash',
  });
  const { accessToken } = await oauth.issueToken({ db: t.ctx.db }, null, account.id, 'read write follow push');
  return { id: account.id, username, token: accessToken, email };
}

export type Shop = Awaited<ReturnType<typeof shopWithProduct>> & {
  ownerToken: string;
  member(role: BrandRole): Promise<Person>;
};

/** A brand selling one variant, its owner's token, and a way to add team members with a role. */
export async function shop(t: TestApp, options: { stock?: number; price?: number } = {}): Promise<Shop> {
  const s = await shopWithProduct(t, options);
  const { accessToken } = await oauth.issueToken({ db: t.ctx.db }, null, s.owner.id, 'read write follow push');
  return {
    ...s,
    ownerToken: accessToken,
    async member(role: BrandRole) {
      const p = await person(t, { prefix: role.slice(0, 5) });
      await setMember({ db: t.ctx.db }, s.owner.id, s.brand.id, p.id, role);
      return p;
    },
  };
}

export async function buyerWithCard(
  t: TestApp,
  token = 'tok_visa',
  options: { locale?: 'fr' | 'en'; password?: string } = {},
): Promise<Person & { methodId: string }> {
  const p = await person(t, { prefix: 'buyer', ...options });
  const method = await savePaymentMethod(t.ctx, p.id, { provider: 'test', token });
  return { ...p, methodId: method.id };
}

export const orderBody = (variantId: string, methodId: string, quantity = 1) => ({
  lines: [{ variant_id: variantId, quantity }],
  payment_method_id: methodId,
  shipping_address: address,
});

/** Runs every due job, then the ones those enqueued, until nothing is due. */
export async function runJobs(t: TestApp): Promise<number> {
  const handlers = jobHandlers(t.ctx);
  let total = 0;
  for (let round = 0; round < 10; round++) {
    const ran = await runDueJobs(t.ctx.database, handlers, 100);
    total += ran;
    if (ran === 0) break;
  }
  return total;
}

/** The outbox's messages (raw .eml text, quoted-printable soft breaks and escapes decoded). */
export function outbox(t: TestApp): { file: string; raw: string; text: string }[] {
  const folder = outboxDir(t.ctx.config.dataDir);
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => {
      const raw = fs.readFileSync(path.join(folder, f), 'utf8');
      const text = Buffer.from(
        raw
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        'latin1',
      ).toString('utf8');
      return { file: f, raw, text };
    });
}
