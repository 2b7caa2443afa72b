/**
 * Consent, as the rest of the app asks it: what this visitor (cookie) or this person (their
 * latest stored choice, when signed in on a browser that has no cookie yet) agreed to. No answer
 * means no consent: nothing that needs one happens until the person says yes.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { CONSENT_DAYS, CONSENT_VERSION, parseConsentCookie, type ConsentChoice } from './cookie';

export const consentSources = ['banner', 'page', 'api'] as const;
export type ConsentSource = (typeof consentSources)[number];

/** Stores a signed-in person's choice (a new row: the earlier ones stay as the record of what was agreed). */
export async function recordConsent(
  db: DbOrTx,
  accountId: string,
  choice: { referral: boolean; source: ConsentSource; at: Date },
): Promise<ConsentChoice> {
  await queryRows(
    db,
    sql`insert into consents (id, account_id, version, referral, source, decided_at)
        values (${uuidv7(choice.at.getTime())}, ${accountId}, ${CONSENT_VERSION}, ${choice.referral},
                ${choice.source}, ${choice.at.toISOString()}::timestamptz)`,
  );
  return { referral: choice.referral, version: CONSENT_VERSION, decidedAt: choice.at };
}

/** The person's choice in force: their latest, if it answered the current text and is under six months old. */
export async function storedConsent(db: DbOrTx, accountId: string, now: Date): Promise<ConsentChoice | null> {
  const [row] = await queryRows<{ version: string; referral: boolean; decided_at: string | Date }>(
    db,
    sql`select version, referral, decided_at from consents where account_id = ${accountId}
        order by decided_at desc, id desc limit 1`,
  );
  if (!row || row.version !== CONSENT_VERSION) return null;
  const decidedAt = new Date(row.decided_at);
  if (now.getTime() - decidedAt.getTime() > CONSENT_DAYS * 86_400_000) return null;
  return { referral: row.referral, version: row.version, decidedAt };
}

/** Every choice the person made, oldest first (for their data export). */
export async function consentHistory(
  db: DbOrTx,
  accountId: string,
): Promise<{ version: string; referral: boolean; source: string; decided_at: string }[]> {
  const rows = await queryRows<{ version: string; referral: boolean; source: string; decided_at: string | Date }>(
    db,
    sql`select version, referral, source, decided_at from consents where account_id = ${accountId}
        order by decided_at, id`,
  );
  return rows.map((r) => ({ ...r, decided_at: new Date(r.decided_at).toISOString() }));
}

/** The choice in force for a request: the browser's cookie first (its own answer), then the signed-in person's. */
export async function consentFor(
  db: DbOrTx,
  request: { cookie: string | undefined; accountId: string | null; now: Date },
): Promise<ConsentChoice | null> {
  const fromCookie = parseConsentCookie(request.cookie, request.now);
  if (fromCookie) return fromCookie;
  return request.accountId ? storedConsent(db, request.accountId, request.now) : null;
}

/** Erasure: the person's consent record goes with their account (nothing left to prove consent for). */
export async function forgetConsents(db: DbOrTx, accountId: string): Promise<number> {
  return (await queryRows(db, sql`delete from consents where account_id = ${accountId} returning 1`)).length;
}
