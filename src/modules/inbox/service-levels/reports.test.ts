import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { person, shop, type Person, type Shop } from '../../../../test/support/orders';
import { uuidv7 } from '../../../db/ids';
import { browserSession } from '../../accounts/api-testing';
import { parseCsv } from '../../commerce/csv';

let t: TestApp;
let s: Shop;
let agentA: Person;
let agentB: Person;
let customer: Person;
const now = new Date('2027-02-10T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();

type Seed = {
  channel: string;
  kind: string;
  assignee: string | null;
  created: string;
  fr: number | null;
  res: number | null;
  rating: number | null;
  breached?: boolean;
  overdue?: boolean;
  subject?: string;
  status?: string;
};
async function seed(c: Seed) {
  const id = uuidv7();
  await t.ctx.db.execute(sql`
    insert into inbox_conversations (id, brand_id, customer_id, channel, thread_key, status, kind, assignee_id,
      created_at, last_message_at, rating, sla_due_at, subject)
    values (${id}, ${s.brand.id}, ${customer.id}, ${c.channel}, ${id}, ${c.status ?? 'resolved'}, ${c.kind},
      ${c.assignee}, ${c.created}::timestamptz, ${c.created}::timestamptz, ${c.rating},
      ${c.overdue ? daysAgo(0.5) : null}::timestamptz, ${c.subject ?? null})`);
  await t.ctx.db.execute(sql`
    insert into inbox_sla_records (conversation_id, brand_id, first_response_minutes, resolution_minutes, resolution_breached)
    values (${id}, ${s.brand.id}, ${c.fr}, ${c.res}, ${c.breached ?? false})`);
  return id;
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(now);
  s = await shop(t);
  agentA = await s.member('staff');
  agentB = await s.member('community_manager');
  customer = await person(t);
  await seed({
    channel: 'direct',
    kind: 'service',
    assignee: agentA.id,
    created: daysAgo(1),
    fr: 10,
    res: 100,
    rating: 5,
  });
  await seed({
    channel: 'direct',
    kind: 'marketing',
    assignee: agentA.id,
    created: daysAgo(2),
    fr: 30,
    res: 200,
    rating: 4,
    breached: true,
  });
  await seed({
    channel: 'order',
    kind: 'service',
    assignee: null,
    created: daysAgo(3),
    fr: 50,
    res: null,
    rating: null,
    overdue: true,
    status: 'open',
  });
  await seed({
    channel: 'order',
    kind: 'service',
    assignee: agentB.id,
    created: daysAgo(4),
    fr: 70,
    res: 300,
    rating: 1,
  });
  // Outside the last 7 days, inside the last 30.
  await seed({
    channel: 'review',
    kind: 'other',
    assignee: null,
    created: daysAgo(20),
    fr: 1000,
    res: 2000,
    rating: 2,
  });
});
afterAll(() => t.close());

describe('service reports', () => {
  it('computes percentiles, breaches, satisfaction and volumes on a known set (last 7 days)', async () => {
    const res = await t.call('GET', `/api/v1/brands/${s.brand.id}/inbox/reports?days=7`, { token: s.ownerToken });
    expect(res.status).toBe(200);
    const r = (await res.json()) as any;
    expect(r.total).toEqual({
      section: 'total',
      key: '',
      conversations: 4,
      first_response_p50_minutes: 40,
      first_response_p90_minutes: 64,
      resolution_p50_minutes: 200,
      resolution_p90_minutes: 280,
      breaches: 2,
      breach_rate: 0.5,
      ratings: 3,
      rating_average: 3.33,
      csat: 2 / 3,
    });
    expect(r.rating_distribution).toEqual([1, 0, 0, 1, 1]);
    expect(
      r.by_channel.map((x: any) => [
        x.key,
        x.conversations,
        x.first_response_p50_minutes,
        x.first_response_p90_minutes,
      ]),
    ).toEqual([
      ['direct', 2, 20, 28],
      ['order', 2, 60, 68],
    ]);
    expect(r.by_kind.map((x: any) => [x.key, x.conversations])).toEqual([
      ['marketing', 1],
      ['service', 3],
    ]);
    expect(r.by_agent.map((x: any) => [x.key, x.conversations, x.breaches])).toEqual(
      [
        ['', 1, 1],
        [agentA.username, 2, 1],
        [agentB.username, 1, 0],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect(r.daily).toHaveLength(8);
    expect(r.daily.reduce((n: number, d: any) => n + d.opened, 0)).toBe(4);

    const month = (await (
      await t.call('GET', `/api/v1/brands/${s.brand.id}/inbox/reports?days=30`, { token: s.ownerToken })
    ).json()) as any;
    expect(month.total.conversations).toBe(5);
    expect(month.rating_distribution).toEqual([1, 1, 0, 1, 1]);
  });

  it('downloads the same table as CSV', async () => {
    const res = await t.call('GET', `/api/v1/brands/${s.brand.id}/inbox/reports.csv?days=7`, { token: s.ownerToken });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const rows = parseCsv(await res.text()).map((r) => r.cells);
    expect(rows[0]).toEqual([
      'section',
      'key',
      'conversations',
      'first_response_p50_minutes',
      'first_response_p90_minutes',
      'resolution_p50_minutes',
      'resolution_p90_minutes',
      'breaches',
      'breach_rate',
      'ratings',
      'rating_average',
      'csat',
    ]);
    expect(rows[1]).toEqual(['total', '', '4', '40', '64', '200', '280', '2', '0.5', '3', '3.33', '0.667']);
    expect(rows.slice(2).map((r) => `${r[0]}:${r[1]}:${r[2]}`)).toEqual([
      'channel:direct:2',
      'channel:order:2',
      'kind:marketing:1',
      'kind:service:3',
      ...['', agentA.username, agentB.username]
        .sort()
        .map((u) => `agent:${u}:${u === '' ? 1 : u === agentA.username ? 2 : 1}`),
    ]);
  });
});

describe('service-level pages', () => {
  const page = async (accountId: string, method: string, url: string, form?: Record<string, string>) => {
    const session = await browserSession(t, accountId);
    const headers: Record<string, string> = { cookie: session.cookie, accept: 'text/html', 'accept-language': 'en' };
    let body: string | undefined;
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams({ _csrf: session.csrf, ...form }).toString();
    }
    const res = await t.app.request(url, { method, headers, body });
    return { status: res.status, res, html: await res.text() };
  };

  it('the customer rates from the page (CSRF form, text escaped); anyone else gets 404', async () => {
    const id = await seed({
      channel: 'order',
      kind: 'service',
      assignee: null,
      created: daysAgo(1),
      fr: 5,
      res: 10,
      rating: null,
      subject: '<script>alert(1)</script>',
    });
    const shown = await page(customer.id, 'GET', `/conversations/${id}/rate`);
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('name="_csrf"');
    expect(shown.html).toContain('Évaluer la conversation');
    expect(shown.html).not.toContain('<script>alert(1)</script>');
    expect((await page(s.owner.id, 'GET', `/conversations/${id}/rate`)).status).toBe(404);
    expect((await page(agentA.id, 'GET', `/conversations/${id}/rate`)).status).toBe(404);
    expect((await page(customer.id, 'POST', `/conversations/${id}/rate`, { rating: '9' })).status).toBe(422);
    const sent = await page(customer.id, 'POST', `/conversations/${id}/rate`, {
      rating: '5',
      comment: '<img src=x onerror=alert(1)>',
    });
    expect(sent.status).toBe(303);
    const after = await page(customer.id, 'GET', `/conversations/${id}/rate`);
    expect(after.html).toContain('Vous avez donné la note de 5 sur 5');
    expect(after.html).not.toContain('name="rating"');
  });

  it('the owner sets targets and hours from the form; the team reads the reports; other brands get 404', async () => {
    const base = `/brands/${s.brand.username}/inbox`;
    const other = await shop(t);
    for (const url of [`${base}/service-levels`, `${base}/reports`, `${base}/reports.csv`]) {
      expect((await page(other.owner.id, 'GET', url)).status).toBe(404);
      expect((await page(customer.id, 'GET', url)).status).toBe(404);
    }
    expect((await page(other.owner.id, 'POST', `${base}/service-levels`, { first_response_minutes: '5' })).status).toBe(
      404,
    );
    expect((await page(agentA.id, 'GET', `${base}/service-levels`)).status).toBe(403);
    const form = await page(s.owner.id, 'GET', `${base}/service-levels`);
    expect(form.status).toBe(200);
    expect(form.html).toContain('name="open_0" value="09:00"');
    const hours = Object.fromEntries(
      [0, 1, 2, 3, 4, 5, 6].flatMap((d) => [
        [`open_${d}`, d < 5 ? '08:30' : d === 5 ? '10:00' : ''],
        [`close_${d}`, d < 5 ? '17:30' : d === 5 ? '13:00' : ''],
      ]),
    );
    const bad = await page(s.owner.id, 'POST', `${base}/service-levels`, {
      enabled: 'on',
      first_response_minutes: '60',
      next_response_minutes: '120',
      resolution_minutes: '960',
      ...hours,
      open_6: '09:00',
    });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('week');
    const saved = await page(s.owner.id, 'POST', `${base}/service-levels`, {
      enabled: 'on',
      first_response_minutes: '60',
      next_response_minutes: '120',
      resolution_minutes: '960',
      ...hours,
      closed_days: '2027-05-01\n2027-12-25',
    });
    expect(saved.status).toBe(303);
    const api = (await (
      await t.call('GET', `/api/v1/brands/${s.brand.id}/inbox/service-levels`, { token: s.ownerToken })
    ).json()) as any;
    expect(api).toMatchObject({
      first_response_minutes: 60,
      week: [[[510, 1050]], [[510, 1050]], [[510, 1050]], [[510, 1050]], [[510, 1050]], [[600, 780]], []],
      closed_days: ['2027-05-01', '2027-12-25'],
    });
    const report = await page(agentA.id, 'GET', `${base}/reports?days=7`);
    expect(report.status).toBe(200);
    expect(report.html).toContain('data-figure="conversations">5<');
    expect(report.html).toContain('<svg');
    const csv = await page(agentA.id, 'GET', `${base}/reports.csv?days=7`);
    expect(csv.res.headers.get('content-type')).toContain('text/csv');
  });
});
