/**
 * The OpenAPI document itself (openapi.ts explains how routes are described): what routes
 * register (operations, raw path items, named schemas, contracts), zod schemas turned into JSON
 * Schema, and the document built from all of them.
 */
import { z } from 'zod';
import type { Contract } from './contract';

export type JsonSchema = Record<string, unknown>;
export type SchemaSource = z.ZodType | JsonSchema;
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export type ApiParameter = {
  name: string;
  in: 'path' | 'query' | 'header';
  description?: string;
  required?: boolean;
  schema?: SchemaSource;
};
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

const schemas = new Map<string, SchemaSource>();

/** A named schema under `components.schemas`; returns a `$ref` usable anywhere a schema is. */
export function registerSchema(name: string, schema: SchemaSource): JsonSchema {
  schemas.set(name, schema);
  return ref(name);
}

export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

const converted = new WeakMap<z.ZodType, { schema: JsonSchema; defs: Record<string, JsonSchema> }>();
/** Named schemas met while building a document (zod schemas with an id), for components.schemas. */
let collected: Map<string, JsonSchema> | null = null;

/**
 * JSON Schema of a zod schema (or the JSON Schema itself); schemas with an id become `$ref`s.
 * Always the input side (`_io` is accepted for older callers and ignored).
 */
export function toJsonSchema(source: SchemaSource, _io?: 'input' | 'output'): JsonSchema {
  if (!(source instanceof z.ZodType)) return source;
  let entry = converted.get(source);
  if (!entry) {
    const options = { io: 'input', unrepresentable: 'any' } as const;
    const { $schema: _ignored, $defs, ...raw } = z.toJSONSchema(source, options) as JsonSchema;
    const text = JSON.stringify({ schema: raw, defs: $defs ?? {} }).replaceAll('"#/$defs/', '"#/components/schemas/');
    entry = JSON.parse(text) as { schema: JsonSchema; defs: Record<string, JsonSchema> };
    const id = z.globalRegistry.get(source)?.id;
    if (typeof id === 'string') {
      // zod answers a named root either inline or as a $ref to its own $defs entry.
      if (entry.schema.$ref !== ref(id).$ref) entry.defs[id] = entry.schema;
      entry.schema = ref(id);
    }
    converted.set(source, entry);
  }
  for (const [name, def] of Object.entries(entry.defs)) collected?.set(name, def);
  return entry.schema;
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

const contracts = new Map<string, Contract>();

/** Called by `mount` and `describe` (contract.ts): the contract describes its route. */
export function registerContract(contract: Contract): void {
  contracts.set(`${contract.method} ${contract.path}`, contract);
}

/** A contract in the shape the document's writer takes. */
function contractOperation(c: Contract): ApiOperation {
  const { params, query, body, headers } = c.request ?? {};
  const pathParams = params ? toJsonSchema(params as z.ZodType) : {};
  const headerSchema = headers instanceof z.ZodObject ? toJsonSchema(headers) : {};
  const headerRequired = new Set((headerSchema.required ?? []) as string[]);
  const types = body ? Object.keys(body.content) : [];
  const content = (value: unknown) =>
    Object.entries((value as { content?: Record<string, { schema?: unknown }> }).content ?? {})[0];
  return {
    method: c.method as HttpMethod,
    path: c.path,
    summary: c.summary ?? '',
    ...(c.description ? { description: c.description } : {}),
    ...(c.tags ? { tags: c.tags } : {}),
    auth: c.auth ?? 'none',
    ...(c.scope ? { scopes: [c.scope] } : {}),
    ...(c.operationId ? { operationId: c.operationId } : {}),
    parameters: [
      ...Object.entries((pathParams.properties ?? {}) as Record<string, JsonSchema>).map(([name, schema]) => {
        const { description, ...rest } = schema;
        return {
          name,
          in: 'path' as const,
          ...(description ? { description: String(description) } : {}),
          schema: rest,
        };
      }),
      ...Object.entries((headerSchema.properties ?? {}) as Record<string, JsonSchema>).map(([name, schema]) => {
        const { description, ...rest } = schema;
        const text = description ? { description: String(description) } : {};
        return { name, in: 'header' as const, required: headerRequired.has(name), ...text, schema: rest };
      }),
    ],
    ...(query ? { query: query as z.ZodObject } : {}),
    ...(body
      ? {
          body: {
            schema: content(body)?.[1]?.schema as SchemaSource,
            contentTypes: types,
            required: body.required ?? false,
            ...(body.description ? { description: body.description } : {}),
          },
        }
      : {}),
    responses: Object.fromEntries(
      Object.entries(c.responses).map(([status, response]) => {
        const [contentType, media] = content(response) ?? [];
        const description = (response as { description: string }).description;
        const schema = media?.schema ? { schema: media.schema as SchemaSource } : {};
        return [status, { description, ...schema, ...(contentType ? { contentType } : {}) }];
      }),
    ),
  };
}

export function buildOpenApiDocument(options: { publicUrl: string; version: string }): OpenApiDocument {
  const paths: Record<string, PathItem> = {};
  const all = new Map<string, ApiOperation>();
  for (const [key, contract] of contracts) all.set(key, contractOperation(contract));
  const order = (a: ApiOperation, b: ApiOperation) =>
    a.path.localeCompare(b.path) || METHODS.indexOf(a.method) - METHODS.indexOf(b.method);
  const sorted = [...all.values()].sort(order);
  collected = new Map();
  const named: Record<string, JsonSchema> = {};
  try {
    for (const op of sorted) (paths[op.path] ??= {})[op.method] = operationObject(op);
    for (const [name, schema] of schemas) {
      const converted = toJsonSchema(schema);
      if (converted.$ref !== ref(name).$ref) collected.set(name, converted);
    }
    for (const name of [...collected.keys()].sort()) named[name] = collected.get(name)!;
  } finally {
    collected = null;
  }
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
      schemas: named,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An OAuth access token from POST /oauth/token' },
        oauth2: {
          type: 'oauth2',
          flows: {
            authorizationCode: {
              authorizationUrl: `${options.publicUrl}/oauth/authorize`,
              tokenUrl: `${options.publicUrl}/oauth/token`,
              scopes: {
                read: 'Read your data',
                write: 'Change your data',
                follow: 'Follow, block and mute',
                push: 'Web push',
              },
            },
            clientCredentials: {
              tokenUrl: `${options.publicUrl}/oauth/token`,
              scopes: { read: 'Read public data', write: 'Sign people up' },
            },
          },
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'comptoir_session',
          description: 'Our web session; writes also need the X-CSRF-Token header',
        },
      },
    },
  };
}

const METHODS: HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

function operationObject(op: ApiOperation): Record<string, unknown> {
  const parameters: Record<string, unknown>[] = [];
  const declared = new Set((op.parameters ?? []).map((p) => `${p.in}:${p.name}`));
  for (const match of op.path.matchAll(/\{(\w+)\}/g)) {
    if (!declared.has(`path:${match[1]}`))
      parameters.push({ name: match[1], in: 'path', required: true, schema: { type: 'string' } });
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
      parameters.push({
        name,
        in: 'query',
        required: required.has(name),
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  }
  const auth = op.auth ?? 'none';
  const security =
    auth === 'user' || auth === 'app'
      ? [{ bearer: op.scopes ?? [] }, { oauth2: op.scopes ?? [] }, ...(auth === 'user' ? [{ session: [] }] : [])]
      : auth === 'optional'
        ? [{}, { bearer: [] }, { session: [] }]
        : [];
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
    const types = op.body.contentTypes ?? [
      'application/json',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
    ];
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
        ...(response.schema
          ? { content: { [response.contentType ?? 'application/json']: { schema: toJsonSchema(response.schema) } } }
          : {}),
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
