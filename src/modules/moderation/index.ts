// Public face of moderation.
export * from './schema';
export * from './subjects';
