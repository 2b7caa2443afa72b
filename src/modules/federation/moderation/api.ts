/**
 * Domain blocks over HTTP. Platform moderators: `/api/v1/admin/domain_blocks` (Mastodon's admin
 * paths and field names; our error shape). Everyone: Mastodon's `/api/v1/domain_blocks` (a
 * person's own blocks, on the Mastodon sub-app). Services check who may do what.
 */
import { z } from 'zod';
import type { AppContext } from '../../../context';
import type { RouteModule } from '../../../http/app';
import { body, failures, int, json, mastodonFailures, mount, route } from '../../../http/contract';
import { requireViewer } from '../../../http/middleware';
import { blockDomainForAccount, myDomainBlocks, unblockDomainForAccount } from './account-domains';
import { blockDomain, getDomainBlock, listDomainBlocks, unblockDomain, type DomainBlock } from './domains';

const DomainBlockEntity = z
  .object({
    id: z.string().meta({ description: 'The domain (our blocks are named by their domain)' }),
    domain: z.string(),
    severity: z.enum(['silence', 'suspend']),
    reason: z.string(),
    private_comment: z.string().nullable().meta({ description: 'Mastodon’s name for the reason' }),
    public_comment: z.string().nullable(),
    reject_media: z.boolean(),
    reject_reports: z.boolean(),
    obfuscate: z.boolean(),
    created_at: z.string().meta({ format: 'date-time' }),
  })
  .meta({ id: 'DomainBlock' });

export const presentDomainBlock = (b: DomainBlock) => ({
  id: b.domain,
  domain: b.domain,
  severity: b.severity,
  reason: b.reason,
  private_comment: b.reason || null,
  public_comment: null,
  // A suspended server's media and reports are dropped with everything else it sends.
  reject_media: b.severity === 'suspend',
  reject_reports: b.severity === 'suspend',
  obfuscate: false,
  created_at: b.createdAt.toISOString(),
});

const DomainBlockBody = z.object({
  domain: z.string().optional().meta({ description: 'The server: example.org, or host:port' }),
  severity: z.string().optional().meta({ description: 'silence (default) or suspend' }),
  reason: z.string().optional().meta({ description: 'Why (for moderators)' }),
  private_comment: z.string().optional().meta({ description: 'Mastodon’s field for the reason' }),
  public_comment: z.string().optional().meta({ description: 'Taken as the reason when no other is given' }),
});
const adminTags = ['Federation: moderation'];
const moderator = { auth: 'user' as const, scope: 'write' as const };
const domainParam = z.object({ domain: z.string().meta({ description: 'The blocked domain' }) });
const Block = json(DomainBlockEntity, 'The block');

const admin = {
  list: route({
    method: 'get',
    path: '/api/v1/admin/domain_blocks',
    tags: adminTags,
    summary: 'Platform moderators: every blocked or silenced server',
    auth: 'user',
    scope: 'read',
    responses: { 200: json(z.array(DomainBlockEntity), 'Blocks, newest first'), ...failures(401, 403) },
  }),
  get: route({
    method: 'get',
    path: '/api/v1/admin/domain_blocks/{domain}',
    tags: adminTags,
    summary: 'Platform moderators: one server’s block',
    auth: 'user',
    scope: 'read',
    request: { params: domainParam },
    responses: { 200: Block, ...failures(401, 403, 404, 422) },
  }),
  create: route({
    method: 'post',
    path: '/api/v1/admin/domain_blocks',
    tags: adminTags,
    summary:
      'Platform moderators: suspend (nothing delivered there, its posts hidden, what it sends dropped) or ' +
      'silence (its posts kept out of public timelines and search) a server; a second call changes the block',
    ...moderator,
    request: { body: body(DomainBlockBody) },
    responses: { 200: json(DomainBlockEntity, 'The block, changed'), 201: Block, ...failures(400, 401, 403, 422) },
  }),
  delete: route({
    method: 'delete',
    path: '/api/v1/admin/domain_blocks/{domain}',
    tags: adminTags,
    summary: 'Platform moderators: lift a server’s block',
    ...moderator,
    request: { params: domainParam },
    responses: { 200: json(DomainBlockEntity, 'The block lifted'), ...failures(401, 403, 404, 422) },
  }),
};

const reasonOf = (b: z.output<typeof DomainBlockBody>) => b.reason ?? b.private_comment ?? b.public_comment;

export const adminDomainRoutes: RouteModule = (app, ctx) => {
  mount(app, admin.list, async (c) => {
    const viewer = requireViewer(c, 'read');
    return c.json((await listDomainBlocks(ctx.db, viewer.accountId)).map(presentDomainBlock), 200);
  });
  mount(app, admin.get, async (c) => {
    const viewer = requireViewer(c, 'read');
    return c.json(presentDomainBlock(await getDomainBlock(ctx.db, viewer.accountId, c.req.valid('param').domain)), 200);
  });
  mount(app, admin.create, async (c) => {
    const viewer = requireViewer(c, 'write');
    const input = c.req.valid('json');
    const made = await blockDomain(ctx.db, ctx.config, viewer.accountId, { ...input, reason: reasonOf(input) });
    return made.created ? c.json(presentDomainBlock(made.block), 201) : c.json(presentDomainBlock(made.block), 200);
  });
  mount(app, admin.delete, async (c) => {
    const viewer = requireViewer(c, 'write');
    return c.json(presentDomainBlock(await unblockDomain(ctx.db, viewer.accountId, c.req.valid('param').domain)), 200);
  });
};

// Mastodon: a person's own domain blocks ---------------------------------------------------------

const mastodonTags = ['Mastodon: domain blocks'];
const DomainQuery = z.object({ domain: z.string().optional().meta({ description: 'The server to unblock' }) });
const DomainForm = z.object({ domain: z.string().optional().meta({ description: 'The server' }) });
const cursor = (what: string) => z.string().optional().meta({ description: what });

const mine = {
  list: route({
    method: 'get',
    path: '/api/v1/domain_blocks',
    tags: mastodonTags,
    summary: 'The servers the caller blocks (strings), newest first; paged by the Link header',
    auth: 'user',
    scope: 'read',
    request: {
      query: z.object({
        limit: int(1, 200, '1 to 200 (default 100)'),
        max_id: cursor('Older than this block (a domain from the Link header)'),
        since_id: cursor('Newer than this block'),
        min_id: cursor('Just after this block'),
      }),
    },
    responses: { 200: json(z.array(z.string()), 'Domains'), ...mastodonFailures(400, 401, 403) },
  }),
  create: route({
    method: 'post',
    path: '/api/v1/domain_blocks',
    tags: mastodonTags,
    summary:
      'Block a server: its accounts’ posts and notifications are hidden from the caller, and follows both ' +
      'ways with its accounts are removed',
    auth: 'user',
    scope: 'follow',
    request: { body: body(DomainForm) },
    responses: { 200: json(z.object({}), 'An empty object'), ...mastodonFailures(400, 401, 403, 422) },
  }),
  delete: route({
    method: 'delete',
    path: '/api/v1/domain_blocks',
    tags: mastodonTags,
    summary: 'Unblock a server (domain in the query string or the body)',
    auth: 'user',
    scope: 'follow',
    request: { query: DomainQuery, body: body(DomainForm, { required: false }) },
    responses: { 200: json(z.object({}), 'An empty object'), ...mastodonFailures(400, 401, 403, 422) },
  }),
};

function linkHeader(ctx: AppContext, domains: string[]): string | null {
  if (domains.length === 0) return null;
  const url = (k: string, v: string) =>
    `${ctx.config.publicUrl}/api/v1/domain_blocks?${new URLSearchParams({ [k]: v }).toString()}`;
  return `<${url('max_id', domains[domains.length - 1])}>; rel="next", <${url('min_id', domains[0])}>; rel="prev"`;
}

export const mastodonDomainRoutes: RouteModule = (app, ctx) => {
  mount(app, mine.list, async (c) => {
    const viewer = requireViewer(c, 'read');
    const q = c.req.valid('query');
    const domains = await myDomainBlocks(ctx.db, viewer.accountId, {
      limit: q.limit,
      maxId: q.max_id,
      sinceId: q.since_id,
      minId: q.min_id,
    });
    const link = linkHeader(ctx, domains);
    if (link) c.header('Link', link);
    return c.json(domains, 200);
  });
  mount(app, mine.create, async (c) => {
    const viewer = requireViewer(c, 'follow');
    await blockDomainForAccount(ctx, viewer.accountId, c.req.valid('json').domain);
    return c.json({}, 200);
  });
  mount(app, mine.delete, async (c) => {
    const viewer = requireViewer(c, 'follow');
    const domain = c.req.valid('json').domain ?? c.req.valid('query').domain;
    await unblockDomainForAccount(ctx.db, viewer.accountId, domain);
    return c.json({}, 200);
  });
};
