/**
 * Schema pieces shared by the contracts of the graph's and notifications' Mastodon routes
 * (src/http/contract.ts): the account in the path, Mastodon's keyset paging, and lists sent the
 * ways Mastodon clients send them.
 */
import { z } from 'zod';
import { id } from '../../http/contract';
import { isUuid } from '../../db/ids';
import type { Page } from './timelines';

const blank = (value: unknown) => (value === '' || value === null ? undefined : value);

/** A boolean from JSON or a form ('true', '1', 'on'…); another word is a wrong type: 400 naming the field. */
export const boolean = (description: string) => {
  const words: Record<string, boolean> = { true: true, 1: true, on: true, false: false, 0: false, off: false };
  const read = (v: unknown) =>
    v === '' || v === null ? undefined : typeof v === 'string' && v in words ? words[v] : v;
  return z.preprocess(read, z.boolean().optional()).meta({ description });
};

/** `{id}` in `/accounts/{id}/…`: anything but a UUID names no account, a 404 like an unknown one. */
export const accountPath = z.object({ id: id('The account') });

/** A keyset cursor: absent, or an id from a previous page (else a 400 naming the parameter). */
const cursor = (description: string) =>
  z
    .preprocess(blank, z.string().refine(isUuid, 'must be an id from a previous page (a UUID)').optional())
    .transform((v) => v?.toLowerCase())
    .meta({ format: 'uuid', description });

/**
 * Mastodon's keyset paging: max_id / since_id / min_id, and a limit brought within [1, max] (as
 * Mastodon does) rather than refused; the `Link` header names the next and previous pages.
 */
export function pageQuery(fallback = 20, max = 40) {
  return {
    max_id: cursor('Older than this id (the `next` link)'),
    since_id: cursor('Newer than this id'),
    min_id: cursor('Just newer than this id (the `prev` link)'),
    limit: z
      .preprocess(blank, z.coerce.number().int().optional())
      .transform((n) => Math.min(Math.max(n ?? fallback, 1), max))
      .meta({ description: `1 to ${max} (default ${fallback}); a value outside is brought within` }),
  };
}

/** The validated paging parameters as the skeleton queries read them. */
export const pageOf = (q: { max_id?: string; since_id?: string; min_id?: string; limit: number }) =>
  ({ maxId: q.max_id, sinceId: q.since_id, minId: q.min_id, limit: q.limit }) satisfies Page;

/**
 * A list as Mastodon clients send one: `key[]=a&key[]=b`, a JSON array, a single value, or the
 * indexed form some libraries produce (`key[0]=a`, folded to `{0: 'a'}`), in that order.
 */
export const many = (description: string) =>
  z
    .union([
      z.array(z.union([z.string(), z.number()])),
      z.string(),
      z.number(),
      z.record(z.string().regex(/^\d+$/), z.union([z.string(), z.number()])),
    ])
    .optional()
    .transform((v): string[] => {
      if (v === undefined || v === '') return [];
      if (Array.isArray(v)) return v.map(String);
      if (typeof v === 'object')
        return Object.entries(v)
          .sort(([a], [b]) => Number(a) - Number(b))
          .map(([, item]) => String(item));
      return [String(v)];
    })
    .meta({ description });

/**
 * A presented entity as its contract's response type. The presenters build plain objects whose
 * TypeScript types are looser than the entities' (a Status's `[key: string]: unknown`); the real
 * responses are checked against the entities by the OpenAPI document's tests.
 */
export const asEntity = <S extends z.ZodType>(_schema: S, value: unknown) => value as z.output<S>;
