import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { queryRows } from '../../../db/client';
import { mediaAttachments } from '../../../db/schema';
import type { ViewContext } from '../../social';
import { MediaGrid } from '../../social/views/status';
import { cacheRemoteMedia } from './media';
import { fixtureInbound, fixtures } from './inbound-test-support';

let t: TestApp;
let server: http.Server;
let base: string;
let requests = 0;

beforeAll(async () => {
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 120, b: 0 } } })
    .png()
    .toBuffer();
  server = http.createServer((req, res) => {
    requests++;
    if (req.url === '/tarte.png') res.writeHead(200, { 'content-type': 'image/png' }).end(png);
    else if (req.url === '/huge.png') res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(64 * 1024));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await createTestApp({ federation: true, federationAllowPrivate: true, mediaMaxBytes: 32 * 1024 });
});
afterAll(async () => {
  await t.close();
  await new Promise((resolve) => server.close(resolve));
});

async function remotePostWith(file: string, id: string) {
  const fx = fixtures({
    LOCAL_ACTOR: 'http://localhost:3000/users/nobody',
    LOCAL_PROFILE: '',
    LOCAL_POST: '',
    OUR_FOLLOW: '',
  });
  const create = structuredClone(fx['create-note']) as { id: string; object: Record<string, unknown> };
  create.id = `${create.id}-${id}`;
  create.object.id = `https://mastodon.example/users/alice/statuses/${id}`;
  (create.object.attachment as { url: string }[])[0]!.url = `${base}/${file}`;
  await fixtureInbound(t, [fx['actor-alice']]).deliver(create);
  const [media] = await queryRows<{ id: string; status_id: string }>(
    t.ctx.db,
    sql`select m.id, m.status_id from media_attachments m join statuses s on s.id = m.status_id
        where s.uri = ${create.object.id as string}`,
  );
  return media!;
}

/** The post's images as the pages draw them (social's MediaGrid). */
async function page(statusId: string): Promise<string> {
  const media = await t.ctx.db.select().from(mediaAttachments).where(eq(mediaAttachments.statusId, statusId));
  const v = { t: (key: string) => key } as unknown as ViewContext;
  return String(await MediaGrid({ v, media }));
}

const mediaRow = async (id: string) =>
  (
    await queryRows<{ path: string; preview_path: string; width: number }>(
      t.ctx.db,
      sql`select path, preview_path, width from media_attachments where id = ${id}`,
    )
  )[0];

describe('remote media caching (federation.media)', () => {
  it('shows the alt text, not the remote file, until the copy is made; then the copy', async () => {
    const media = await remotePostWith('tarte.png', '201');
    const before = await page(media.status_id);
    expect(before).toContain('Une tarte aux pommes dorée');
    expect(before).not.toMatch(new RegExp(`<img[^>]+${base.replace(/[.:/]/g, '\\$&')}`));
    expect(requests).toBe(0);
    await cacheRemoteMedia(t.ctx, { mediaId: media.id });
    const row = await mediaRow(media.id);
    expect(row?.path).toMatch(/\.webp$/);
    expect(row?.width).toBe(64);
    const after = await page(media.status_id);
    expect(after).toContain(`/media/${row?.path}`);
  });

  it('keeps the placeholder for a file over the size limit or an address it may not reach', async () => {
    const big = await remotePostWith('huge.png', '202');
    await cacheRemoteMedia(t.ctx, { mediaId: big.id });
    expect((await mediaRow(big.id))?.path).toBe('');
    const strict = await createTestApp({ federation: true, federationAllowPrivate: false });
    try {
      const served = requests;
      await queryRows(
        strict.ctx.db,
        sql`insert into accounts (id, kind, username, domain) values ('01a24ea3-0000-7000-8000-000000000001', 'person', 'x@h.example', 'h.example')`,
      );
      await queryRows(
        strict.ctx.db,
        sql`insert into media_attachments (id, account_id, path, preview_path, width, height, remote_url)
            values ('01a24ea3-0000-7000-8000-000000000002', '01a24ea3-0000-7000-8000-000000000001', '', '', 0, 0, ${`${base}/tarte.png`})`,
      );
      await cacheRemoteMedia(strict.ctx, { mediaId: '01a24ea3-0000-7000-8000-000000000002' });
      const [row] = await queryRows<{ path: string }>(
        strict.ctx.db,
        sql`select path from media_attachments where id = '01a24ea3-0000-7000-8000-000000000002'`,
      );
      expect(row?.path).toBe('');
      expect(requests).toBe(served);
    } finally {
      await strict.close();
    }
  });
});
