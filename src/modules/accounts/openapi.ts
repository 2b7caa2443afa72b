/**
 * Every accounts route is a contract (src/http/contract.ts) whose responses refer to the Mastodon
 * entities by `$ref`: this puts the entities in the OpenAPI document's components, once.
 * Imported for its effect by routes.ts (never by index.ts: http/openapi reaches the index).
 */
import { registerMastodonEntities } from './entities-openapi';
import './entities-instance';

registerMastodonEntities();
