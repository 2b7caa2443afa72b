/** Request and response schemas of the sources API (api.ts puts them in contracts). */
import { z } from 'zod';
import type { SourceView } from './service';

const time = z.string().meta({ format: 'date-time' });
const count = z.number().int();
const uuid = z.string().meta({ format: 'uuid' });

export const SourceCreate = z.object({
  url: z.string().meta({
    maxLength: 2048,
    description:
      'An RSS, Atom or RSS 1.0 feed, or a web page that announces one (<link rel="alternate">); http(s) only',
  }),
  name: z
    .string()
    .meta({ maxLength: 100, description: 'What the team calls it (default: the feed’s own title)' })
    .optional(),
});
export const SourceUpdate = z.object({ name: z.string().meta({ maxLength: 100 }) });

const status = z.enum(['pending', 'ok', 'failing']).meta({
  description: 'pending: not fetched yet; ok: the last fetch worked; failing: fetches fail (see last_error)',
});

export const SourceCreated = z.strictObject({ id: uuid, url: z.string(), name: z.string(), status }).meta({
  id: 'SourceCreated',
});

export const SourceEntity = z
  .object({
    id: uuid.meta({ description: 'The brand’s source id (the id of /api/v1/sources/{id})' }),
    url: z.string().meta({ format: 'uri', description: 'The feed’s address (after discovery)' }),
    name: z.string(),
    status,
    site_url: z.string().nullable().meta({ description: 'The site the feed belongs to, when it says' }),
    title: z.string().meta({ description: 'The feed’s own title, as last read' }),
    last_fetched_at: time.nullable(),
    last_success_at: time.nullable(),
    last_new_item_at: time.nullable(),
    last_error: z.string().nullable().meta({ description: 'Why the last fetch failed (null once one works)' }),
    failing_since: time.nullable().meta({ description: 'Since when every fetch has failed' }),
    items_count: count.meta({ description: 'Items read from the feed and kept' }),
    items_this_week: count.meta({ description: 'Items first read in the last 7 days' }),
    created_at: time,
  })
  .meta({ id: 'Source' });

export const ImportResult = z
  .object({
    added: count.meta({ description: 'Feeds added to the brand (fetched by the queue shortly after)' }),
    skipped: count.meta({ description: 'Feeds the brand already listened to, or listed twice in the file' }),
    errors: z.array(z.object({ url: z.string(), code: z.string(), message: z.string() })),
  })
  .meta({ id: 'SourcesImport' });

export const OpmlUpload = z
  .object({ file: z.file().optional().meta({ description: 'An OPML file (at most 1 MB, 1,000 feeds)' }) })
  .meta({ required: ['file'] });

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentSource(s: SourceView): z.input<typeof SourceEntity> {
  return {
    id: s.id,
    url: s.url,
    name: s.name,
    status: s.status,
    site_url: s.siteUrl,
    title: s.title,
    last_fetched_at: iso(s.lastFetchedAt),
    last_success_at: iso(s.lastSuccessAt),
    last_new_item_at: iso(s.lastNewItemAt),
    last_error: s.lastError,
    failing_since: iso(s.failingSince),
    items_count: s.itemsCount,
    items_this_week: s.itemsThisWeek,
    created_at: s.createdAt.toISOString(),
  };
}
