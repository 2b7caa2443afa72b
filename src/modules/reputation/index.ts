// The reputation module's public face.
export * from './schema';
