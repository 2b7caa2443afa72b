/**
 * A person's data archive over the API: `POST /api/v1/account/exports` (202, or 429
 * `export_too_soon`), `GET /api/v1/account/exports/:id`, and the download link
 * `GET /account/exports/:token` (a ZIP, for its owner only: anyone else, and an expired or unknown
 * link, 404). Whether called with an OAuth token or a session cookie, it wants the current
 * password (`password`), like the settings form: a stolen token alone cannot take everything away.
 */
import { z } from 'zod';
import type { RouteModule } from '../../../http/app';
import { body, describe, failures, id, json, mount, route } from '../../../http/contract';
import { hitRateLimit } from '../../../http/rate-limit';
import { DomainError, forbidden, notFound } from '../../../lib/errors';
import { loginRedirect } from '../../../web/page';
import { authenticate, getAccount } from '../../accounts';
import type { AppContext } from '../../../context';
import { getExport, openExport, requestExport, type ExportView } from './service';

const Export = z
  .object({
    id: z.string(),
    status: z.enum(['pending', 'ready']),
    url: z.string().optional().meta({ description: 'The download link (a ZIP), for its owner only; while ready' }),
    expires_at: z.string().optional().meta({ description: 'When the link stops working (7 days after it is ready)' }),
  })
  .meta({ id: 'AccountExport' });
const ExportInput = z
  .looseObject({
    password: z.string().optional().meta({ description: 'The current password (403 invalid_password without it)' }),
  })
  .meta({ id: 'AccountExportInput' });

const tags = ['Privacy'];

export const exportContracts = {
  create: route({
    method: 'post',
    path: '/api/v1/account/exports',
    tags,
    auth: 'user',
    scope: 'write',
    summary: 'Ask for an archive of one’s data (one per 7 days); the brands concerned get customer.data_request',
    request: { body: body(ExportInput, { required: false }) },
    responses: {
      202: json(Export, 'Asked for; the archive is being built'),
      ...failures(400, 401, 403, 429),
    },
  }),
  show: route({
    method: 'get',
    path: '/api/v1/account/exports/{id}',
    tags,
    auth: 'user',
    scope: 'read',
    summary: 'One of one’s archives: pending, or ready with its download link',
    request: { params: z.object({ id: id('The archive', 'Export') }) },
    responses: { 200: json(Export, 'The archive'), ...failures(401, 404) },
  }),
};

const present = (v: ExportView) => ({
  id: v.id,
  status: v.status,
  ...(v.url ? { url: v.url } : {}),
  ...(v.expiresAt ? { expires_at: v.expiresAt.toISOString() } : {}),
});

/** The current password of the person, or 403 `invalid_password` (the form shows it on its field). */
export async function checkCurrentPassword(ctx: AppContext, accountId: string, password: unknown): Promise<void> {
  // As many tries as the sign-in form allows: a stolen session cannot guess the password here either.
  await hitRateLimit(ctx.db, `password-check:${accountId}`, ctx.config.rateLimits.login);
  const account = await getAccount(ctx, accountId);
  try {
    await authenticate(ctx, account.username, typeof password === 'string' ? password : '');
  } catch (error) {
    if (error instanceof DomainError && error.code === 'invalid_credentials')
      throw forbidden('invalid_password', 'The password is not right');
    throw error;
  }
}

export const exportsApi: RouteModule = (app, ctx) => {
  mount(app, exportContracts.create, async (c) => {
    const viewer = c.get('viewer')!;
    await checkCurrentPassword(ctx, viewer.accountId, c.req.valid('json')?.password);
    return c.json(present(await requestExport(ctx, viewer.accountId)), 202);
  });

  mount(app, exportContracts.show, async (c) => {
    const viewer = c.get('viewer')!;
    return c.json(present(await getExport(ctx, viewer.accountId, c.req.valid('param').id)), 200);
  });

  describe({
    method: 'get',
    path: '/account/exports/{token}',
    tags,
    auth: 'user',
    summary: 'Downloads an archive (application/zip): its owner only, within 7 days; anyone else 404',
    request: { params: z.object({ token: z.string() }) },
    responses: {
      200: {
        description: 'The archive',
        content: { 'application/zip': { schema: z.string().meta({ format: 'binary' }) } },
      },
      ...failures(404),
    },
  });
  app.get('/account/exports/:token', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) {
      // Someone following the e-mail's link before signing in: sign in, then back here.
      if ((c.req.header('accept') ?? '').includes('text/html')) return loginRedirect(c);
      throw notFound('Export');
    }
    const archive = await openExport(ctx, viewer.accountId, c.req.param('token'));
    return c.body(archive.bytes, 200, {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${archive.filename}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    });
  });
};
