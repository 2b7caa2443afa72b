/**
 * The brand back-office's "Campagnes / Campaigns" section: one page, /brands/:username/campaigns,
 * listing a block per kind of campaign. Each campaign part adds ONE line to `campaignBlocks`
 * (its page under the section, its title and text, the permission its page checks).
 */
import type { RouteModule } from '../../http/app';
import { addBackofficeSection } from '../../web/backoffice';
import type { MessageKey } from '../../web/i18n';
import { brandTheme, loginRedirect, renderError, renderPage, tOf } from '../../web/page';
import { findBrand, roleAllows, roleIn, type Permission } from '../accounts';

export type CampaignBlock = {
  key: string;
  order: number;
  /** Under /brands/:username/ (no leading slash). */
  path: string;
  title: MessageKey;
  text: MessageKey;
  permission: Permission;
};

export const campaignBlocks: CampaignBlock[] = [
  {
    key: 'popups',
    order: 10,
    path: 'campaigns/popups',
    title: 'campaigns.popups',
    text: 'campaigns.popups_text',
    permission: 'campaigns.announce',
  },
  {
    key: 'sales',
    order: 20,
    path: 'sales',
    title: 'bo.sales',
    text: 'campaigns.sales_text',
    permission: 'campaigns.manage',
  },
  {
    key: 'presales',
    order: 30,
    path: 'presales',
    title: 'bo.presales',
    text: 'campaigns.presales_text',
    permission: 'campaigns.manage',
  },
  {
    key: 'contests',
    order: 50,
    path: 'contests',
    title: 'bo.contests',
    text: 'campaigns.contests_text',
    permission: 'campaigns.announce',
  },
];

export const campaignSection: RouteModule = (app, ctx) => {
  addBackofficeSection({
    key: 'campaigns',
    // After Places (40) and its code check (45).
    order: 48,
    path: 'campaigns',
    label: 'bo.campaigns',
    permission: 'campaigns.announce',
    also: campaignBlocks.map((b) => b.path),
  });
  app.get('/brands/:username/campaigns', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const t = tOf(c);
    const brand = await findBrand(ctx, c.req.param('username') ?? '');
    if (!brand) return renderError(c, 404, t('error.not_found'), ctx);
    const role = await roleIn(ctx, brand.id, viewer.accountId);
    if (!roleAllows(role, 'campaigns.announce')) return renderError(c, 403, t('popup.manage_only'), ctx);
    const name = brand.displayName || brand.username;
    const blocks = [...campaignBlocks].sort((a, b) => a.order - b.order).filter((b) => roleAllows(role, b.permission));
    return renderPage(
      c,
      {
        meta: { title: t('campaigns.title', { name }), noindex: true },
        theme: brandTheme(brand),
        body: (
          <div class="narrow-wide stack campaigns-page">
            <header class="page-header">
              <h1>{t('campaigns.title', { name })}</h1>
              <p class="lead">{t('campaigns.lead')}</p>
            </header>
            <ul class="campaign-blocks">
              {blocks.map((b) => (
                <li class="card campaign-block" data-campaign={b.key}>
                  <h2>
                    <a href={`/brands/${brand.username}/${b.path}`}>{t(b.title)}</a>
                  </h2>
                  <p class="muted">{t(b.text)}</p>
                </li>
              ))}
            </ul>
          </div>
        ),
      },
      ctx,
    );
  });
};
