/**
 * What Mastodon clients ask a server about itself (`/api/v1/instance`, `/api/v2/instance`) and
 * NodeInfo 2.0 and 2.1 for the fediverse's crawlers. Limits come from the config so clients size their
 * composers to what the server accepts.
 */
import { z } from 'zod';
import type { AppContext } from '../context';
import { accountStats, knownDomains } from '../modules/accounts';
import { MAX_INPUT_PIXELS } from '../modules/media';
import type { RouteModule } from './app';
import { json, mount, route } from './contract';
import { COMPTOIR_VERSION } from './openapi';
import { InstanceV1, InstanceV2, NodeInfo, NodeInfo21, NodeInfoLinks } from './instance-schemas';

export const MASTODON_VERSION = `4.3.0 (compatible; Comptoir ${COMPTOIR_VERSION})`;
const TITLE = 'Comptoir';
const SHORT_DESCRIPTION =
  'Le réseau social où l’on achète auprès des marques qu’on aime — the social network where you buy from the ' +
  'brands you love.';
const DESCRIPTION =
  'Comptoir est un réseau social et une boutique auto-hébergeables : suivez vos proches et vos marques, discutez, achetez en un geste. ' +
  'Comptoir is a self-hostable social network and shop: follow friends and brands, talk, buy in one tap.';
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif'];

/** Mastodon's poll limits, ours too: 5 minutes to a month. */
const POLLS = (ctx: AppContext) => ({
  max_options: ctx.config.pollMaxOptions,
  max_characters_per_option: 50,
  min_expiration: 300,
  max_expiration: 2629746,
});
const STATUSES = (ctx: AppContext) => ({
  max_characters: ctx.config.postMaxChars,
  max_media_attachments: 4,
  characters_reserved_per_url: 23,
});
const MEDIA = (ctx: AppContext) => ({
  supported_mime_types: IMAGE_TYPES,
  description_limit: 1500,
  image_size_limit: ctx.config.mediaMaxBytes,
  image_matrix_limit: MAX_INPUT_PIXELS,
  video_size_limit: 0,
  video_frame_rate_limit: 0,
  video_matrix_limit: 0,
});

const streamingUrl = (publicUrl: string) => publicUrl.replace(/^http/, 'ws');

export async function instanceV1(ctx: AppContext) {
  const stats = await accountStats({ db: ctx.db });
  const url = new URL(ctx.config.publicUrl);
  return {
    uri: url.host,
    title: TITLE,
    short_description: SHORT_DESCRIPTION,
    description: DESCRIPTION,
    email: ctx.config.contactEmail,
    version: MASTODON_VERSION,
    urls: { streaming_api: streamingUrl(ctx.config.publicUrl) },
    stats: { user_count: stats.people, status_count: stats.posts, domain_count: 1 },
    thumbnail: `${ctx.config.publicUrl}/static/header.svg`,
    languages: ['fr', 'en'],
    registrations: true,
    approval_required: false,
    invites_enabled: false,
    configuration: {
      accounts: { max_featured_tags: 10 },
      statuses: STATUSES(ctx),
      media_attachments: MEDIA(ctx),
      polls: POLLS(ctx),
    },
    contact_account: null,
    rules: [] as { id: string; text: string; hint: string }[],
    // Comptoir extras
    brands_count: stats.brands,
  };
}

export async function instanceV2(ctx: AppContext) {
  const stats = await accountStats({ db: ctx.db });
  const url = new URL(ctx.config.publicUrl);
  return {
    domain: url.host,
    title: TITLE,
    version: MASTODON_VERSION,
    source_url: ctx.config.sourceUrl,
    description: SHORT_DESCRIPTION,
    usage: { users: { active_month: stats.activeMonth } },
    thumbnail: { url: `${ctx.config.publicUrl}/static/header.svg`, blurhash: null, versions: {} },
    icon: [],
    languages: ['fr', 'en'],
    configuration: {
      urls: {
        streaming: streamingUrl(ctx.config.publicUrl),
        status: null,
        about: `${ctx.config.publicUrl}/about`,
        privacy_policy: null,
        terms_of_service: null,
      },
      vapid: { public_key: '' },
      accounts: { max_featured_tags: 10, max_pinned_statuses: 5 },
      statuses: STATUSES(ctx),
      media_attachments: MEDIA(ctx),
      polls: POLLS(ctx),
      translation: { enabled: false },
    },
    registrations: { enabled: true, approval_required: false, message: null, url: null },
    api_versions: { mastodon: 2 },
    contact: { email: ctx.config.contactEmail, account: null },
    rules: [] as { id: string; text: string; hint: string }[],
  };
}

export async function nodeInfo<V extends '2.0' | '2.1' = '2.0'>(ctx: AppContext, version: V = '2.0' as V) {
  const stats = await accountStats({ db: ctx.db });
  return {
    version,
    software: {
      name: 'comptoir',
      version: COMPTOIR_VERSION,
      // 2.1 adds where the software lives.
      ...(version === '2.1' && ctx.config.sourceUrl
        ? { repository: ctx.config.sourceUrl, homepage: ctx.config.sourceUrl }
        : {}),
    },
    // ActivityPub is served unless the operator switched federation off.
    protocols: ctx.config.federation ? ['activitypub'] : ([] as string[]),
    services: { inbound: [] as string[], outbound: ['rss2.0', 'atom1.0'] },
    openRegistrations: true,
    usage: {
      users: { total: stats.people, activeMonth: stats.activeMonth, activeHalfyear: stats.activeHalfyear },
      localPosts: stats.posts,
    },
    metadata: { nodeName: TITLE, nodeDescription: SHORT_DESCRIPTION },
  };
}

const tags = ['Mastodon: instance'];
const Rule = z
  .object({ id: z.string(), text: z.string(), hint: z.string() })
  .meta({ id: 'Rule', description: 'Mastodon Rule entity' });
const CustomEmoji = z
  .object({
    shortcode: z.string(),
    url: z.string(),
    static_url: z.string(),
    visible_in_picker: z.boolean(),
    category: z.string().nullable().optional(),
  })
  .meta({ id: 'CustomEmoji', description: 'Mastodon CustomEmoji entity' });

const v1 = route({
  method: 'get',
  path: '/api/v1/instance',
  tags,
  summary: 'Server description, Mastodon v1 shape (limits, stats, languages)',
  responses: { 200: json(InstanceV1, 'Mastodon V1::Instance entity') },
});
const v2 = route({
  method: 'get',
  path: '/api/v2/instance',
  tags,
  summary: 'Server description, Mastodon v2 shape',
  responses: { 200: json(InstanceV2, 'Mastodon Instance entity') },
});
const peers = route({
  method: 'get',
  path: '/api/v1/instance/peers',
  tags,
  summary: 'Domains of the remote servers this server knows accounts of',
  responses: { 200: json(z.array(z.string()), 'Domain names') },
});
const rules = route({
  method: 'get',
  path: '/api/v1/instance/rules',
  tags,
  summary: 'Server rules (none yet)',
  responses: { 200: json(z.array(Rule), 'Rule entities') },
});
const emojis = route({
  method: 'get',
  path: '/api/v1/custom_emojis',
  tags,
  summary: 'Custom emojis (none)',
  responses: { 200: json(z.array(CustomEmoji), 'CustomEmoji entities') },
});
const discovery = route({
  method: 'get',
  path: '/.well-known/nodeinfo',
  tags,
  summary: 'NodeInfo discovery',
  responses: { 200: json(NodeInfoLinks, 'Links to /nodeinfo/2.0 and /nodeinfo/2.1') },
});
const nodeinfo = route({
  method: 'get',
  path: '/nodeinfo/2.0',
  tags,
  summary: 'NodeInfo 2.0: software, protocols, usage',
  responses: { 200: json(NodeInfo, 'NodeInfo document') },
});
const nodeinfo21 = route({
  method: 'get',
  path: '/nodeinfo/2.1',
  tags,
  summary: 'NodeInfo 2.1: software (with its repository), protocols, usage',
  responses: { 200: json(NodeInfo21, 'NodeInfo 2.1 document') },
});
const NODEINFO_SCHEMA = 'http://nodeinfo.diaspora.software/ns/schema';

export const instanceRoutes: RouteModule = (app, ctx) => {
  mount(app, v1, async (c) => c.json(await instanceV1(ctx), 200));
  mount(app, v2, async (c) => c.json(await instanceV2(ctx), 200));
  mount(app, peers, async (c) => c.json(await knownDomains({ db: ctx.db }), 200));
  mount(app, rules, (c) => c.json([] as z.infer<typeof Rule>[], 200));
  mount(app, emojis, (c) => c.json([] as z.infer<typeof CustomEmoji>[], 200));
  const links = () =>
    (['2.0', '2.1'] as const).map((v) => ({
      rel: `${NODEINFO_SCHEMA}/${v}`,
      href: `${ctx.config.publicUrl}/nodeinfo/${v}`,
    }));
  mount(app, discovery, (c) => c.json({ links: links() }, 200));
  mount(app, nodeinfo, async (c) =>
    c.json(await nodeInfo(ctx, '2.0'), 200, {
      'Content-Type': `application/json; profile="${NODEINFO_SCHEMA}/2.0#"`,
    }),
  );
  mount(app, nodeinfo21, async (c) =>
    c.json(await nodeInfo(ctx, '2.1'), 200, {
      'Content-Type': `application/json; profile="${NODEINFO_SCHEMA}/2.1#"`,
    }),
  );
};
