import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { person } from '../../../test/support/orders';
import { queryRows } from '../../db/client';
import { proposeKind, receiveCustomerMessage } from './receive';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('receiving a customer message', () => {
  it('opens one conversation per thread, keeps a message seen twice once, reopens a resolved one', async () => {
    const brand = await person(t);
    const customer = await person(t);
    const base = { brandId: brand.id, customerId: customer.id, channel: 'direct' as const, threadKey: 'thread-1' };
    const first = await receiveCustomerMessage(t.ctx.db, { ...base, text: 'Bonjour', channelRef: 'a', at: new Date() });
    expect(first).toMatchObject({ opened: true, reopened: false });
    const again = await receiveCustomerMessage(t.ctx.db, { ...base, text: 'Bonjour', channelRef: 'a', at: new Date() });
    expect(again).toMatchObject({ conversationId: first.conversationId, messageId: null, opened: false });
    await t.ctx.db.execute(sql`update inbox_conversations set status = 'resolved' where id = ${first.conversationId}`);
    const later = await receiveCustomerMessage(t.ctx.db, {
      ...base,
      text: 'Encore moi',
      channelRef: 'b',
      at: new Date(),
    });
    expect(later).toMatchObject({ conversationId: first.conversationId, opened: false, reopened: true });
    const [row] = await queryRows<{ status: string; message_count: number }>(
      t.ctx.db,
      sql`select status, message_count from inbox_conversations where id = ${first.conversationId}`,
    );
    expect(row).toEqual({ status: 'open', message_count: 2 });
  });

  it('triage proposes service for help wanted and for order threads', () => {
    expect(proposeKind('order', 'Merci !')).toBe('service');
    expect(proposeKind('direct', 'Ma commande n’est jamais arrivée, pouvez-vous m’aider ?')).toBe('service');
  });
});
