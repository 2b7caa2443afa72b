/**
 * The widgets' HTML: a document of its own (not the site's layout: no header, no site script, no
 * form, no cookie), its CSS inline so one request draws it, in the brand's colours. Every link
 * opens Comptoir in a new tab: a widget never navigates inside the host's page, and buying
 * happens on Comptoir's own pages (first-party cookies there, none needed here).
 */
import type { Child, FC } from 'hono/jsx';
import { raw } from 'hono/html';
import type { Account } from '../accounts';
import { buyHref, formatMoney, priceRange, productPath, stockState, unitsLeft, type ProductView } from '../commerce';
import type { RatingSummary } from '../reputation';
import { mediaSrc } from '../../web/components';
import type { Locale, T } from '../../web/i18n';
import { brandTheme } from '../../web/page';
import type { PostItem, PostsWidget, ProductWidget, ReviewsWidget, SpaceWidget } from './widgets';

/** `now`: the app clock's time of the render (a product's launch date is compared with it). */
export type EmbedView = { t: T; locale: Locale; now: Date };

const CSS = `*{box-sizing:border-box}body{margin:0;display:flow-root;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1c1917;background:#fff}
.w{padding:14px 16px;border:1px solid #e7e5e4;border-radius:10px}h1{font-size:17px;margin:0 0 10px}h2{font-size:15px;margin:0 0 4px}
a{color:var(--brand-primary,#9a3412)}p{margin:4px 0}.muted{color:#57534e;font-size:13px}.stars{color:#b45309;letter-spacing:1px}
ul{list-style:none;margin:0;padding:0}li{padding:10px 0;border-top:1px solid #f0eeec}
.sum{display:flex;gap:16px;align-items:center;flex-wrap:wrap;margin-bottom:8px}.avg{font-size:30px;font-weight:700}
.bars{flex:1;min-width:160px}.bar{display:flex;align-items:center;gap:6px;font-size:12px}
.bar .t{flex:1;height:7px;background:#f0eeec;border-radius:4px;overflow:hidden}.bar .f{display:block;height:100%;background:var(--brand-accent,#c2410c)}
.ok{font-size:12px;background:#ecfdf5;color:#065f46;padding:1px 6px;border-radius:4px;white-space:nowrap}
.card{display:flex;gap:14px;align-items:flex-start}.card img{width:120px;height:120px;object-fit:cover;border-radius:8px;flex:none}
.mini{display:flex;gap:8px;align-items:center;margin-top:6px;font-size:14px}.mini img{width:40px;height:40px;object-fit:cover;border-radius:6px}
.price{font-size:18px;font-weight:700}.was{text-decoration:line-through;color:#78716c;font-weight:400;font-size:14px;margin-left:6px}
.btn{display:inline-block;margin-top:8px;background:var(--brand-primary,#9a3412);color:var(--brand-on-primary,#fff);padding:8px 18px;border-radius:6px;text-decoration:none;font-weight:600}
.out{color:#b91c1c}.low{color:#b45309}footer{margin-top:10px;font-size:12px;display:flex;gap:12px;flex-wrap:wrap}`;

/** The brand's colours as CSS custom properties (hex only: brandTheme keeps nothing else). */
function themeCss(account: Account | null): string {
  const theme = account ? brandTheme(account) : undefined;
  if (!theme) return '';
  return `:root{${Object.entries(theme)
    .map(([k, v]) => `${k}:${v}`)
    .join(';')}}`;
}

/** A link out of the widget: Comptoir's page in a new tab, without handing it the host's window. */
const Out: FC<{ href: string; class?: string; children?: Child }> = ({ href, class: cls, children }) => (
  <a href={href} target="_blank" rel="noopener" class={cls}>
    {children}
  </a>
);

export const EmbedDocument: FC<{ v: EmbedView; title: string; brand: Account | null; children?: Child }> = ({
  v,
  title,
  brand,
  children,
}) => (
  <>
    {raw('<!doctype html>')}
    <html lang={v.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{title}</title>
        <style>{raw(CSS + themeCss(brand))}</style>
      </head>
      <body>
        <main class="w">{children}</main>
        <script src="/embed/frame.js" defer></script>
      </body>
    </html>
  </>
);

const Stars: FC<{ v: EmbedView; rating: number }> = ({ v, rating }) => {
  const full = Math.round(rating);
  return (
    <span
      class="stars"
      role="img"
      aria-label={v.t('embed.rating', { rating: String(rating).replace('.', v.locale === 'fr' ? ',' : '.') })}
    >
      {'★'.repeat(full)}
      {'☆'.repeat(5 - full)}
    </span>
  );
};

const date = (v: EmbedView, at: Date | null) =>
  at
    ? new Intl.DateTimeFormat(v.locale === 'fr' ? 'fr-FR' : 'en-GB', {
        dateStyle: 'medium',
        timeZone: 'Europe/Paris',
      }).format(at)
    : '';
/** Bounded text, so a widget stays small whatever its items hold (under 30 KB). */
const excerpt = (text: string, max = 280) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);
const nameOf = (a: Pick<Account, 'displayName' | 'username'>) => a.displayName || a.username;
const decimal = (v: EmbedView, n: number) => new Intl.NumberFormat(v.locale === 'fr' ? 'fr-FR' : 'en-GB').format(n);

const Summary: FC<{ v: EmbedView; summary: RatingSummary }> = ({ v, summary }) => (
  <div class="sum">
    <div>
      {summary.average !== null ? (
        <>
          <div class="avg" data-average={summary.average}>
            {decimal(v, summary.average)}
          </div>
          <Stars v={v} rating={summary.average} />
        </>
      ) : null}
      <p class="muted" data-count={summary.count}>
        {v.t('embed.reviews.count', { count: summary.count })}
      </p>
    </div>
    {summary.count > 0 ? (
      <div class="bars">
        {([5, 4, 3, 2, 1] as const).map((stars) => (
          <div class="bar" data-stars={stars} title={v.t('embed.reviews.stars', { stars })}>
            <span>{stars}★</span>
            <span class="t">
              <span class="f" style={`width:${Math.round((summary.distribution[stars] / summary.count) * 100)}%`} />
            </span>
            <span>{summary.distribution[stars]}</span>
          </div>
        ))}
      </div>
    ) : null}
  </div>
);

export const ReviewsBody: FC<{ v: EmbedView; w: ReviewsWidget }> = ({ v, w }) => (
  <>
    <h1>{v.t('embed.reviews.title', { brand: nameOf(w.brand) })}</h1>
    <Summary v={v} summary={w.summary} />
    {w.reviews.length === 0 ? <p class="muted">{v.t('embed.reviews.none')}</p> : null}
    <ul>
      {w.reviews.map((r) => (
        <li data-review={r.id}>
          <Stars v={v} rating={r.rating} /> {r.title ? <strong>{r.title}</strong> : null}
          <p>{excerpt(r.body)}</p>
          <p class="muted">
            {r.author ? nameOf({ displayName: r.author.display_name, username: r.author.username }) : ''}
            {r.product ? ` · ${v.t('embed.reviews.on', { product: excerpt(r.product.title, 80) })}` : ''} ·{' '}
            {date(v, r.published_at)} {r.verified ? <span class="ok">{v.t('review.verified')}</span> : null}
          </p>
        </li>
      ))}
    </ul>
    <footer>
      {/* No public page lists all of a brand's reviews yet: its shop shows each product's rating and reviews. */}
      <Out href={`/@${w.brand.username}/shop`}>{v.t('embed.reviews.all')}</Out>
      {/* The brand's legal page does not exist yet: its public page stands in for it. */}
      <Out href={`/@${w.brand.username}`}>{v.t('embed.reviews.legal')}</Out>
      <Out href="/">{v.t('embed.powered')}</Out>
    </footer>
  </>
);

/**
 * Where "Buy" goes: straight to checkout for a launched product with one variant in stock, else its
 * page (to choose a variant, or to read when it launches: checkout refuses it before, early access aside).
 */
function buyLink(v: EmbedView, p: ProductView, sourceStatusId: string | null): string {
  const [only] = p.variants;
  const launched = !p.launchesAt || p.launchesAt.getTime() <= v.now.getTime();
  return launched && p.variants.length === 1 && only.stock > 0
    ? buyHref(only.id, sourceStatusId)
    : productPath({ id: p.id, brandUsername: p.brand.username });
}

const PriceLine: FC<{ v: EmbedView; p: ProductView }> = ({ v, p }) => {
  const range = priceRange(p);
  if (!range) return null;
  const shown = formatMoney(range.min, range.currency, v.locale);
  return (
    <p class="price" data-amount={range.min}>
      {range.min !== range.max ? v.t('embed.product.from', { price: shown }) : shown}
      {range.compareAt ? <span class="was">{formatMoney(range.compareAt, range.currency, v.locale)}</span> : null}
    </p>
  );
};

const StockLine: FC<{ v: EmbedView; p: ProductView }> = ({ v, p }) => {
  const state = stockState(unitsLeft(p));
  const cls = state === 'out_of_stock' ? 'out' : state === 'low_stock' ? 'low' : 'muted';
  return (
    <p class={cls} data-stock={state}>
      {v.t(`embed.stock.${state}`)}
    </p>
  );
};

export const ProductBody: FC<{ v: EmbedView; w: ProductWidget }> = ({ v, w }) => {
  const p = w.product;
  const image = p.images[0];
  const page = productPath({ id: p.id, brandUsername: w.brand.username });
  return (
    <>
      <div class="card">
        {image ? <img src={mediaSrc(image.path)} alt={image.alt} width={120} height={120} /> : null}
        <div>
          <h1>
            <Out href={page}>{p.title}</Out>
          </h1>
          <p class="muted">{nameOf(w.brand)}</p>
          {w.rating ? (
            <p>
              <Stars v={v} rating={w.rating.average ?? 0} />{' '}
              <span class="muted">{v.t('embed.reviews.count', { count: w.rating.count })}</span>
            </p>
          ) : null}
          <PriceLine v={v} p={p} />
          <StockLine v={v} p={p} />
          {unitsLeft(p) > 0 ? (
            <Out href={buyLink(v, p, null)} class="btn">
              {v.t('embed.product.buy')}
            </Out>
          ) : (
            <Out href={page} class="btn">
              {v.t('embed.product.see')}
            </Out>
          )}
        </div>
      </div>
      <footer>
        <Out href="/">{v.t('embed.powered')}</Out>
      </footer>
    </>
  );
};

const PostEntry: FC<{ v: EmbedView; author: Account; post: PostItem }> = ({ v, author, post }) => (
  <li data-post={post.id}>
    <p class="muted">
      {nameOf(author)} · {date(v, post.createdAt)}
    </p>
    <p>{excerpt(post.spoilerText || post.text)}</p>
    {post.products.map((p) => (
      <div class="mini" data-product={p.id}>
        {p.images[0] ? (
          <img src={mediaSrc(p.images[0].previewPath)} alt={p.images[0].alt} width={40} height={40} />
        ) : null}
        <span>
          <strong>{excerpt(p.title, 80)}</strong>
          <PriceLine v={v} p={p} />
        </span>
        {unitsLeft(p) > 0 ? (
          <Out href={buyLink(v, p, post.id)} class="btn">
            {v.t('embed.product.buy')}
          </Out>
        ) : (
          <span class="out">{v.t('embed.stock.out_of_stock')}</span>
        )}
      </div>
    ))}
    <p>
      <Out href={`/@${author.username}/${post.id}`}>{v.t('embed.posts.open')}</Out>
    </p>
  </li>
);

export const PostsBody: FC<{ v: EmbedView; w: PostsWidget; single?: boolean }> = ({ v, w, single }) => (
  <>
    {single ? null : <h1>{v.t('embed.posts.title', { brand: nameOf(w.author) })}</h1>}
    {w.posts.length === 0 ? <p class="muted">{v.t('embed.posts.none')}</p> : null}
    <ul>
      {w.posts.map((post) => (
        <PostEntry v={v} author={w.author} post={post} />
      ))}
    </ul>
    <footer>
      <Out href={`/@${w.author.username}`}>@{w.author.username}</Out>
      <Out href="/">{v.t('embed.powered')}</Out>
    </footer>
  </>
);

export const SpaceBody: FC<{ v: EmbedView; w: SpaceWidget }> = ({ v, w }) => (
  <>
    <h1>{w.space.name}</h1>
    {w.space.description ? <p class="muted">{w.space.description}</p> : null}
    <h2>{v.t('embed.space.topics')}</h2>
    {w.topics.length === 0 ? <p class="muted">{v.t('embed.space.none')}</p> : null}
    <ul>
      {w.topics.map((topic) => (
        <li data-topic={topic.id}>
          <Out href={`/topics/${topic.id}`}>{topic.title}</Out>
          <p class="muted">
            {topic.author.displayName} · {v.t('embed.space.replies', { count: topic.repliesCount })} ·{' '}
            {date(v, topic.lastActivityAt)}
          </p>
        </li>
      ))}
    </ul>
    <Out href={`/spaces/${w.space.id}`} class="btn">
      {v.t('embed.space.open')}
    </Out>
    <footer>
      <Out href={`/@${w.brand.username}`}>{nameOf(w.brand)}</Out>
      <Out href="/">{v.t('embed.powered')}</Out>
    </footer>
  </>
);

export const NotFoundBody: FC<{ v: EmbedView }> = ({ v }) => <p class="muted">{v.t('embed.not_found')}</p>;
