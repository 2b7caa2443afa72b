/**
 * The OpenAPI 3.1 document of our JSON API, and a human reference page built from it.
 *
 * Modules describe their routes once, at import time, with `registerOperations([...])`, using
 * the same zod schemas that validate the requests (converted by zod 4's `z.toJSONSchema`).
 * Plain JSON Schema objects are accepted too, and `registerOpenApiPaths` takes raw path items
 * for anything the operation shape does not cover. `GET /api/openapi.json` serves the
 * document, `GET /api/docs` renders it as HTML (no external scripts: our CSP forbids them).
 */
import { html } from 'hono/html';
import { z } from 'zod';
import { translator } from '../web/i18n';
import { renderPage } from '../web/page';
import type { RouteModule } from './app';
import { badRequest, unprocessable } from './errors';
import type { Params } from './params';

export type JsonSchema = Record<string, unknown>;
export type SchemaSource = z.ZodType | JsonSchema;
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export type ApiParameter = { name: string; in: 'path' | 'query' | 'header'; description?: string; required?: boolean; schema?: SchemaSource };
export type ApiResponse = { description: string; schema?: SchemaSource; contentType?: string };

export type ApiOperation = {
  method: HttpMethod;
  /** OpenAPI path template: `/api/v1/brands/{id}`. */
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  /** `none`: public; `optional`: answers more to a signed-in caller; `user`: a person's token or session; `app`: an app token. */
  auth?: 'none' | 'optional' | 'user' | 'app';
  /** OAuth scopes the token needs (documentation only; routes check them). */
  scopes?: string[];
  parameters?: ApiParameter[];
  /** Query parameters as one zod object, expanded into `parameters`. */
  query?: z.ZodObject;
  body?: { schema: SchemaSource; contentTypes?: string[]; required?: boolean; description?: string };
  responses: Record<number, ApiResponse>;
  operationId?: string;
};

export type PathItem = Partial<Record<HttpMethod, Record<string, unknown>>> & Record<string, unknown>;

const operations = new Map<string, ApiOperation>();
const rawPaths = new Map<string, PathItem>();
const schemas = new Map<string, SchemaSource>();

/** Adds (or replaces, by method and path) operations to the document. Idempotent. */
export function registerOperations(ops: ApiOperation[]): void {
  for (const op of ops) operations.set(`${op.method} ${op.path}`, op);
}

/** Adds raw OpenAPI path items, merged method by method with registered operations. */
export function registerOpenApiPaths(paths: Record<string, PathItem>): void {
  for (const [path, item] of Object.entries(paths)) rawPaths.set(path, { ...(rawPaths.get(path) ?? {}), ...item });
}

/** A named schema under `components.schemas`; returns a `$ref` usable anywhere a schema is. */
export function registerSchema(name: string, schema: SchemaSource): JsonSchema {
  schemas.set(name, schema);
  return ref(name);
}

export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

const converted = new WeakMap<z.ZodType, JsonSchema>();

export function toJsonSchema(source: SchemaSource, io: 'input' | 'output' = 'input'): JsonSchema {
  if (!(source instanceof z.ZodType)) return source;
  const cached = converted.get(source);
  if (cached) return cached;
  const { $schema: _ignored, ...schema } = z.toJSONSchema(source, { io, unrepresentable: 'any' }) as JsonSchema;
  converted.set(source, schema);
  return schema;
}

/**
 * Validates request params with a zod schema. Wrong types are 400 `invalid_param`; values of the
 * right type that break a rule (too long, not in a list, malformed) are 422 `invalid_param`.
 * The first failing field is named in the message and `details.field`.
 */
export function parseParams<S extends z.ZodType>(schema: S, params: Params): z.output<S> {
  const result = schema.safeParse(params);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.join('.') || 'body';
  const issues = result.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
  if (issue.code === 'invalid_type' || issue.code === 'unrecognized_keys') {
    const given = issue.path.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined), params);
    const missing = issue.code === 'invalid_type' && given === undefined;
    const message = missing ? `${field} is required` : `${field}: ${issue.message}`;
    throw badRequest(missing ? 'missing_param' : 'invalid_param', message, { field, issues });
  }
  throw unprocessable('invalid_param', `${field}: ${issue.message}`, { field, issues });
}

// Shared pieces -------------------------------------------------------------------------------

export const errorSchema = registerSchema('Error', {
  type: 'object',
  description: 'Our error shape. Mastodon-compatible routes answer `{"error": "message", "error_code": "code"}` instead.',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string', description: 'Stable machine-readable code' }, message: { type: 'string' }, details: { type: 'object' } },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
});

const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed request (bad JSON, wrong types, missing parameter)',
  401: 'Not signed in, or the token is invalid',
  403: 'Signed in, but not allowed (role, scope or CSRF)',
  404: 'Unknown id',
  409: 'Conflicts with the current state',
  413: 'Body or file too large',
  415: 'Unsupported body type',
  422: 'Invalid value (too long, unknown role, bad image…)',
  429: 'Rate limited; see Retry-After',
};

/** Standard error responses, to spread into an operation's `responses`. */
export function errors(...statuses: number[]): Record<number, ApiResponse> {
  return Object.fromEntries(statuses.map((s) => [s, { description: ERROR_TEXT[s] ?? 'Error', schema: errorSchema }]));
}

// The document ----------------------------------------------------------------------------------

export type OpenApiDocument = {
  openapi: '3.1.0';
  info: Record<string, unknown>;
  servers: { url: string }[];
  tags: { name: string; description?: string }[];
  paths: Record<string, PathItem>;
  components: Record<string, Record<string, unknown>>;
};

const TAG_TEXT: Record<string, string> = {
  Brands: 'Brand accounts and their teams (owner, admin, community manager, moderator, staff).',
  'Mastodon: OAuth': 'OAuth 2 as Mastodon clients speak it: apps, tokens, authorization codes with PKCE.',
  'Mastodon: accounts': 'Mastodon-compatible account endpoints; see docs.joinmastodon.org for the entities.',
  'Mastodon: instance': 'Server description for Mastodon clients, and NodeInfo.',
};

export function buildOpenApiDocument(options: { publicUrl: string; version: string }): OpenApiDocument {
  const paths: Record<string, PathItem> = {};
  const sorted = [...operations.values()].sort((a, b) => a.path.localeCompare(b.path) || METHODS.indexOf(a.method) - METHODS.indexOf(b.method));
  for (const op of sorted) (paths[op.path] ??= {})[op.method] = operationObject(op);
  for (const [path, item] of rawPaths) paths[path] = { ...(paths[path] ?? {}), ...item };
  const tagNames = [...new Set(sorted.flatMap((op) => op.tags ?? []))];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Comptoir API',
      version: options.version,
      description:
        'The JSON API of a Comptoir server. Routes under the Mastodon tags follow the Mastodon client API (https://docs.joinmastodon.org/) ' +
        'and answer Mastodon errors; the others are our own and answer `{"error": {"code", "message"}}`. ' +
        'Authenticate with an OAuth bearer token (see /oauth/token) or, from our own pages, the session cookie plus an `X-CSRF-Token` header.',
      license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
    },
    servers: [{ url: options.publicUrl }],
    tags: tagNames.map((name) => ({ name, ...(TAG_TEXT[name] ? { description: TAG_TEXT[name] } : {}) })),
    paths,
    components: {
      schemas: Object.fromEntries([...schemas].map(([name, schema]) => [name, toJsonSchema(schema, 'output')])),
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An OAuth access token from POST /oauth/token' },
        oauth2: {
          type: 'oauth2',
          flows: {
            authorizationCode: {
              authorizationUrl: `${options.publicUrl}/oauth/authorize`,
              tokenUrl: `${options.publicUrl}/oauth/token`,
              scopes: { read: 'Read your data', write: 'Change your data', follow: 'Follow, block and mute', push: 'Web push' },
            },
            clientCredentials: { tokenUrl: `${options.publicUrl}/oauth/token`, scopes: { read: 'Read public data', write: 'Sign people up' } },
          },
        },
        session: { type: 'apiKey', in: 'cookie', name: 'comptoir_session', description: 'Our web session; writes also need the X-CSRF-Token header' },
      },
    },
  };
}

const METHODS: HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

function operationObject(op: ApiOperation): Record<string, unknown> {
  const parameters: Record<string, unknown>[] = [];
  const declared = new Set((op.parameters ?? []).map((p) => `${p.in}:${p.name}`));
  for (const match of op.path.matchAll(/\{(\w+)\}/g)) {
    if (!declared.has(`path:${match[1]}`)) parameters.push({ name: match[1], in: 'path', required: true, schema: { type: 'string' } });
  }
  for (const p of op.parameters ?? []) {
    parameters.push({
      name: p.name,
      in: p.in,
      required: p.in === 'path' ? true : Boolean(p.required),
      ...(p.description ? { description: p.description } : {}),
      schema: p.schema ? toJsonSchema(p.schema) : { type: 'string' },
    });
  }
  if (op.query) {
    const schema = toJsonSchema(op.query);
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((schema.required ?? []) as string[]);
    for (const [name, prop] of Object.entries(properties)) {
      const { description, ...rest } = prop;
      parameters.push({ name, in: 'query', required: required.has(name), ...(description ? { description } : {}), schema: rest });
    }
  }
  const auth = op.auth ?? 'none';
  const security = auth === 'user' || auth === 'app' ? [{ bearer: op.scopes ?? [] }, { oauth2: op.scopes ?? [] }, ...(auth === 'user' ? [{ session: [] }] : [])] : auth === 'optional' ? [{}, { bearer: [] }, { session: [] }] : [];
  const result: Record<string, unknown> = {
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    operationId: op.operationId ?? operationId(op),
    ...(op.tags ? { tags: op.tags } : {}),
    ...(parameters.length ? { parameters } : {}),
    security,
    'x-auth': auth,
  };
  if (op.body) {
    const schema = toJsonSchema(op.body.schema);
    const types = op.body.contentTypes ?? ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];
    result.requestBody = {
      required: op.body.required ?? true,
      ...(op.body.description ? { description: op.body.description } : {}),
      content: Object.fromEntries(types.map((type) => [type, { schema }])),
    };
  }
  result.responses = Object.fromEntries(
    Object.entries(op.responses).map(([status, response]) => [
      status,
      {
        description: response.description,
        ...(response.schema ? { content: { [response.contentType ?? 'application/json']: { schema: toJsonSchema(response.schema, 'output') } } } : {}),
      },
    ]),
  );
  return result;
}

function operationId(op: ApiOperation): string {
  const words = op.path
    .replace(/^\/api\//, '')
    .split(/[/{}_.-]+/)
    .filter(Boolean);
  return [op.method, ...words].map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('');
}

// The reference page -----------------------------------------------------------------------------

type Row = { name: string; where: string; type: string; required: boolean; description: string };

function resolve(doc: OpenApiDocument, schema: JsonSchema | undefined): JsonSchema {
  if (!schema) return {};
  const target = typeof schema.$ref === 'string' ? schema.$ref.replace('#/components/schemas/', '') : null;
  return target ? resolve(doc, (doc.components.schemas as Record<string, JsonSchema>)[target]) : schema;
}

function typeOf(doc: OpenApiDocument, schema: JsonSchema | undefined): string {
  const s = resolve(doc, schema);
  if (typeof schema?.$ref === 'string') return String(schema.$ref).split('/').pop()!;
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (Array.isArray(s.anyOf)) return s.anyOf.map((v) => typeOf(doc, v as JsonSchema)).join(' | ');
  if (s.type === 'array') return `${typeOf(doc, s.items as JsonSchema)}[]`;
  if (s.format === 'binary') return 'file';
  const extras = [s.format, s.maxLength !== undefined ? `≤ ${s.maxLength} chars` : null, s.pattern ? `/${s.pattern}/` : null].filter(Boolean);
  return `${Array.isArray(s.type) ? s.type.join(' | ') : String(s.type ?? 'any')}${extras.length ? ` (${extras.join(', ')})` : ''}`;
}

function bodyRows(doc: OpenApiDocument, requestBody: Record<string, unknown> | undefined): { types: string[]; rows: Row[] } {
  if (!requestBody) return { types: [], rows: [] };
  const content = requestBody.content as Record<string, { schema: JsonSchema }>;
  const types = Object.keys(content);
  const schema = resolve(doc, content[types[0]]?.schema);
  const required = new Set((schema.required ?? []) as string[]);
  const rows = Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).map(([name, prop]) => ({
    name,
    where: 'body',
    type: typeOf(doc, prop),
    required: required.has(name),
    description: String(resolve(doc, prop).description ?? prop.description ?? ''),
  }));
  return { types, rows };
}

function renderReference(doc: OpenApiDocument, t: ReturnType<typeof translator>) {
  const entries: { path: string; method: string; op: Record<string, unknown> }[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) if (item[method]) entries.push({ path, method, op: item[method] as Record<string, unknown> });
  }
  const groups = new Map<string, typeof entries>();
  for (const entry of entries) {
    const tag = ((entry.op.tags as string[] | undefined) ?? ['Other'])[0];
    groups.set(tag, [...(groups.get(tag) ?? []), entry]);
  }
  const anchor = (method: string, path: string) => `${method}-${path.replace(/[^\w]+/g, '-')}`;
  const table = (rows: Row[]) =>
    html`<table class="api-params"><thead><tr><th>${t('apidocs.name')}</th><th>${t('apidocs.in')}</th><th>${t('apidocs.type')}</th><th>${t('apidocs.required')}</th><th>${t('apidocs.description')}</th></tr></thead><tbody>${rows.map(
      (r) => html`<tr><td><code>${r.name}</code></td><td>${r.where}</td><td><code>${r.type}</code></td><td>${r.required ? t('apidocs.yes') : ''}</td><td>${r.description}</td></tr>`,
    )}</tbody></table>`;
  return html`<article class="api-docs">
    <h1>${t('apidocs.title')}</h1>
    <p>${t('apidocs.intro')} <a href="/api/openapi.json">/api/openapi.json</a></p>
    <p>${String(doc.info.description ?? '')}</p>
    <nav aria-label="${t('apidocs.toc')}"><ul>${[...groups].map(
      ([tag, list]) => html`<li><strong>${tag}</strong><ul>${list.map((e) => html`<li><a href="#${anchor(e.method, e.path)}"><code>${e.method.toUpperCase()} ${e.path}</code></a> — ${String(e.op.summary ?? '')}</li>`)}</ul></li>`,
    )}</ul></nav>
    ${[...groups].map(
      ([tag, list]) => html`<section>
        <h2>${tag}</h2>
        ${doc.tags.find((x) => x.name === tag)?.description ? html`<p>${doc.tags.find((x) => x.name === tag)!.description}</p>` : ''}
        ${list.map(({ path, method, op }) => {
          const params: Row[] = ((op.parameters ?? []) as Record<string, unknown>[]).map((p) => ({
            name: String(p.name),
            where: String(p.in),
            type: typeOf(doc, p.schema as JsonSchema),
            required: Boolean(p.required),
            description: String(p.description ?? ''),
          }));
          const body = bodyRows(doc, op.requestBody as Record<string, unknown> | undefined);
          const responses = Object.entries((op.responses ?? {}) as Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>);
          return html`<section class="api-op" id="${anchor(method, path)}">
            <h3><code class="method method-${method}">${method.toUpperCase()}</code> <code>${path}</code></h3>
            <p>${String(op.summary ?? '')}</p>
            ${op.description ? html`<p>${String(op.description)}</p>` : ''}
            <p><strong>${t('apidocs.auth')}</strong> ${t(`apidocs.auth.${String(op['x-auth'] ?? 'none')}` as never)}</p>
            ${params.length ? html`<h4>${t('apidocs.parameters')}</h4>${table(params)}` : ''}
            ${body.types.length ? html`<h4>${t('apidocs.body')}</h4><p>${body.types.map((type) => html`<code>${type}</code> `)}</p>${body.rows.length ? table(body.rows) : ''}` : ''}
            <h4>${t('apidocs.responses')}</h4>
            <ul>${responses.map(([status, r]) => {
              const schema = r.content ? Object.values(r.content)[0]?.schema : undefined;
              return html`<li><code>${status}</code> ${r.description}${schema ? html` — <code>${typeOf(doc, schema)}</code>` : ''}</li>`;
            })}</ul>
          </section>`;
        })}
      </section>`,
    )}
  </article>`;
}

export const COMPTOIR_VERSION = '0.1.0';

export const openApiRoutes: RouteModule = (app, ctx) => {
  app.get('/api/openapi.json', (c) => {
    c.header('Cache-Control', 'public, max-age=60');
    return c.json(buildOpenApiDocument({ publicUrl: ctx.config.publicUrl, version: COMPTOIR_VERSION }));
  });
  app.get('/api/docs', async (c) => {
    const doc = buildOpenApiDocument({ publicUrl: ctx.config.publicUrl, version: COMPTOIR_VERSION });
    const t = translator(c.get('locale'));
    return renderPage(c, { meta: { title: t('apidocs.title'), url: `${ctx.config.publicUrl}/api/docs`, description: String(doc.info.title) }, body: await renderReference(doc, t) }, ctx);
  });
};
