/**
 * Schema pieces shared by the social module's Mastodon contracts (src/http/contract.ts): keyset
 * paging as Mastodon reads it, lists sent any way Mastodon clients send them, several ids at once.
 * They keep the answers the hand-written readers of api-shared.ts gave (a malformed cursor or a
 * non-integer limit is a 400 naming the parameter; an out-of-range limit is clamped, not refused).
 */
import { z } from 'zod';
import { isUuid } from '../../db/ids';
import { id } from '../../http/contract';
import { mastodonEntities } from '../accounts';
import type { Page } from './timelines';

const blank = (value: unknown) => (value === '' || value === null ? undefined : value);

/** A keyset cursor: absent, or an id from a previous page. */
const cursor = (description: string) =>
  z
    .preprocess(blank, z.string().refine(isUuid, 'must be an id from a previous page (a UUID)').optional())
    .transform((value) => value?.toLowerCase())
    .meta({ format: 'uuid', description });

/**
 * Mastodon's `max_id`, `since_id`, `min_id` and `limit`, to spread into a query schema. Mastodon
 * clamps `limit` to [1, max] rather than refusing it, and so do we; the `Link` header names the
 * next (older) and previous (newer) pages.
 */
export function pageQuery({ fallback = 20, max = 40 }: { fallback?: number; max?: number } = {}) {
  return {
    max_id: cursor('Older than this id (the `next` link)'),
    since_id: cursor('Newer than this id'),
    min_id: cursor('Just newer than this id (the `prev` link)'),
    limit: z
      .preprocess(
        blank,
        z.coerce.number({ error: 'must be an integer' }).int({ error: 'must be an integer' }).optional(),
      )
      .transform((n) => (n === undefined ? fallback : Math.min(Math.max(n, 1), max)))
      .meta({ type: 'integer', description: `1 to ${max} (clamped), default ${fallback}` }),
  };
}

/** The validated paging parameters as the timeline services take them. */
export function pageOf(query: {
  max_id?: string;
  since_id?: string;
  min_id?: string;
  limit: number;
}): Required<Pick<Page, 'limit'>> & Page {
  return { maxId: query.max_id, sinceId: query.since_id, minId: query.min_id, limit: query.limit };
}

/**
 * A list parameter however clients send it: `key[]=a&key[]=b` (folded to an array), a JSON array,
 * a single value, or the indexed form some libraries produce (`key[0]=a` folds to `{0: 'a'}`).
 * Items stay whole: unlike `list()` of contract.ts, a comma is no separator (poll options hold commas).
 */
export const stringList = (description?: string) =>
  z
    .preprocess(
      (value) => {
        if (value === undefined || value === null || value === '') return [];
        if (Array.isArray(value)) return value;
        if (typeof value === 'object' && !(value instanceof Blob)) {
          const entries = Object.entries(value as Record<string, unknown>);
          if (!entries.every(([key]) => /^\d+$/.test(key))) return value;
          return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, item]) => item);
        }
        return [value];
      },
      z.array(z.union([z.string(), z.number().transform(String)]), { error: 'must be a list of strings' }),
    )
    .optional()
    .transform((items) => items ?? [])
    .meta({ type: 'array', items: { type: 'string' }, ...(description ? { description } : {}) });

/** Mastodon's `id[]` for fetching several records at once: valid ids only, each once, at most `max`. */
export const manyIdsQuery = (description: string, max = 40) =>
  stringList(description).transform((ids) =>
    [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))].slice(0, max),
  );

/**
 * A route's `{id}` path parameter: anything but a UUID cannot name a record, so it is Mastodon's 404
 * `Record not found`, as for an unknown id; read lower-cased.
 */
export const pathId = (description: string) =>
  z.object({ id: id(description).transform((value) => value.toLowerCase()) });

/**
 * A named Mastodon entity as a contract's schema: typed as the entity, written in the document as a
 * `$ref` to its component (registerMastodonEntities puts every entity there once), so a recursive
 * entity (a Status's reblog is a Status) is not inlined again in each route. Responses are not
 * parsed by zod; the document tests check real ones against the component.
 */
export function entitySchema<S extends z.ZodType>(schema: S) {
  const name = mastodonEntities.get(schema)?.id;
  if (!name) throw new Error('entitySchema: not a named Mastodon entity');
  return z.custom<z.infer<S>>(() => true).meta({ $ref: `#/components/schemas/${name}` });
}
