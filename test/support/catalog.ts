/**
 * Fixtures for the catalog tests: a brand with one person per team role plus an outsider, each
 * with an API token and a way to sign a browser in.
 */
import sharp from 'sharp';
import type { TestApp } from './app';
import { createAccount, createBrand, oauth, setMember, type Account } from '../../src/modules/accounts';

export type Person = { account: Account; id: string; token: string };
export type Team = {
  brand: Account;
  owner: Person;
  admin: Person;
  communityManager: Person;
  moderator: Person;
  staff: Person;
  outsider: Person;
};

let n = 0;
const stamp = () => `${++n}${Date.now().toString(36).slice(-5)}`;

export async function person(t: TestApp, prefix = 'p'): Promise<Person> {
  const account = await createAccount(
    { db: t.ctx.db },
    { kind: 'person', username: `${prefix}${stamp()}`.slice(0, 30) },
  );
  const { accessToken } = await oauth.issueToken({ db: t.ctx.db }, null, account.id, 'read write follow');
  return { account, id: account.id, token: accessToken };
}

/** A brand with an owner, an admin, a community manager, a moderator, a staff member, and an outsider. */
export async function brandTeam(
  t: TestApp,
  options: { displayName?: string; primaryColor?: string } = {},
): Promise<Team> {
  const owner = await person(t, 'own');
  const brand = await createBrand({ db: t.ctx.db }, owner.id, {
    username: `shop${stamp()}`.slice(0, 30),
    displayName: options.displayName ?? 'Fromagerie Lumière',
  });
  const members = {
    admin: 'admin',
    communityManager: 'community_manager',
    moderator: 'moderator',
    staff: 'staff',
  } as const;
  const team = { brand, owner, outsider: await person(t, 'out') } as Team;
  for (const [key, role] of Object.entries(members) as [
    keyof typeof members,
    (typeof members)[keyof typeof members],
  ][]) {
    const p = await person(t, role.slice(0, 4));
    await setMember({ db: t.ctx.db }, owner.id, brand.id, p.id, role);
    team[key] = p;
  }
  return team;
}

/** A small real PNG, for image uploads. */
export function pngBytes(width = 24, height = 16, color = { r: 200, g: 120, b: 40 }): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } })
    .png()
    .toBuffer();
}

export const json = async (res: Response) => (await res.json()) as any;
