/**
 * The OpenAPI 3.1 document of our JSON API, and a human reference page built from it.
 *
 * Every route is a contract (`src/http/contract.ts`: one object per route, from which validation,
 * the handler's types and this document come), described by `mount` (or `describe` for the few
 * handlers that read their own requests). zod schemas are converted by zod 4's `z.toJSONSchema` (as their input
 * side: our responses are not parsed by zod, so the input side is what a client receives); a
 * schema with `.meta({ id: 'Name' })` becomes `components.schemas.Name`, referenced by `$ref`.
 * `GET /api/openapi.json` serves the document, `GET /api/docs` renders it as HTML (openapi-routes.ts:
 * apart, since contract.ts imports this file, which must not import contract.ts back).
 */
import { z } from 'zod';
import { badRequest, unprocessable } from './errors';
import type { Params } from './params';

export {
  type ApiOperation,
  type ApiParameter,
  type ApiResponse,
  buildOpenApiDocument,
  type HttpMethod,
  type JsonSchema,
  type OpenApiDocument,
  type PathItem,
  ref,
  registerContract,
  registerSchema,
  type SchemaSource,
  toJsonSchema,
} from './openapi-document';

/**
 * Validates request params with a zod schema. Wrong types are 400 `invalid_param`; values of the
 * right type that break a rule (too long, not in a list, malformed) are 422 `invalid_param` (400 in a query).
 * The first failing field is named in the message and `details.field`.
 */
export function parseParams<S extends z.ZodType>(
  schema: S,
  params: Params,
  options: { query?: boolean } = {},
): z.output<S> {
  const result = schema.safeParse(params);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.join('.') || 'body';
  const issues = result.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
  if (issue.code === 'invalid_type' || issue.code === 'unrecognized_keys') {
    const given = issue.path.reduce<unknown>(
      (value, key) => (value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined),
      params,
    );
    const missing = issue.code === 'invalid_type' && given === undefined;
    const message = missing ? `${field} is required` : `${field}: ${issue.message}`;
    throw badRequest(missing ? 'missing_param' : 'invalid_param', message, { field, issues });
  }
  // A query parameter out of its range is a malformed request (as params.ts's int() says);
  // a body value breaking a rule, 422.
  if (options.query) throw badRequest('invalid_param', `${field}: ${issue.message}`, { field, issues });
  throw unprocessable('invalid_param', `${field}: ${issue.message}`, { field, issues });
}

// Shared pieces -------------------------------------------------------------------------------

/** Our error shape. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable machine-readable code' }),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({
    id: 'Error',
    description:
      'Our error shape. Mastodon-compatible routes answer `{"error": "message", "error_code": "code"}` instead.',
  });
/** Mastodon's error shape, on the Mastodon-compatible routes. */
export const MastodonErrorBody = z
  .object({
    error: z.string(),
    error_code: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({
    id: 'MastodonError',
    description: 'Mastodon’s error shape: `{"error": "message"}`, plus our stable `error_code`.',
  });

export const ERROR_TEXT = {
  400: 'Malformed request (bad JSON, wrong types, missing parameter)',
  401: 'Not signed in, or the token is invalid',
  403: 'Signed in, but not allowed (role, scope or CSRF)',
  404: 'Unknown id',
  409: 'Conflicts with the current state',
  413: 'Body or file too large',
  415: 'Unsupported body type',
  422: 'Invalid value (too long, unknown role, bad image…)',
  429: 'Rate limited; see Retry-After',
} as const;

export const COMPTOIR_VERSION = '0.1.0';
