/**
 * Test helpers over the served OpenAPI document (used by the document tests in src/http/): its
 * operations, Hono's route list in the document's path syntax, and a validator of a real response
 * body against the schema the document declares for its status.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Hono } from 'hono';
import type { OpenApiDocument } from './openapi';

export type Schema = Record<string, unknown>;
export type Operation = { method: string; path: string; op: Record<string, any> };
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method] as Record<string, any> })),
  );
}

/** Hono's `:id{[0-9a-f-]{36}}` → the document's `{id}`. */
export function documentPath(honoPath: string): string {
  let out = '';
  for (let i = 0; i < honoPath.length; i++) {
    const match = /^:(\w+)/.exec(honoPath.slice(i));
    if (!match) {
      out += honoPath[i];
      continue;
    }
    out += `{${match[1]}}`;
    i += match[0].length;
    if (honoPath[i] === '{') {
      for (let depth = 0; i < honoPath.length; i++) {
        if (honoPath[i] === '{') depth++;
        else if (honoPath[i] === '}' && --depth === 0) break;
      }
    } else i--;
  }
  return out;
}

/** What the app serves outside pages: the API, OAuth, discovery documents and health checks. */
const API_PREFIXES = ['/api/', '/oauth/', '/.well-known/', '/nodeinfo/', '/health'];
const PAGES = new Set(['GET /api/docs', 'GET /oauth/authorize', 'POST /oauth/authorize']);

/** Every route registered on the app (pages too), as `METHOD /path/{param}`. */
export function allRoutes(app: Hono<any>): string[] {
  const routes = app.routes
    .filter((r) => METHODS.includes(r.method.toLowerCase()))
    .map((r) => `${r.method} ${documentPath(r.path)}`);
  return [...new Set(routes)].sort();
}

/** Every API route registered on the app (not pages, feeds or static files), as `METHOD /path/{param}`. */
export function apiRoutes(app: Hono<any>): string[] {
  return allRoutes(app).filter((r) => API_PREFIXES.some((p) => r.split(' ')[1].startsWith(p)) && !PAGES.has(r));
}

/** Checks a response body against the schema declared for its status; null when it conforms. */
export function responseChecker(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });
  const compiled = new Map<Schema, ReturnType<typeof ajv.compile>>();
  return (op: Record<string, any>, status: number, body: unknown): string | null => {
    const response = op.responses?.[String(status)];
    if (!response) return `status ${status} is not declared (declared: ${Object.keys(op.responses ?? {}).join(', ')})`;
    const schema = response.content?.['application/json']?.schema as Schema | undefined;
    if (!schema) return null;
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile({ ...schema, components: doc.components });
      compiled.set(schema, validate);
    }
    if (validate(body)) return null;
    return ajv.errorsText(validate.errors, { separator: '; ' });
  };
}
