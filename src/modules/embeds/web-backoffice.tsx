/**
 * The brand back-office's "Intégrer" page, /brands/:username/embed: pick a widget (the reviews, a
 * product, the latest shoppable posts, a public space), see the real iframe, copy the snippet; and
 * (owners and admins) set which websites may show the widgets. Any team role opens it; anyone
 * else gets the 404 page. The form posts with the CSRF token; a bad origin answers 422 with the
 * form kept as typed.
 */
import { sql } from 'drizzle-orm';
import type { Context } from 'hono';
import type { RouteModule } from '../../http/app';
import { readParams } from '../../http/params';
import type { AppEnv } from '../../http/types';
import { queryRows } from '../../db/client';
import { DomainError } from '../../lib/errors';
import { addBackofficeSection } from '../../web/backoffice';
import { CsrfField } from '../../web/components';
import { brandTheme, loginRedirect, renderError, renderPage, tOf } from '../../web/page';
import type { Account } from '../accounts';
import { listBrandSpaces } from '../community';
import { embedPath, embedSnippet, type WidgetRef } from './oembed';
import { brandEmbedSettings, MAX_ORIGINS, updateEmbedSettings, type EmbedOrigins } from './settings';

type Ctx = Context<AppEnv>;

addBackofficeSection({ key: 'embed', order: 95, path: 'embed', label: 'bo.embed', permission: 'read' });

/** The widgets a brand picks here (a single post is embedded by pasting its link: oEmbed). */
const KINDS = ['reviews', 'product', 'posts', 'space'] as const;
type Kind = (typeof KINDS)[number];

type Choice = { id: string; title: string };
type Form = { any: boolean; origins: string; error?: string };

export const embedBackoffice: RouteModule = (app, ctx) => {
  const load = async (c: Ctx) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    try {
      return await brandEmbedSettings(ctx, viewer.accountId, c.req.param('username') ?? '');
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found')
        return renderError(c, 404, tOf(c)('error.not_found'), ctx);
      throw error;
    }
  };

  const page = async (c: Ctx, brand: Account, settings: EmbedOrigins, mayEdit: boolean, form?: Form) => {
    const t = tOf(c);
    const [products, spaces] = await Promise.all([
      queryRows<{ id: string; title: string }>(
        ctx.db,
        sql`select id, title from products where brand_id = ${brand.id} and status = 'published' order by id desc limit 200`,
      ),
      listBrandSpaces(ctx.db, null, brand.id),
    ]);
    const publicSpaces: Choice[] = spaces
      .filter((s) => s.visibility === 'public')
      .map((s) => ({ id: s.id, title: s.name }));
    const asked = c.req.query('widget');
    const kind: Kind = KINDS.find((k) => k === asked) ?? 'reviews';
    const pick = (list: Choice[], id: string | undefined) => list.find((x) => x.id === id) ?? list[0] ?? null;
    const product = kind === 'product' ? pick(products, c.req.query('product')) : null;
    const space = kind === 'space' ? pick(publicSpaces, c.req.query('space')) : null;
    const ref: WidgetRef | null =
      kind === 'product'
        ? product && { kind, id: product.id }
        : kind === 'space'
          ? space && { kind, id: space.id }
          : { kind, id: brand.id };
    const name = brand.displayName || brand.username;
    const title = product?.title ?? space?.title ?? name;
    const shown = form ?? { any: settings.allowAnyOrigin, origins: settings.allowedOrigins.join('\n') };
    return renderPage(
      c,
      {
        meta: { title: t('embed.bo.title'), noindex: true },
        theme: brandTheme(brand),
        status: form?.error ? 422 : 200,
        body: (
          <div class="narrow-wide stack embed-backoffice">
            <h1>{t('embed.bo.title')}</h1>
            <p>{t('embed.bo.intro')}</p>
            <form method="get" action={`/brands/${brand.username}/embed`} class="inline stack">
              <label for="embed-widget">{t('embed.bo.widget')}</label>
              <select id="embed-widget" name="widget">
                {KINDS.map((k) => (
                  <option value={k} selected={k === kind}>
                    {t(`embed.bo.widget.${k}`)}
                  </option>
                ))}
              </select>
              {kind === 'product' && products.length ? (
                <>
                  <label for="embed-product">{t('embed.bo.product')}</label>
                  <select id="embed-product" name="product">
                    {products.map((p) => (
                      <option value={p.id} selected={p.id === product?.id}>
                        {p.title}
                      </option>
                    ))}
                  </select>
                </>
              ) : null}
              {kind === 'space' && publicSpaces.length ? (
                <>
                  <label for="embed-space">{t('embed.bo.space')}</label>
                  <select id="embed-space" name="space">
                    {publicSpaces.map((s) => (
                      <option value={s.id} selected={s.id === space?.id}>
                        {s.title}
                      </option>
                    ))}
                  </select>
                </>
              ) : null}
              <button type="submit" class="button secondary">
                {t('embed.bo.show')}
              </button>
            </form>
            {ref ? (
              <>
                <section class="card" aria-labelledby="embed-preview-title">
                  <h2 id="embed-preview-title">{t('embed.bo.preview')}</h2>
                  <iframe
                    src={embedPath(ref)}
                    title={title}
                    width="480"
                    height="480"
                    style="border:0;max-width:100%"
                    data-embed-preview={ref.kind}
                  />
                </section>
                <section class="card stack" aria-labelledby="embed-snippet-title">
                  <h2 id="embed-snippet-title">{t('embed.bo.snippet')}</h2>
                  <textarea id="embed-snippet" rows={5} readonly aria-labelledby="embed-snippet-title">
                    {embedSnippet(ctx.config.publicUrl, ref, title)}
                  </textarea>
                  <button
                    type="button"
                    class="button primary"
                    data-copy-from="embed-snippet"
                    data-copied={t('embed.bo.copied')}
                  >
                    {t('embed.bo.copy')}
                  </button>
                  <p class="hint">{t('embed.bo.oembed')}</p>
                </section>
              </>
            ) : (
              <p class="empty">{t('embed.bo.none')}</p>
            )}
            <section class="card stack" aria-labelledby="embed-origins-title">
              <h2 id="embed-origins-title">{t('embed.bo.origins')}</h2>
              <p>{t('embed.bo.origins_intro')}</p>
              {form?.error ? (
                <p class="form-error" role="alert">
                  {form.error}
                </p>
              ) : null}
              {mayEdit ? (
                <form method="post" action={`/brands/${brand.username}/embed`} class="stack">
                  <CsrfField token={c.get('csrfToken')} />
                  <label>
                    <input type="radio" name="allow_any_origin" value="true" checked={shown.any} /> {t('embed.bo.any')}
                  </label>
                  <label>
                    <input type="radio" name="allow_any_origin" value="false" checked={!shown.any} />{' '}
                    {t('embed.bo.list')}
                  </label>
                  <textarea name="allowed_origins" rows={4} aria-label={t('embed.bo.origins')}>
                    {shown.origins}
                  </textarea>
                  <button type="submit" class="button primary">
                    {t('embed.bo.save')}
                  </button>
                </form>
              ) : (
                <p class="hint">{t('embed.bo.read_only')}</p>
              )}
              {c.req.query('saved') ? <p role="status">{t('embed.bo.saved')}</p> : null}
            </section>
            <script src="/static/embeds.js" defer></script>
          </div>
        ),
      },
      ctx,
    );
  };

  app.get('/brands/:username/embed', async (c) => {
    const found = await load(c);
    if (found instanceof Response) return found;
    return page(c, found.brand, found.settings, found.mayEdit);
  });

  app.post('/brands/:username/embed', async (c) => {
    const found = await load(c);
    if (found instanceof Response) return found;
    const params = await readParams(c);
    const any = params.allow_any_origin;
    const originsText = typeof params.allowed_origins === 'string' ? params.allowed_origins : '';
    const input = {
      allow_any_origin: any === 'true' ? true : any === 'false' ? false : any,
      allowed_origins: originsText.split(/[\s,]+/).filter(Boolean),
    };
    try {
      await updateEmbedSettings(ctx, c.get('viewer')!.accountId, found.brand.id, input);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const t = tOf(c);
      if (error.kind === 'forbidden') return renderError(c, 403, t('embed.bo.read_only'), ctx);
      if (error.kind !== 'unprocessable') throw error;
      const message =
        error.code === 'too_many_origins'
          ? t('embed.bo.too_many', { max: MAX_ORIGINS })
          : t('embed.bo.invalid', { origin: String(error.details?.origin ?? '') });
      return page(c, found.brand, found.settings, found.mayEdit, {
        any: input.allow_any_origin === true,
        origins: originsText,
        error: message,
      });
    }
    return c.redirect(`/brands/${found.brand.username}/embed?saved=1`, 303);
  });
};
