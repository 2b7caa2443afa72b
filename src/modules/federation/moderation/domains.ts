/**
 * Platform domain blocks: a platform moderator suspends or silences a whole remote server.
 * - `suspend`: nothing of ours is delivered there (deliverableDomain), its accounts' posts are
 *   hidden from everyone (social's rules: notSuspended), and what it sends is dropped (http.ts).
 * - `silence`: its accounts' posts stay out of public feeds except for their followers (social's
 *   notSilenced), but follows, replies and deliveries go on.
 * Domains are kept normalised (normaliseDomain) so that one server has one row, whatever the case,
 * script (IDN) or trailing dot it was typed with; the port is part of the server's name, as in
 * `accounts.domain`.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client';
import { notFound, unprocessable } from '../../../lib/errors';
import { assertModerates } from '../../moderation';
import { domainBlockSeverities, type DomainBlockSeverity } from '../schema';

export type DomainBlock = {
  domain: string;
  severity: DomainBlockSeverity;
  reason: string;
  createdById: string | null;
  createdAt: Date;
};

const invalidDomain = () => unprocessable('invalid_domain', 'The domain must be a server name such as example.org');

/**
 * `EXAMPLE.com.` → `example.com`, `bücher.example` → `xn--bcher-kva.example`, `host:8443` kept
 * with its port (the default https port is dropped, as URL does). Throws 422 invalid_domain.
 */
export function normaliseDomain(input: unknown): string {
  if (typeof input !== 'string') throw invalidDomain();
  const typed = input.trim().toLowerCase();
  // Anything beyond a host (a path, credentials, a query, spaces) is not a server name.
  if (!typed || typed.length > 260 || /[\s/\\@?#]/.test(typed)) throw invalidDomain();
  let url: URL;
  try {
    url = new URL(`https://${typed}`);
  } catch {
    throw invalidDomain();
  }
  const name = url.hostname.replace(/\.$/, '');
  const labels = name.startsWith('[') ? [name] : name.split('.');
  if (!name || labels.some((l) => !/^(\[[0-9a-f:.]+\]|[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)$/.test(l)))
    throw invalidDomain();
  return url.port ? `${name}:${url.port}` : name;
}

/** Our own server's name (blocking it makes no sense). */
export const ownDomain = (publicUrl: string) => new URL(publicUrl).host.toLowerCase();

export function parseSeverity(input: unknown): DomainBlockSeverity {
  const value = input === undefined || input === null || input === '' ? 'silence' : input;
  if (typeof value !== 'string' || !(domainBlockSeverities as readonly string[]).includes(value))
    throw unprocessable('invalid_severity', `The severity must be one of ${domainBlockSeverities.join(', ')}`);
  return value as DomainBlockSeverity;
}

type Row = {
  domain: string;
  severity: DomainBlockSeverity;
  reason: string;
  created_by_id: string | null;
  created_at: string | Date;
};
const fromRow = (r: Row): DomainBlock => ({
  domain: r.domain,
  severity: r.severity,
  reason: r.reason,
  createdById: r.created_by_id,
  createdAt: new Date(r.created_at),
});

/** Every platform block, newest first (moderators only). */
export async function listDomainBlocks(db: DbOrTx, moderatorId: string): Promise<DomainBlock[]> {
  await assertModerates(db, moderatorId, null);
  const rows = await queryRows<Row>(db, sql`select * from domain_blocks order by created_at desc, domain`);
  return rows.map(fromRow);
}

export async function getDomainBlock(db: DbOrTx, moderatorId: string, domain: string): Promise<DomainBlock> {
  await assertModerates(db, moderatorId, null);
  const [row] = await queryRows<Row>(db, sql`select * from domain_blocks where domain = ${normaliseDomain(domain)}`);
  if (!row) throw notFound('Domain block');
  return fromRow(row);
}

export type DomainBlockInput = { domain?: unknown; severity?: unknown; reason?: unknown };

/** Blocks a server, or changes its block's severity and reason. Returns the block and whether it is new. */
export async function blockDomain(
  db: DbOrTx,
  config: { publicUrl: string },
  moderatorId: string,
  input: DomainBlockInput,
): Promise<{ block: DomainBlock; created: boolean }> {
  await assertModerates(db, moderatorId, null);
  const domain = normaliseDomain(input.domain);
  if (domain === ownDomain(config.publicUrl))
    throw unprocessable('own_domain', 'This is our own server: suspend its accounts instead');
  const severity = parseSeverity(input.severity);
  if (input.reason !== undefined && input.reason !== null && typeof input.reason !== 'string')
    throw unprocessable('invalid_reason', 'The reason must be text');
  const reason = typeof input.reason === 'string' ? input.reason.trim() : undefined;
  if (reason && reason.length > 1000) throw unprocessable('invalid_reason', 'The reason is at most 1000 characters');
  const [row] = await queryRows<Row & { created: boolean }>(
    db,
    sql`insert into domain_blocks (domain, severity, reason, created_by_id)
        values (${domain}, ${severity}, ${reason ?? ''}, ${moderatorId})
        on conflict (domain) do update set severity = excluded.severity,
          reason = ${reason === undefined ? sql`domain_blocks.reason` : sql`excluded.reason`}
        returning *, (xmax = 0) as created`,
  );
  return { block: fromRow(row), created: Boolean(row.created) };
}

/** Lifts a block; 404 when there is none. */
export async function unblockDomain(db: DbOrTx, moderatorId: string, domain: unknown): Promise<DomainBlock> {
  await assertModerates(db, moderatorId, null);
  const [row] = await queryRows<Row>(
    db,
    sql`delete from domain_blocks where domain = ${normaliseDomain(domain)} returning *`,
  );
  if (!row) throw notFound('Domain block');
  return fromRow(row);
}

/**
 * Whether the platform suspended this server (`host[:port]` as in accounts.domain, or a URL).
 * Inbound (drop what it sends) and outbound (send it nothing) ask this.
 */
export async function isDomainSuspended(db: DbOrTx, domainOrUrl: string): Promise<boolean> {
  let domain: string;
  try {
    domain = normaliseDomain(/^[a-z][a-z0-9+.-]*:\/\//i.test(domainOrUrl) ? new URL(domainOrUrl).host : domainOrUrl);
  } catch {
    return false;
  }
  const [row] = await queryRows(
    db,
    sql`select 1 from domain_blocks where domain = ${domain} and severity = 'suspend' limit 1`,
  );
  return Boolean(row);
}

/** Whether we may deliver to this server at all (false when it is suspended). */
export async function deliverableDomain(db: DbOrTx, domainOrUrl: string): Promise<boolean> {
  return !(await isDomainSuspended(db, domainOrUrl));
}
