import type { AppContext } from '../context';
import { expireOrder } from '../modules/commerce';
import { notifyPollEnded } from '../modules/social';
import type { JobHandlers } from './queue';

/** Every job kind and the module function that runs it. */
export function jobHandlers(ctx: AppContext): JobHandlers {
  const social = { db: ctx.db, config: ctx.config, events: ctx.events };
  return {
    'poll.ended': (payload: { pollId: string }) => notifyPollEnded(social, payload.pollId),
    'order.expire': (payload: { orderId: string }) => expireOrder(ctx, payload.orderId),
  };
}
