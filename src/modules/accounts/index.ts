// The accounts module's public face: people and brands, sessions, teams, OAuth.
// Named exports only; tables are reached through src/db/schema.ts.
export type { BrandRole } from './schema';
export {
  accountStats,
  authenticate,
  createAccount,
  createSession,
  findBrand,
  findByUsername,
  getAccount,
  getAccounts,
  knownDomains,
  resolveSession,
  setActingFor,
  signUp,
  suspendAccount,
  unsuspendAccount,
  updateProfile,
  profileListeners,
  type Account,
  type ProfileListener,
} from './service';
export {
  actingAccountId,
  assertCan,
  brandsOf,
  can,
  createBrand,
  getBrand,
  permissions,
  roleAllows,
  roleIn,
  setMember,
  type Permission,
} from './brands';
export * as oauth from './oauth';
export { USERNAME } from './validation';
export {
  accountResolvers,
  remoteAccountShown,
  remoteHandleOf,
  resolveAccount,
  type AccountResolver,
} from './resolvers';
export {
  fieldValueHtml,
  handleParts,
  mediaUrl,
  noteHtml,
  presentAccount,
  presentCredentialAccount,
  profileUrl,
  type ServerStanding,
  type UrlContext,
} from './present';
export {
  AccountEntity,
  AccountRoleEntity,
  AccountSourceEntity,
  ApplicationEntity,
  CredentialAccountEntity,
  CredentialApplicationEntity,
  CustomEmojiEntity,
  entityDatetime,
  EmptyObjectEntity,
  entity,
  entityId,
  FieldEntity,
  entityHtml,
  MastodonErrorEntity,
  mastodonEntities,
  mastodonEntity,
  MutedAccountEntity,
  OAuthErrorEntity,
  RoleEntity,
  TokenEntity,
  entityUrl,
} from './entities';
export { InstanceEntity, InstanceV1Entity, NodeInfoEntity, NodeInfoLinksEntity, RuleEntity } from './entities-instance';
export { registerMastodonEntities } from './entities-openapi';
