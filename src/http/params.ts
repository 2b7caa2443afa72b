import type { Context, MiddlewareHandler } from 'hono';
import { AppError, badRequest } from './errors';

export type Params = Record<string, unknown>;

/**
 * Reads a request body the way Mastodon clients send it: JSON, url-encoded or multipart, with
 * Rails-style bracket keys (`media_ids[]`, `poll[options][]`) folded into nested values.
 */
export async function readParams(c: Context): Promise<Params> {
  const type = c.req.header('content-type') ?? '';
  if (type.includes('application/json')) {
    let body: unknown;
    try {
      const text = await c.req.text();
      body = text.trim() === '' ? {} : JSON.parse(text);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw badRequest('invalid_json', 'The request body is not valid JSON');
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      throw badRequest('invalid_json', 'The request body must be a JSON object');
    return withoutNul(body as Params);
  }
  if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
    let form: FormData;
    try {
      form = await c.req.formData();
    } catch {
      throw badRequest('invalid_form', 'The form body could not be read');
    }
    return withoutNul(foldBrackets([...form.entries()]));
  }
  const text = await c.req.text().catch(() => '');
  if (text.trim() === '') return {};
  throw new AppError(415, 'unsupported_media_type', 'Send JSON, url-encoded or multipart bodies');
}

export function queryParams(c: Context): Params {
  return withoutNul(foldBrackets([...new URL(c.req.url).searchParams.entries()]));
}

/**
 * PostgreSQL refuses the NUL character in text, so no request string may carry one: a 400 naming
 * the field, before any query runs. Bodies are checked as they are read (readParams); the URL
 * (path parameters, and query values routes read one by one) by this middleware on every request.
 */
export const rejectNulInUrl: MiddlewareHandler = async (c, next) => {
  const url = c.req.url;
  if (url.includes('%00')) {
    const { pathname, searchParams } = new URL(url);
    if (pathname.includes('%00')) throw nulIn('path');
    for (const [key, value] of searchParams) {
      if (key.includes('\0') || value.includes('\0')) throw nulIn(key.replace(/\0/g, ''));
    }
  }
  await next();
};

const nulIn = (field: string) =>
  badRequest('invalid_param', `${field || 'a parameter'} must not contain a NUL character`, { field });

/** The params, refused (400 naming the first field) if any key or string value holds a NUL. */
function withoutNul(params: Params): Params {
  const visit = (value: unknown, field: string) => {
    if (typeof value === 'string') {
      if (value.includes('\0')) throw nulIn(field);
    } else if (Array.isArray(value)) value.forEach((item, i) => visit(item, `${field}[${i}]`));
    else if (value !== null && typeof value === 'object' && !(value instanceof Blob)) {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\0')) throw nulIn(field ? `${field}[${key.replace(/\0/g, '')}]` : key.replace(/\0/g, ''));
        visit(item, field ? `${field}[${key}]` : key);
      }
    }
  };
  visit(params, '');
  return params;
}

export function foldBrackets(entries: [string, unknown][]): Params {
  const out: Params = {};
  for (const [rawKey, value] of entries) {
    const parts = rawKey.replace(/\]/g, '').split('[');
    let target: Record<string, unknown> = out;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      const last = i === parts.length - 1;
      const nextIsArray = parts[i + 1] === '';
      if (part === '') continue;
      if (last || (nextIsArray && i + 1 === parts.length - 1)) {
        if (nextIsArray) {
          const list = Array.isArray(target[part]) ? (target[part] as unknown[]) : [];
          list.push(value);
          target[part] = list;
        } else if (part in target && !last) {
          // unreachable: keeps TypeScript's control flow simple
        } else {
          target[part] = value;
        }
        break;
      }
      if (typeof target[part] !== 'object' || target[part] === null) target[part] = {};
      target = target[part] as Record<string, unknown>;
    }
  }
  return out;
}

// Small coercions shared by the API routes: values arrive as strings from forms and typed from JSON.
export function str(params: Params, key: string): string | undefined {
  const v = params[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw badRequest('invalid_param', `${key} must be a string`);
}

export function bool(params: Params, key: string): boolean | undefined {
  const v = params[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === '1' || v === 'on') return true;
  if (v === 'false' || v === '0' || v === 'off') return false;
  throw badRequest('invalid_param', `${key} must be true or false`);
}

export function int(
  params: Params,
  key: string,
  { min, max }: { min?: number; max?: number } = {},
): number | undefined {
  const v = params[key];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n)) throw badRequest('invalid_param', `${key} must be an integer`);
  if ((min !== undefined && n < min) || (max !== undefined && n > max))
    throw badRequest('invalid_param', `${key} must be between ${min} and ${max}`);
  return n;
}

export function list(params: Params, key: string): string[] {
  const v = params[key] ?? params[`${key}[]`];
  if (v === undefined || v === null || v === '') return [];
  const items = Array.isArray(v) ? v : [v];
  return items.map((item) => {
    if (typeof item !== 'string' && typeof item !== 'number')
      throw badRequest('invalid_param', `${key} must be a list of strings`);
    return String(item);
  });
}
