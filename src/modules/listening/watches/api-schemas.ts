/** Request and response schemas of the watches API (api.ts puts them in contracts). */
import { z } from 'zod';
import { alertModes, matchItemTypes } from './schema';

// Schemas -------------------------------------------------------------------------------------------

export const WatchCreate = z.object({
  name: z
    .string()
    .meta({ maxLength: 100, description: 'What the team calls it: the brand, a product, a competitor, a campaign' }),
  query: z.string().meta({
    maxLength: 500,
    description:
      'A search query (same language as search: words, "phrases", OR, -exclusion, #tag, @handle, from:, lang:, ' +
      'since:, until:…)',
  }),
});

const flag = z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on', 'off'])]);
export const WatchUpdate = z.object({
  name: z.string().meta({ maxLength: 100 }).optional(),
  query: z.string().meta({ maxLength: 500 }).optional(),
  active: flag.optional().meta({ description: 'Inactive watches record nothing' }),
  alert_mode: z
    .string()
    .meta({
      enum: [...alertModes],
      description: 'none, immediate (each batch of new matches) or digest (once a day, previous UTC day)',
    })
    .optional(),
  alert_in_app: flag.optional().meta({ description: 'Notify the brand’s team in the app' }),
  alert_email: flag.optional().meta({ description: 'E-mail the brand’s team' }),
  alert_webhook: flag.optional().meta({
    description: 'Send watch.match / watch.digest / watch.crisis to the brand’s webhook endpoints subscribed to *',
  }),
  spike_k: z
    .union([z.number(), z.string()])
    .optional()
    .meta({ description: 'Crisis threshold in standard deviations above the 7-day baseline (0.5–10, default 2)' }),
  spike_min_count: z
    .union([z.number(), z.string()])
    .optional()
    .meta({ description: 'A crisis needs at least this many negative matches in 24 h (default 5)' }),
});

const count = z.number().int();
const time = z.string().meta({ format: 'date-time' });
const uuid = z.string().meta({ format: 'uuid' });
const feedLinks = { rss_url: z.string().meta({ format: 'uri' }), atom_url: z.string().meta({ format: 'uri' }) };
export const WatchCreated = z.strictObject({ id: uuid, ...feedLinks }).meta({ id: 'WatchCreated' });
export const WatchEntity = z
  .object({
    id: uuid,
    brand_id: uuid,
    name: z.string(),
    query: z.string(),
    active: z.boolean(),
    alerts: z.object({ mode: z.enum(alertModes), in_app: z.boolean(), email: z.boolean(), webhook: z.boolean() }),
    spike: z.object({ k: z.number(), min_count: count, crisis_since: time.nullable() }),
    ...feedLinks,
    created_at: time,
    updated_at: time,
  })
  .meta({ id: 'Watch' });
const Sentiment = z.object({ label: z.enum(['positive', 'neutral', 'negative']), score: z.number().min(-1).max(1) });
export const WatchMatch = z
  .object({
    id: uuid.meta({ description: 'The item’s id (a post, a review, an outside item…); also the paging key' }),
    type: z.enum(matchItemTypes),
    status_id: z.string().nullable(),
    review_id: z.string().nullable(),
    url: z
      .string()
      .nullable()
      .meta({ format: 'uri', description: 'The item’s page: here, or on the outside site for an outside item' }),
    text: z.string(),
    language: z.string().nullable(),
    remote: z.boolean().meta({ description: 'Written on another server of the fediverse (ActivityPub)' }),
    instance: z.string().nullable().meta({ description: 'That server’s host (null for ours)' }),
    author: z
      .object({
        id: z.string(),
        username: z.string().nullable(),
        display_name: z.string().nullable(),
        reach: count.meta({ description: 'Followers when matched' }),
      })
      .nullable(),
    sentiment: Sentiment,
    source: z
      .object({
        id: uuid.meta({ description: 'The brand’s source (GET /api/v1/brands/{id}/sources)' }),
        name: z.string(),
      })
      .optional()
      .meta({ description: 'Outside items only: the source it was read from, under the brand’s name for it' }),
    created_at: time,
    matched_at: time,
  })
  .meta({ id: 'WatchMatch' });
const Totals = { total: count, positive: count, neutral: count, negative: count };
export const WatchStats = z
  .object({
    days: count,
    totals: z.object(Totals),
    series: z.array(z.object({ date: z.string().meta({ format: 'date' }), ...Totals })),
    top_voices: z.array(
      z.object({ account_id: z.string(), username: z.string(), display_name: z.string(), reach: count, items: count }),
    ),
    top_words: z.array(z.object({ word: z.string(), count })),
    top_hashtags: z.array(z.object({ word: z.string(), count })),
  })
  .meta({ id: 'WatchStats' });
export const ShareOfVoice = z
  .array(z.object({ watch_id: z.string(), name: z.string(), count, share: z.number().min(0).max(1) }))
  .meta({ id: 'ShareOfVoice' });
type Cascade = {
  id: string;
  kind: 'root' | 'repost' | 'quote' | 'reply';
  created_at: string;
  url: string;
  account: { id: string; username: string; display_name: string; followers_count: number };
  text: string;
  children: Cascade[];
};
const CascadeNode: z.ZodType<Cascade, Cascade> = z
  .object({
    id: z.string(),
    kind: z.enum(['root', 'repost', 'quote', 'reply']),
    created_at: time,
    url: z.string().meta({ format: 'uri' }),
    account: z.object({ id: z.string(), username: z.string(), display_name: z.string(), followers_count: count }),
    text: z.string(),
    get children() {
      return z.array(CascadeNode);
    },
  })
  .meta({ id: 'CascadeNode' });
export const Propagation = z
  .object({
    root: CascadeNode,
    counts: z.object({ reposts: count, quotes: count, replies: count, accounts: count }),
    total_reach: count,
    truncated: z.boolean(),
    reach: z.array(
      z.object({ at: time, account_id: z.string(), kind: z.string(), followers: count, cumulative: count }),
    ),
  })
  .meta({ id: 'Propagation' });
