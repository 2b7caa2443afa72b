import { and, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../db/client';
import { uuidv7 } from '../../db/ids';
import { conflict, forbidden, notFound, unauthorized, unprocessable } from '../../lib/errors';
import { nowOf, type Clock } from '../../lib/clock';
import { hashPassword, newToken, sha256, verifyPassword } from '../../lib/crypto';
import { createRegistry, type Registry } from '../../lib/registry';
import { accounts, credentials, sessions, type AccountKind, type ProfileField } from './schema';
import { checkColor, checkEmail, checkPassword, checkText, checkUsername, checkWebsite } from './validation';

export type Account = typeof accounts.$inferSelect;
export type AccountsContext = { db: Db; clock?: Clock };

export const SESSION_DAYS = 30;

export async function createAccount(
  ctx: AccountsContext,
  input: { kind: AccountKind; username: string; displayName?: string; locale?: string | null },
): Promise<Account> {
  const username = checkUsername(input.username);
  const displayName = checkText('display_name', input.displayName ?? username, 60) || username;
  const [row] = await ctx.db
    .insert(accounts)
    .values({ id: uuidv7(), kind: input.kind, username, displayName, locale: input.locale ?? null })
    .onConflictDoNothing()
    .returning();
  if (!row) throw conflict('username_taken', `The username "${username}" is already taken`);
  return row;
}

export async function signUp(
  ctx: AccountsContext,
  input: { username: string; email: string; password: string; displayName?: string; locale?: string | null },
): Promise<Account> {
  const email = checkEmail(input.email);
  const password = checkPassword(input.password);
  checkUsername(input.username);
  const passwordHash = await hashPassword(password);
  return ctx.db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: credentials.accountId })
      .from(credentials)
      .where(sql`lower(${credentials.email}) = lower(${email})`);
    if (taken) throw conflict('email_taken', 'An account already uses this e-mail address');
    const account = await createAccount({ db: tx as unknown as Db }, { kind: 'person', ...input });
    await tx.insert(credentials).values({ accountId: account.id, email, passwordHash });
    return account;
  });
}

/** Checks an e-mail (or username) and password; the same error whichever part is wrong. */
export async function authenticate(ctx: AccountsContext, identifier: string, password: string): Promise<Account> {
  const login = String(identifier ?? '')
    .trim()
    .replace(/^@/, '');
  const [row] = await ctx.db
    .select({ account: accounts, hash: credentials.passwordHash })
    .from(credentials)
    .innerJoin(accounts, eq(accounts.id, credentials.accountId))
    .where(sql`lower(${credentials.email}) = lower(${login}) or lower(${accounts.username}) = lower(${login})`)
    .limit(1);
  const ok = row ? await verifyPassword(row.hash, String(password ?? '')) : false;
  if (!row || !ok) throw unauthorized('Wrong e-mail or password', 'invalid_credentials');
  // Only after the password matched: nobody learns from this error that an account exists.
  if (row.account.suspendedAt)
    throw forbidden('account_suspended', 'This account is suspended by the platform’s moderators');
  return row.account;
}

/**
 * A platform moderator's suspension (moderation decides who may; this is what it does): the
 * account is marked, its sessions end and its tokens are revoked at once, in the caller's
 * transaction. Its posts are then shown to nobody (social's rules) until it is lifted.
 */
export async function suspendAccount(tx: DbOrTx, accountId: string, reason: string | null) {
  await queryRows(
    tx,
    sql`update accounts set suspended_at = coalesce(suspended_at, now()), suspension_reason = ${reason} where id = ${accountId}`,
  );
  await queryRows(tx, sql`delete from sessions where account_id = ${accountId}`);
  await queryRows(
    tx,
    sql`update oauth_tokens set revoked_at = now() where account_id = ${accountId} and revoked_at is null`,
  );
}

/** Lifts a suspension: the account signs in again (new sessions and tokens) and its posts show. */
export async function unsuspendAccount(tx: DbOrTx, accountId: string) {
  await queryRows(tx, sql`update accounts set suspended_at = null, suspension_reason = null where id = ${accountId}`);
}

export async function changePassword(
  ctx: AccountsContext,
  accountId: string,
  current: string,
  next: string,
  keepSessionHash?: string,
) {
  const [row] = await ctx.db.select().from(credentials).where(eq(credentials.accountId, accountId));
  if (!row) throw forbidden('no_password', 'This account has no password');
  if (!(await verifyPassword(row.passwordHash, String(current ?? ''))))
    throw unprocessable('invalid_password', 'The current password is wrong');
  const passwordHash = await hashPassword(checkPassword(next));
  await ctx.db.transaction(async (tx) => {
    await tx.update(credentials).set({ passwordHash }).where(eq(credentials.accountId, accountId));
    // A new password signs out every other browser.
    await tx
      .delete(sessions)
      .where(
        and(
          eq(sessions.accountId, accountId),
          keepSessionHash ? sql`${sessions.tokenHash} <> ${keepSessionHash}` : sql`true`,
        ),
      );
  });
}

export async function emailOf(ctx: AccountsContext, accountId: string): Promise<string | null> {
  const [row] = await ctx.db
    .select({ email: credentials.email })
    .from(credentials)
    .where(eq(credentials.accountId, accountId));
  return row?.email ?? null;
}

// Sessions ------------------------------------------------------------------------------

export async function createSession(ctx: AccountsContext, accountId: string): Promise<string> {
  const token = newToken();
  const expiresAt = new Date(nowOf(ctx).getTime() + SESSION_DAYS * 86400_000);
  await ctx.db.insert(sessions).values({ tokenHash: sha256(token), accountId, expiresAt });
  return token;
}

export type SessionInfo = { tokenHash: string; accountId: string; actingForId: string | null; locale: string | null };

export async function resolveSession(ctx: AccountsContext, token: string): Promise<SessionInfo | null> {
  if (!token || token.length > 100) return null;
  const tokenHash = sha256(token);
  // Every page comes through here: a hand-written statement costs a third of the builder's.
  const [row] = await queryRows<{ accountId: string; actingForId: string | null; locale: string | null }>(
    ctx.db,
    sql`select s.account_id as "accountId", s.acting_for_id as "actingForId", a.locale
        from sessions s join accounts a on a.id = s.account_id
        where s.token_hash = ${tokenHash} and s.expires_at > now() and a.suspended_at is null`,
  );
  return row ? { tokenHash, ...row } : null;
}

export async function endSession(ctx: AccountsContext, token: string) {
  await ctx.db.delete(sessions).where(eq(sessions.tokenHash, sha256(token)));
}

export async function setActingFor(ctx: AccountsContext, tokenHash: string, brandId: string | null) {
  await ctx.db.update(sessions).set({ actingForId: brandId }).where(eq(sessions.tokenHash, tokenHash));
}

// Reading and editing accounts -------------------------------------------------------------

export async function getAccount(ctx: AccountsContext, id: string): Promise<Account> {
  const [row] = await ctx.db.select().from(accounts).where(eq(accounts.id, id));
  if (!row) throw notFound('Account');
  return row;
}

export async function getAccounts(ctx: AccountsContext, ids: string[]): Promise<Map<string, Account>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db
    .select()
    .from(accounts)
    .where(inArray(accounts.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * The account with this handle: `name` or `name@our.host` for ours, `name@other.host` for a
 * remote account already known here (its username is the whole handle).
 */
export async function findByUsername(
  ctx: AccountsContext & { config?: { publicUrl: string } },
  username: string,
): Promise<Account | null> {
  const handle = String(username ?? '')
    .replace(/^@/, '')
    .toLowerCase();
  const at = handle.indexOf('@');
  const ours = ctx.config ? new URL(ctx.config.publicUrl).host.toLowerCase() : null;
  const name = at < 0 || handle.slice(at + 1) === ours ? handle.split('@')[0] : handle;
  // A closed account's tombstone answers to no handle (its profile is gone).
  const [row] = await ctx.db
    .select()
    .from(accounts)
    .where(sql`lower(${accounts.username}) = ${name} and ${accounts.deletedAt} is null`);
  return row ?? null;
}

/** The brand account with this handle, or null (a person's handle is not a brand). */
export async function findBrand(ctx: AccountsContext, username: string): Promise<Account | null> {
  const account = await findByUsername(ctx, username);
  return account && account.kind === 'brand' ? account : null;
}

/** The servers we know remote accounts of (Mastodon's instance `peers`), in alphabetical order. */
export async function knownDomains(ctx: AccountsContext): Promise<string[]> {
  const rows = await queryRows<{ domain: string }>(
    ctx.db,
    sql`select distinct domain from accounts where domain is not null order by domain limit 10000`,
  );
  return rows.map((r) => r.domain);
}

export async function findByUsernames(ctx: AccountsContext, usernames: string[]): Promise<Account[]> {
  if (usernames.length === 0) return [];
  const lowered = [...new Set(usernames.map((u) => u.toLowerCase()))];
  return ctx.db
    .select()
    .from(accounts)
    .where(inArray(sql`lower(${accounts.username})`, lowered));
}

export async function searchAccounts(ctx: AccountsContext, query: string, limit = 20): Promise<Account[]> {
  const q = String(query ?? '')
    .trim()
    .replace(/^@/, '')
    .toLowerCase();
  if (!q) return [];
  return ctx.db
    .select()
    .from(accounts)
    .where(
      sql`lower(${accounts.username} || ' ' || ${accounts.displayName}) like ${`%${q.replace(/[%_\\]/g, '\\$&')}%`}
          and ${accounts.deletedAt} is null`,
    )
    .orderBy(sql`lower(${accounts.username}) = ${q} desc`, sql`${accounts.followersCount} desc`)
    .limit(Math.min(Math.max(limit, 1), 40));
}

export type ProfileChanges = Partial<{
  displayName: string;
  note: string;
  location: string;
  website: string;
  primaryColor: string | null;
  accentColor: string | null;
  locale: string | null;
  locked: boolean;
  avatarPath: string | null;
  headerPath: string | null;
  /** Already checked (profileFields in api-profile.ts). */
  fields: ProfileField[];
  bot: boolean;
  discoverable: boolean;
  indexable: boolean;
}>;

export const LOCALES = ['fr', 'en'] as const;

/** Validates every field before writing any, so a bad field never leaves a half-saved profile. */
export async function updateProfile(
  ctx: AccountsContext,
  accountId: string,
  changes: ProfileChanges,
): Promise<Account> {
  const set: Partial<Account> = { updatedAt: new Date() };
  if (changes.displayName !== undefined) set.displayName = checkText('display_name', changes.displayName, 60);
  if (changes.note !== undefined) set.note = checkText('note', changes.note, 500);
  if (changes.location !== undefined) set.location = checkText('location', changes.location, 100);
  if (changes.website !== undefined) set.website = checkWebsite(changes.website);
  if (changes.primaryColor !== undefined) set.primaryColor = checkColor('primary_color', changes.primaryColor);
  if (changes.accentColor !== undefined) set.accentColor = checkColor('accent_color', changes.accentColor);
  if (changes.locale !== undefined) {
    if (changes.locale !== null && !LOCALES.includes(changes.locale as never))
      throw unprocessable('invalid_locale', 'The language must be fr or en');
    set.locale = changes.locale;
  }
  if (changes.locked !== undefined) set.locked = Boolean(changes.locked);
  if (changes.avatarPath !== undefined) set.avatarPath = changes.avatarPath;
  if (changes.headerPath !== undefined) set.headerPath = changes.headerPath;
  if (changes.fields !== undefined) set.fields = changes.fields;
  for (const flag of ['bot', 'discoverable', 'indexable'] as const) {
    if (changes[flag] !== undefined) set[flag] = Boolean(changes[flag]);
  }
  const [row] = await ctx.db.update(accounts).set(set).where(eq(accounts.id, accountId)).returning();
  if (!row) throw notFound('Account');
  for (const listener of profileListeners.list()) await listener.onProfileUpdated(ctx.db, accountId);
  return row;
}

/** Told after a profile changed (federation sends the new profile to the account's followers' servers). */
export type ProfileListener = { name: string; onProfileUpdated(db: Db, accountId: string): Promise<void> };
export const profileListeners: Registry<ProfileListener> = createRegistry<ProfileListener>();

export function requireAccountId(accountId: string | null | undefined): string {
  if (!accountId) throw unauthorized();
  return accountId;
}

/**
 * Counts for the instance description and NodeInfo. "Active" means a person who posted within the
 * period: the same population as `people`, so active counts never exceed the total (brands are apart).
 */
export async function accountStats(
  ctx: AccountsContext,
): Promise<{ people: number; brands: number; posts: number; activeMonth: number; activeHalfyear: number }> {
  const [row] = await ctx.db
    .select({
      people: sql<number>`(count(*) filter (where ${accounts.kind} = 'person'))::int`,
      brands: sql<number>`(count(*) filter (where ${accounts.kind} = 'brand'))::int`,
      posts: sql<number>`coalesce(sum(${accounts.postsCount}), 0)::int`,
      activeMonth: sql<number>`(count(*) filter (where ${accounts.kind} = 'person'
        and ${accounts.lastPostAt} > now() - interval '30 days'))::int`,
      activeHalfyear: sql<number>`(count(*) filter (where ${accounts.kind} = 'person'
        and ${accounts.lastPostAt} > now() - interval '180 days'))::int`,
    })
    .from(accounts)
    // Our own people and brands: remote accounts are counted by their own servers.
    .where(sql`${accounts.domain} is null`);
  return {
    people: Number(row?.people ?? 0),
    brands: Number(row?.brands ?? 0),
    posts: Number(row?.posts ?? 0),
    activeMonth: Number(row?.activeMonth ?? 0),
    activeHalfyear: Number(row?.activeHalfyear ?? 0),
  };
}
