/**
 * The contracts of the product Q&A API (src/http/contract.ts). Request bodies describe what
 * clients send but let any value through to the services, which answer their stable codes with
 * the field named (empty_text, text_too_long, invalid_answerers…). Built inside a function (see
 * docs/architecture.md, "Load order").
 */
import { z } from 'zod';
import { body, failures, id, int, json, route } from '../../../http/contract';
import { MAX_ANSWER, MAX_QUESTION } from './rules';
import { qaAnswerers, qaStatuses } from './schema';

const checked = (meta: Record<string, unknown>) => z.unknown().meta(meta).optional();
const time = z.string().meta({ format: 'date-time' });
const tags = ['Product Q&A'];
const writer = { auth: 'user' as const, scope: 'write' as const };
const textBody = (max: number) =>
  body(z.looseObject({ text: checked({ type: 'string', maxLength: max }) }).meta({ required: ['text'] }));
const Author = z.object({ id: z.string(), username: z.string(), display_name: z.string() });
const Voted = z.object({ helpful: z.boolean(), helpful_count: z.number().int() });

export function qaContracts() {
  const Answer = z
    .object({
      id: z.string(),
      text: z.string(),
      language: z.string().nullable(),
      official: z.boolean().meta({ description: 'The brand’s official answer (its team)' }),
      verified_buyer: z.boolean().meta({ description: 'Its author bought the product (paid, not cancelled)' }),
      status: z.enum(qaStatuses).meta({ description: 'pending: seen by its author and the brand’s team only' }),
      helpful_count: z.number().int(),
      helpful: z.boolean().meta({ description: 'You found it helpful' }),
      published_at: time.nullable(),
      author: Author,
    })
    .meta({ id: 'ProductAnswer' });
  const Question = z
    .object({
      id: z.string(),
      product_id: z.string(),
      text: z.string(),
      language: z.string().nullable(),
      status: z.enum(qaStatuses),
      helpful_count: z.number().int(),
      helpful: z.boolean(),
      published_at: time.nullable(),
      author: Author,
      answers: z.array(Answer),
    })
    .meta({ id: 'ProductQuestion' });
  const product = z.object({ id: id('The product', 'Product') });
  const question = z.object({ id: id('The question', 'Question') });
  const answer = z.object({ id: id('The answer', 'Answer') });
  const brand = z.object({ id: id('The brand', 'Brand') });
  const Settings = z.object({ answerers: z.enum(qaAnswerers) }).meta({ id: 'QaSettings' });
  return {
    ask: route({
      method: 'post',
      path: '/api/v1/products/{id}/questions',
      tags,
      summary: 'Ask a question about a product',
      description:
        'Anyone signed in but the brand and its team. Triaged and moderated with the brand’s policy (pending ' +
        'until a moderator approves, unless the brand post-moderates); announced to the brand’s inbox.',
      ...writer,
      request: { params: product, body: textBody(MAX_QUESTION) },
      responses: {
        201: json(z.object({ id: z.string(), status: z.enum(qaStatuses) }), 'Exactly {id, status}'),
        ...failures(400, 401, 403, 404, 422, 429),
      },
    }),
    list: route({
      method: 'get',
      path: '/api/v1/products/{id}/questions',
      tags,
      summary: 'A product’s questions with their answers, most helpful first',
      description: 'Published ones; your own pending ones too (the brand’s team sees every pending one).',
      auth: 'optional',
      request: { params: product, query: z.object({ limit: int(1, 50, 'At most 50 (default 50)') }) },
      responses: { 200: json(z.array(Question), 'Questions'), ...failures(400, 404) },
    }),
    answer: route({
      method: 'post',
      path: '/api/v1/questions/{id}/answers',
      tags,
      summary: 'Answer a product question',
      description:
        'The brand’s team answers officially (published at once). Others answer if the brand’s setting lets ' +
        'them: 403 team_only, 403 verified_buyers_only (a paid, not cancelled order of the product), moderated ' +
        'like questions.',
      ...writer,
      request: { params: question, body: textBody(MAX_ANSWER) },
      responses: {
        201: json(z.object({ id: z.string(), official: z.boolean() }), 'Exactly {id, official}'),
        ...failures(400, 401, 403, 404, 409, 422, 429),
      },
    }),
    voteQuestion: route({
      method: 'post',
      path: '/api/v1/questions/{id}/helpful',
      tags,
      summary: 'Toggle your helpful vote on a published question (not your own)',
      ...writer,
      request: { params: question },
      responses: { 200: json(Voted, 'Your vote and the count'), ...failures(401, 403, 404) },
    }),
    voteAnswer: route({
      method: 'post',
      path: '/api/v1/answers/{id}/helpful',
      tags,
      summary: 'Toggle your helpful vote on a published answer (not your own)',
      ...writer,
      request: { params: answer },
      responses: { 200: json(Voted, 'Your vote and the count'), ...failures(401, 403, 404) },
    }),
    readSettings: route({
      method: 'get',
      path: '/api/v1/brands/{id}/qa-settings',
      tags,
      summary: 'Who may answer the brand’s product questions',
      description: 'The brand’s team. team: the team only; verified_buyers (default): and buyers; anyone: anyone.',
      auth: 'user',
      scope: 'read',
      request: { params: brand },
      responses: { 200: json(Settings, 'The setting'), ...failures(401, 404) },
    }),
    updateSettings: route({
      method: 'put',
      path: '/api/v1/brands/{id}/qa-settings',
      tags,
      summary: 'Set who may answer the brand’s product questions',
      description: 'Owner, admins and community managers.',
      ...writer,
      request: {
        params: brand,
        body: body(
          z.looseObject({ answerers: checked({ type: 'string', enum: [...qaAnswerers] }) }).meta({
            required: ['answerers'],
          }),
        ),
      },
      responses: { 200: json(Settings, 'The setting'), ...failures(400, 401, 403, 404, 422) },
    }),
  };
}
