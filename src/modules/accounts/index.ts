// The accounts module's public face: people and brands, sessions, teams, OAuth.
export * from './schema';
export * from './service';
export * from './brands';
export * as oauth from './oauth';
export { USERNAME } from './validation';
export * from './present';
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
export { entityArray, entityRef, mastodonErrors, mastodonOk, registerMastodonEntities } from './entities-openapi';
