// The sources page's view (web.tsx serves it): add, import, export, and each source's health.
import { CsrfField, Flash, RelativeTime } from '../../../web/components';
import type { T } from '../../../web/i18n';
import type { Account } from '../../accounts';
import { Header } from '../watches/views/pages';
import type { ImportError } from './opml';
import type { SourceView } from './service';

type Locale = 'fr' | 'en';

/** The fetch's error codes (get.ts, parse.ts) this page says in words; discovery's names map onto them. */
const CODES = new Set([
  'timeout',
  'too_large',
  'not_a_feed',
  'invalid_feed',
  'private_url',
  'invalid_url',
  'dns',
  'refused',
  'reset',
  'network',
  'tls',
  'not_found',
  'forbidden',
  'rate_limited',
  'server_error',
  'http_status',
  'redirects',
]);
const ALIASES: Record<string, string> = { feed_too_large: 'too_large' };

/**
 * An error in plain words from its stable code (`timeout`, `server_error`...), which the fetch
 * stores first (`code: details`) and discovery gives as the error's code or its `reason`. The HTTP
 * status, when the details name one, goes in the sentence. A code this page does not know yet
 * still reads as a sentence; text that is no code at all is shown as it is (escaped).
 */
export function errorText(t: T, raw: string, given?: string): string {
  const found = given ?? /^([a-z][a-z0-9_]*)(?::|$)/.exec(raw)?.[1];
  const code = found ? (ALIASES[found] ?? found) : undefined;
  if (!code) return raw;
  const status = /\b(?:HTTP |http_)(\d{3})\b/.exec(raw)?.[1] ?? '?';
  if (CODES.has(code)) return t(`source.error.${code}` as 'source.error.timeout', { status });
  return t('source.error.other', { code });
}

/** A refused form's message: the fetch's failures in plain words, the service's own messages as they are. */
export function formErrorText(t: T, error: { code: string; message: string; details?: Record<string, unknown> }) {
  const code = error.code === 'fetch_failed' ? String(error.details?.reason ?? '') : error.code;
  if (code === 'source_exists') return t('source.exists');
  if (!CODES.has(ALIASES[code] ?? code)) return error.message;
  return t('source.not_added', { message: errorText(t, error.message, code) });
}

/** An OPML entry's refusal in words (the service's own sentence for a code this page does not know). */
const importErrorText = (t: T, e: ImportError) =>
  e.code === 'too_many_sources'
    ? t('source.error.too_many_sources')
    : CODES.has(e.code)
      ? errorText(t, e.message, e.code)
      : e.message;

const DAY = 86_400_000;

/** A link taken from a feed (its site) only when it is a web address: never javascript: or data:. */
const webHref = (url: string | null): string | null => (url && /^https?:\/\//i.test(url) ? url : null);

export const SourcesPage = (p: {
  t: T;
  locale: Locale;
  csrf: string;
  brand: Account;
  list: SourceView[];
  canManage: boolean;
  now: Date;
  values: { url: string; name: string };
  notice?: string;
  error?: string;
  importErrors?: ImportError[];
}) => {
  const { t, brand } = p;
  const base = `/brands/${brand.username}/sources`;
  return (
    <div class="stack narrow-wide watch-page sources-page">
      <Header t={t} brand={brand} title={t('source.list_title', { name: brand.displayName || brand.username })}>
        <p>
          <a href={`/brands/${brand.username}/watches`}>{t('source.back_to_watches')}</a> ·{' '}
          <a href={`/api/v1/brands/${brand.id}/sources.opml`} download id="sources-export">
            {t('source.export')}
          </a>
        </p>
      </Header>
      {p.notice ? <Flash kind="success">{p.notice}</Flash> : null}
      {p.error ? (
        <Flash kind="error" title={t('form.errors_title')}>
          <span id="source-error">{p.error}</span>
        </Flash>
      ) : null}
      {p.importErrors && p.importErrors.length > 0 ? (
        <Flash kind="error" title={t('source.import_errors')}>
          <ul id="import-errors">
            {p.importErrors.slice(0, 50).map((e) => (
              <li>
                <code>{e.url}</code> : {importErrorText(t, e)}
              </li>
            ))}
          </ul>
        </Flash>
      ) : null}
      <p class="lead">{t('source.lead')}</p>
      {p.canManage ? (
        <section class="card">
          <h2 class="card-title">{t('source.add_title')}</h2>
          <form method="post" action={base} class="form source-new-form">
            <CsrfField token={p.csrf} />
            <div class="field">
              <label for="source-url">{t('source.field.url')}</label>
              <input
                id="source-url"
                name="url"
                type="url"
                value={p.values.url}
                maxlength={2048}
                required
                spellcheck={false}
                aria-describedby="source-url-hint"
              />
              <p class="field-hint" id="source-url-hint">
                {t('source.field.url_hint')}
              </p>
            </div>
            <div class="field">
              <label for="source-name">{t('source.field.name')}</label>
              <input id="source-name" name="name" value={p.values.name} maxlength={100} />
            </div>
            <div class="form-actions">
              <button type="submit" class="button primary">
                {t('source.add')}
              </button>
            </div>
          </form>
          <h2 class="card-title">{t('source.import_title')}</h2>
          <form method="post" action={`${base}/import`} class="form source-import-form" enctype="multipart/form-data">
            <CsrfField token={p.csrf} />
            <div class="field">
              <label for="source-file">{t('source.field.file')}</label>
              <input
                id="source-file"
                name="file"
                type="file"
                accept=".opml,.xml,text/x-opml,application/xml,text/xml"
                required
                aria-describedby="source-file-hint"
              />
              <p class="field-hint" id="source-file-hint">
                {t('source.import_hint')}
              </p>
            </div>
            <div class="form-actions">
              <button type="submit" class="button">
                {t('source.import')}
              </button>
            </div>
          </form>
        </section>
      ) : null}
      <section class="card">
        <h2 class="card-title">{t('source.list_heading', { count: p.list.length })}</h2>
        {p.list.length === 0 ? (
          <p class="empty-state">{t('source.empty')}</p>
        ) : (
          <ul class="list source-list">
            {p.list.map((s) => (
              <SourceItem t={t} locale={p.locale} csrf={p.csrf} base={base} s={s} canManage={p.canManage} now={p.now} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
};

const SourceItem = (p: {
  t: T;
  locale: Locale;
  csrf: string;
  base: string;
  s: SourceView;
  canManage: boolean;
  now: Date;
}) => {
  const { t, s } = p;
  const days = s.failingSince ? Math.max(0, Math.floor((p.now.getTime() - s.failingSince.getTime()) / DAY)) : null;
  return (
    <li class={`list-item source-item source-${s.status}`} id={`source-${s.id}`}>
      <div class="list-main">
        <div class="source-head">
          <a href={webHref(s.siteUrl) ?? s.url} rel="nofollow noopener noreferrer" target="_blank" class="source-name">
            <strong>{s.name}</strong>
          </a>{' '}
          <span class={`badge source-status source-status-${s.status}`}>{t(`source.status.${s.status}`)}</span>
          {days !== null && days >= 1 ? (
            <span class="badge watch-crisis-badge source-failing">{t('source.failing_days', { days })}</span>
          ) : null}
        </div>
        <p class="muted">
          <a href={s.url} rel="nofollow noopener noreferrer" class="source-url">
            <code>{s.url}</code>
          </a>
        </p>
        <p class="source-health">
          {t('source.last_fetch')} :{' '}
          {s.lastFetchedAt ? <RelativeTime date={s.lastFetchedAt} locale={p.locale} /> : t('source.never_fetched')} ·{' '}
          {t('source.last_new_item')} :{' '}
          {s.lastNewItemAt ? <RelativeTime date={s.lastNewItemAt} locale={p.locale} /> : t('source.no_item_yet')} ·{' '}
          {t('source.items_week', { count: s.itemsThisWeek })} · {t('source.items_total', { count: s.itemsCount })}
        </p>
        {s.lastError ? (
          <p class="source-error" role="status">
            {t('source.last_error', { message: errorText(t, s.lastError) })}
          </p>
        ) : null}
        {p.canManage ? (
          <div class="source-actions">
            <form method="post" action={`${p.base}/${s.id}/fetch`} class="inline-form">
              <CsrfField token={p.csrf} />
              <button type="submit" class="button small">
                {t('source.fetch_now')}
              </button>
            </form>
            <form method="post" action={`${p.base}/${s.id}/rename`} class="inline-form">
              <CsrfField token={p.csrf} />
              <input name="name" value={s.name} maxlength={100} required aria-label={t('source.rename')} />
              <button type="submit" class="button small">
                {t('source.rename')}
              </button>
            </form>
            <form
              method="post"
              action={`${p.base}/${s.id}/delete`}
              class="inline-form"
              data-confirm={t('source.remove_confirm')}
            >
              <CsrfField token={p.csrf} />
              <button type="submit" class="button small danger">
                {t('source.remove')}
              </button>
            </form>
          </div>
        ) : null}
      </div>
    </li>
  );
};
