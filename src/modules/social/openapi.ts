/**
 * Every social route is a contract (src/http/contract.ts) whose responses refer to the Mastodon
 * entities by `$ref`: this puts the entities in the OpenAPI document's components, once.
 */
import { registerMastodonEntities } from '../accounts';
import './entities';
import './entities-status';

registerMastodonEntities();
