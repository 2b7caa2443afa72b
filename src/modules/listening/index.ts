// The listening module's public face.
export * from './schema';
