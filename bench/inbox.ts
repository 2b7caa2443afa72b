/**
 * `npm run bench -- inbox [--size 1000000] [--queries 300] [--pglite] [--explain]`
 *
 * One brand's inbox at scale (issue 14): `size` conversations (default 1M on PostgreSQL, 50k on
 * PGlite) for one brand, with 2 messages each and size/10 customers, built in SQL with
 * generate_series (40 % open with an SLA due time, some already passed, 10 % pending, 5 % snoozed,
 * 45 % resolved). Then, one client at a time:
 *  - the open-conversations list sorted by SLA due time, first page (25): the inbox's
 *    `listConversations` against the raw indexed statement (the index on brand, status,
 *    sla_due_at, last_message_at, id; no join, no people);
 *  - opening one conversation with its customer's file: `getConversation` + `customerFile`
 *    against the raw statements (the conversation by id, its messages, the customer's account).
 * Prints p50/p95 of each and the service's p95 as a multiple of the raw one. Target: p95 <= 50 ms each.
 * PostgreSQL: the bench cluster in bench/.data/pg (or DATABASE_URL), database bench_inbox_<size>,
 * reused by later runs. PGlite: in memory, built each run.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openPglite, openPostgres, queryRows, type Database } from '../src/db/client';
import { migrate } from '../src/db/migrate';
import { createAccount } from '../src/modules/accounts';
import { customerFile, getConversation, listConversations } from '../src/modules/inbox';
import { int, summarize, type Stats } from './load';
import { benchDatabase } from './pg';

const log = (line: string) => console.log(line);
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

async function measure(n: number, fn: (i: number) => Promise<unknown>): Promise<Stats> {
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    latencies.push(performance.now() - t0);
  }
  return summarize(latencies, 0, (performance.now() - started) / 1000);
}

/** The brand, its agent and the customers; then conversations and messages in batches. */
async function buildWorld(database: Database, size: number) {
  const db = database.db;
  const brand = await createAccount({ db }, { kind: 'brand', username: `inbox_brand_${size}` });
  const agent = await createAccount({ db }, { kind: 'person', username: `inbox_agent_${size}` });
  await queryRows(
    db,
    sql`insert into brand_members (brand_id, account_id, role) values (${brand.id}, ${agent.id}, 'owner')`,
  );
  const customers = Math.max(10, Math.floor(size / 10));
  await queryRows(
    db,
    sql`insert into accounts (id, kind, username, display_name)
        select gen_random_uuid(), 'person', 'inbox_c' || g, 'Client ' || g from generate_series(1, ${customers}::int) g`,
  );
  await queryRows(
    db,
    sql`create temporary table bench_customers as
        select row_number() over (order by id) as n, id from accounts where username like 'inbox\\_c%'`,
  );
  const batch = 100_000;
  for (let from = 0; from < size; from += batch) {
    const n = Math.min(batch, size - from);
    // Status by share; open ones get an SLA due time within ±3 days of now (some breached already).
    await queryRows(
      db,
      sql`insert into inbox_conversations (id, brand_id, customer_id, channel, thread_key, status, snoozed_until,
            assignee_id, kind, created_at, last_message_at, awaiting_since, first_response_due_at,
            resolution_due_at, sla_due_at, resolved_at, message_count)
          select gen_random_uuid(), ${brand.id}, c.id,
                 (array['mention','direct','question','review','order','return'])[1 + (g % 6)],
                 'bench-' || g, s.status,
                 case when s.status = 'snoozed' then now() + interval '1 day' end,
                 case when g % 3 = 0 then ${agent.id}::uuid end,
                 (array['service','marketing','other'])[1 + (g % 3)],
                 s.created, s.created + interval '1 hour',
                 case when s.status = 'open' then s.created end,
                 case when s.status = 'open' then s.due end,
                 case when s.status in ('open', 'pending') then s.due + interval '2 days' end,
                 case when s.status = 'open' then s.due when s.status = 'pending' then s.due + interval '2 days' end,
                 case when s.status = 'resolved' then s.created + interval '5 hours' end,
                 2
          from (select g, now() - random() * interval '180 days' as created,
                       now() + (random() - 0.5) * interval '6 days' as due,
                       case when g % 20 < 8 then 'open' when g % 20 < 10 then 'pending'
                            when g % 20 < 11 then 'snoozed' else 'resolved' end as status
                from generate_series(${from + 1}::int, ${from + n}::int) g) s
          join bench_customers c on c.n = 1 + (s.g % ${customers}::int)`,
    );
    process.stdout.write(`\r  conversations: ${(from + n).toLocaleString('en')} / ${size.toLocaleString('en')}`);
  }
  process.stdout.write('\n');
  await queryRows(
    db,
    sql`insert into inbox_messages (id, conversation_id, author_id, author_role, text, created_at, delivered_at)
        select gen_random_uuid(), c.id, case when m = 1 then c.customer_id else ${agent.id}::uuid end,
               case when m = 1 then 'customer' else 'team' end,
               case when m = 1 then 'Bonjour, où en est ma commande ?' else 'Bonjour, elle part demain.' end,
               c.created_at + (m - 1) * interval '1 hour', c.created_at + (m - 1) * interval '1 hour'
        from inbox_conversations c cross join generate_series(1, 2) m where c.brand_id = ${brand.id}`,
  );
  await queryRows(db, sql`analyze`);
}

export async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      pglite: { type: 'boolean' },
      size: { type: 'string' },
      queries: { type: 'string' },
      explain: { type: 'boolean' },
    },
  });
  const onPg = !values.pglite;
  const size = int(values.size, onPg ? 1_000_000 : 50_000, 'size');
  const queries = int(values.queries, 300, 'queries');
  log(
    `Inbox benchmark — ${size.toLocaleString('en')} conversations for one brand on ${onPg ? 'PostgreSQL' : 'PGlite'}`,
  );
  log(
    `Machine: ${os.cpus().length} CPUs, Node ${process.version}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );

  let stopPostgres = async () => {};
  let database: Database;
  if (onPg) {
    const bench = await benchDatabase(`bench_inbox_${size}`);
    stopPostgres = bench.stop;
    database = await openPostgres(bench.url, 4);
  } else {
    database = await openPglite(undefined);
  }
  try {
    const t0 = performance.now();
    await migrate(database);
    const db = database.db;
    let [world] = await queryRows<{ brand: string; agent: string }>(
      db,
      sql`select m.brand_id as brand, m.account_id as agent from brand_members m
          join accounts b on b.id = m.brand_id where b.username = ${`inbox_brand_${size}`}`,
    );
    if (!world) {
      log(`Building ${size.toLocaleString('en')} conversations…`);
      await buildWorld(database, size);
      [world] = await queryRows<{ brand: string; agent: string }>(
        db,
        sql`select m.brand_id as brand, m.account_id as agent from brand_members m
            join accounts b on b.id = m.brand_id where b.username = ${`inbox_brand_${size}`}`,
      );
    }
    const { brand, agent } = world!;
    log(`World ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const now = new Date();
    const ids = (
      await queryRows<{ id: string }>(
        db,
        sql`select id from inbox_conversations tablesample system (1) where brand_id = ${brand} limit ${queries}`,
      )
    ).map((r) => r.id);
    while (ids.length < queries && ids.length > 0) ids.push(ids[ids.length % Math.max(1, ids.length)]!);

    const listOrder = sql`order by sla_due_at asc nulls last, last_message_at desc nulls last, id desc nulls last`;
    const rawList = () =>
      queryRows(
        db,
        sql`select id, customer_id, channel, status, sla_due_at, last_message_at from inbox_conversations
            where brand_id = ${brand} and status = 'open' ${listOrder} limit 25`,
      );
    const list = () => listConversations(db, { brandId: brand, viewerId: agent, status: 'open', limit: 25, now });
    const rawOpen = async (id: string) => {
      const [c] = await queryRows<{ customer_id: string }>(db, sql`select * from inbox_conversations where id = ${id}`);
      await queryRows(db, sql`select * from inbox_messages where conversation_id = ${id} order by created_at, id`);
      await queryRows(db, sql`select * from accounts where id = ${c!.customer_id}`);
    };
    const open = async (id: string) => {
      const c = await getConversation(db, { brandId: brand, conversationId: id, viewerId: agent, now });
      await customerFile(db, { brandId: brand, accountId: c.customerId, viewerId: agent });
    };

    if (values.explain) {
      for (const statement of [
        sql`explain (analyze, buffers) select id from inbox_conversations where brand_id = ${brand} and status = 'open'
            ${listOrder} limit 25`,
      ]) {
        for (const row of await queryRows<Record<string, string>>(db, statement)) log(`  ${Object.values(row)[0]}`);
        log('');
      }
    }

    // Warm both paths up (caches, plans) before measuring.
    for (let i = 0; i < 20; i++) {
      await rawList();
      await list();
      await rawOpen(ids[i % ids.length]!);
      await open(ids[i % ids.length]!);
    }
    const rawListStats = await measure(queries, () => rawList());
    const listStats = await measure(queries, () => list());
    const rawOpenStats = await measure(ids.length, (i) => rawOpen(ids[i]!));
    const openStats = await measure(ids.length, (i) => open(ids[i]!));

    const row = (what: string, s: Stats, raw: Stats) =>
      `  ${what.padEnd(44)} p50 ${fmt(s.p50).padStart(7)} ms  p95 ${fmt(s.p95).padStart(7)} ms  ` +
      `(raw p95 ${fmt(raw.p95)} ms, ×${fmt(s.p95 / raw.p95, 2)})  ${s.p95 <= 50 ? 'OK' : 'ABOVE TARGET'}`;
    log('');
    log(`Target: p95 <= 50 ms each (${queries} queries each, one client)`);
    log(row('open list by SLA due (listConversations)', listStats, rawListStats));
    log(
      `  ${'  raw: indexed first page'.padEnd(44)} p50 ${fmt(rawListStats.p50).padStart(7)} ms  p95 ${fmt(rawListStats.p95).padStart(7)} ms`,
    );
    log(row('open one + customer file (getConversation+customerFile)', openStats, rawOpenStats));
    log(
      `  ${'  raw: by id + messages + account'.padEnd(44)} p50 ${fmt(rawOpenStats.p50).padStart(7)} ms  p95 ${fmt(rawOpenStats.p95).padStart(7)} ms`,
    );
  } finally {
    await database.close();
    await stopPostgres();
  }
}
