import { integer, text } from 'drizzle-orm/pg-core';

/**
 * The columns of an image stored by images.ts (a re-encoded file, its preview, its size and its
 * alt text) at a position among its owner's images: product images and review photos share them.
 * Kept apart from images.ts so schema files stay free of the image library.
 */
export const storedImageColumns = () => ({
  position: integer('position').notNull().default(0),
  path: text('path').notNull(),
  previewPath: text('preview_path').notNull(),
  width: integer('width').notNull(),
  height: integer('height').notNull(),
  alt: text('alt').notNull().default(''),
});
