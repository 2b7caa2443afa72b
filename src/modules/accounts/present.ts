import type { Account } from './service';

export type UrlContext = { publicUrl: string };

/** The profile page here: `/@name` for ours, `/@name@host` for a remote account (its username is its handle). */
export const profileUrl = (ctx: UrlContext, account: Pick<Account, 'username'>) =>
  `${ctx.publicUrl}/@${account.username}`;

/** Mastodon's `username` (the name part) and `acct` (`name` for ours, `name@host` for a remote account). */
export function handleParts(account: Pick<Account, 'username' | 'domain'>): { username: string; acct: string } {
  if (!account.domain) return { username: account.username, acct: account.username };
  return { username: account.username.split('@')[0]!, acct: account.username };
}
export const mediaUrl = (ctx: UrlContext, path: string) => `${ctx.publicUrl}/media/${path}`;

function escapeText(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );
}

/** The note as Mastodon clients expect it: HTML, escaped, paragraphs and line breaks kept. */
export function noteHtml(note: string): string {
  if (!note) return '';
  return note
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeText(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** A Mastodon Account entity, with Comptoir's extras (kind, brand charter) as additional fields. */
export function presentAccount(ctx: UrlContext, account: Account) {
  const avatar = account.avatarPath ? mediaUrl(ctx, account.avatarPath) : `${ctx.publicUrl}/static/avatar.svg`;
  const header = account.headerPath ? mediaUrl(ctx, account.headerPath) : `${ctx.publicUrl}/static/header.svg`;
  return {
    id: account.id,
    ...handleParts(account),
    // A remote account: its page and ActivityPub id on its own server (stored with it by federation).
    url: account.domain ? (account.url ?? account.uri ?? profileUrl(ctx, account)) : profileUrl(ctx, account),
    uri: account.domain ? (account.uri ?? profileUrl(ctx, account)) : profileUrl(ctx, account),
    // Followers and followings are public on Comptoir.
    hide_collections: false,
    display_name: account.displayName,
    // A suspended account keeps its name (so threads still read) but shows nothing it wrote (Mastodon's `suspended`).
    note: account.suspendedAt ? '' : noteHtml(account.note),
    avatar,
    avatar_static: avatar,
    header,
    header_static: header,
    locked: account.locked,
    bot: account.bot,
    group: false,
    discoverable: account.discoverable,
    indexable: account.indexable,
    created_at: account.createdAt.toISOString(),
    last_status_at: account.lastPostAt ? account.lastPostAt.toISOString().slice(0, 10) : null,
    statuses_count: account.postsCount,
    followers_count: account.followersCount,
    following_count: account.followingCount,
    fields: account.suspendedAt
      ? []
      : [
          ...account.fields.map((f) => ({
            name: escapeText(f.name),
            value: fieldValueHtml(f.value),
            verified_at: null,
          })),
          ...(account.website
            ? [
                {
                  name: 'Website',
                  value: `<a href="${escapeText(account.website)}" rel="me nofollow noopener noreferrer" target="_blank">${escapeText(account.website)}</a>`,
                  verified_at: null,
                },
              ]
            : []),
          ...(account.location ? [{ name: 'Location', value: escapeText(account.location), verified_at: null }] : []),
        ],
    emojis: [],
    roles: [],
    ...(account.suspendedAt ? { suspended: true } : {}),
    // Comptoir extras
    kind: account.kind,
    location: account.location,
    website: account.website,
    brand: account.kind === 'brand' ? { primary_color: account.primaryColor, accent_color: account.accentColor } : null,
  };
}

/** A field's value as Mastodon clients expect it: HTML, escaped, an http(s) address as a link. */
export function fieldValueHtml(value: string): string {
  if (!/^https?:\/\/\S+$/i.test(value)) return escapeText(value);
  return `<a href="${escapeText(value)}" rel="me nofollow noopener noreferrer" target="_blank">${escapeText(value)}</a>`;
}

/** What the signed-in person may do on this server, as Mastodon's Role entity. */
export type ServerStanding = 'moderator' | 'user';

// Mastodon's permission bits: view_audit_log, manage_reports, manage_appeals, manage_users.
const MODERATOR_PERMISSIONS = (1 << 2) | (1 << 4) | (1 << 9) | (1 << 10);
const ROLES = {
  moderator: { id: '1', name: 'Moderator', permissions: String(MODERATOR_PERMISSIONS), color: '', highlighted: true },
  user: { id: '-99', name: '', permissions: '0', color: '', highlighted: false },
} as const;

/** verify_credentials adds the editable source fields and the person's role on this server. */
export function presentCredentialAccount(ctx: UrlContext, account: Account, standing: ServerStanding = 'user') {
  return {
    ...presentAccount(ctx, account),
    source: {
      note: account.note,
      fields: account.fields.map((f) => ({ name: f.name, value: f.value, verified_at: null })),
      privacy: 'public',
      sensitive: false,
      language: account.locale ?? 'fr',
      discoverable: account.discoverable,
      indexable: account.indexable,
      hide_collections: false,
      follow_requests_count: 0,
    },
    role: ROLES[standing],
    locale: account.locale,
  };
}
