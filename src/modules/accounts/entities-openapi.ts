/**
 * How the Mastodon entities reach the OpenAPI document (routes refer to them from their contracts).
 * Functions only: http/openapi imports pages that import this module's index, so nothing here
 * may use http/openapi while modules load.
 */
import { z } from 'zod';
import { registerSchema, type JsonSchema } from '../../http/openapi';
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
