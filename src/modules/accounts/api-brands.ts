/**
 * Brands and their teams: our own JSON API (errors `{"error": {"code", "message"}}`). Each route
 * is a contract (src/http/contract.ts): its zod schemas check the requests, type the handlers and
 * describe the route in the OpenAPI document. The schemas check types; the service checks the
 * rules (lengths, roles, who may do what) and names its errors.
 */
import { z } from 'zod';
import { isUuid } from '../../db/ids';
import type { RouteModule } from '../../http/app';
import { failures, id, json, mount, body, route } from '../../http/contract';
import { notFound } from '../../http/errors';
import { requireViewer } from '../../http/middleware';
import { profileChanges } from './api-profile';
import { assertCan, brandsOf, createBrand, getBrand, listMembers, removeMember, roleIn, setMember } from './brands';
import { presentAccount } from './present';
import { brandRoles, type BrandRole } from './schema';
import { getAccount, updateProfile, type Account } from './service';
import { USERNAME } from './validation';
import { AccountEntity } from './entities';

// Schemas -------------------------------------------------------------------------------------

const text = (max: number, description: string) => z.string().meta({ maxLength: max, description });
const color = (description: string) =>
  z
    .string()
    .nullable()
    .meta({ pattern: '^#[0-9a-fA-F]{6}$', description: `${description}; empty or null clears it` });
const role = z
  .string()
  .meta({ enum: [...brandRoles], description: 'owner > admin > community_manager / moderator / staff' });

export const BrandCreate = z.object({
  username: z.string().meta({
    pattern: USERNAME.source,
    maxLength: 30,
    description: 'The brand’s handle: 1 to 30 letters, digits or underscores',
  }),
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

const BrandEntity = z
  .object({
    id: z.string().meta({ format: 'uuid' }),
    account: AccountEntity,
    role: z.enum(brandRoles).nullable().meta({ description: 'The caller’s role in the team, null if not a member' }),
  })
  .meta({ id: 'Brand' });

const MembershipEntity = z
  .object({ account: AccountEntity, role: z.enum(brandRoles), created_at: z.string().meta({ format: 'date-time' }) })
  .meta({ id: 'Membership' });

const tags = ['Brands'];
const brandId = id('The brand’s account id', 'Brand');
const brandPath = z.object({ id: brandId });
const memberPath = z.object({ id: brandId, account_id: id('The member’s account id', 'Member') });
const reader = { auth: 'user' as const, scope: 'read' as const };
const writer = { auth: 'user' as const, scope: 'write' as const };

const mine = route({
  method: 'get',
  path: '/api/v1/brands',
  tags,
  summary: 'The brands the caller belongs to, with their role',
  ...reader,
  responses: { 200: json(z.array(BrandEntity), 'Brands'), ...failures(401) },
});
const create = route({
  method: 'post',
  path: '/api/v1/brands',
  tags,
  summary: 'Create a brand; the caller becomes its owner',
  ...writer,
  request: { body: body(BrandCreate) },
  responses: { 201: json(BrandEntity, 'The new brand'), ...failures(400, 401, 403, 409, 422) },
});
const show = route({
  method: 'get',
  path: '/api/v1/brands/{id}',
  tags,
  summary: 'A brand, and the caller’s role if they are on its team',
  auth: 'optional',
  request: { params: brandPath },
  responses: { 200: json(BrandEntity, 'The brand'), ...failures(404) },
});
const edit = route({
  method: 'patch',
  path: '/api/v1/brands/{id}',
  tags,
  summary: 'Edit the brand’s charter (name, bio, place, website, colours, logo, banner)',
  description:
    'Needs the owner or admin role. Every field is checked and images are stored before anything is saved, so a ' +
    'bad field changes nothing.',
  ...writer,
  request: { params: brandPath, body: body(BrandUpdate) },
  responses: { 200: json(BrandEntity, 'The updated brand'), ...failures(400, 401, 403, 404, 413, 422) },
});
const members = route({
  method: 'get',
  path: '/api/v1/brands/{id}/members',
  tags,
  summary: 'The brand’s team (members only)',
  ...reader,
  request: { params: brandPath },
  responses: { 200: json(z.array(MembershipEntity), 'Members, oldest first'), ...failures(401, 403, 404) },
});
const addMember = route({
  method: 'post',
  path: '/api/v1/brands/{id}/members',
  tags,
  summary: 'Add a person to the team, or change their role',
  description: 'Owners grant any role; admins grant community_manager, moderator or staff.',
  ...writer,
  request: { params: brandPath, body: body(MemberAdd) },
  responses: { 201: json(MembershipEntity, 'The membership'), ...failures(400, 401, 403, 404, 422) },
});
const changeMember = route({
  method: 'patch',
  path: '/api/v1/brands/{id}/members/{account_id}',
  tags,
  summary: 'Change a member’s role',
  ...writer,
  request: { params: memberPath, body: body(MemberUpdate) },
  responses: { 200: json(MembershipEntity, 'The membership'), ...failures(400, 401, 403, 404, 409, 422) },
});
const removeMemberRoute = route({
  method: 'delete',
  path: '/api/v1/brands/{id}/members/{account_id}',
  tags,
  summary: 'Remove a member, or leave the team (your own account id)',
  description: 'A brand keeps at least one owner: the last owner cannot leave (409 last_owner).',
  ...writer,
  request: { params: memberPath },
  responses: { 200: json(z.object({}), 'Removed; an empty object'), ...failures(401, 403, 404, 409) },
});

// Routes ----------------------------------------------------------------------------------------

export const brandApiRoutes: RouteModule = (app, ctx) => {
  const db = { db: ctx.db };
  const urls = { publicUrl: ctx.config.publicUrl };
  const entity = (account: Account): z.input<typeof AccountEntity> => presentAccount(urls, account);
  const presentBrand = (brand: Account, myRole: BrandRole | null) => ({
    id: brand.id,
    account: entity(brand),
    role: myRole,
  });
  const presentMember = (account: Account, memberRole: BrandRole, createdAt: Date) => ({
    account: entity(account),
    role: memberRole,
    created_at: createdAt.toISOString(),
  });

  mount(app, mine, async (c) => {
    const viewer = requireViewer(c, 'read');
    const rows = await brandsOf(db, viewer.accountId);
    return c.json(
      rows.map((row) => presentBrand(row.brand, row.role)),
      200,
    );
  });

  mount(app, create, async (c) => {
    const viewer = requireViewer(c, 'write');
    const input = c.req.valid('json');
    const brand = await createBrand(db, viewer.accountId, {
      username: input.username,
      displayName: input.display_name,
    });
    return c.json(presentBrand(brand, 'owner'), 201);
  });

  mount(app, show, async (c) => {
    const brand = await getBrand(db, c.req.valid('param').id);
    const viewer = c.get('viewer');
    return c.json(presentBrand(brand, viewer ? await roleIn(db, brand.id, viewer.accountId) : null), 200);
  });

  mount(app, edit, async (c) => {
    const viewer = requireViewer(c, 'write');
    const brand = await getBrand(db, c.req.valid('param').id);
    const myRole = await assertCan(db, viewer.accountId, brand.id, 'editProfile');
    const changes = await profileChanges(ctx, c.req.valid('json'));
    const updated = await updateProfile(db, brand.id, changes);
    return c.json(presentBrand(updated, myRole), 200);
  });

  mount(app, members, async (c) => {
    const viewer = requireViewer(c, 'read');
    const brand = await getBrand(db, c.req.valid('param').id);
    const rows = await listMembers(db, viewer.accountId, brand.id);
    return c.json(
      rows.map((row) => presentMember(row.account, row.role, row.createdAt)),
      200,
    );
  });

  mount(app, addMember, async (c) => {
    const viewer = requireViewer(c, 'write');
    const brand = await getBrand(db, c.req.valid('param').id);
    const input = c.req.valid('json');
    await assertCan(db, viewer.accountId, brand.id, 'manageTeam');
    if (!isUuid(input.account_id)) throw notFound('Account');
    const membership = await setMember(db, viewer.accountId, brand.id, input.account_id, input.role);
    return c.json(
      presentMember(await getAccount(db, membership.accountId), membership.role, membership.createdAt),
      201,
    );
  });

  mount(app, changeMember, async (c) => {
    const viewer = requireViewer(c, 'write');
    const { id: brandId, account_id: accountId } = c.req.valid('param');
    const brand = await getBrand(db, brandId);
    const input = c.req.valid('json');
    await assertCan(db, viewer.accountId, brand.id, 'manageTeam');
    if (!(await roleIn(db, brand.id, accountId))) throw notFound('Member');
    const membership = await setMember(db, viewer.accountId, brand.id, accountId, input.role);
    return c.json(
      presentMember(await getAccount(db, membership.accountId), membership.role, membership.createdAt),
      200,
    );
  });

  mount(app, removeMemberRoute, async (c) => {
    const viewer = requireViewer(c, 'write');
    const { id: brandId, account_id: accountId } = c.req.valid('param');
    const brand = await getBrand(db, brandId);
    // Leaving is always allowed (but for the last owner); removing someone else needs manageTeam.
    if (accountId !== viewer.accountId) await assertCan(db, viewer.accountId, brand.id, 'manageTeam');
    await removeMember(db, viewer.accountId, brand.id, accountId);
    return c.json({}, 200);
  });
};
