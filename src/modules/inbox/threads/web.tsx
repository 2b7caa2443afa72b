/**
 * The order page's thread with the shop: the section commerce's order pages show (registered by
 * src/links/inbox-orders.ts) and the form it posts to. The buyer reads every non-internal message
 * of the order's conversations and writes with "Contact the shop"; once a conversation is resolved
 * a "Rate this conversation" link leads to its rating page. The brand's team sees the same thread
 * on its order page, with a link to the conversation in the inbox. Text is escaped by JSX.
 */
import type { FC } from 'hono/jsx';
import type { RouteModule } from '../../../http/app';
import { AppError } from '../../../http/errors';
import { readParams } from '../../../http/params';
import { fullDateText } from '../../../web/components';
import type { Locale, T } from '../../../web/i18n';
import { renderError, tOf } from '../../../web/page';
import type { OrderDetail, OrderPageExtension } from '../../commerce';
import { inboxPageUrl } from '../urls';
import { postOrderMessage, readThread, threadAccess, type OrderThread } from './service';

type View = { t: T; locale: Locale; csrf: string };

export const orderThreadSection: OrderPageExtension = {
  name: 'inbox_thread',
  async load(db, input: { detail: OrderDetail; viewerId: string }): Promise<OrderThread | null> {
    try {
      const access = await threadAccess({ db }, input.viewerId, input.detail.order.id);
      return { ...access, ...(await readThread(db, access.order)) };
    } catch {
      // A team member without inbox.answer: no thread on their page.
      return null;
    }
  },
  render(v, data) {
    return data ? <OrderThreadSection v={v} thread={data as OrderThread} /> : null;
  },
};

const channelNote = (v: View, channel: string) =>
  channel === 'review'
    ? v.t('inbox.thread.from_review')
    : channel === 'return'
      ? v.t('inbox.thread.from_return')
      : null;

export const OrderThreadSection: FC<{ v: View; thread: OrderThread }> = ({ v, thread }) => {
  const buyer = thread.as === 'buyer';
  const brand = thread.order.brandUsername;
  const resolved = thread.conversations.filter((c) => c.status === 'resolved');
  return (
    <section class="card inbox-order-thread" id="order-thread" aria-labelledby="order-thread-title">
      <h2 id="order-thread-title">{v.t('inbox.thread.title')}</h2>
      <p class="muted">{buyer ? v.t('inbox.thread.lead', { brand: `@${brand}` }) : v.t('inbox.thread.team_lead')}</p>
      {thread.messages.length ? (
        <ol class="inbox-thread">
          {thread.messages.map((m) => {
            const note = channelNote(v, m.channel);
            const who =
              m.authorRole === 'customer'
                ? buyer
                  ? v.t('inbox.thread.you')
                  : v.t('inbox.thread.customer')
                : `@${brand}`;
            return (
              <li class={`inbox-thread-message from-${m.authorRole}`} id={`message-${m.id}`}>
                <p class="muted small">
                  <strong>{who}</strong> ·{' '}
                  <time datetime={m.createdAt.toISOString()}>{fullDateText(v.locale, m.createdAt)}</time>
                  {note && m.authorRole === 'customer' ? ` · ${note}` : ''}
                </p>
                <p class="inbox-thread-text">{m.text}</p>
              </li>
            );
          })}
        </ol>
      ) : null}
      {resolved.map((c) => (
        <p class="inbox-thread-resolved">
          {v.t('inbox.thread.resolved')}{' '}
          {buyer && !c.rated ? (
            <a class="button secondary small" href={`/conversations/${c.id}/rate`}>
              {v.t('inbox.thread.rate')}
            </a>
          ) : null}
        </p>
      ))}
      {buyer ? (
        <details class="inbox-thread-contact" open={thread.messages.length > 0}>
          <summary class="button">{v.t('inbox.thread.contact')}</summary>
          <form method="post" action={`/orders/${thread.order.id}/messages`} class="form">
            <input type="hidden" name="_csrf" value={v.csrf} />
            <label for="order-thread-text">{v.t('inbox.thread.label')}</label>
            <textarea id="order-thread-text" name="text" rows={4} maxlength={5000} required></textarea>
            <button type="submit">{v.t('inbox.thread.send')}</button>
          </form>
        </details>
      ) : (
        thread.conversations.map((c) => (
          <p>
            <a class="button secondary small" href={inboxPageUrl(brand, c.id)}>
              {v.t('inbox.thread.open_inbox')}
            </a>
          </p>
        ))
      )}
    </section>
  );
};

/** The form behind "Contact the shop" (and a team member's answer from the order page, the same way). */
export const orderThreadPages: RouteModule = (app, ctx) => {
  app.post('/orders/:id/messages', async (c) => {
    const viewerId = c.get('viewer')?.accountId ?? null;
    const id = c.req.param('id').toLowerCase();
    if (!viewerId) return c.redirect(`/login?next=${encodeURIComponent(`/orders/${id}`)}`, 303);
    const params = await readParams(c);
    try {
      const posted = await postOrderMessage(ctx, viewerId, id, params.text);
      if (posted.as === 'buyer') return c.redirect(`/orders/${id}#order-thread`, 303);
      const { order } = await threadAccess(ctx, viewerId, id);
      return c.redirect(`/brands/${order.brandUsername}/orders/${id}#order-thread`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const t = tOf(c);
      if (error.status === 404) return renderError(c, 404, t('error.not_found'), ctx);
      return renderError(c, 422, t('inbox.thread.error', { message: error.message }), ctx);
    }
  });
};
