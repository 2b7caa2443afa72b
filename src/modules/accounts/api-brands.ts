/**
 * Brands and their teams: our own JSON API (errors `{"error": {"code", "message"}}`), described
 * in the OpenAPI document from the same zod schemas that check the requests. The schemas check
 * types; the service checks the rules (lengths, roles, who may do what) and names its errors.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { isUuid } from '../../db/ids';
import type { RouteModule } from '../../http/app';
import { notFound } from '../../http/errors';
import { requireViewer } from '../../http/middleware';
import { errors, parseParams, ref, registerOperations, registerSchema } from '../../http/openapi';
import { readParams } from '../../http/params';
import type { AppEnv } from '../../http/types';
import { profileChanges } from './api-profile';
import { assertCan, brandsOf, createBrand, getBrand, listMembers, removeMember, roleIn, setMember } from './brands';
import { presentAccount } from './present';
import { brandRoles, type BrandRole } from './schema';
import { getAccount, updateProfile, type Account } from './service';
import { USERNAME } from './validation';

type Ctx = Context<AppEnv>;

// Schemas -------------------------------------------------------------------------------------

const text = (max: number, description: string) => z.string().meta({ maxLength: max, description });
const color = (description: string) => z.string().nullable().meta({ pattern: '^#[0-9a-fA-F]{6}$', description: `${description}; empty or null clears it` });
const role = z.string().meta({ enum: [...brandRoles], description: 'owner > admin > community_manager / moderator / staff' });

export const BrandCreate = z.object({
  username: z.string().meta({ pattern: USERNAME.source, maxLength: 30, description: 'The brand’s handle: 1 to 30 letters, digits or underscores' }),
  display_name: text(60, 'Name shown on the brand page; defaults to the username').optional(),
});

export const BrandUpdate = z.object({
  display_name: text(60, 'Name shown on the brand page').optional(),
  note: text(500, 'Bio, plain text').optional(),
  location: text(100, 'Town or address').optional(),
  website: text(200, 'http(s) address').optional(),
  primary_color: color('Main charter colour, #rrggbb').optional(),
  accent_color: color('Accent charter colour, #rrggbb').optional(),
  avatar: z.file().meta({ description: 'Logo (JPEG, PNG, WebP, GIF, AVIF), multipart only' }).optional(),
  header: z.file().meta({ description: 'Banner (JPEG, PNG, WebP, GIF, AVIF), multipart only' }).optional(),
});

export const MemberAdd = z.object({
  account_id: z.string().meta({ format: 'uuid', description: 'A person’s account id' }),
  role,
});

export const MemberUpdate = z.object({ role });

// The Mastodon Account entity (entities.ts), with our extras: kind, location, website, brand colours.
const accountSchema = ref('Account');

const brandSchema = registerSchema('Brand', {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    account: accountSchema,
    role: { type: ['string', 'null'], enum: [...brandRoles, null], description: 'The caller’s role in the team, null if not a member' },
  },
  required: ['id', 'account', 'role'],
});

const membershipSchema = registerSchema('Membership', {
  type: 'object',
  properties: {
    account: accountSchema,
    role: { type: 'string', enum: [...brandRoles] },
    created_at: { type: 'string', format: 'date-time' },
  },
  required: ['account', 'role', 'created_at'],
});

const tags = ['Brands'];
const brandId = { name: 'id', in: 'path' as const, description: 'The brand’s account id', schema: { type: 'string', format: 'uuid' } };
const memberId = { name: 'account_id', in: 'path' as const, description: 'The member’s account id', schema: { type: 'string', format: 'uuid' } };

registerOperations([
  {
    method: 'get',
    path: '/api/v1/brands',
    tags,
    summary: 'The brands the caller belongs to, with their role',
    auth: 'user',
    scopes: ['read'],
    responses: { 200: { description: 'Brands', schema: { type: 'array', items: brandSchema } }, ...errors(401) },
  },
  {
    method: 'post',
    path: '/api/v1/brands',
    tags,
    summary: 'Create a brand; the caller becomes its owner',
    auth: 'user',
    scopes: ['write'],
    body: { schema: BrandCreate },
    responses: { 201: { description: 'The new brand', schema: brandSchema }, ...errors(400, 401, 403, 409, 422) },
  },
  {
    method: 'get',
    path: '/api/v1/brands/{id}',
    tags,
    summary: 'A brand, and the caller’s role if they are on its team',
    auth: 'optional',
    parameters: [brandId],
    responses: { 200: { description: 'The brand', schema: brandSchema }, ...errors(404) },
  },
  {
    method: 'patch',
    path: '/api/v1/brands/{id}',
    tags,
    summary: 'Edit the brand’s charter (name, bio, place, website, colours, logo, banner)',
    description: 'Needs the owner or admin role. Every field is checked and images are stored before anything is saved, so a bad field changes nothing.',
    auth: 'user',
    scopes: ['write'],
    parameters: [brandId],
    body: { schema: BrandUpdate },
    responses: { 200: { description: 'The updated brand', schema: brandSchema }, ...errors(400, 401, 403, 404, 413, 422) },
  },
  {
    method: 'get',
    path: '/api/v1/brands/{id}/members',
    tags,
    summary: 'The brand’s team (members only)',
    auth: 'user',
    scopes: ['read'],
    parameters: [brandId],
    responses: { 200: { description: 'Members, oldest first', schema: { type: 'array', items: membershipSchema } }, ...errors(401, 403, 404) },
  },
  {
    method: 'post',
    path: '/api/v1/brands/{id}/members',
    tags,
    summary: 'Add a person to the team, or change their role',
    description: 'Owners grant any role; admins grant community_manager, moderator or staff.',
    auth: 'user',
    scopes: ['write'],
    parameters: [brandId],
    body: { schema: MemberAdd },
    responses: { 201: { description: 'The membership', schema: membershipSchema }, ...errors(400, 401, 403, 404, 422) },
  },
  {
    method: 'patch',
    path: '/api/v1/brands/{id}/members/{account_id}',
    tags,
    summary: 'Change a member’s role',
    auth: 'user',
    scopes: ['write'],
    parameters: [brandId, memberId],
    body: { schema: MemberUpdate },
    responses: { 200: { description: 'The membership', schema: membershipSchema }, ...errors(400, 401, 403, 404, 409, 422) },
  },
  {
    method: 'delete',
    path: '/api/v1/brands/{id}/members/{account_id}',
    tags,
    summary: 'Remove a member, or leave the team (your own account id)',
    description: 'A brand keeps at least one owner: the last owner cannot leave (409 last_owner).',
    auth: 'user',
    scopes: ['write'],
    parameters: [brandId, memberId],
    responses: { 200: { description: 'Removed; an empty object', schema: { type: 'object' } }, ...errors(401, 403, 404, 409) },
  },
]);

// Routes ----------------------------------------------------------------------------------------

export const brandApiRoutes: RouteModule = (app, ctx) => {
  const db = { db: ctx.db };
  const urls = { publicUrl: ctx.config.publicUrl };
  const presentBrand = (brand: Account, myRole: BrandRole | null) => ({ id: brand.id, account: presentAccount(urls, brand), role: myRole });
  const presentMember = (account: Account, memberRole: BrandRole, createdAt: Date) => ({
    account: presentAccount(urls, account),
    role: memberRole,
    created_at: createdAt.toISOString(),
  });

  const brandOf = async (c: Ctx) => {
    const id = c.req.param('id');
    if (!isUuid(id)) throw notFound('Brand');
    return getBrand(db, id);
  };
  const memberIdOf = (c: Ctx) => {
    const id = c.req.param('account_id');
    if (!isUuid(id)) throw notFound('Member');
    return id;
  };

  app.get('/api/v1/brands', async (c) => {
    const viewer = requireViewer(c, 'read');
    const rows = await brandsOf(db, viewer.accountId);
    return c.json(rows.map((row) => presentBrand(row.brand, row.role)));
  });

  app.post('/api/v1/brands', async (c) => {
    const viewer = requireViewer(c, 'write');
    const input = parseParams(BrandCreate, await readParams(c));
    const brand = await createBrand(db, viewer.accountId, { username: input.username, displayName: input.display_name });
    return c.json(presentBrand(brand, 'owner'), 201);
  });

  app.get('/api/v1/brands/:id', async (c) => {
    const brand = await brandOf(c);
    const viewer = c.get('viewer');
    return c.json(presentBrand(brand, viewer ? await roleIn(db, brand.id, viewer.accountId) : null));
  });

  app.patch('/api/v1/brands/:id', async (c) => {
    const viewer = requireViewer(c, 'write');
    const brand = await brandOf(c);
    const myRole = await assertCan(db, viewer.accountId, brand.id, 'editProfile');
    const input = parseParams(BrandUpdate, await readParams(c));
    const changes = await profileChanges(ctx, input);
    const updated = await updateProfile(db, brand.id, changes);
    return c.json(presentBrand(updated, myRole));
  });

  app.get('/api/v1/brands/:id/members', async (c) => {
    const viewer = requireViewer(c, 'read');
    const brand = await brandOf(c);
    const rows = await listMembers(db, viewer.accountId, brand.id);
    return c.json(rows.map((row) => presentMember(row.account, row.role, row.createdAt)));
  });

  app.post('/api/v1/brands/:id/members', async (c) => {
    const viewer = requireViewer(c, 'write');
    const brand = await brandOf(c);
    const input = parseParams(MemberAdd, await readParams(c));
    await assertCan(db, viewer.accountId, brand.id, 'manageTeam');
    if (!isUuid(input.account_id)) throw notFound('Account');
    const membership = await setMember(db, viewer.accountId, brand.id, input.account_id, input.role);
    return c.json(presentMember(await getAccount(db, membership.accountId), membership.role, membership.createdAt), 201);
  });

  app.patch('/api/v1/brands/:id/members/:account_id', async (c) => {
    const viewer = requireViewer(c, 'write');
    const brand = await brandOf(c);
    const accountId = memberIdOf(c);
    const input = parseParams(MemberUpdate, await readParams(c));
    await assertCan(db, viewer.accountId, brand.id, 'manageTeam');
    if (!(await roleIn(db, brand.id, accountId))) throw notFound('Member');
    const membership = await setMember(db, viewer.accountId, brand.id, accountId, input.role);
    return c.json(presentMember(await getAccount(db, membership.accountId), membership.role, membership.createdAt));
  });

  app.delete('/api/v1/brands/:id/members/:account_id', async (c) => {
    const viewer = requireViewer(c, 'write');
    const brand = await brandOf(c);
    const accountId = memberIdOf(c);
    // Leaving is always allowed (but for the last owner); removing someone else needs manageTeam.
    if (accountId !== viewer.accountId) await assertCan(db, viewer.accountId, brand.id, 'manageTeam');
    await removeMember(db, viewer.accountId, brand.id, accountId);
    return c.json({});
  });
};
