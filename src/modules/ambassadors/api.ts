/** The ambassadors' JSON routes: contracts in api-contracts.ts, rules in the services. */
import type { RouteModule } from '../../http/app';
import { mount } from '../../http/contract';
import { requireViewer } from '../../http/middleware';
import { getAccount } from '../accounts';
import { ambassadorContracts } from './api-contracts';
import { linksOf, linkUrl, makeLink, type AmbassadorLink, type LinkTargetInput } from './links';
import {
  addAmbassador,
  answerInvitation,
  applyToProgram,
  decideApplication,
  endAmbassadorship,
  listAmbassadors,
  type Ambassador,
} from './members';
import { programForTeam, saveProgram, type Program, type ProgramInput } from './program';

const percent = (bp: number) => bp / 100;

export function presentProgram(publicUrl: string, brandUsername: string, p: Program) {
  return {
    brand_id: p.brandId,
    commission_percent: percent(p.commissionBp),
    window_days: p.windowDays,
    return_window_days: p.returnWindowDays,
    min_payout: { amount: p.minPayoutAmount, currency: p.currency },
    terms: p.terms,
    product_scope: p.productScope,
    product_ids: p.productIds,
    collection_rates: p.rates.map((r) => ({
      collection_id: r.collectionId,
      commission_percent: percent(r.commissionBp),
    })),
    open_to_applications: p.openToApplications,
    active: p.active,
    url: `${publicUrl}/@${brandUsername}/ambassadors`,
    updated_at: p.updatedAt.toISOString(),
  };
}

const presentAmbassador = (a: Ambassador & { username?: string; clicks?: number; orders?: number }) => ({
  id: a.id,
  brand_id: a.brandId,
  account_id: a.accountId,
  ...(a.username !== undefined ? { username: a.username } : {}),
  status: a.status,
  message: a.message,
  ...(a.clicks !== undefined ? { clicks: a.clicks, orders: a.orders } : {}),
  created_at: a.createdAt.toISOString(),
});

const presentLink = (publicUrl: string, l: AmbassadorLink & { clicks?: number; orders?: number }) => ({
  id: l.id,
  url: linkUrl(publicUrl, l.code),
  code: l.code,
  target_kind: l.targetKind,
  target_id: l.targetId,
  ...(l.clicks !== undefined ? { clicks: l.clicks, orders: l.orders } : {}),
});

export const ambassadorApi: RouteModule = (app, ctx) => {
  const api = ambassadorContracts();
  const publicUrl = ctx.config.publicUrl;
  const lower = (id: string) => id.toLowerCase();

  mount(app, api.saveProgram, async (c) => {
    const viewer = requireViewer(c, 'write');
    const brandId = lower(c.req.valid('param').id);
    const { program, created } = await saveProgram(ctx, viewer.accountId, brandId, c.req.valid('json') as ProgramInput);
    const brand = await getAccount(ctx, brandId);
    const body = presentProgram(publicUrl, brand.username, program);
    return created ? c.json(body, 201) : c.json(body, 200);
  });
  mount(app, api.showProgram, async (c) => {
    const viewer = requireViewer(c, 'read');
    const brandId = lower(c.req.valid('param').id);
    const program = await programForTeam(ctx, viewer.accountId, brandId);
    const brand = await getAccount(ctx, brandId);
    return c.json(presentProgram(publicUrl, brand.username, program), 200);
  });
  mount(app, api.invite, async (c) => {
    const viewer = requireViewer(c, 'write');
    const input = c.req.valid('json') as { account_id?: unknown };
    const accountId = typeof input.account_id === 'string' ? input.account_id : '';
    const { ambassador, created } = await addAmbassador(
      ctx,
      viewer.accountId,
      lower(c.req.valid('param').id),
      accountId,
      {
        accept: true,
      },
    );
    const body = { id: ambassador.id, status: ambassador.status };
    return created ? c.json(body, 201) : c.json(body, 200);
  });
  mount(app, api.list, async (c) => {
    const viewer = requireViewer(c, 'read');
    const rows = await listAmbassadors(
      ctx,
      viewer.accountId,
      lower(c.req.valid('param').id),
      c.req.valid('query').status,
    );
    return c.json(rows.map(presentAmbassador), 200);
  });
  mount(app, api.apply, async (c) => {
    const viewer = requireViewer(c, 'write');
    const input = c.req.valid('json') as { message?: unknown };
    const { ambassador, created } = await applyToProgram(
      ctx,
      viewer.accountId,
      lower(c.req.valid('param').id),
      input.message,
    );
    return created ? c.json(presentAmbassador(ambassador), 201) : c.json(presentAmbassador(ambassador), 200);
  });
  const decide = (contract: typeof api.accept, run: (actorId: string, id: string) => Promise<Ambassador>) =>
    mount(app, contract, async (c) => {
      const viewer = requireViewer(c, 'write');
      return c.json(presentAmbassador(await run(viewer.accountId, lower(c.req.valid('param').id))), 200);
    });
  decide(api.accept, (actor, id) => decideApplication(ctx, actor, id, 'accept'));
  decide(api.refuse, (actor, id) => decideApplication(ctx, actor, id, 'refuse'));
  decide(api.acceptInvitation, (actor, id) => answerInvitation(ctx, actor, id, true));
  decide(api.end, (actor, id) => endAmbassadorship(ctx, actor, id));
  mount(app, api.makeLink, async (c) => {
    const viewer = requireViewer(c, 'write');
    const { link, created } = await makeLink(
      ctx,
      viewer.accountId,
      lower(c.req.valid('param').id),
      c.req.valid('json') as LinkTargetInput,
    );
    return created ? c.json(presentLink(publicUrl, link), 201) : c.json(presentLink(publicUrl, link), 200);
  });
  mount(app, api.links, async (c) => {
    const viewer = requireViewer(c, 'read');
    const rows = await linksOf(ctx, viewer.accountId, lower(c.req.valid('param').id));
    return c.json(
      rows.map((l) => presentLink(publicUrl, l)),
      200,
    );
  });
};
