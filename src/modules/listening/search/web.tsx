/**
 * The search page: /search?q=…&type=…&lang=…&since=…&until=…&sort=…
 * The form's filters are the query language's filters (lang:, since:, until:), checked by the
 * same parser; a malformed query shows its message on the page with a 400, never a 5xx.
 */
import type { Context } from 'hono';
import type { Child, FC } from 'hono/jsx';
import type { AppEnv } from '../../../http/types';
import { pageCache } from '../../../web/page-cache';
import type { RouteModule } from '../../../http/app';
import { AppError, badRequest } from '../../../http/errors';
import { viewerOf } from '../../../http/middleware';
import { Avatar, Flash, PaginationLink, relativeTimeText } from '../../../web/components';
import { renderPage, tOf } from '../../../web/page';
import { accountCard } from '../../social';
import { parseQuery, type ParsedQuery } from './query';
import { queryMessage } from './query-messages';
import { remoteAccountOf } from './remote';
import { searchEverything, type SearchResults } from './results';
import { findInSections, FoundSections, type FoundSection } from './web-sections';
import { AccountResults, HashtagResults, Highlight, type V } from './web-hits';
import { RemoteSelect } from './web-remote';
import { searchOutsideItems, type OutsideHit } from './outside';
import { OutsideCheckbox, OutsideSection } from './web-outside';
import { MAX_OFFSET, searchTypes, type RemoteFilter, type SearchSort, type SearchType } from './service';
import { forReads } from '../../../context';

type Tab = 'all' | SearchType;
const TABS: Tab[] = ['all', ...searchTypes];
const PER_KIND_ALL = 5;
const PER_PAGE = 20;

type Form = {
  q: string;
  type: Tab;
  lang: '' | 'fr' | 'en';
  since: string;
  until: string;
  sort: SearchSort;
  offset: number;
  remote: '' | RemoteFilter;
  /** include=outside: the viewer's brands' outside sources too (search/outside.ts). */
  outside: boolean;
};

function readForm(url: URL): Form {
  const get = (k: string) => (url.searchParams.get(k) ?? '').trim();
  const type = get('type') as Tab;
  const lang = get('lang');
  const offset = Number(get('offset'));
  return {
    q: get('q').slice(0, 600),
    type: TABS.includes(type) ? type : 'all',
    lang: lang === 'fr' || lang === 'en' ? lang : '',
    since: get('since'),
    until: get('until'),
    sort: get('sort') === 'newest' ? 'newest' : 'relevance',
    offset: Number.isInteger(offset) && offset > 0 ? Math.min(offset, MAX_OFFSET) : 0,
    remote: get('remote') === 'only' || get('remote') === 'exclude' ? (get('remote') as RemoteFilter) : '',
    outside: url.searchParams.getAll('include').includes('outside'),
  };
}

/** The typed query, with the form's filters taking the place of the same ones typed in it. */
function queryOf(form: Form): ParsedQuery {
  const extra = [
    form.lang && `lang:${form.lang}`,
    form.since && `since:${form.since}`,
    form.until && `until:${form.until}`,
  ]
    .filter(Boolean)
    .join(' ');
  // Filters alone are a query too (every French post since a date…).
  if (!form.q) return parseQuery(extra);
  const q = parseQuery(form.q);
  if (!extra) return q;
  const filters = parseQuery(extra);
  const merged = {
    ...q,
    lang: filters.lang ?? q.lang,
    since: filters.since ?? q.since,
    until: filters.until ?? q.until,
  };
  if (merged.since && merged.until && merged.since >= merged.until)
    throw badRequest('invalid_query', 'since: is after until: nothing can match');
  return merged;
}

const hrefWith = (form: Form, changes: Partial<Form>) => {
  const next = { ...form, ...changes };
  const params = new URLSearchParams();
  params.set('q', next.q);
  if (next.type !== 'all') params.set('type', next.type);
  if (next.lang) params.set('lang', next.lang);
  if (next.since) params.set('since', next.since);
  if (next.until) params.set('until', next.until);
  if (next.sort !== 'relevance') params.set('sort', next.sort);
  if (next.offset) params.set('offset', String(next.offset));
  if (next.remote) params.set('remote', next.remote);
  if (next.outside) params.set('include', 'outside');
  return `/search?${params.toString()}`;
};

/** Matched words in <mark>; everything is text, escaped by JSX. */
const StatusResults: FC<{ v: V; results: SearchResults }> = ({ v, results }) => (
  <ol class="search-list">
    {results.statuses.map((hit) => {
      const s = results.hydrated?.statuses.get(hit.id);
      const a = s && results.hydrated?.accounts.get(s.accountId);
      if (!s || !a) return null;
      return (
        <li class="search-hit search-hit-status">
          <a class="search-hit-author" href={`/@${a.username}`}>
            <Avatar account={a} size="sm" />
            <span>
              <strong>{a.displayName || a.username}</strong> <span class="handle">@{a.username}</span>
            </span>
          </a>
          <p class="search-excerpt">
            <Highlight segments={hit.highlight} />
          </p>
          <a class="search-hit-link" href={`/@${a.username}/${s.id}`}>
            <time datetime={s.createdAt.toISOString()}>{relativeTimeText(v.locale, s.createdAt)}</time>
          </a>
        </li>
      );
    })}
  </ol>
);

const ReviewResults: FC<{ v: V; results: SearchResults }> = ({ v, results }) => (
  <ol class="search-list">
    {results.reviews.map((r) => (
      <li class="search-hit search-hit-review">
        <p class="search-hit-title">
          <a href={`/@${r.product.brandUsername}/products/${r.product.id}`}>
            {v.t('search.review_of', { product: r.product.title })}
          </a>{' '}
          <span class="search-rating" role="img" aria-label={v.t('search.rating', { rating: r.rating })}>
            {'★'.repeat(r.rating)}
            {'☆'.repeat(5 - r.rating)}
          </span>
        </p>
        {r.title.length ? (
          <p class="search-hit-subtitle">
            <strong>
              <Highlight segments={r.title} />
            </strong>
          </p>
        ) : null}
        <p class="search-excerpt">
          <Highlight segments={r.highlight} />
        </p>
        <p class="search-meta">{v.t('search.by', { name: r.author.displayName || r.author.username })}</p>
      </li>
    ))}
  </ol>
);

const ProductResults: FC<{ v: V; results: SearchResults }> = ({ results }) => (
  <ol class="search-list">
    {results.products.map((p) => (
      <li class="search-hit search-hit-product">
        <p class="search-hit-title">
          <a href={`/@${p.brand.username}/products/${p.id}`}>
            <Highlight segments={p.title} />
          </a>{' '}
          <span class="handle">@{p.brand.username}</span>
        </p>
        <p class="search-excerpt">
          <Highlight segments={p.highlight} />
        </p>
      </li>
    ))}
  </ol>
);

const SECTIONS: Record<SearchType, FC<{ v: V; results: SearchResults }>> = {
  statuses: StatusResults,
  reviews: ReviewResults,
  products: ProductResults,
  accounts: AccountResults,
  hashtags: HashtagResults,
};
const countOf = (r: SearchResults, kind: SearchType) => (kind === 'statuses' ? r.statuses.length : r[kind].length);

const SearchForm: FC<{ v: V; form: Form; signedIn: boolean }> = ({ v, form, signedIn }) => (
  <form class="search-form" method="get" action="/search" role="search">
    <div class="search-form-main">
      <label for="search-q" class="visually-hidden">
        {v.t('search.query_label')}
      </label>
      <input
        id="search-q"
        type="search"
        name="q"
        value={form.q}
        maxlength={600}
        placeholder={v.t('search.box_placeholder')}
      />
      {form.type !== 'all' ? <input type="hidden" name="type" value={form.type} /> : null}
      <button type="submit" class="button primary">
        {v.t('search.submit')}
      </button>
    </div>
    <details class="search-help">
      <summary>{v.t('search.help_toggle')}</summary>
      <p id="search-help" class="hint">
        {v.t('search.help')}
      </p>
    </details>
    <fieldset class="search-filters">
      <legend>{v.t('search.filters')}</legend>
      <label>
        {v.t('search.filter.lang')}{' '}
        <select name="lang">
          <option value="" selected={form.lang === ''}>
            {v.t('search.filter.lang_any')}
          </option>
          <option value="fr" selected={form.lang === 'fr'}>
            {v.t('search.filter.lang_fr')}
          </option>
          <option value="en" selected={form.lang === 'en'}>
            {v.t('search.filter.lang_en')}
          </option>
        </select>
      </label>
      <label>
        {v.t('search.filter.since')} <input type="date" name="since" value={form.since} />
      </label>
      <label>
        {v.t('search.filter.until')} <input type="date" name="until" value={form.until} />
      </label>
      <label>
        {v.t('search.filter.sort')}{' '}
        <select name="sort">
          <option value="relevance" selected={form.sort === 'relevance'}>
            {v.t('search.sort.relevance')}
          </option>
          <option value="newest" selected={form.sort === 'newest'}>
            {v.t('search.sort.newest')}
          </option>
        </select>
      </label>
      <RemoteSelect t={v.t} value={form.remote} />
      {signedIn ? <OutsideCheckbox t={v.t} checked={form.outside} /> : null}
      <button type="submit" class="button secondary small">
        {v.t('search.filter.apply')}
      </button>
    </fieldset>
  </form>
);

const Tabs: FC<{ v: V; form: Form }> = ({ v, form }) => (
  <nav class="search-tabs" aria-label={v.t('search.tabs_label')}>
    {TABS.map((tab) => (
      <a
        href={hrefWith(form, { type: tab, offset: 0 })}
        aria-current={form.type === tab ? 'page' : undefined}
        data-tab={tab}
      >
        {v.t(`search.tab.${tab}`)}
      </a>
    ))}
  </nav>
);

function resultsBody(v: V, form: Form, results: SearchResults, found: FoundSection[], outside?: OutsideHit[]): Child {
  const kinds: SearchType[] = form.type === 'all' ? [...searchTypes] : [form.type];
  if (kinds.every((k) => countOf(results, k) === 0) && found.length === 0 && !outside?.length)
    return <p class="empty">{v.t('search.empty')}</p>;
  // Every kind keeps its section, so an empty one says so instead of vanishing.
  return (
    <>
      {kinds.map((kind) => {
        const Section = SECTIONS[kind];
        if (countOf(results, kind) === 0)
          return (
            <section class="search-section" aria-labelledby={`search-h-${kind}`} data-kind={kind}>
              <h2 id={`search-h-${kind}`}>{v.t(`search.tab.${kind}`)}</h2>
              <p class="empty search-section-empty">{v.t(`search.none.${kind}`)}</p>
            </section>
          );
        const full = countOf(results, kind) >= (form.type === 'all' ? PER_KIND_ALL : PER_PAGE);
        return (
          <section class="search-section" aria-labelledby={`search-h-${kind}`} data-kind={kind}>
            <h2 id={`search-h-${kind}`}>{v.t(`search.tab.${kind}`)}</h2>
            <Section v={v} results={results} />
            {full && form.type === 'all' ? (
              <a class="search-see-all" href={hrefWith(form, { type: kind, offset: 0 })}>
                {v.t('search.see_all', { kind: v.t(`search.tab.${kind}`) })}
              </a>
            ) : null}
            {full && form.type !== 'all' && form.offset + PER_PAGE <= MAX_OFFSET ? (
              <PaginationLink href={hrefWith(form, { offset: form.offset + PER_PAGE })}>
                {v.t('search.more')}
              </PaginationLink>
            ) : null}
          </section>
        );
      })}
      <FoundSections found={found} />
      {outside ? <OutsideSection t={v.t} locale={v.locale} hits={outside} /> : null}
    </>
  );
}

export const searchPageRoutes: RouteModule = (app, ctx) => {
  const searchBody = async (v: V, form: Form, viewerId: string | null, remoteId: string | undefined, card: Child) => {
    const q = queryOf(form);
    const types: SearchType[] = form.type === 'all' ? [...searchTypes] : [form.type];
    const searched = await searchEverything(forReads(ctx), q, types, {
      viewerId,
      sort: form.sort,
      limit: form.type === 'all' ? PER_KIND_ALL : PER_PAGE,
      offset: form.type === 'all' ? 0 : form.offset,
      remote: form.remote || undefined,
    });
    // Other modules' sections (topics in spaces...) on the "all" view.
    const found =
      form.type === 'all'
        ? await findInSections(ctx.reads, q, { viewerId, limit: PER_KIND_ALL, locale: v.locale })
        : [];
    const results = { ...searched, accounts: searched.accounts.filter((h) => h.account.id !== remoteId) };
    // Asked for by a signed-in visitor on the "all" view: their brands' outside sources.
    const outside =
      form.outside && viewerId && form.type === 'all'
        ? await searchOutsideItems(ctx.reads, q, { viewerId, limit: PER_PAGE })
        : undefined;
    return (
      <>
        {card}
        {resultsBody(v, form, results, found, outside)}
      </>
    );
  };

  // The same for every logged-out visitor: rendered once per version of the data (web/page-cache.ts).
  const searchPage = pageCache(ctx).page(
    async (c: Context<AppEnv>) => {
      const t = tOf(c);
      const v = { t, locale: c.get('locale') };
      const form = readForm(new URL(c.req.url));
      let body: Child = <p class="empty">{t('search.start')}</p>;
      let status: 200 | 400 = 200;
      if (form.q || form.lang || form.since || form.until) {
        try {
          const viewerId = viewerOf(c)?.accountId ?? null;
          // A handle on another server (or a profile URL): its account first, fetched for a signed-in visitor.
          const remote =
            form.offset === 0 && (form.type === 'all' || form.type === 'accounts')
              ? await remoteAccountOf(ctx, form.q, { viewerId, resolve: viewerId !== null })
              : null;
          const card = remote ? await accountCard(c, ctx, remote) : null;
          // A profile URL is no query of our language: it shows its account alone.
          body = card && /^https?:\/\//i.test(form.q) ? card : await searchBody(v, form, viewerId, remote?.id, card);
        } catch (error) {
          if (!(error instanceof AppError) || error.status !== 400) throw error;
          status = 400;
          body = (
            <Flash kind="error">
              <span class="search-error">
                {t('search.invalid', { message: queryMessage(v.locale, error.message) })}
              </span>
            </Flash>
          );
        }
      }
      return renderPage(
        c,
        {
          status,
          meta: {
            title: form.q ? t('search.results_title', { q: form.q }) : t('search.title'),
            description: t('search.description'),
            noindex: true,
          },
          body: (
            <div class="narrow-wide search-page">
              <h1>{t('search.title')}</h1>
              <SearchForm v={v} form={form} signedIn={viewerOf(c) !== null} />
              {form.q ? <Tabs v={v} form={form} /> : null}
              <div class="search-results" id="search-results">
                {body}
              </div>
            </div>
          ),
        },
        ctx,
      );
    },
    // include=outside changes nothing for a logged-out visitor (outside items are a team's): cached alike.
    { params: ['q', 'type', 'lang', 'offset', 'since', 'until', 'sort', 'remote', 'include'] },
  );
  app.get('/search', (c) => searchPage(c));
};
