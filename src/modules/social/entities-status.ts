/**
 * The Mastodon 4.3 Status entity and what it carries (docs.joinmastodon.org/entities/Status/):
 * media, polls, preview cards, mentions, tags, quotes, and the products Comptoir attaches to a
 * brand's post. Zod schemas, named in the OpenAPI document through `entity()`.
 */
import { z } from 'zod';
import { AccountEntity, CustomEmojiEntity, entity, entityDatetime, entityHtml, entityId, entityUrl } from '../accounts';

export const MediaAttachmentEntity = entity(
  'MediaAttachment',
  z
    .object({
      id: entityId(),
      type: z.enum(['unknown', 'image', 'gifv', 'video', 'audio']).meta({ description: 'Always image on Comptoir' }),
      url: entityUrl().nullable(),
      preview_url: entityUrl().nullable(),
      remote_url: entityUrl().nullable(),
      text_url: entityUrl().nullable().optional().meta({ description: 'Removed from Mastodon; null' }),
      meta: z
        .looseObject({
          original: z
            .object({ width: z.number(), height: z.number(), size: z.string(), aspect: z.number() })
            .optional(),
          small: z.object({ width: z.number(), height: z.number(), size: z.string(), aspect: z.number() }).optional(),
          focus: z.object({ x: z.number(), y: z.number() }).nullable().optional(),
        })
        .nullable(),
      description: z.string().nullable().meta({ description: 'Alt text, or null' }),
      blurhash: z.string().nullable(),
    })
    .meta({ description: 'Mastodon MediaAttachment entity' }),
);

export const PollEntity = entity(
  'Poll',
  z
    .object({
      id: entityId(),
      expires_at: entityDatetime().nullable(),
      expired: z.boolean(),
      multiple: z.boolean(),
      votes_count: z.number().int(),
      voters_count: z.number().int().nullable(),
      options: z.array(z.object({ title: z.string(), votes_count: z.number().int().nullable() })),
      emojis: z.array(CustomEmojiEntity),
      voted: z.boolean().optional(),
      own_votes: z.array(z.number().int()).optional(),
    })
    .meta({ description: 'Mastodon Poll entity' }),
);

export const PreviewCardAuthorEntity = entity(
  'PreviewCardAuthor',
  z.object({ name: z.string(), url: z.string(), account: AccountEntity.nullable() }),
);

export const PreviewCardEntity = entity(
  'PreviewCard',
  z
    .object({
      url: entityUrl(),
      title: z.string(),
      description: z.string(),
      type: z.enum(['link', 'photo', 'video', 'rich']),
      authors: z.array(PreviewCardAuthorEntity),
      author_name: z.string(),
      author_url: z.string(),
      provider_name: z.string(),
      provider_url: z.string(),
      html: entityHtml(),
      width: z.number().int(),
      height: z.number().int(),
      image: entityUrl().nullable(),
      embed_url: z.string(),
      blurhash: z.string().nullable(),
    })
    .meta({ description: 'Mastodon PreviewCard entity: the preview of the first link of a post' }),
);

export const StatusMentionEntity = entity(
  'StatusMention',
  z
    .object({ id: entityId(), username: z.string(), url: entityUrl(), acct: z.string() })
    .meta({ description: 'Status::Mention' }),
);

export const StatusTagEntity = entity(
  'StatusTag',
  z.object({ name: z.string(), url: entityUrl() }).meta({ description: 'Status::Tag: a hashtag of a post' }),
);

export const FilterKeywordEntity = entity(
  'FilterKeyword',
  z.object({ id: z.string(), keyword: z.string(), whole_word: z.boolean() }),
);

export const FilterEntity = entity(
  'Filter',
  z
    .object({
      id: z.string(),
      title: z.string(),
      context: z.array(z.enum(['home', 'notifications', 'public', 'thread', 'account'])),
      expires_at: entityDatetime().nullable(),
      filter_action: z.enum(['warn', 'hide']),
      keywords: z.array(FilterKeywordEntity).optional(),
      statuses: z.array(z.object({ id: z.string(), status_id: z.string() })).optional(),
    })
    .meta({ description: 'Mastodon Filter entity (Comptoir has no filters yet: `filtered` is always empty)' }),
);

export const FilterResultEntity = entity(
  'FilterResult',
  z.object({
    filter: FilterEntity,
    keyword_matches: z.array(z.string()).nullable(),
    status_matches: z.array(z.string()).nullable(),
  }),
);

const money = z
  .object({ amount: z.number().int().meta({ description: 'Minor units (cents)' }), currency: z.string() })
  .meta({ description: 'An amount in minor units with its ISO 4217 currency' });

export const StatusProductEntity = entity(
  'StatusProduct',
  z
    .object({
      id: entityId(),
      title: z.string(),
      url: entityUrl(),
      image: entityUrl().nullable(),
      price: money.nullable().meta({ description: 'The lead variant’s price; null without variants' }),
      compare_at: money.nullable(),
      in_stock: z.boolean(),
      stock_state: z.enum(['in_stock', 'low_stock', 'out_of_stock']),
      variants: z.array(
        z.object({ id: entityId(), options: z.record(z.string(), z.string()), price: money, in_stock: z.boolean() }),
      ),
      social_proof: z
        .object({
          liked_by_followed_count: z.number().int(),
          liked_by: z.array(z.object({ id: entityId(), username: z.string(), display_name: z.string() })),
          bought_by_followed_count: z.number().int(),
        })
        .nullable()
        .optional(),
    })
    .meta({ description: 'Comptoir: a product attached to a brand’s post (shoppable post)' }),
);

const statusShape = {
  id: entityId(),
  uri: z.string(),
  url: entityUrl().nullable(),
  created_at: entityDatetime(),
  edited_at: entityDatetime().nullable(),
  account: AccountEntity,
  content: entityHtml(),
  text: z.string().nullable().optional().meta({ description: 'The source text (Comptoir answers it always)' }),
  visibility: z.enum(['public', 'unlisted', 'private', 'direct']),
  sensitive: z.boolean(),
  spoiler_text: z.string(),
  language: z.string().nullable(),
  in_reply_to_id: z.string().nullable(),
  in_reply_to_account_id: z.string().nullable(),
  replies_count: z.number().int(),
  reblogs_count: z.number().int(),
  favourites_count: z.number().int(),
  quotes_count: z.number().int().optional().meta({ description: 'Mastodon 4.5; Comptoir answers it' }),
  favourited: z.boolean().optional(),
  reblogged: z.boolean().optional(),
  muted: z.boolean().optional(),
  bookmarked: z.boolean().optional(),
  pinned: z.boolean().optional(),
  media_attachments: z.array(MediaAttachmentEntity),
  mentions: z.array(StatusMentionEntity),
  tags: z.array(StatusTagEntity),
  emojis: z.array(CustomEmojiEntity),
  card: PreviewCardEntity.nullable(),
  poll: PollEntity.nullable(),
  application: z
    .object({ name: z.string(), website: z.string().nullable() })
    .nullable()
    .optional()
    .meta({ description: 'The app that posted it; null on Comptoir' }),
  filtered: z.array(FilterResultEntity).optional(),
  products: z
    .array(StatusProductEntity)
    .optional()
    .meta({ description: 'Comptoir: the products of a shoppable post (empty for others)' }),
};

// A repost embeds its original, a quote its quoted post: the recursion needs its type spelled out.
type StatusOutput = z.output<z.ZodObject<typeof statusShape>> & {
  reblog: StatusOutput | null;
  quote?: QuoteOutput | null;
};
type QuoteOutput = { state: z.output<typeof quoteState>; quoted_status: StatusOutput | null };
const quoteState = z.enum(['pending', 'accepted', 'rejected', 'revoked', 'deleted', 'unauthorized', 'blocked_account']);
const statusObject: z.ZodType<StatusOutput> = z.object({
  ...statusShape,
  get reblog() {
    return statusObject.nullable();
  },
  get quote() {
    return quoteObject.nullable().optional();
  },
});
const quoteObject: z.ZodType<QuoteOutput> = z.object({
  state: quoteState,
  get quoted_status() {
    return statusObject.nullable();
  },
});

export const StatusEntity = entity('Status', statusObject, 'Mastodon Status entity, with Comptoir’s products');
export const QuoteEntity = entity(
  'Quote',
  quoteObject,
  'A quoted post (Mastodon 4.4 Quote entity; Comptoir answers it on 4.3 routes)',
);

export const StatusSourceEntity = entity(
  'StatusSource',
  z.object({ id: entityId(), text: z.string(), spoiler_text: z.string() }).meta({ description: 'A post as typed' }),
);

export const ContextEntity = entity(
  'Context',
  z
    .object({ ancestors: z.array(StatusEntity), descendants: z.array(StatusEntity) })
    .meta({ description: 'The thread around a post: its ancestors and its descendants, oldest first' }),
);
