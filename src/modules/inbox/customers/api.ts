/**
 * The customer's file API (errors `{"error": {"code", "message"}}`): the file, labels, notes.
 * Who may do what is the service's (file.ts, notes.ts); this file reads the request and presents.
 */
import type { Context } from 'hono';
import type { RouteModule } from '../../../http/app';
import { mount } from '../../../http/contract';
import type { AppEnv } from '../../../http/types';
import { getAccount } from '../../accounts';
import { contracts as api } from './api-contracts';
import { customerFile } from './file';
import { addCustomerNote, deleteCustomerNote, editCustomerNote, setCustomerLabels } from './notes';
import { presentFile, presentNote } from './present';

type Ctx = Context<AppEnv>;

export const customersApi: RouteModule = (app, ctx) => {
  const viewerId = (c: Ctx) => c.get('viewer')!.accountId; // auth: 'user' routes checked it
  const key = (c: Ctx, p: { id: string; account_id: string }) => ({
    brandId: p.id.toLowerCase(),
    accountId: p.account_id.toLowerCase(),
    viewerId: viewerId(c),
  });

  mount(app, api.file, async (c) => {
    const k = key(c, c.req.valid('param'));
    const q = c.req.valid('query');
    const file = await customerFile(ctx.db, k, {
      limit: q.limit,
      section: q.section,
      maxId: q.max_id && /^[0-9a-f-]{36}$/i.test(q.max_id) ? q.max_id.toLowerCase() : null,
    });
    const brand = await getAccount(ctx, k.brandId);
    return c.json(presentFile(ctx.config, file, brand.username, k.viewerId), 200);
  });

  mount(app, api.labels, async (c) => {
    const labels = await setCustomerLabels(ctx, key(c, c.req.valid('param')), c.req.valid('json').labels);
    return c.json({ labels }, 200);
  });

  mount(app, api.addNote, async (c) => {
    const k = key(c, c.req.valid('param'));
    const note = await addCustomerNote(ctx, k, { text: c.req.valid('json').text });
    const author = await getAccount(ctx, k.viewerId);
    return c.json(presentNote({ ...note, author }, k.viewerId), 201);
  });

  mount(app, api.editNote, async (c) => {
    const p = c.req.valid('param');
    const k = key(c, p);
    const note = await editCustomerNote(ctx, k, p.note_id.toLowerCase(), { text: c.req.valid('json').text });
    const author = await getAccount(ctx, k.viewerId);
    return c.json(presentNote({ ...note, author }, k.viewerId), 200);
  });

  mount(app, api.deleteNote, async (c) => {
    const p = c.req.valid('param');
    await deleteCustomerNote(ctx, key(c, p), p.note_id.toLowerCase());
    return c.json({ deleted: true as const }, 200);
  });
};
