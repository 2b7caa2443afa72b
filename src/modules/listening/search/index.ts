// Public face of search.
export * from './schema';
