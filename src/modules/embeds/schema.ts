// A brand's settings for Comptoir embedded on other websites (the embeds module).
import { boolean, jsonb, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/schema';

/**
 * Which sites may frame the brand's /embed/ pages (Content-Security-Policy frame-ancestors):
 * the listed origins (`https://shop.example`), or any site when `allow_any_origin`. A brand
 * without a row allows any origin (widgets show only public data).
 */
export const embedSettings = pgTable('embed_settings', {
  brandId: uuid('brand_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  allowAnyOrigin: boolean('allow_any_origin').notNull().default(true),
  allowedOrigins: jsonb('allowed_origins').$type<string[]>().notNull().default([]),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export type EmbedSettings = typeof embedSettings.$inferSelect;
