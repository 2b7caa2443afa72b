/**
 * A brand's legal identity and terms of sale: what the French consumer code asks a seller to show
 * (company, SIREN, address, VAT number, contact, consumer mediator) and the terms a buyer accepts.
 * Owners and admins edit them (the API and the back-office share `updateBrandLegal`); everyone
 * reads them on the brand's legal page. Each change of the terms' text is a new version; old
 * versions stay, since orders name the one their buyer accepted.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../../db/client';
import { preparedSqlRows } from '../../../db/prepared';
import { isUuid } from '../../../db/ids';
import { nowOf, type Clock } from '../../../lib/clock';
import { notFound, unprocessable } from '../../../lib/errors';
import { accounts } from '../../../db/schema';
import { assertTeam } from '../orders';
import { checkVat, compact, sirenValid } from './checks';
import { brandLegal, termsOfSale } from './schema';

export type LegalContext = { db: Db; clock?: Clock };
export type LegalIdentity = typeof brandLegal.$inferSelect;
export type TermsVersion = { version: number; body: string; createdAt: Date };
export type BrandLegal = { username: string; identity: LegalIdentity | null; terms: TermsVersion | null };

/** What the API and the form send; absent keys keep their value, null or "" clears an optional one. */
export type LegalInput = Partial<
  Record<
    | 'company_name'
    | 'legal_form'
    | 'siren'
    | 'address'
    | 'vat_number'
    | 'contact_email'
    | 'contact_phone'
    | 'mediator_name'
    | 'mediator_url'
    | 'terms_of_sale',
    string | null
  >
>;

export const MAX_TERMS_CHARS = 100_000;
const LIMITS = {
  company_name: 200,
  legal_form: 100,
  address: 1000,
  contact_email: 320,
  contact_phone: 30,
  mediator_name: 200,
  mediator_url: 2000,
} as const;

const clean = (value: string | null | undefined) =>
  value === undefined ? undefined : (value ?? '').replace(/\r\n?/g, '\n').trim() || null;

function limited(field: keyof typeof LIMITS, value: string | null): string | null {
  if (value !== null && [...value].length > LIMITS[field])
    throw unprocessable('too_long', `${field} has at most ${LIMITS[field]} characters`, { field });
  return value;
}

type Row = Omit<LegalIdentity, 'brandId' | 'updatedAt'>;

/** The stored identity with the input applied, checked; throws 422 with a stable code and the field. */
export function applyLegalInput(current: Row | null, input: LegalInput): Row {
  const pick = <K extends keyof LegalInput>(key: K, stored: string | null | undefined) => {
    const given = clean(input[key]);
    return given === undefined ? (stored ?? null) : given;
  };
  const companyName = limited('company_name', pick('company_name', current?.companyName));
  if (!companyName) throw unprocessable('missing_company_name', 'company_name is required', { field: 'company_name' });
  const address = limited('address', pick('address', current?.address));
  if (!address) throw unprocessable('missing_address', 'address is required', { field: 'address' });
  const rawSiren = pick('siren', current?.siren);
  const siren = rawSiren === null ? null : compact(rawSiren);
  if (siren !== null && !sirenValid(siren))
    throw unprocessable('invalid_siren', 'A SIREN is 9 digits that pass the Luhn check', { field: 'siren' });
  const rawVat = pick('vat_number', current?.vatNumber);
  const vatNumber = rawVat === null ? null : compact(rawVat);
  if (vatNumber !== null) {
    const check = checkVat(vatNumber, siren);
    if (check !== 'ok') {
      const why = {
        bad_shape: 'A VAT number is 2 country letters then 2 to 13 characters (FR: 2-digit key then the SIREN)',
        bad_key: 'This French VAT number’s key does not match its SIREN',
        other_siren: 'This French VAT number is not the one of the SIREN given',
      }[check];
      throw unprocessable('invalid_vat_number', why, { field: 'vat_number' });
    }
  }
  const contactEmail = limited('contact_email', pick('contact_email', current?.contactEmail));
  if (contactEmail !== null && !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(contactEmail))
    throw unprocessable('invalid_email', 'contact_email is not an e-mail address', { field: 'contact_email' });
  const contactPhone = limited('contact_phone', pick('contact_phone', current?.contactPhone));
  if (contactPhone !== null && !/^\+?[0-9 ().-]{6,30}$/.test(contactPhone))
    throw unprocessable('invalid_phone', 'contact_phone holds digits, spaces and + ( ) . - only', {
      field: 'contact_phone',
    });
  const mediatorUrl = limited('mediator_url', pick('mediator_url', current?.mediatorUrl));
  if (mediatorUrl !== null && !isWebAddress(mediatorUrl))
    throw unprocessable('invalid_url', 'mediator_url is an http(s) address', { field: 'mediator_url' });
  return {
    companyName,
    legalForm: limited('legal_form', pick('legal_form', current?.legalForm)) ?? '',
    siren,
    address,
    vatNumber,
    contactEmail,
    contactPhone,
    mediatorName: limited('mediator_name', pick('mediator_name', current?.mediatorName)),
    mediatorUrl,
  };
}

function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && Boolean(url.hostname);
  } catch {
    return false;
  }
}

/** The terms' text as stored (line endings folded, trimmed); undefined when the input leaves them. */
function termsText(input: LegalInput): string | undefined {
  if (input.terms_of_sale === undefined || input.terms_of_sale === null) return undefined;
  const text = input.terms_of_sale.replace(/\r\n?/g, '\n').trim();
  if (!text) throw unprocessable('empty_terms', 'terms_of_sale cannot be empty', { field: 'terms_of_sale' });
  if (text.length > MAX_TERMS_CHARS)
    throw unprocessable('too_long', `terms_of_sale has at most ${MAX_TERMS_CHARS} characters`, {
      field: 'terms_of_sale',
    });
  return text;
}

async function assertBrand(db: DbOrTx, brandId: string): Promise<string> {
  if (!isUuid(brandId)) throw notFound('Brand');
  const [row] = await db
    .select({ username: accounts.username })
    .from(accounts)
    .where(and(eq(accounts.id, brandId), eq(accounts.kind, 'brand')));
  if (!row) throw notFound('Brand');
  return row.username;
}

/** The brand's identity and current terms (each null until filled in); public. */
export async function readBrandLegal(db: DbOrTx, brandId: string): Promise<BrandLegal> {
  const username = await assertBrand(db, brandId);
  const [[identity], terms] = await Promise.all([
    db.select().from(brandLegal).where(eq(brandLegal.brandId, brandId)),
    currentTerms(db, brandId),
  ]);
  return { username, identity: identity ?? null, terms };
}

/** Whether the brand filled in its legal identity (its back-office reminds it until then). */
export async function hasLegalIdentity(db: DbOrTx, brandId: string): Promise<boolean> {
  const [row] = await db.select({ id: brandLegal.brandId }).from(brandLegal).where(eq(brandLegal.brandId, brandId));
  return Boolean(row);
}

export async function currentTerms(db: DbOrTx, brandId: string): Promise<TermsVersion | null> {
  const [row] = await db
    .select({ version: termsOfSale.version, body: termsOfSale.body, createdAt: termsOfSale.createdAt })
    .from(termsOfSale)
    .where(eq(termsOfSale.brandId, brandId))
    .orderBy(desc(termsOfSale.version))
    .limit(1);
  return row ?? null;
}

export async function termsVersion(db: DbOrTx, brandId: string, version: number): Promise<TermsVersion | null> {
  if (!Number.isSafeInteger(version) || version < 1) return null;
  const [row] = await db
    .select({ version: termsOfSale.version, body: termsOfSale.body, createdAt: termsOfSale.createdAt })
    .from(termsOfSale)
    .where(and(eq(termsOfSale.brandId, brandId), eq(termsOfSale.version, version)));
  return row ?? null;
}

/** What the checkout shows of a brand's terms: its name, and the version the buyer accepts by ordering. */
export type CheckoutTermsInfo = { username: string; name: string; version: number | null };

export async function checkoutTerms(db: DbOrTx, brandId: string): Promise<CheckoutTermsInfo | null> {
  if (!isUuid(brandId)) return null;
  const [row] = await queryRows<{ username: string; display_name: string; version: number | null }>(
    db,
    sql`select a.username, a.display_name, (select max(t.version) from terms_of_sale t where t.brand_id = a.id) as version
          from accounts a where a.id = ${brandId}`,
  );
  if (!row) return null;
  const version = row.version === null ? null : Number(row.version);
  return { username: row.username, name: row.display_name || row.username, version };
}

/** Every version's number and date, newest first. */
export async function termsHistory(db: DbOrTx, brandId: string): Promise<{ version: number; createdAt: Date }[]> {
  return db
    .select({ version: termsOfSale.version, createdAt: termsOfSale.createdAt })
    .from(termsOfSale)
    .where(eq(termsOfSale.brandId, brandId))
    .orderBy(desc(termsOfSale.version));
}

/**
 * Owner or admin: saves the identity and, when the terms' text differs from the current
 * version's, publishes the next version. One transaction; the brand's row is locked so two
 * saves neither lose each other's fields nor take the same version number.
 */
export async function updateBrandLegal(
  ctx: LegalContext,
  actorId: string,
  brandId: string,
  input: LegalInput,
): Promise<BrandLegal & { termsChanged: boolean }> {
  await assertTeam(ctx.db, actorId, brandId, 'editProfile');
  const username = await assertBrand(ctx.db, brandId);
  const now = nowOf(ctx);
  const terms = termsText(input);
  return ctx.db.transaction(async (tx) => {
    // A placeholder row to lock when the brand has none yet (the checks below refuse it unfilled).
    await tx.insert(brandLegal).values({ brandId, companyName: '', address: '', updatedAt: now }).onConflictDoNothing();
    const [stored] = await tx.select().from(brandLegal).where(eq(brandLegal.brandId, brandId)).for('update');
    const filled = stored.companyName ? stored : null;
    const row = applyLegalInput(filled, input);
    const [identity] = await tx
      .update(brandLegal)
      .set({ ...row, updatedAt: now })
      .where(eq(brandLegal.brandId, brandId))
      .returning();
    const latest = await currentTerms(tx, brandId);
    let termsChanged = false;
    let current = latest;
    if (terms !== undefined && terms !== latest?.body) {
      const version = (latest?.version ?? 0) + 1;
      await tx.insert(termsOfSale).values({ brandId, version, body: terms, createdAt: now });
      current = { version, body: terms, createdAt: now };
      termsChanged = true;
    }
    return { username, identity, terms: current, termsChanged };
  });
}

/**
 * Called in the checkout's transaction once its orders are written: each order records the
 * version of its brand's terms of sale current at that moment (null when the brand has none).
 * One statement for the whole batch.
 */
export async function recordAcceptedTerms(tx: DbOrTx, orderIds: string[]): Promise<Map<string, number>> {
  if (orderIds.length === 0) return new Map();
  const rows = await preparedSqlRows<{ id: string; terms_version: number | null }>(
    tx,
    sql`update orders o set terms_version = (select max(t.version) from terms_of_sale t where t.brand_id = o.brand_id)
         where o.id = any(${`{${orderIds.join(',')}}`}::uuid[]) and exists (select 1 from terms_of_sale t where t.brand_id = o.brand_id)
     returning o.id, o.terms_version`,
  );
  return new Map(rows.map((r) => [r.id, Number(r.terms_version)]));
}
