/**
 * The Q&A's page routes behind the product page's forms: ask, answer, the helpful votes (htmx
 * swaps the button; without JavaScript a redirect back to the product page), and
 * `/questions/:id`, the stable address of a question (the inbox and the moderation console link
 * there) that leads to it on its product page.
 */
import type { Context } from 'hono';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../db/client';
import { isUuid } from '../../../db/ids';
import type { RouteModule } from '../../../http/app';
import { AppError } from '../../../http/errors';
import { readParams } from '../../../http/params';
import type { AppEnv } from '../../../http/types';
import type { MessageKey } from '../../../web/i18n';
import { fr } from '../../../web/i18n/fr';
import { renderError, tOf } from '../../../web/page';
import { teamStanding } from './rules';
import { HelpfulButton } from './views/section';
import { voteHelpful } from './votes';
import { answerQuestion, askQuestion } from './write';

type Ctx = Context<AppEnv>;
const ID = ':id{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}';
const viewerOf = (c: Ctx) => c.get('viewer')?.accountId ?? null;
const isHtmx = (c: Ctx) => c.req.header('hx-request') === 'true';

type Where = { question_id: string; product_id: string; username: string; status: string; author_id: string };

/** The product page (and anchor) of a question or an answer, if the viewer may see it. */
async function whereIs(c: Ctx, type: 'question' | 'answer', id: string): Promise<string | null> {
  const db = c.get('app').db;
  if (!isUuid(id)) return null;
  const [row] = await queryRows<Where & { brand_id: string }>(
    db,
    type === 'question'
      ? sql`select q.id as question_id, q.product_id, q.brand_id, a.username, q.status, q.author_id
            from qa_questions q join products p on p.id = q.product_id join accounts a on a.id = q.brand_id
            where q.id = ${id} and p.status = 'published'`
      : sql`select q.id as question_id, q.product_id, q.brand_id, a.username, x.status, x.author_id
            from qa_answers x join qa_questions q on q.id = x.question_id join products p on p.id = q.product_id
            join accounts a on a.id = q.brand_id where x.id = ${id} and p.status = 'published'`,
  );
  if (!row || row.status === 'rejected') return null;
  const viewerId = viewerOf(c);
  if (row.status !== 'published' && row.author_id !== viewerId && !(await teamStanding(db, row.brand_id, viewerId)))
    return null;
  return `/@${row.username}/products/${row.product_id}`;
}

function errorText(c: Ctx, error: AppError): string {
  const key = `qa.error.${error.code}`;
  if (!(key in fr)) return error.message;
  const params: Record<string, string | number> = {};
  for (const [k, value] of Object.entries(error.details ?? {}))
    if (typeof value === 'string' || typeof value === 'number') params[k] = value;
  return tOf(c)(key as MessageKey, params);
}

async function refused(c: Ctx, error: unknown) {
  if (error instanceof AppError && error.status < 500) {
    const status = error.status === 404 ? 404 : error.status === 403 ? 403 : error.status === 409 ? 409 : 422;
    return renderError(c, status, errorText(c, error), c.get('app'));
  }
  throw error;
}

function toLogin(c: Ctx, next: string) {
  if (isHtmx(c)) {
    c.header('HX-Redirect', `/login?next=${encodeURIComponent(next)}`);
    return c.body(null, 204);
  }
  return c.redirect(`/login?next=${encodeURIComponent(next)}`, 303);
}

export const qaPages: RouteModule = (app, ctx) => {
  for (const type of ['question', 'answer'] as const) {
    app.get(`/${type}s/${ID}`, async (c) => {
      const id = c.req.param('id').toLowerCase();
      const page = await whereIs(c, type, id);
      if (!page) return renderError(c, 404, tOf(c)('error.not_found'), ctx);
      return c.redirect(`${page}#${type}-${id}`, 303);
    });

    app.post(`/${type}s/${ID}/helpful`, async (c) => {
      const id = c.req.param('id').toLowerCase();
      const viewerId = viewerOf(c);
      if (!viewerId) return toLogin(c, `/${type}s/${id}`);
      const params = await readParams(c);
      let vote: Awaited<ReturnType<typeof voteHelpful>>;
      try {
        vote = await voteHelpful(ctx, viewerId, type, id, params.helpful !== '0');
      } catch (error) {
        return refused(c, error);
      }
      if (isHtmx(c)) {
        const subject = {
          id,
          helpfulCount: vote.helpfulCount,
          voted: vote.helpful,
          status: 'published' as const,
          author: { id: '', username: '', displayName: '' },
        };
        const v = { t: tOf(c), locale: c.get('locale'), csrf: c.get('csrfToken') };
        return c.html(<HelpfulButton v={v} type={type} subject={subject} viewerId={viewerId} />);
      }
      const page = await whereIs(c, type, id);
      return c.redirect(`${page ?? '/home'}#${type}-${id}`, 303);
    });
  }

  app.post(`/products/${ID}/questions`, async (c) => {
    const productId = c.req.param('id').toLowerCase();
    const viewerId = viewerOf(c);
    if (!viewerId) return toLogin(c, '/home');
    const params = await readParams(c);
    try {
      const q = await askQuestion(ctx, viewerId, productId, { text: params.text });
      const page = (await whereIs(c, 'question', q.id)) ?? '/home';
      return c.redirect(`${page}?qa=${q.status === 'published' ? 'asked' : 'asked_pending'}#question-${q.id}`, 303);
    } catch (error) {
      return refused(c, error);
    }
  });

  app.post(`/questions/${ID}/answers`, async (c) => {
    const questionId = c.req.param('id').toLowerCase();
    const viewerId = viewerOf(c);
    if (!viewerId) return toLogin(c, `/questions/${questionId}`);
    const params = await readParams(c);
    try {
      const a = await answerQuestion(ctx, viewerId, questionId, { text: params.text });
      const page = (await whereIs(c, 'question', questionId)) ?? '/home';
      const notice = a.status === 'published' ? 'answered' : 'answered_pending';
      return c.redirect(`${page}?qa=${notice}#answer-${a.id}`, 303);
    } catch (error) {
      return refused(c, error);
    }
  });
};
