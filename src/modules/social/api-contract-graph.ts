/**
 * Schema pieces shared by the contracts of the graph's and notifications' Mastodon routes
 * (src/http/contract.ts): the account in the path, Mastodon's keyset paging, and lists sent the
 * ways Mastodon clients send them.
 */
import { z } from 'zod';
import { id } from '../../http/contract';
import { pageOf, pageQuery as sharedPageQuery, stringList } from './api-contract-shared';

/** A boolean from JSON or a form ('true', '1', 'on'…); another word is a wrong type: 400 naming the field. */
export const boolean = (description: string) => {
  const words: Record<string, boolean> = { true: true, 1: true, on: true, false: false, 0: false, off: false };
  const read = (v: unknown) =>
    v === '' || v === null ? undefined : typeof v === 'string' && v in words ? words[v] : v;
  return z.preprocess(read, z.boolean().optional()).meta({ description });
};

/** `{id}` in `/accounts/{id}/…`: anything but a UUID names no account, a 404 like an unknown one. */
export const accountPath = z.object({ id: id('The account') });

/** Mastodon's keyset paging (api-contract-shared.ts), with this file's positional arguments. */
export const pageQuery = (fallback = 20, max = 40) => sharedPageQuery({ fallback, max });
export { pageOf };

/** A list as Mastodon clients send one (`key[]=a&key[]=b`, a JSON array, one value, `key[0]=a`). */
export const many = (description: string) => stringList(description);

/**
 * A presented entity as its contract's response type. The presenters build plain objects whose
 * TypeScript types are looser than the entities' (a Status's `[key: string]: unknown`); the real
 * responses are checked against the entities by the OpenAPI document's tests.
 */
export const asEntity = <S extends z.ZodType>(_schema: S, value: unknown) => value as z.output<S>;
