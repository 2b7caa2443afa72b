// Public face of watches.
export * from './schema';
