/** The commission ledger's JSON API and downloads (contracts in api-contracts.ts); rules and rights live in the services. */
import type { Context } from 'hono';
import type { RouteModule } from '../../../http/app';
import { mount } from '../../../http/contract';
import type { AppEnv } from '../../../http/types';
import { contracts as api } from './api-contracts';
import { balancesCsv, payoutsCsv, sepaExport } from './exports';
import { brandBalances, payoutsOf, recordPayout } from './payouts';
import { ledgerBalances, ledgerItems, ledgerReader, requireLedgerManager } from './read';

type Ctx = Context<AppEnv>;

const csvHeaders = (name: string) => ({
  'Content-Type': 'text/csv; charset=utf-8',
  'Content-Disposition': `attachment; filename="${name}"`,
});

export const ledgerApi: RouteModule = (app, ctx) => {
  const signedIn = (c: Ctx) => c.get('viewer')!.accountId; // auth: 'user' routes checked it

  mount(app, api.ledger, async (c) => {
    const { member } = await ledgerReader(ctx.db, signedIn(c), c.req.valid('param').id);
    const query = c.req.valid('query');
    const balances = (await ledgerBalances(ctx.db, [member.id])).get(member.id)!;
    const items = await ledgerItems(ctx.db, member.id, { limit: query.limit, before: query.max_id });
    return c.json(
      {
        ...balances,
        entries: items.map((e) => ({
          id: e.id,
          order_id: e.orderId,
          order_line_id: e.orderLineId,
          kind: e.kind,
          amount: e.amount,
          at: e.at.toISOString(),
        })),
      },
      200,
    );
  });

  mount(app, api.payout, async (c) => {
    const input = c.req.valid('json') as Record<string, unknown>;
    const p = await recordPayout(ctx, c.req.valid('param').id.toLowerCase(), signedIn(c), {
      ambassadorId: input.ambassador_id,
      amount: input.amount,
      method: input.method,
      reference: input.reference,
    });
    return c.json(
      {
        id: p.id,
        ambassador_id: p.ambassadorId,
        amount: { amount: p.amount, currency: p.currency },
        method: p.method,
        reference: p.reference,
        created_at: p.at.toISOString(),
      },
      201,
    );
  });

  mount(app, api.payoutsCsv, async (c) => {
    const brandId = c.req.valid('param').id.toLowerCase();
    await requireLedgerManager(ctx.db, brandId, signedIn(c));
    return c.body(payoutsCsv(await payoutsOf(ctx.db, brandId)), 200, csvHeaders('ambassador-payouts.csv'));
  });

  mount(app, api.balancesCsv, async (c) => {
    const brandId = c.req.valid('param').id.toLowerCase();
    await requireLedgerManager(ctx.db, brandId, signedIn(c));
    const rows = await brandBalances(ctx.db, brandId);
    const currency = (
      await ledgerBalances(
        ctx.db,
        rows.slice(0, 1).map((r) => r.ambassadorId),
      )
    )
      .values()
      .next().value?.payable.currency;
    return c.body(balancesCsv(rows, currency ?? 'EUR'), 200, csvHeaders('ambassador-balances.csv'));
  });

  mount(app, api.sepa, async (c) => {
    const { from, to } = c.req.valid('query');
    const file = await sepaExport(ctx, c.req.valid('param').id.toLowerCase(), signedIn(c), { from, to });
    return c.body(file.xml, 200, {
      'Content-Type': 'application/xml; charset=utf-8',
      'Content-Disposition': `attachment; filename="sepa-payouts-${file.from}-${file.to}.xml"`,
    });
  });
};
