/**
 * Profiles: /@username (posts, posts & replies, media), its followers and followings, and the
 * follow / mute / block buttons. A brand's page wears its charter colours and a "Brand" badge.
 */
import type { AppContext } from '../../context';
import type { RouteModule } from '../../http/app';
import { AppError } from '../../http/errors';
import { readParams } from '../../http/params';
import { PaginationLink } from '../../web/components';
import { brandTheme, renderError, renderPage } from '../../web/page';
import { pageCache } from '../../web/page-cache';
import {
  findByUsername,
  getAccount,
  profileUrl,
  remoteAccountShown,
  resolveAccount,
  roleIn,
  type Account,
} from '../accounts';
import { renderProfileSections } from './extensions';
import { block, follow, followList, mute, relationships, unblock, unfollow, unmute, type Relationship } from './graph';
import { accountSkeleton } from './timelines';
import { FeedIcons, FeedLinks } from './views/feed-links';
import { AccountItem, ProfileActions, ProfileHeader, ProfileTabs, type ProfileTab } from './views/profile';
import { profilePath } from './views/status';
import { HANDLE, previewImage } from './web-status';
import { Timeline, timelineData } from './web-timelines';
import {
  actorOf,
  backTarget,
  cursor,
  errorMessage,
  isHtmx,
  loginPath,
  plainExcerpt,
  socialContext,
  viewContext,
  type Ctx,
} from './web-shared';

const FOLLOW_PAGE = 40;

async function relationshipOf(
  ctx: AppContext,
  viewerId: string | null,
  account: Account,
): Promise<Relationship | null> {
  if (!viewerId || viewerId === account.id) return null;
  const [r] = await relationships(ctx.db, viewerId, [account.id]);
  return r ?? null;
}

function editHref(account: Account): string {
  return account.kind === 'brand' ? `/brands/${account.username}/settings` : '/settings';
}

function profileMeta(ctx: AppContext, v: ReturnType<typeof viewContext>, account: Account, suffix?: string) {
  const name = account.displayName || account.username;
  return {
    title: `${name} (@${account.username})${suffix ? ` · ${suffix}` : ''}`,
    description: plainExcerpt(account.note, 200) || v.t('social.profile.description', { name }),
    url: profileUrl(ctx.config, account),
    image: previewImage(ctx, account),
    type: 'profile' as const,
  };
}

const notFoundProfile = (c: Ctx, ctx: AppContext) =>
  renderError(c, 404, viewContext(c, ctx, null).t('social.profile.not_found'), ctx);

export const profilePages: RouteModule = (app, ctx) => {
  const social = socialContext(ctx);

  /**
   * The account of a handle: ours, a remote one known here, or (for a signed-in visitor) a remote
   * one fetched from its server now. A remote account shown is refreshed and its recent posts
   * fetched (federation, through accounts' resolvers), bounded in time.
   */
  const remoteOrLocal = async (c: Ctx, handle: string): Promise<Account | null> => {
    let found = await findByUsername(ctx, handle);
    if (!found && handle.includes('@') && c.get('viewer')) {
      const id = await resolveAccount(ctx, handle);
      found = id ? await getAccount(ctx, id) : null;
    }
    if (!found?.domain) return found;
    await remoteAccountShown(ctx, found.id);
    return getAccount(ctx, found.id);
  };

  const showProfile = async (c: Ctx, tab: ProfileTab) => {
    const found = await remoteOrLocal(c, c.req.param('handle')!.slice(1));
    if (!found) return notFoundProfile(c, ctx);
    // A suspended account keeps its name (threads still read) but shows nothing it wrote.
    const suspended = found.suspendedAt !== null;
    const account = suspended ? { ...found, note: '', website: '', location: '', fields: [] } : found;
    if (`@${account.username}` !== c.req.param('handle')) {
      const url = new URL(c.req.url);
      return c.redirect(url.pathname.replace(/^\/@[^/]+/, `/@${account.username}`) + url.search, 301);
    }
    const actor = await actorOf(c, ctx);
    const viewerId = actor?.actorId ?? null;
    const v = viewContext(c, ctx, viewerId);
    const relationship = await relationshipOf(ctx, viewerId, account);
    const person = c.get('viewer')?.accountId;
    const onTeam = account.kind === 'brand' && person ? (await roleIn(ctx, account.id, person)) !== null : false;
    const skeleton =
      relationship?.blockedBy || suspended
        ? []
        : await accountSkeleton(ctx.reads, viewerId, account.id, {
            maxId: cursor(c),
            excludeReplies: tab === 'posts',
            onlyMedia: tab === 'media',
            excludeReblogs: tab === 'media',
          });
    // On someone's own page their posts show even when the viewer muted them.
    const data = await timelineData(ctx, viewerId, skeleton, null, { keepMuted: true });
    // Other modules' sections (badges, places), not for a suspended account.
    const sections = suspended || tab !== 'posts' ? [] : await renderProfileSections(ctx.db, v, account);
    const tabName =
      tab === 'posts'
        ? undefined
        : tab === 'replies'
          ? v.t('social.profile.tab_replies')
          : v.t('social.profile.tab_media');
    return renderPage(c, {
      meta: {
        ...profileMeta(ctx, v, account, tabName),
        // A remote account's page is a copy: search engines index it on its own server.
        noindex: Boolean(cursor(c)) || tab !== 'posts' || suspended || Boolean(account.domain),
        // A brand's page embeds as its reviews widget.
        oembed: account.kind === 'brand' && tab === 'posts' && !suspended && !account.domain,
        // A remote account's feeds are its server's to publish.
        head: account.domain ? undefined : (
          <FeedLinks
            base={`/@${account.username}`}
            title={`${account.displayName || account.username} (@${account.username})`}
          />
        ),
      },
      theme: account.kind === 'brand' ? brandTheme(account) : undefined,
      body: (
        <div class="narrow-wide profile-page">
          <ProfileHeader
            v={v}
            account={account}
            relationship={relationship}
            editHref={editHref(account)}
            manageHref={onTeam ? `/brands/${account.username}/manage` : null}
          >
            <ProfileTabs v={v} account={account} current={tab} />
          </ProfileHeader>
          {account.domain ? null : <FeedIcons v={v} base={`/@${account.username}`} />}
          {sections}
          <Timeline
            c={c}
            v={v}
            data={data}
            stream={tab === 'posts' && !relationship?.blockedBy ? `account:${account.id}` : null}
            label={v.t('social.profile.timeline', { name: account.displayName || account.username })}
            empty={
              relationship?.blockedBy
                ? v.t('social.profile.blocked_by')
                : suspended
                  ? v.t('social.profile.suspended')
                  : v.t('social.profile.empty')
            }
          />
        </div>
      ),
    });
  };

  // The same for every logged-out visitor: rendered once per version of the data (web/page-cache.ts).
  const cached = pageCache(ctx);
  const tabs = {
    posts: cached.page((c: Ctx) => showProfile(c, 'posts'), { params: ['max_id'] }),
    replies: cached.page((c: Ctx) => showProfile(c, 'replies'), { params: ['max_id'] }),
    media: cached.page((c: Ctx) => showProfile(c, 'media'), { params: ['max_id'] }),
  };
  app.get(`/${HANDLE}`, (c) => tabs.posts(c));
  app.get(`/${HANDLE}/with_replies`, (c) => tabs.replies(c));
  app.get(`/${HANDLE}/media`, (c) => tabs.media(c));

  for (const direction of ['followers', 'following'] as const) {
    app.get(`/${HANDLE}/${direction}`, async (c) => {
      const account = await findByUsername(ctx, c.req.param('handle').slice(1));
      if (!account) return notFoundProfile(c, ctx);
      const actor = await actorOf(c, ctx);
      const viewerId = actor?.actorId ?? null;
      const v = viewContext(c, ctx, viewerId);
      const relationship = await relationshipOf(ctx, viewerId, account);
      const people = await followList(ctx.db, account.id, direction, { maxId: cursor(c), limit: FOLLOW_PAGE });
      const title = v.t(`social.profile.${direction}_title`, { name: account.displayName || account.username });
      const older =
        people.length === FOLLOW_PAGE
          ? `${profilePath(account)}/${direction}?max_id=${people[people.length - 1].id}`
          : null;
      return renderPage(c, {
        meta: { ...profileMeta(ctx, v, account, v.t(`social.profile.${direction}_short`)), noindex: true },
        theme: account.kind === 'brand' ? brandTheme(account) : undefined,
        body: (
          <div class="narrow-wide profile-page">
            <ProfileHeader v={v} account={account} relationship={relationship} editHref={editHref(account)}>
              <nav class="tabs" aria-label={v.t('social.profile.tabs')}>
                <a href={profilePath(account)}>{v.t('social.profile.tab_posts')}</a>
                <a
                  href={`${profilePath(account)}/followers`}
                  aria-current={direction === 'followers' ? 'page' : undefined}
                >
                  {v.t('social.profile.followers_short')}
                </a>
                <a
                  href={`${profilePath(account)}/following`}
                  aria-current={direction === 'following' ? 'page' : undefined}
                >
                  {v.t('social.profile.following_short')}
                </a>
              </nav>
            </ProfileHeader>
            <section class="card" aria-labelledby="list-title">
              <h2 id="list-title">{title}</h2>
              {people.length ? (
                <ul class="list">
                  {people.map((p) => (
                    <AccountItem v={v} account={p} />
                  ))}
                </ul>
              ) : (
                <p class="empty-state">{v.t(`social.profile.${direction}_empty`)}</p>
              )}
              {older ? (
                <nav class="pagination" aria-label={v.t('social.timeline.paging')}>
                  <PaginationLink href={older}>{v.t('social.timeline.more')}</PaginationLink>
                </nav>
              ) : null}
            </section>
          </div>
        ),
      });
    });
  }

  app.post(`/${HANDLE}/:action{follow|unfollow|block|unblock|mute|unmute}`, async (c) => {
    const actor = await actorOf(c, ctx);
    if (!actor) return isHtmx(c) ? c.text('Unauthorized', 401) : c.redirect(loginPath(c), 303);
    const account = await findByUsername(ctx, c.req.param('handle').slice(1));
    if (!account) return isHtmx(c) ? c.text('Not found', 404) : notFoundProfile(c, ctx);
    const params = await readParams(c);
    const next = backTarget(c, params.next, profilePath(account));
    const action = c.req.param('action');
    try {
      if (action === 'follow') await follow(social, actor.actorId, account.id);
      else if (action === 'unfollow') await unfollow(social, actor.actorId, account.id);
      else if (action === 'block') await block(social, actor.actorId, account.id);
      else if (action === 'unblock') await unblock(social, actor.actorId, account.id);
      else if (action === 'mute') await mute(social, actor.actorId, account.id);
      else await unmute(social, actor.actorId, account.id);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const t = viewContext(c, ctx, actor.actorId).t;
      if (isHtmx(c)) return c.text(errorMessage(t, error), error.status);
      return renderError(
        c,
        error.status === 404 || error.status === 403 ? error.status : 422,
        errorMessage(t, error),
        ctx,
      );
    }
    if (!isHtmx(c)) return c.redirect(next, 303);
    const fresh = await getAccount(ctx, account.id);
    const v = { ...viewContext(c, ctx, actor.actorId), back: next };
    return c.html(
      <ProfileActions
        v={v}
        account={fresh}
        relationship={await relationshipOf(ctx, actor.actorId, fresh)}
        editHref={editHref(fresh)}
      />,
    );
  });
};
