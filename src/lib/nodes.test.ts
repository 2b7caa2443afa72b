import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app';
import { queryRows } from '../db/client';
import { beat, deadNodes, forgetNodes, startNode } from './nodes';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const staleBy = (id: string, seconds: number) =>
  queryRows(
    t.ctx.db,
    sql`update app_nodes set heartbeat_at = now() - make_interval(secs => ${seconds}) where id = ${id}`,
  );

describe('app nodes', () => {
  it('a node whose heartbeat is older than the bound is dead; one that beats is alive', async () => {
    const [self, live, stale] = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of [self, live, stale]) await beat(t.ctx.db, id);
    await staleBy(stale, 60);
    await staleBy(self, 60);
    const dead = await deadNodes(t.ctx.db, self, 5);
    expect(dead).toContain(stale);
    expect(dead).not.toContain(live);
    expect(dead).not.toContain(self);
  });

  it('a node taken for dead that beats again is not forgotten', async () => {
    const id = randomUUID();
    await beat(t.ctx.db, id);
    await staleBy(id, 60);
    await beat(t.ctx.db, id);
    await forgetNodes(t.ctx.db, [id], 5);
    expect(await queryRows(t.ctx.db, sql`select 1 from app_nodes where id = ${id}`)).toHaveLength(1);
  });

  it('a node stopped cleanly is dead at once, and gives what dead nodes held to its recoverers', async () => {
    const recovered: string[][] = [];
    const node = await startNode(t.ctx.database, { id: randomUUID(), recover: [async (d) => void recovered.push(d)] });
    await node.stop();
    expect(await deadNodes(t.ctx.db, randomUUID(), 5)).toContain(node.id);
    if (t.ctx.database.kind === 'pglite') expect(recovered.flat().length).toBeGreaterThan(0);
  });
});
