/**
 * Two instances on loopback: a person reports an account of the other server and asks to
 * forward the report; the other server's moderation queue receives it from our server's actor,
 * never naming the reporter. Without `forward`, nothing leaves.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { person } from '../../../test/support/catalog';
import { eventually, handleOn, startTwoInstances } from '../../../test/support/federation';
import type { TestServer } from '../../../test/support/server';
import { queryRows } from '../../db/client';
import { resolveHandle } from './resolve';

type Filed = { reporter: string; comment: string; target_type: string };
const reportsOn = (server: TestServer) =>
  queryRows<Filed>(
    server.ctx.db,
    sql`select a.username as reporter, r.comment, r.target_type from reports r join accounts a on a.id = r.reporter_id
        order by r.created_at`,
  );

describe('forwarding a report to the reported account’s server', () => {
  let one: TestServer;
  let two: TestServer;
  beforeAll(async () => {
    [one, two] = await startTwoInstances();
  });
  afterAll(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
  });

  it('sends a Flag from our server, not from the reporter, only when asked', async () => {
    const spammer = await person(two, 'spam');
    const reporter = await person(one, 'rep');
    const remote = await resolveHandle(one.ctx, handleOn(two, spammer.account.username));
    const report = (forward: boolean, comment: string) =>
      one.call('POST', '/api/v1/reports', {
        token: reporter.token,
        body: { account_id: remote.id, comment, category: 'spam', forward },
      });

    const kept = await report(false, 'kept here');
    expect(kept.status).toBe(200);
    expect(((await kept.json()) as { forwarded: boolean }).forwarded).toBe(false);

    const sent = await report(true, 'sells fake cheese');
    expect(((await sent.json()) as { forwarded: boolean }).forwarded).toBe(true);
    const filed = await eventually(async () => {
      const rows = await reportsOn(two);
      return rows.length ? rows : null;
    });
    expect(filed).toHaveLength(1);
    expect(filed[0]).toMatchObject({ comment: 'sells fake cheese', target_type: 'account' });
    // Filed by the first server's own actor: the reporter's handle appears nowhere.
    expect(filed[0].reporter).toContain(new URL(one.url).host);
    expect(filed[0].reporter).not.toContain(reporter.account.username);
  });
});
