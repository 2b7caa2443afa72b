// The watch pages' views (web.tsx serves them): the list with share of voice, a watch's dashboard,
// a post's propagation tree.
import type { Child } from 'hono/jsx';
import { Avatar, CsrfField, Flash, RelativeTime } from '../../../../web/components';
import type { T } from '../../../../web/i18n';
import type { Account } from '../../../accounts';
import type { CascadeNode } from '../propagation';
import { alertModes, type Watch } from '../schema';
import type { shareOfVoice, watchStats } from '../stats';
import { BarChart, LineChart } from './charts';
import { feedUrls, matchUrl, type MatchRow, type WatchesContext } from '../watches';
import { OutsideItem } from './outside-item';

export const Header = ({ brand, title, children }: { t: T; brand: Account; title: string; children?: Child }) => (
  <header class="page-header brand-header">
    <div class="media-row">
      <Avatar account={brand} size="md" />
      <div>
        <h1>{title}</h1>
        <p class="handle">@{brand.username}</p>
      </div>
    </div>
    {children}
  </header>
);

export const SentimentBadge = ({ t, label }: { t: T; label: string }) => (
  <span class={`badge watch-sentiment watch-sentiment-${label}`}>
    {t(`watch.sentiment.${label}` as 'watch.sentiment.neutral')}
  </span>
);

export const ListPage = (p: {
  t: T;
  csrf: string;
  brand: Account;
  list: Watch[];
  share: Awaited<ReturnType<typeof shareOfVoice>>;
  canManage: boolean;
  values: { name: string; query: string };
  error?: string;
  notice?: string;
}) => {
  const { t, brand } = p;
  return (
    <div class="stack narrow-wide watch-page">
      <Header t={t} brand={brand} title={t('watch.list_title', { name: brand.displayName || brand.username })} />
      {p.notice ? <Flash kind="success">{p.notice}</Flash> : null}
      <p class="lead">{t('watch.lead')}</p>
      <p>
        <a href={`/brands/${brand.username}/sources`} id="sources-link">
          {t('source.link_from_watches')}
        </a>
      </p>
      {p.canManage ? (
        <section class="card">
          <h2 class="card-title">{t('watch.new_title')}</h2>
          {p.error ? (
            <Flash kind="error" title={t('form.errors_title')}>
              <span id="watch-error">{p.error}</span>
            </Flash>
          ) : null}
          <form method="post" action={`/brands/${brand.username}/watches`} class="form watch-new-form">
            <CsrfField token={p.csrf} />
            <div class={`field${p.error ? ' has-error' : ''}`}>
              <label for="watch-name">{t('watch.field.name')}</label>
              <input id="watch-name" name="name" value={p.values.name} maxlength={100} required />
            </div>
            <div class={`field${p.error ? ' has-error' : ''}`}>
              <label for="watch-query">{t('watch.field.query')}</label>
              <input
                id="watch-query"
                name="query"
                value={p.values.query}
                maxlength={500}
                required
                spellcheck={false}
                aria-describedby="watch-query-hint"
              />
              <p class="field-hint" id="watch-query-hint">
                {t('watch.field.query_hint')}
              </p>
            </div>
            <div class="form-actions">
              <button type="submit" class="button primary">
                {t('watch.create')}
              </button>
            </div>
          </form>
        </section>
      ) : null}
      <section class="card">
        <h2 class="card-title">{t('watch.share_of_voice')}</h2>
        <BarChart
          title={t('watch.share_of_voice')}
          bars={p.share.map((x) => ({
            label: x.name,
            value: x.count,
            note: `${x.count} · ${Math.round(x.share * 100)} %`,
          }))}
          empty={t('watch.empty_list')}
        />
      </section>
      <section class="card">
        <h2 class="card-title">{t('watch.list_heading')}</h2>
        {p.list.length === 0 ? (
          <p class="empty-state">{t('watch.empty_list')}</p>
        ) : (
          <ul class="list watch-list">
            {p.list.map((w) => (
              <li class="list-item">
                <div class="list-main">
                  <a href={`/brands/${brand.username}/watches/${w.id}`} class="watch-name">
                    <strong>{w.name}</strong>
                  </a>
                  <code class="watch-query">{w.query}</code>
                  {w.active ? null : <span class="badge badge-muted">{t('watch.inactive')}</span>}
                  {w.crisisSince ? <span class="badge watch-crisis-badge">{t('watch.crisis_badge')}</span> : null}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
};

export const MatchItem = ({ t, m, locale }: { t: T; m: MatchRow; locale: 'fr' | 'en' }) => {
  // Ours: a path here; an outside item: its own page out there (web links only).
  const href = matchUrl('', m);
  if (m.item_type === 'outside') return <OutsideItem t={t} m={m} href={href} locale={locale} />;
  return (
    <li class="list-item watch-match" id={`match-${m.item_id}`}>
      <div class="list-main">
        <p class="watch-match-head">
          {m.author_display_name ? <strong class="watch-match-name">{m.author_display_name}</strong> : null}{' '}
          {m.author_username ? <a href={`/@${m.author_username}`}>@{m.author_username}</a> : null}{' '}
          <span class="muted">· {t('watch.reach', { count: Number(m.author_reach) })}</span>{' '}
          {m.author_domain ? (
            <span class="badge watch-match-remote">{t('watch.remote', { host: m.author_domain })}</span>
          ) : null}
          <SentimentBadge t={t} label={m.sentiment} />
          {m.item_type === 'checkin' || m.item_type === 'tip' ? (
            <span class="badge">{t(m.item_type === 'checkin' ? 'watch.item.checkin' : 'watch.item.tip')}</span>
          ) : null}
        </p>
        <p class="watch-match-text">{m.text ?? ''}</p>
        {href ? (
          <a href={href} class="watch-match-time">
            <RelativeTime date={new Date(m.item_created_at)} locale={locale} />
          </a>
        ) : null}
      </div>
    </li>
  );
};

export const Check = ({ name, label, checked }: { name: string; label: string; checked: boolean }) => (
  <label class="watch-check">
    <input type="hidden" name={name} value="false" />
    <input type="checkbox" name={name} value="true" checked={checked} /> {label}
  </label>
);

export const WatchPage = (p: {
  t: T;
  csrf: string;
  locale: 'fr' | 'en';
  brand: Account;
  watch: Watch;
  ctx: WatchesContext;
  stats: Awaited<ReturnType<typeof watchStats>>;
  matches: MatchRow[];
  canManage: boolean;
  notice?: string;
  error?: string;
}) => {
  const { t, brand, watch, stats } = p;
  const urls = feedUrls(p.ctx, watch);
  // Days as the page's language writes them ("7 nov." / "Nov 7"); the series is in UTC days.
  const dayLabel = new Intl.DateTimeFormat(p.locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const labels = stats.series.map((x) => dayLabel.format(new Date(`${x.date}T00:00:00Z`)));
  const base = `/brands/${brand.username}/watches/${watch.id}`;
  return (
    <div class="stack narrow-wide watch-page">
      <header class="page-header watch-header">
        <p class="watch-breadcrumb">
          <a href={`/brands/${brand.username}/watches`}>
            ← {t('watch.list_title', { name: brand.displayName || brand.username })}
          </a>
        </p>
        <h1>{watch.name}</h1>
        <p>
          <code class="watch-query">{watch.query}</code>
        </p>
      </header>
      {p.notice ? <Flash kind="success">{p.notice}</Flash> : null}
      {p.error ? <Flash kind="error">{p.error}</Flash> : null}
      {watch.crisisSince ? (
        <Flash kind="warning" title={t('watch.crisis_badge')}>
          {t('watch.crisis_since')} <RelativeTime date={watch.crisisSince} locale={p.locale} />
        </Flash>
      ) : null}
      <section class="card">
        <h2 class="card-title">{t('watch.volume', { days: stats.days })}</h2>
        <LineChart
          title={t('watch.volume', { days: stats.days })}
          labels={labels}
          lines={[{ label: t('watch.matches'), cls: 'watch-chart-total', values: stats.series.map((x) => x.total) }]}
        />
      </section>
      <section class="card">
        <h2 class="card-title">{t('watch.sentiment_title')}</h2>
        <LineChart
          title={t('watch.sentiment_title')}
          labels={labels}
          lines={(['positive', 'neutral', 'negative'] as const).map((k) => ({
            label: t(`watch.sentiment.${k}`),
            cls: `watch-chart-${k}`,
            values: stats.series.map((x) => x[k]),
          }))}
        />
      </section>
      <section class="card">
        <h2 class="card-title">{t('watch.top_voices')}</h2>
        <BarChart
          title={t('watch.top_voices')}
          bars={stats.top_voices.map((v) => ({
            label: `@${v.username}`,
            value: v.reach,
            note: `${v.reach} · ${t('watch.items', { count: v.items })}`,
          }))}
          empty={t('watch.no_data')}
        />
      </section>
      <section class="card">
        <h2 class="card-title">{t('watch.top_hashtags')}</h2>
        <BarChart
          title={t('watch.top_hashtags')}
          bars={stats.top_hashtags.slice(0, 10).map((w) => ({ label: `#${w.word}`, value: w.count }))}
          cls="watch-chart-accent"
          empty={t('watch.no_data')}
        />
      </section>
      <section class="card">
        <h2 class="card-title">{t('watch.top_words')}</h2>
        <BarChart
          title={t('watch.top_words')}
          bars={stats.top_words.slice(0, 15).map((w) => ({ label: w.word, value: w.count }))}
          empty={t('watch.no_data')}
        />
      </section>
      <section class="card">
        <h2 class="card-title">{t('watch.latest')}</h2>
        {p.matches.length === 0 ? (
          <p class="empty-state">{t('watch.no_matches')}</p>
        ) : (
          <ul class="list watch-matches" id="watch-matches">
            {p.matches.map((m) => (
              <MatchItem t={t} m={m} locale={p.locale} />
            ))}
          </ul>
        )}
      </section>
      <section class="card watch-feeds">
        <h2 class="card-title">{t('watch.feeds')}</h2>
        <p class="muted">{t('watch.feeds_hint')}</p>
        <p>
          <a href={urls.rss_url} class="watch-feed-link" rel="nofollow" id="watch-rss">
            RSS
          </a>{' '}
          ·{' '}
          <a href={urls.atom_url} class="watch-feed-link" rel="nofollow" id="watch-atom">
            Atom
          </a>
        </p>
        {p.canManage ? (
          <form method="post" action={`${base}/rotate`} class="inline-form">
            <CsrfField token={p.csrf} />
            <button type="submit" class="button secondary small">
              {t('watch.rotate')}
            </button>
          </form>
        ) : null}
      </section>
      {p.canManage ? (
        <section class="card">
          <h2 class="card-title">{t('watch.settings')}</h2>
          <form method="post" action={base} class="form">
            <CsrfField token={p.csrf} />
            <div class="field">
              <label for="watch-name">{t('watch.field.name')}</label>
              <input id="watch-name" name="name" value={watch.name} maxlength={100} required />
            </div>
            <div class="field">
              <label for="watch-query">{t('watch.field.query')}</label>
              <input id="watch-query" name="query" value={watch.query} maxlength={500} required spellcheck={false} />
            </div>
            <Check name="active" label={t('watch.field.active')} checked={watch.active} />
            <fieldset class="fieldset">
              <legend>{t('watch.field.alerts')}</legend>
              <div class="field">
                <label for="watch-mode">{t('watch.field.alert_mode')}</label>
                <select id="watch-mode" name="alert_mode">
                  {alertModes.map((m) => (
                    <option value={m} selected={watch.alertMode === m}>
                      {t(`watch.mode.${m}` as 'watch.mode.none')}
                    </option>
                  ))}
                </select>
              </div>
              <Check name="alert_in_app" label={t('watch.field.in_app')} checked={watch.alertInApp} />
              <Check name="alert_email" label={t('watch.field.email')} checked={watch.alertEmail} />
              <Check name="alert_webhook" label={t('watch.field.webhook')} checked={watch.alertWebhook} />
            </fieldset>
            <fieldset class="fieldset">
              <legend>{t('watch.field.crisis')}</legend>
              <div class="field">
                <label for="watch-k">{t('watch.field.spike_k')}</label>
                <input
                  id="watch-k"
                  name="spike_k"
                  type="number"
                  step="0.1"
                  min="0.5"
                  max="10"
                  value={String(watch.spikeK)}
                />
              </div>
              <div class="field">
                <label for="watch-min">{t('watch.field.spike_min')}</label>
                <input
                  id="watch-min"
                  name="spike_min_count"
                  type="number"
                  min="1"
                  value={String(watch.spikeMinCount)}
                />
              </div>
            </fieldset>
            <div class="form-actions">
              <button type="submit" class="button primary">
                {t('form.save')}
              </button>
            </div>
          </form>
          <form method="post" action={`${base}/delete`} class="inline-form watch-delete">
            <CsrfField token={p.csrf} />
            <button type="submit" class="button danger small">
              {t('watch.delete')}
            </button>
          </form>
        </section>
      ) : null}
    </div>
  );
};

export const CascadeTree = ({ t, node, locale }: { t: T; node: CascadeNode; locale: 'fr' | 'en' }): Child => (
  <li class={`watch-cascade-node watch-cascade-${node.kind}`}>
    <span class="badge">{t(`watch.cascade.${node.kind}` as 'watch.cascade.root')}</span>{' '}
    <a href={node.kind === 'repost' ? `/@${node.username}` : `/@${node.username}/${node.id}`}>@{node.username}</a>{' '}
    <span class="muted">
      · {t('watch.followers', { count: node.followers })} · <RelativeTime date={node.createdAt} locale={locale} />
    </span>
    {node.text ? (
      <p class="watch-cascade-text">{node.text.length > 140 ? `${node.text.slice(0, 139)}…` : node.text}</p>
    ) : null}
    {node.children.length ? (
      <ul class="watch-cascade">
        {node.children.map((c) => (
          <CascadeTree t={t} node={c} locale={locale} />
        ))}
      </ul>
    ) : null}
  </li>
);

// Routes --------------------------------------------------------------------------------------------
