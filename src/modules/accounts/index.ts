// The accounts module's public face: people and brands, sessions, teams, OAuth.
export * from './schema';
export * from './service';
export * from './brands';
export * as oauth from './oauth';
export { USERNAME } from './validation';
export * from './present';
export { AccountEntity } from './account-entity';
