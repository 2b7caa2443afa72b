// Pages of logged-out readers are cached until a write to a table they show notifies
// 'comptoir_pages' (migration 0044, src/web/page-cache.ts). A table added later without the
// trigger would leave cached pages showing old data: every table must either carry it or be one
// of the bookkeeping tables no public page shows, named here on purpose.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app';
import { queryRows } from './client';

const quiet = [
  'settings', // notifies through its own row triggers, except job cursors
  'jobs',
  'sessions',
  'idempotency_keys',
  'rate_limits',
  'app_nodes',
  'federation_kv',
  'oauth_codes',
  'oauth_tokens',
  'credentials',
  'funnel_reach_salts',
  'funnel_reach_seen',
  'analytics_ladder_dirty',
  'inbox_presence',
  'webhook_deliveries',
  'cart_items',
  'payment_methods',
  'addresses',
  'notifications',
  'watch_matches',
  'watch_alerts',
  'analytics_counts',
  'analytics_interactions',
  'analytics_ladder_daily',
  'analytics_ladder_people',
  'inbox_sla_records',
  // A brand's outside sources and what they bring: shown only to its team (listening/sources).
  'listening_sources',
  'brand_sources',
  'outside_items',
  'source_item_days',
  // Privacy requests: shown only to the brand's team (privacy/requests.ts).
  'privacy_requests',
  // A person's data archives: shown only to that person (privacy/exports).
  'account_exports',
  // Consent choices and sign-in attempts: only their own person sees them (privacy/consent, privacy/retention).
  'consents',
  'sign_in_attempts',
  // Withdrawals: shown only to the buyer and the brand's team (commerce/withdrawal).
  'withdrawals',
].sort();

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('every table a page may show tells the page cache when it changes', async () => {
  const rows = await queryRows<{ table: string; notifies: boolean }>(
    t.ctx.db,
    sql`select c.relname as table,
               exists (select 1 from pg_trigger g where g.tgrelid = c.oid and g.tgname = 'pages_changed') as notifies
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where c.relkind in ('r', 'p') and n.nspname = current_schema() and left(c.relname, 2) <> '__'`,
  );
  expect(rows.length).toBeGreaterThan(50);
  const silent = rows.filter((r) => !r.notifies).map((r) => r.table);
  expect(silent.filter((name) => !name.startsWith('drizzle')).sort()).toEqual(quiet);
});
