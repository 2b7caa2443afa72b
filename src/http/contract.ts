/**
 * Routes are contracts: a route is one object (method, path, summary, tags, auth, request schemas
 * for path, query and body, response schemas per status), made with `route({...})` in the shape
 * of `@hono/zod-openapi`'s `createRoute`. `mount(app, contract, handler)` registers it on the app
 * with a middleware that checks the contract's auth, then validates the request with its schemas;
 * the handler reads `c.req.valid('param' | 'query' | 'json')`, typed from the schemas, and must
 * answer one of the declared responses (`c.json(body, status)`, checked by TypeScript). The same
 * object describes the route in `GET /api/openapi.json`.
 *
 * Bodies arrive as JSON, url-encoded or multipart forms (Mastodon clients send all three), with
 * Rails-style keys (`status_ids[]`, `poll[options][]`) folded by `readParams`; query strings too
 * (`type[]=a&type[]=b`). Whatever the encoding, the validated body is `c.req.valid('json')`.
 * A request that breaks a schema is a 400 (wrong type, missing) or 422 (a rule) naming the field,
 * thrown as an AppError so each route family answers in its own error shape; a path parameter
 * that breaks its schema (a malformed id) names no resource: 404.
 */
import { createRoute, type RouteConfig, type RouteHandler } from '@hono/zod-openapi';
import type { Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { isUuid } from '../db/ids';
import { badRequest, notFound } from './errors';
import { requireViewer } from './middleware';
import { ERROR_TEXT, ErrorBody, MastodonErrorBody, parseParams, registerContract } from './openapi';
import { queryParams, readParams } from './params';
import type { AppEnv } from './types';

/**
 * `none`: public; `optional`: answers more to a signed-in caller; `user`: a person's token or
 * session; `app`: an app token.
 */
export type Auth = 'none' | 'optional' | 'user' | 'app';

export type Contract = RouteConfig & {
  auth?: Auth;
  /** The OAuth scope a `user` route needs (checked before the request is validated). */
  scope?: 'read' | 'write' | 'follow';
  /**
   * Patterns a path parameter must match for the route to apply at all (router syntax), so that
   * `/accounts/{id}` leaves `/accounts/lookup` to a route registered after it.
   */
  match?: Record<string, string>;
};

/** A route's contract. Keep it next to its handler; `mount` puts both on the app. */
export function route<P extends string, R extends Omit<Contract, 'path'> & { path: P }>(config: R) {
  return createRoute(config);
}

/** Registers the handler of a contract on the app, behind its auth check and request validation. */
export function mount<R extends Contract>(app: Hono<AppEnv>, contract: R, handler: RouteHandler<R, AppEnv>): void {
  registerContract(contract);
  const path = contract.path.replaceAll(/\{(\w+)\}/g, (_all, name: string) =>
    contract.match?.[name] ? `:${name}{${contract.match[name]}}` : `:${name}`,
  );
  app.on(contract.method.toUpperCase(), path, validate(contract), handler as MiddlewareHandler<AppEnv>);
}

/**
 * Puts a route in the document without validating its requests: for the few whose handler must
 * read the request itself (OAuth's token endpoint answers RFC 6749's errors; the authorize page
 * is HTML). Keep the contract next to the handler, as for `mount`.
 */
export function describe(contract: Contract): void {
  registerContract(contract);
}

function validate(contract: Contract): MiddlewareHandler<AppEnv> {
  const { params, query, body, headers } = contract.request ?? {};
  const headerNames = headers instanceof z.ZodObject ? Object.keys(headers.shape) : [];
  const media = body ? (Object.values(body.content) as { schema?: unknown }[]).find((m) => m?.schema) : undefined;
  const bodySchema = media?.schema;
  return async (c, next) => {
    if (contract.auth === 'user') requireViewer(c, contract.scope);
    if (params) {
      const result = (params as z.ZodType).safeParse(c.req.param());
      if (!result.success) throw notFound(titleOf(params, result.error.issues[0]?.path[0]));
      c.req.addValidatedData('param', result.data as Record<string, unknown>);
    }
    if (query)
      c.req.addValidatedData(
        'query',
        parseParams(query as z.ZodType, refuseNul(queryParams(c)), { query: true }) as Record<string, unknown>,
      );
    if (headers instanceof z.ZodObject) {
      // Header names are case-insensitive: the schema's spelling (`Idempotency-Key`) is the key the handler reads.
      const given = Object.fromEntries(headerNames.map((name) => [name, c.req.header(name)]));
      c.req.addValidatedData(
        'header',
        parseParams(headers, refuseNul(given), { query: true }) as Record<string, string>,
      );
    }
    if (bodySchema instanceof z.ZodType) {
      const data = parseParams(bodySchema, refuseNul(await readParams(c))) as Record<string, unknown>;
      c.req.addValidatedData('json', data);
      c.req.addValidatedData('form', data);
    }
    await next();
  };
}

/** No text we store or search may hold a NUL byte (PostgreSQL refuses it): 400 naming the field. */
function refuseNul<T>(value: T, path = ''): T {
  if (typeof value === 'string' && value.includes('\u0000'))
    throw badRequest('invalid_param', `${path || 'body'} must not contain a NUL byte`, { field: path });
  if (Array.isArray(value)) value.forEach((item, i) => refuseNul(item, `${path}.${i}`));
  else if (value && typeof value === 'object' && !(value instanceof Blob)) {
    for (const [key, item] of Object.entries(value)) refuseNul(item, path ? `${path}.${key}` : key);
  }
  return value;
}

/** What a path parameter names ('Brand'), from its schema's title, for the 404. */
function titleOf(params: unknown, field: PropertyKey | undefined): string {
  const shape = params instanceof z.ZodObject ? (params.shape as Record<PropertyKey, z.ZodType>) : {};
  const schema = field === undefined ? undefined : shape[field];
  return String((schema && z.globalRegistry.get(schema)?.title) ?? 'Record');
}

// Schema pieces shared by contracts ---------------------------------------------------------------

const blank = (value: unknown) => (value === '' || value === null ? undefined : value);

/** A path id: a UUID (anything else is a 404 `<title> not found`, as an unknown id is). */
export const id = (description: string, title = 'Record') =>
  z.string().refine(isUuid).meta({ format: 'uuid', title, description });

/** An integer from a query string or a form (`'20'`) or JSON (`20`); blank is absent. */
export const int = (min: number, max: number, description?: string) =>
  z.preprocess(blank, z.coerce.number().int().min(min).max(max).optional()).meta(description ? { description } : {});

/** true/false, 1/0, on/off from forms and query strings, or a JSON boolean; blank is absent. */
export const flag = (description?: string) =>
  z
    .preprocess(blank, z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on', 'off'])]).optional())
    .transform((v) => (v === undefined ? undefined : v === true || v === 'true' || v === '1' || v === 'on'))
    .meta(description ? { description } : {});

/** One value or many (`type=a`, `type[]=a&type[]=b`, `type=a,b`), as a list. */
export const list = <T extends string>(item: z.ZodType<T, string>, description?: string) =>
  z
    .union([z.array(z.string()), z.string()])
    .optional()
    .transform((v) => (v === undefined || v === '' ? [] : (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(','))))
    .pipe(z.array(item))
    .meta(description ? { description } : {});

/** The same schema for a JSON, url-encoded or multipart body; read it with `c.req.valid('json')`. */
export function body<S extends z.ZodType>(
  schema: S,
  options: { required?: boolean; types?: string[]; description?: string } = {},
) {
  const types = options.types ?? ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];
  return {
    required: options.required ?? true,
    ...(options.description ? { description: options.description } : {}),
    content: Object.fromEntries(types.map((type) => [type, { schema }])) as Record<'application/json', { schema: S }>,
  };
}

/** A JSON response. */
export const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

type ErrorStatus = keyof typeof ERROR_TEXT;
type Failures<S extends ErrorStatus, B> = {
  [K in S]: { description: string; content: { 'application/json': { schema: B } } };
};
const failuresOf =
  <B extends z.ZodType>(schema: B) =>
  <const S extends ErrorStatus>(...statuses: S[]): Failures<S, B> =>
    Object.fromEntries(statuses.map((s) => [s, json(schema, ERROR_TEXT[s])])) as Failures<S, B>;

/** Error responses in our shape, to spread into a contract's `responses`. */
export const failures = failuresOf(ErrorBody);
/** Error responses in Mastodon's shape, for the Mastodon-compatible routes. */
export const mastodonFailures = failuresOf(MastodonErrorBody);
