/**
 * Publishing from the pages: POST /statuses (multipart: text, images with alt text, a poll,
 * visibility, language, "post as"). Errors re-render the composer with the message and what was
 * typed (422, or the error's own status); success goes back to where the form was (303).
 */
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context';
import type { RouteModule } from '../../http/app';
import { AppError, unprocessable } from '../../http/errors';
import { readParams, type Params } from '../../http/params';
import { hitRateLimit } from '../../http/rate-limit';
import { uuidv7 } from '../../db/ids';
import { renderPage } from '../../web/page';
import { brandsOf, findByUsername, getAccount, permissions, type Account, type BrandRole } from '../accounts';
import { storeImage } from '../media';
import { composerExtras, extensionInput } from './extensions';
import { loadVisible } from './hydrate';
import { createStatus, MAX_MEDIA, POLL } from './posts';
import { mediaAttachments } from './schema';
import { textLength } from './text';
import { Composer, emptyComposer, POLL_DURATIONS, type ComposerValues, type PostAsOption } from './views/composer';
import { StatusCard } from './views/status';
import {
  actorOf,
  backTarget,
  errorMessage,
  loginPath,
  socialContext,
  UUID,
  viewContext,
  type Actor,
  type ViewContext,
} from './web-shared';

/** "Post as" choices: oneself, then each brand whose team lets this person post. */
export async function postAsOptions(ctx: AppContext, actor: Actor): Promise<PostAsOption[]> {
  const me = await getAccount(ctx, actor.personId);
  const brands = await brandsOf(ctx, actor.personId);
  const mayPost = (role: BrandRole) => (permissions.post as readonly BrandRole[]).includes(role);
  return [
    { value: 'self', label: me.displayName || `@${me.username}` },
    ...brands
      .filter((b) => mayPost(b.role))
      .map((b) => ({ value: b.brand.username, label: b.brand.displayName || `@${b.brand.username}` })),
  ];
}

/** The composer's default "post as": the brand the person acts for, else themselves. */
export async function defaultPostAs(ctx: AppContext, actor: Actor): Promise<string> {
  if (actor.actorId === actor.personId) return 'self';
  return (await getAccount(ctx, actor.actorId)).username;
}

/** What a composer shows beside the text box: whom to post as, and the linked modules' extras. */
export async function composerSetup(ctx: AppContext, actor: Actor, v: ViewContext) {
  const [options, postAs, extras] = await Promise.all([
    postAsOptions(ctx, actor),
    defaultPostAs(ctx, actor),
    composerExtras(ctx.db, v, actor.actorId),
  ]);
  return { options, postAs, extras };
}

const str = (params: Params, key: string) => (typeof params[key] === 'string' ? (params[key] as string) : '');

function readValues(params: Params): ComposerValues {
  return {
    text: str(params, 'text'),
    visibility: str(params, 'visibility') || 'public',
    language: str(params, 'language') || 'auto',
    postAs: str(params, 'post_as') || 'self',
    pollOptions: Array.from({ length: POLL.maxOptions }, (_, i) => str(params, `poll_option_${i}`)),
    pollExpiresIn: str(params, 'poll_expires_in') || '86400',
    pollMultiple: ['1', 'on', 'true'].includes(str(params, 'poll_multiple')),
    alts: Array.from({ length: MAX_MEDIA }, (_, i) => str(params, `alt_${i}`)),
    spoilerText: str(params, 'spoiler_text'),
  };
}

const files = (params: Params) =>
  Array.from({ length: MAX_MEDIA }, (_, i) => ({ file: params[`media_${i}`], alt: str(params, `alt_${i}`) })).filter(
    (x): x is { file: File; alt: string } => x.file instanceof File && x.file.size > 0,
  );

async function publish(ctx: AppContext, actor: Actor, params: Params, values: ComposerValues) {
  const inReplyToId = str(params, 'in_reply_to_id') || null;
  const quoteOfId = str(params, 'quote_of_id') || null;
  for (const id of [inReplyToId, quoteOfId])
    if (id && !UUID.test(id)) throw new AppError(404, 'not_found', 'Status not found');
  const images = files(params);
  const pollOptions = values.pollOptions.map((o) => o.trim()).filter(Boolean);
  // Cheap checks first, so nothing is stored for a post that cannot be published.
  if (textLength(values.text.replace(/\r\n?/g, '\n')) > ctx.config.postMaxChars) {
    throw unprocessable('text_too_long', `A post has at most ${ctx.config.postMaxChars} characters`, {
      max: ctx.config.postMaxChars,
    });
  }
  if (images.length && pollOptions.length)
    throw unprocessable('poll_with_media', 'A post cannot have both a poll and images');
  if (pollOptions.length === 1)
    throw unprocessable('invalid_poll', `A poll has ${POLL.minOptions} to ${POLL.maxOptions} options`, {
      min: POLL.minOptions,
      max: POLL.maxOptions,
    });
  const expiresIn = Number(values.pollExpiresIn);
  if (pollOptions.length && !(POLL_DURATIONS as readonly number[]).includes(expiresIn))
    throw unprocessable('invalid_poll', 'Choose a poll duration');
  if (!['auto', 'fr', 'en'].includes(values.language))
    throw unprocessable('invalid_language', 'Language must be fr or en');

  let authorId = actor.personId;
  if (values.postAs && values.postAs !== 'self') {
    const brand = await findByUsername(ctx, values.postAs);
    const allowed = brand && (await postAsOptions(ctx, actor)).some((o) => o.value === brand.username);
    if (!brand || !allowed) throw new AppError(403, 'role_not_allowed', 'You cannot post for this account');
    authorId = brand.id;
  }
  await hitRateLimit(ctx.db, `post:${actor.personId}`, ctx.config.rateLimits.post);

  const mediaIds: string[] = [];
  for (const { file, alt } of images) {
    const stored = await storeImage(ctx.media, new Uint8Array(await file.arrayBuffer()), 'attachment', {
      maxBytes: ctx.config.mediaMaxBytes,
    });
    const id = uuidv7();
    await ctx.db.insert(mediaAttachments).values({
      id,
      accountId: actor.personId,
      path: stored.path,
      previewPath: stored.previewPath,
      width: stored.width,
      height: stored.height,
      description: [...alt.trim()].slice(0, 1500).join(''),
    });
    mediaIds.push(id);
  }
  try {
    return await createStatus(
      socialContext(ctx),
      authorId,
      {
        text: values.text,
        visibility: values.visibility,
        language: values.language === 'auto' ? null : values.language,
        spoilerText: values.spoilerText,
        inReplyToId,
        quoteOfId,
        mediaIds,
        poll: pollOptions.length ? { options: pollOptions, expiresIn, multiple: values.pollMultiple } : null,
        extensions: extensionInput(params),
      },
      authorId === actor.personId ? null : actor.personId,
    );
  } catch (error) {
    // The images were stored for this post only: drop their rows (the files are unreachable).
    for (const id of mediaIds)
      await ctx.db
        .delete(mediaAttachments)
        .where(eq(mediaAttachments.id, id))
        .catch(() => {});
    throw error;
  }
}

export const composePages: RouteModule = (app, ctx) => {
  // The composer as a page of its own: the phones' compose button leads here (no script needed).
  app.get('/compose', async (c) => {
    const actor = await actorOf(c, ctx);
    if (!actor) return c.redirect(loginPath(c), 303);
    const v = viewContext(c, ctx, actor.actorId);
    const { options, postAs, extras } = await composerSetup(ctx, actor, v);
    return renderPage(c, {
      meta: { title: v.t('social.composer.title'), noindex: true },
      body: (
        <div class="narrow-wide">
          <h1>{v.t('social.composer.title')}</h1>
          <Composer
            v={v}
            maxChars={ctx.config.postMaxChars}
            values={emptyComposer(postAs)}
            postAsOptions={options}
            next="/home"
            extras={extras}
            idPrefix="compose-page"
            autofocus
          />
        </div>
      ),
    });
  });

  app.post('/statuses', async (c) => {
    const actor = await actorOf(c, ctx);
    if (!actor) return c.redirect(loginPath(c), 303);
    const params = await readParams(c);
    const values = readValues(params);
    const next = backTarget(c, str(params, 'next'), '/home');
    try {
      const status = await publish(ctx, actor, params, values);
      const target = next.split('#')[0];
      return c.redirect(status.inReplyToId || status.quoteOfId ? `${target}#status-${status.id}` : target, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const v = viewContext(c, ctx, actor.actorId);
      const inReplyToId = str(params, 'in_reply_to_id');
      const quoteOfId = str(params, 'quote_of_id');
      const context = await contextFor(
        ctx,
        actor.actorId,
        [inReplyToId, quoteOfId].filter((id) => UUID.test(id)),
      );
      const replyTo = inReplyToId && context.accounts.get(inReplyToId);
      const quoteOf = quoteOfId && context.accounts.get(quoteOfId);
      const status =
        error.status === 413 || error.status === 429 || error.status === 403 || error.status === 404
          ? error.status
          : 422;
      if (error.status === 429 && error.details?.retry_after)
        c.header('Retry-After', String(error.details.retry_after));
      return renderPage(c, {
        status,
        meta: { title: v.t('social.composer.error_title'), noindex: true },
        body: (
          <div class="narrow-wide">
            <h1>{v.t('social.composer.error_title')}</h1>
            {context.h && context.ids.length ? (
              <div class="timeline compose-context">
                {context.ids.map((id) => (
                  <StatusCard v={v} h={context.h!} id={id} />
                ))}
              </div>
            ) : null}
            <Composer
              v={v}
              maxChars={ctx.config.postMaxChars}
              values={values}
              postAsOptions={await postAsOptions(ctx, actor)}
              next={next}
              replyTo={replyTo ? { id: inReplyToId, username: replyTo.username } : null}
              quoteOf={quoteOf ? { id: quoteOfId, username: quoteOf.username } : null}
              error={errorMessage(v.t, error)}
              autofocus
              extras={inReplyToId || quoteOfId ? null : await composerExtras(ctx.db, v, actor.actorId, params)}
            />
          </div>
        ),
      });
    }
  });
};

/** The post being answered or quoted, shown above the composer when it comes back with an error. */
async function contextFor(ctx: AppContext, viewerId: string, ids: string[]) {
  const accounts = new Map<string, Account>();
  if (ids.length === 0) return { h: null, ids: [], accounts };
  const { hydrated, ids: visible } = await loadVisible(ctx, viewerId, ids, { keepMuted: true });
  for (const id of visible) {
    const s = hydrated.statuses.get(id);
    const a = s && hydrated.accounts.get(s.accountId);
    if (a) accounts.set(id, a);
  }
  return { h: hydrated, ids: visible, accounts };
}
