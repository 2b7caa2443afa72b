/**
 * How the Mastodon entities reach the OpenAPI document, and the pieces both modules use to
 * declare Mastodon routes: entity refs, a 200 with an entity, Mastodon's error responses.
 * Functions only: http/openapi imports pages that import this module's index, so nothing here
 * may use http/openapi while modules load.
 */
import { z } from 'zod';
import { ref, registerSchema, type ApiResponse, type JsonSchema } from '../../http/openapi';
import { mastodonEntities } from './entities';

/**
 * Puts every named Mastodon entity under `components.schemas`, each referring to the others by
 * `$ref`. Idempotent: a module that adds entities calls it again after importing them.
 */
export function registerMastodonEntities(): void {
  const { schemas } = z.toJSONSchema(mastodonEntities, {
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
    override: ({ jsonSchema }) => {
      // Mastodon entities grow: clients ignore fields they do not know, and so may validators.
      if (jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
      // z.iso.datetime()'s regular expression says no more than its format.
      if (jsonSchema.format === 'date-time' || jsonSchema.format === 'date') delete jsonSchema.pattern;
      // z.number().int() bounds itself to safe integers; JSON readers know that already.
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
    },
  });
  for (const [name, schema] of Object.entries(schemas)) {
    const { $schema: _schema, $id: _id, ...rest } = schema as JsonSchema;
    registerSchema(name, rest);
  }
}

/** A named entity, or an array of them, as a response schema. */
export const entityRef = (name: string): JsonSchema => ref(name);
export const entityArray = (name: string): JsonSchema => ({ type: 'array', items: ref(name) });

const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed request (wrong type, bad cursor)',
  401: 'No token, or an invalid one',
  403: 'The token lacks the scope, or the action is not allowed',
  404: 'Record not found (unknown id, or one the caller may not see)',
  409: 'Conflicts with the current state',
  413: 'Body or file too large',
  422: 'Validation failed',
  429: 'Rate limited; see Retry-After',
};

/** Mastodon's error responses (`{"error": "..."}` with our `error_code`), to spread into `responses`. */
export function mastodonErrors(...statuses: number[]): Record<number, ApiResponse> {
  const schema = ref('MastodonError');
  return Object.fromEntries(statuses.map((s) => [s, { description: ERROR_TEXT[s] ?? 'Error', schema }]));
}

/** A 200 answering one entity (or `[name]`: an array of them). */
export function mastodonOk(name: string | [string], description?: string): Record<number, ApiResponse> {
  const many = Array.isArray(name);
  const entityName = many ? name[0] : name;
  const schema = many ? entityArray(entityName) : entityRef(entityName);
  return { 200: { description: description ?? (many ? `Array of ${entityName}` : entityName), schema } };
}
