/**
 * The order thread's JSON API: `POST /api/v1/orders/:id/messages` `{"text"}` by the buyer or the
 * brand's team (`inbox.answer`) answers 201; `GET` lists the thread as its reader may see it
 * (never internal notes). Anyone else gets 404. Rules are the service's.
 */
import { z } from 'zod';
import type { RouteModule } from '../../../http/app';
import { body, failures, id, json, mount, route } from '../../../http/contract';
import { MAX_ORDER_MESSAGE, orderThread, postOrderMessage, type OrderThread } from './service';

const tags = ['Orders: messages'];
const order = z.object({ id: id('The order id', 'Order') });
const time = z.string().meta({ format: 'date-time' });

const MessageBody = z
  .looseObject({
    text: z.unknown().optional().meta({ type: 'string', maxLength: MAX_ORDER_MESSAGE, description: 'Not empty' }),
  })
  .meta({ required: ['text'] });
const Posted = z
  .object({
    id: z.string().meta({ format: 'uuid' }),
    conversation_id: z.string().meta({ format: 'uuid' }),
    author_role: z.enum(['customer', 'team']),
  })
  .meta({ id: 'OrderMessagePosted' });
const Thread = z
  .object({
    order_id: z.string(),
    conversations: z.array(
      z.object({
        id: z.string(),
        channel: z.string(),
        status: z.string(),
        rate_url: z.string().nullable().meta({ description: 'Once resolved and not rated yet' }),
      }),
    ),
    messages: z.array(
      z.object({
        id: z.string(),
        conversation_id: z.string(),
        channel: z.enum(['order', 'review', 'return']),
        author_role: z.enum(['customer', 'team']),
        text: z.string(),
        created_at: time,
      }),
    ),
  })
  .meta({ id: 'OrderThread' });

export const contracts = {
  post: route({
    method: 'post',
    path: '/api/v1/orders/{id}/messages',
    tags,
    summary: 'Write on an order’s thread: the buyer contacts the shop, or the brand’s team answers',
    description:
      'The buyer’s message lands in the brand’s inbox (and reopens a resolved conversation). A team member ' +
      'with inbox.answer writes a reply: the buyer sees it on the order page and gets a notification and an e-mail.',
    auth: 'user',
    scope: 'write',
    request: { params: order, body: body(MessageBody) },
    responses: {
      201: json(Posted, 'The message'),
      ...failures(400, 401, 404),
      422: json(failures(422)[422].content['application/json'].schema, 'empty_text, text_too_long'),
    },
  }),
  list: route({
    method: 'get',
    path: '/api/v1/orders/{id}/messages',
    tags,
    summary: 'The order’s thread with the shop, oldest first (no internal notes)',
    auth: 'user',
    scope: 'read',
    request: { params: order },
    responses: { 200: json(Thread, 'The thread'), ...failures(401, 404) },
  }),
};

export const rateUrl = (publicUrl: string, conversationId: string) =>
  `${publicUrl}/conversations/${conversationId}/rate`;

export function presentThread(publicUrl: string, thread: OrderThread): z.input<typeof Thread> {
  return {
    order_id: thread.order.id,
    conversations: thread.conversations.map((c) => ({
      id: c.id,
      channel: c.channel,
      status: c.status,
      rate_url: thread.as === 'buyer' && c.status === 'resolved' && !c.rated ? rateUrl(publicUrl, c.id) : null,
    })),
    messages: thread.messages
      .filter((m) => m.authorRole !== 'system')
      .map((m) => ({
        id: m.id,
        conversation_id: m.conversationId,
        channel: m.channel as 'order' | 'review' | 'return',
        author_role: m.authorRole as 'customer' | 'team',
        text: m.text,
        created_at: m.createdAt.toISOString(),
      })),
  };
}

export const orderMessagesApi: RouteModule = (app, ctx) => {
  const viewer = (c: { get(key: 'viewer'): { accountId: string } | undefined }) => c.get('viewer')!.accountId;

  mount(app, contracts.post, async (c) => {
    const posted = await postOrderMessage(
      ctx,
      viewer(c),
      c.req.valid('param').id.toLowerCase(),
      c.req.valid('json').text,
    );
    return c.json(
      {
        id: posted.id,
        conversation_id: posted.conversationId,
        author_role: posted.as === 'buyer' ? ('customer' as const) : ('team' as const),
      },
      201,
    );
  });

  mount(app, contracts.list, async (c) => {
    const thread = await orderThread(ctx, viewer(c), c.req.valid('param').id.toLowerCase());
    return c.json(presentThread(ctx.config.publicUrl, thread), 200);
  });
};
