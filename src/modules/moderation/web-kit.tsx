/**
 * What the moderation pages share: the request's view (translations, locale, CSRF token), form
 * reading, and the helpers every route group uses (error pages, the brand in the path, the tabs).
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppContext } from '../../context';
import { AppError } from '../../http/errors';
import type { Params } from '../../http/params';
import type { AppEnv } from '../../http/types';
import type { MessageKey } from '../../web/i18n';
import { localeOf, renderError, tOf } from '../../web/page';
import { findBrand, type Account } from '../accounts';
import { moderationContext } from './api';
import type { ConsoleView } from './views/console';

export type Ctx = Context<AppEnv>;
export const PAGE = 20;
export const viewOf = (c: Ctx): ConsoleView => ({ t: tOf(c), locale: localeOf(c), csrf: c.get('csrfToken') });
export const str = (p: Params, k: string) => (typeof p[k] === 'string' ? (p[k] as string) : '');

export type WebKit = ReturnType<typeof webKit>;

export function webKit(ctx: AppContext) {
  const mctx = moderationContext(ctx);

  const failPage = (c: Ctx, error: unknown) => {
    if (error instanceof AppError && (error.status === 403 || error.status === 404))
      return renderError(c, error.status, error.message, ctx);
    throw error;
  };

  const brandOf = (c: Ctx): Promise<Account | null> => findBrand({ db: ctx.db }, c.req.param('username') ?? '');

  const tabs = (c: Ctx, brand: Account | null, current: 'queue' | 'policy' | 'audit'): Child => {
    // A brand's pages sit in its back-office, whose navigation (src/web/backoffice.tsx) lists them.
    if (brand) return null;
    const t = tOf(c);
    const base = '/moderation/platform';
    const link = (href: string, key: MessageKey, name: typeof current) => (
      <a href={href} aria-current={current === name ? 'page' : undefined}>
        {t(key)}
      </a>
    );
    return (
      <nav class="mod-tabs" aria-label={t('mod.title')}>
        {link(base, 'mod.queue', 'queue')}
        {link(`${base}/audit`, 'mod.audit', 'audit')}
        {/* Blocked servers: federation's page (src/modules/federation/moderation/web.tsx). */}
        <a href={`${base}/domains`}>{t('fedmod.tab')}</a>
      </nav>
    );
  };

  return { mctx, failPage, brandOf, tabs };
}
