import path from 'node:path';

/** Every setting Comptoir reads, parsed once from the environment (see README "Settings"). */
export type Config = {
  port: number;
  host: string;
  /** Public base URL, used in links, OAuth redirects and Open Graph tags. */
  publicUrl: string;
  /** PostgreSQL server URL; when absent the embedded database (PGlite) is used. */
  databaseUrl: string | undefined;
  /** A streaming replica of that server: timelines, search, feeds and dashboards read from it (db/replica.ts). */
  databaseReplicaUrl: string | undefined;
  /** Seconds a replica may lag behind the primary before its reads go back to the primary (and read-your-writes lasts). */
  replicaMaxLag: number;
  /** Memory for rendered pages of logged-out readers, in MB (web/page-cache.ts); 0 turns the cache off. */
  pageCacheMb: number;
  /** Folder for the embedded database, uploaded media and the mail outbox. */
  dataDir: string;
  demo: boolean;
  postMaxChars: number;
  pollMaxOptions: number;
  mediaMaxBytes: number;
  bodyMaxBytes: number;
  logLevel: string;
  /** Secret for signing CSRF tokens; generated per data folder when not given. */
  secret: string | undefined;
  /** Rate limits: attempts per window (seconds). */
  rateLimits: {
    login: [number, number];
    signup: [number, number];
    post: [number, number];
    checkin: [number, number];
    /** ActivityPub deliveries (POSTs to inboxes) per sending server (or client address, unsigned). */
    inbox: [number, number];
  };
  /** How long data kept only for a while stays (privacy/retention, docs/privacy.md), in days. */
  retention: {
    /** Sign-in attempts and every stored IP address (COMPTOIR_RETENTION_IP_DAYS, default 30). */
    ipDays: number;
    /** Carts nothing was added to (COMPTOIR_RETENTION_CART_DAYS, default 90). */
    cartDays: number;
  };
  secureCookies: boolean;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  trustProxy: boolean;
  /** Shown in the instance description (Mastodon clients list it as the admin contact). */
  contactEmail: string;
  /** Where this server's source code is published (AGPL): the instance description links it. */
  sourceUrl: string;
  /** Enables the Stripe payment provider beside the built-in test provider. */
  stripeSecretKey: string | undefined;
  /** SMTP server for e-mail (`smtp://user:pass@host:587`); unset = a file outbox in `<dataDir>/outbox`. */
  smtpUrl: string | undefined;
  /** The From header of e-mails we send. */
  mailFrom: string;
  /** Let webhook endpoints use http:// on localhost / 127.0.0.1 (development and tests only). */
  webhooksAllowLocal: boolean;
  /** Let link previews fetch private and loopback addresses (tests and local development only). */
  cardsAllowPrivate: boolean;
  /**
   * COMPTOIR_OUTBOUND_ALLOW_LOCAL=1 (development, tests, demos): outside sources, webhooks and link
   * previews may reach this machine's loopback (127.0.0.0/8, ::1, localhost), never other private
   * ranges. Refused when COMPTOIR_URL is https://.
   */
  outboundAllowLocal: boolean;
  /** ActivityPub federation (COMPTOIR_FEDERATION=0 turns it off: no actors, no deliveries). */
  federation: boolean;
  /** Let federation reach loopback and private addresses over plain HTTP (tests and development only). */
  federationAllowPrivate: boolean;
  /** How many deliveries and other network jobs run at once on each app node (the network lane). */
  federationSlots: number;
  /** How many outside sources (feeds) are fetched at once on each app node (the sources lane). */
  sourceSlots: number;
  /** Secure mode: our ActivityPub documents are served only to signed requests of servers not blocked. */
  federationAuthorizedFetch: boolean;
  /** Map tiles for the places pages (`https://tiles.example/{z}/{x}/{y}.png`); unset = a plain plot, no map. */
  placesTileUrl: string | undefined;
  /** The credit the tile server asks for, shown on the map. */
  placesTileAttribution: string;
  /** Seconds without a heartbeat after which an app node is dead and its checkouts' holds are given back. */
  nodeTimeoutSeconds: number;
  /** Test settings of the built-in test payment provider: authorization latency, a ledger file of what it did. */
  testPayments: { latencyMs: number; ledgerFile: string | undefined };
  /** A bearer token that opens `/metrics` on the app's own port; unset = not served there. */
  metricsToken: string | undefined;
  /** A separate listener (`127.0.0.1:9464`) serving only `/metrics`, without a token: a private address. */
  metricsAddress: { host: string; port: number } | undefined;
  /** Uploaded media in an S3-compatible bucket instead of `<dataDir>/media` (COMPTOIR_MEDIA_S3_BUCKET set). */
  mediaS3: MediaS3Settings | undefined;
};

/** The bucket media go to when several nodes must share them without a shared folder. */
export type MediaS3Settings = {
  bucket: string;
  region: string;
  /** Another provider than AWS (MinIO, Garage, Scaleway…): its S3 address. */
  endpoint: string | undefined;
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  /** The bucket in the path rather than the host name (MinIO, Garage). */
  forcePathStyle: boolean;
  /** A folder of the bucket the keys go under. */
  prefix: string;
  /** Browsers are sent there (a CDN, the bucket's public address) instead of being served by the app. */
  publicUrl: string | undefined;
};

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

/** A retention period: whole days, at least one (zero would erase what is being written), at most ten years. */
function days(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(value) || value < 1 || value > 3650)
    throw new Error(`${name} must be a whole number of days from 1 to 3650, got "${raw}"`);
  return value;
}

function limit(env: NodeJS.ProcessEnv, name: string, fallback: [number, number]): [number, number] {
  const raw = env[name];
  if (!raw) return fallback;
  const match = /^(\d+)\/(\d+)$/.exec(raw);
  if (!match) throw new Error(`${name} must look like "count/seconds", got "${raw}"`);
  return [Number(match[1]), Number(match[2])];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = int(env, 'PORT', 3000);
  // Only this machine by default: opening the server to the network is a choice (HOST=0.0.0.0).
  const host = env.HOST || '127.0.0.1';
  const publicUrl = (env.COMPTOIR_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  return {
    port,
    host,
    publicUrl,
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReplicaUrl: replicaUrl(env),
    replicaMaxLag: Math.max(1, int(env, 'COMPTOIR_REPLICA_MAX_LAG', 5)),
    pageCacheMb: int(env, 'COMPTOIR_PAGE_CACHE_MB', 32),
    dataDir: path.resolve(env.COMPTOIR_DATA || 'data'),
    demo: env.COMPTOIR_DEMO !== '0',
    postMaxChars: int(env, 'COMPTOIR_POST_MAX_CHARS', 500),
    pollMaxOptions: 4,
    mediaMaxBytes: int(env, 'COMPTOIR_MEDIA_MAX_BYTES', 10 * 1024 * 1024),
    bodyMaxBytes: int(env, 'COMPTOIR_BODY_MAX_BYTES', 1024 * 1024),
    logLevel: env.LOG_LEVEL || 'info',
    secret: env.COMPTOIR_SECRET || undefined,
    rateLimits: {
      login: limit(env, 'COMPTOIR_RATE_LOGIN', [10, 300]),
      signup: limit(env, 'COMPTOIR_RATE_SIGNUP', [5, 3600]),
      post: limit(env, 'COMPTOIR_RATE_POST', [60, 300]),
      checkin: limit(env, 'COMPTOIR_RATE_CHECKIN', [20, 600]),
      inbox: limit(env, 'COMPTOIR_RATE_INBOX', [300, 60]),
    },
    retention: {
      ipDays: days(env, 'COMPTOIR_RETENTION_IP_DAYS', 30),
      cartDays: days(env, 'COMPTOIR_RETENTION_CART_DAYS', 90),
    },
    secureCookies: publicUrl.startsWith('https://'),
    trustProxy: env.COMPTOIR_TRUST_PROXY === '1',
    contactEmail: env.COMPTOIR_CONTACT_EMAIL || '',
    sourceUrl: env.COMPTOIR_SOURCE_URL || '',
    stripeSecretKey: env.STRIPE_SECRET_KEY || undefined,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.COMPTOIR_MAIL_FROM || `Comptoir <no-reply@${new URL(publicUrl).hostname}>`,
    webhooksAllowLocal: env.COMPTOIR_WEBHOOKS_ALLOW_LOCAL === '1',
    cardsAllowPrivate: env.COMPTOIR_CARDS_ALLOW_PRIVATE === '1',
    outboundAllowLocal: allowLocalOutbound(env, publicUrl),
    federation: env.COMPTOIR_FEDERATION !== '0',
    federationAllowPrivate: allowPrivateFederation(env, publicUrl),
    federationAuthorizedFetch: env.COMPTOIR_FEDERATION_AUTHORIZED_FETCH === '1',
    federationSlots: Math.max(1, int(env, 'COMPTOIR_FEDERATION_SLOTS', 3)),
    sourceSlots: Math.max(1, int(env, 'COMPTOIR_SOURCE_SLOTS', 16)),
    placesTileUrl: env.PLACES_TILE_URL || undefined,
    placesTileAttribution: env.PLACES_TILE_ATTRIBUTION || '',
    nodeTimeoutSeconds: Math.max(2, int(env, 'COMPTOIR_NODE_TIMEOUT', 5)),
    testPayments: {
      latencyMs: int(env, 'COMPTOIR_TEST_PAYMENTS_LATENCY_MS', 0),
      ledgerFile: env.COMPTOIR_TEST_PAYMENTS_LEDGER || undefined,
    },
    metricsToken: env.COMPTOIR_METRICS_TOKEN || undefined,
    metricsAddress: hostPort(env, 'COMPTOIR_METRICS_ADDRESS'),
    mediaS3: mediaS3(env),
  };
}

/** COMPTOIR_MEDIA_S3_*: unset bucket = the local media folder. */
export function mediaS3(env: NodeJS.ProcessEnv): MediaS3Settings | undefined {
  const bucket = env.COMPTOIR_MEDIA_S3_BUCKET;
  if (!bucket) return undefined;
  const accessKeyId = env.COMPTOIR_MEDIA_S3_ACCESS_KEY_ID || undefined;
  const secretAccessKey = env.COMPTOIR_MEDIA_S3_SECRET_ACCESS_KEY || undefined;
  if (!accessKeyId !== !secretAccessKey)
    throw new Error('COMPTOIR_MEDIA_S3_ACCESS_KEY_ID and COMPTOIR_MEDIA_S3_SECRET_ACCESS_KEY go together');
  return {
    bucket,
    region: env.COMPTOIR_MEDIA_S3_REGION || 'us-east-1',
    endpoint: env.COMPTOIR_MEDIA_S3_ENDPOINT || undefined,
    accessKeyId,
    secretAccessKey,
    forcePathStyle: env.COMPTOIR_MEDIA_S3_PATH_STYLE === '1',
    prefix: env.COMPTOIR_MEDIA_S3_PREFIX || '',
    publicUrl: env.COMPTOIR_MEDIA_PUBLIC_URL || undefined,
  };
}

/** `host:port` (`[::1]:9464` for IPv6), or undefined when unset. */
function hostPort(env: NodeJS.ProcessEnv, name: string): { host: string; port: number } | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  const match = /^(?:\[([^\]]+)\]|([^:\s]+)):(\d{1,5})$/.exec(raw);
  const port = Number(match?.[3]);
  if (!match || port < 1 || port > 65535) throw new Error(`${name} must look like "127.0.0.1:9464", got "${raw}"`);
  return { host: match[1] ?? match[2], port };
}

/** COMPTOIR_OUTBOUND_ALLOW_LOCAL=1, refused on a public https server where users could make it reach the machine's own services. */
function allowLocalOutbound(env: NodeJS.ProcessEnv, publicUrl: string): boolean {
  if (env.COMPTOIR_OUTBOUND_ALLOW_LOCAL !== '1') return false;
  if (publicUrl.startsWith('https://'))
    throw new Error(
      'COMPTOIR_OUTBOUND_ALLOW_LOCAL=1 is for development only: it is refused when COMPTOIR_URL is https://',
    );
  return true;
}

/** COMPTOIR_FEDERATION_ALLOW_PRIVATE=1, refused on a public https server where it would open private addresses to remote servers. */
function allowPrivateFederation(env: NodeJS.ProcessEnv, publicUrl: string): boolean {
  if (env.COMPTOIR_FEDERATION_ALLOW_PRIVATE !== '1') return false;
  if (publicUrl.startsWith('https://'))
    throw new Error(
      'COMPTOIR_FEDERATION_ALLOW_PRIVATE=1 is for development only: it is refused when COMPTOIR_URL is https://',
    );
  return true;
}

/** A replica only makes sense beside a PostgreSQL server: refused alone, where it would be silently unused. */
function replicaUrl(env: NodeJS.ProcessEnv): string | undefined {
  const url = env.DATABASE_REPLICA_URL || undefined;
  if (url && !env.DATABASE_URL) throw new Error('DATABASE_REPLICA_URL needs DATABASE_URL (the primary server) as well');
  return url;
}

/**
 * The source the Content-Security-Policy must allow images from for the places map's tiles: the
 * tile template's origin (`{s}` subdomains as a wildcard); empty when no tile server is set.
 */
export function tileImageSource(template: string | undefined): string {
  if (!template) return '';
  try {
    const url = new URL(template.replace(/\{s\}/g, 'tile-subdomain'));
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return '';
    return `${url.protocol}//${url.host.replace(/^tile-subdomain\./, '*.')}`;
  } catch {
    return '';
  }
}
