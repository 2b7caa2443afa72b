/**
 * A brand's legal pages: /@brand/legal (identity and current terms of sale, public),
 * /@brand/legal/terms/:version (any version, as orders link to the one they accepted), and the
 * back-office's "Informations légales" form (/brands/:username/legal, owners and admins; the rest
 * of the team gets 403, anyone else the 404 page).
 */
import type { RouteModule } from '../../../http/app';
import { AppError } from '../../../http/errors';
import { readParams, str } from '../../../http/params';
import { addBackofficeSection } from '../../../web/backoffice';
import type { MessageKey } from '../../../web/i18n';
import { fr } from '../../../web/i18n/fr';
import { brandTheme, loginRedirect, renderError, renderPage, tOf } from '../../../web/page';
import { findBrand } from '../../accounts';
import { HANDLE, type Ctx } from '../catalog/page-helpers';
import { assertTeam } from '../orders';
import { LegalForm, legalFields, toInput, type LegalFormValues } from './form';
import { readBrandLegal, termsHistory, termsVersion, updateBrandLegal, type BrandLegal } from './identity';
import { BrandLegalLink, LegalPage, legalPath, TermsVersionPage } from './views';
import { productPageExtensions } from '../extensions';
import { accounts } from '../../../db/schema';
import { eq } from 'drizzle-orm';

addBackofficeSection({ key: 'legal', order: 97, path: 'legal', label: 'bo.legal', permission: 'editProfile' });

const valuesOf = (legal: BrandLegal): LegalFormValues => {
  const i = legal.identity;
  return {
    company_name: i?.companyName ?? '',
    legal_form: i?.legalForm ?? '',
    siren: i?.siren ?? '',
    address: i?.address ?? '',
    vat_number: i?.vatNumber ?? '',
    contact_email: i?.contactEmail ?? '',
    contact_phone: i?.contactPhone ?? '',
    mediator_name: i?.mediatorName ?? '',
    mediator_url: i?.mediatorUrl ?? '',
    terms_of_sale: legal.terms?.body ?? '',
  };
};

export const legalPages: RouteModule = (app, ctx) => {
  // Product pages end with the link to the brand's legal notice and terms: registered with the routes,
  // after the links' sections (src/links/), so it comes last.
  productPageExtensions.register({
    name: 'brand-legal',
    async load(db, input) {
      const [row] = await db
        .select({ username: accounts.username })
        .from(accounts)
        .where(eq(accounts.id, input.brandId));
      return row?.username ?? null;
    },
    render: (v, username) => (typeof username === 'string' ? <BrandLegalLink t={v.t} username={username} /> : null),
  });

  const brandByHandle = async (c: Ctx) => {
    const brand = await findBrand(ctx, c.req.param('handle')!.slice(1));
    return brand && `@${brand.username}` === c.req.param('handle') ? brand : null;
  };
  const view = (c: Ctx) => ({ t: tOf(c), locale: c.get('locale') });

  app.get(`/${HANDLE}/legal`, async (c) => {
    const brand = await brandByHandle(c);
    if (!brand) return renderError(c, 404, tOf(c)('error.not_found'), ctx);
    const [legal, history] = await Promise.all([readBrandLegal(ctx.db, brand.id), termsHistory(ctx.db, brand.id)]);
    const v = view(c);
    return renderPage(
      c,
      {
        meta: {
          title: v.t('legal.page_title', { name: brand.displayName || brand.username }),
          url: `${ctx.config.publicUrl}${legalPath(brand.username)}`,
        },
        theme: brandTheme(brand),
        body: <LegalPage v={v} brand={brand} identity={legal.identity} terms={legal.terms} history={history} />,
      },
      ctx,
    );
  });

  app.get(`/${HANDLE}/legal/terms/:version{[0-9]{1,9}}`, async (c) => {
    const brand = await brandByHandle(c);
    const t = tOf(c);
    if (!brand) return renderError(c, 404, t('error.not_found'), ctx);
    const [terms, history] = await Promise.all([
      termsVersion(ctx.db, brand.id, Number(c.req.param('version'))),
      termsHistory(ctx.db, brand.id),
    ]);
    if (!terms) return renderError(c, 404, t('legal.terms_not_found'), ctx);
    const v = view(c);
    const name = brand.displayName || brand.username;
    return renderPage(
      c,
      {
        meta: { title: t('legal.terms_version_title', { name, version: terms.version }) },
        theme: brandTheme(brand),
        body: <TermsVersionPage v={v} brand={brand} terms={terms} current={history[0]?.version ?? terms.version} />,
      },
      ctx,
    );
  });

  // The back-office form ---------------------------------------------------------------------------
  const teamBrand = async (c: Ctx) => {
    const viewer = c.get('viewer');
    if (!viewer) return { response: loginRedirect(c) };
    const brand = await findBrand(ctx, c.req.param('username') ?? '');
    try {
      if (!brand) throw new AppError(404, 'not_found', 'Brand not found');
      await assertTeam(ctx.db, viewer.accountId, brand.id, 'editProfile');
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const status = error.status === 403 ? 403 : 404;
      return { response: renderError(c, status, status === 403 ? error.message : tOf(c)('error.not_found'), ctx) };
    }
    return { brand, actorId: viewer.accountId };
  };

  const formPage = async (
    c: Ctx,
    brand: NonNullable<Awaited<ReturnType<typeof findBrand>>>,
    extra: { values?: LegalFormValues; error?: { field: string; message: string }; notice?: string } = {},
  ) => {
    const legal = await readBrandLegal(ctx.db, brand.id);
    const v = view(c);
    return renderPage(
      c,
      {
        meta: { title: v.t('legal.bo_title'), noindex: true },
        theme: brandTheme(brand),
        status: extra.error ? 422 : 200,
        body: (
          <LegalForm
            v={v}
            csrf={c.get('csrfToken')}
            username={brand.username}
            values={extra.values ?? valuesOf(legal)}
            terms={legal.terms}
            filled={legal.identity !== null}
            error={extra.error}
            notice={extra.notice}
          />
        ),
      },
      ctx,
    );
  };

  app.get('/brands/:username/legal', async (c) => {
    const found = await teamBrand(c);
    if (!found.brand) return found.response;
    const t = tOf(c);
    const saved = c.req.query('saved');
    const notice =
      saved === undefined
        ? undefined
        : /^[0-9]{1,9}$/.test(saved)
          ? t('legal.bo_saved_version', { version: saved })
          : t('legal.bo_saved');
    return formPage(c, found.brand, { notice });
  });

  app.post('/brands/:username/legal', async (c) => {
    const found = await teamBrand(c);
    if (!found.brand) return found.response;
    const p = await readParams(c);
    const values = Object.fromEntries(legalFields.map((f) => [f, str(p, f) ?? ''])) as LegalFormValues;
    try {
      const saved = await updateBrandLegal(ctx, found.actorId, found.brand.id, toInput(values));
      const query = saved.termsChanged ? `?saved=${saved.terms!.version}` : '?saved';
      return c.redirect(`/brands/${found.brand.username}/legal${query}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 422) throw error;
      const key = `legal.error.${error.code}`;
      const message = key in fr ? tOf(c)(key as MessageKey) : error.message;
      const field = typeof error.details?.field === 'string' ? error.details.field : 'company_name';
      return formPage(c, found.brand, { values, error: { field, message } });
    }
  });
};
