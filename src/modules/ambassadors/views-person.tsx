/** The person's pages' markup: my programmes, and one programme's links and picks. */
import type { FC } from 'hono/jsx';
import { Flash } from '../../web/components';
import type { Locale, T } from '../../web/i18n';
import { formatMoney } from '../commerce';
import type { LinkRow } from './links';
import type { MyProgramme } from './members';
import type { Pick } from './picks';

type View = { t: T; locale: Locale; csrf: string };
const Csrf = ({ v }: { v: View }) => <input type="hidden" name="_csrf" value={v.csrf} />;

function Button({ v, action, label, primary }: { v: View; action: string; label: string; primary?: boolean }) {
  return (
    <form method="post" action={action} class="inline">
      <Csrf v={v} />
      <button type="submit" class={primary ? 'button primary small' : 'button secondary small'}>
        {label}
      </button>
    </form>
  );
}

export function ProgrammesView({ v, list, notice }: { v: View; list: MyProgramme[]; notice?: string }) {
  const { t } = v;
  return (
    <div class="narrow stack ambassador-mine">
      <header class="page-header">
        <h1>{t('amb.mine.title')}</h1>
        <p class="lead">{t('amb.mine.lead')}</p>
      </header>
      {notice ? <Flash kind="success">{notice}</Flash> : null}
      {list.length === 0 ? <p class="muted">{t('amb.mine.empty')}</p> : null}
      <ul class="stack ambassador-programmes">
        {list.map((a) => (
          <li class="card stack" data-ambassador-id={a.id} data-status={a.status}>
            <h2>
              <a href={`/@${a.brandUsername}/ambassadors`}>{a.brandName}</a>
            </h2>
            <p>{t(`amb.mine.${a.status}`)}</p>
            {a.status === 'invited' ? (
              <p>
                <Button v={v} action={`/ambassador/${a.id}/accept`} label={t('amb.mine.accept')} primary />{' '}
                <Button v={v} action={`/ambassador/${a.id}/decline`} label={t('amb.mine.decline')} />
              </p>
            ) : null}
            {a.status === 'accepted' ? (
              <p>
                <a class="button primary small" href={`/ambassador/${a.id}/links`}>
                  {t('amb.mine.links')}
                </a>{' '}
                <a class="button secondary small" href={`/ambassador/${a.id}`}>
                  {t('amb.mine.earnings')}
                </a>{' '}
                <Button v={v} action={`/ambassador/${a.id}/end`} label={t('amb.mine.end')} />
              </p>
            ) : null}
            {a.status === 'applied' ? (
              <Button v={v} action={`/ambassador/${a.id}/end`} label={t('amb.mine.withdraw')} />
            ) : null}
            {a.status === 'ended' ? (
              <p>
                <a href={`/ambassador/${a.id}`}>{t('amb.mine.earnings')}</a>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

type Choices = {
  products: { id: string; title: string }[];
  collections: { id: string; title: string }[];
  popups: { id: string; title: string }[];
};

export function LinksView(props: {
  v: View;
  ambassadorId: string;
  brand: { username: string; name: string };
  live: boolean;
  links: (LinkRow & { url: string })[];
  picks: Pick[];
  picksUrl: string | null;
  picksPath: string;
  choices: Choices;
  error?: string;
}) {
  const { v, ambassadorId: id, links, picks, choices } = props;
  const { t } = v;
  const picked = new Set(picks.map((p) => p.productId));
  return (
    <div class="narrow-wide stack ambassador-links-page">
      <script src="/static/ambassadors.js" defer></script>
      <header class="page-header">
        <h1>{t('amb.links.title', { brand: props.brand.name })}</h1>
        <p>
          <a href="/ambassador">{t('amb.mine.title')}</a> · <a href={`/ambassador/${id}`}>{t('amb.mine.earnings')}</a>
        </p>
      </header>
      {props.error ? <Flash kind="error">{props.error}</Flash> : null}
      {!props.live ? <Flash kind="warning">{t('amb.links.not_live')}</Flash> : null}
      {props.live ? (
        <form method="post" action={`/ambassador/${id}/links`} class="card stack">
          <Csrf v={v} />
          <h2>{t('amb.links.make')}</h2>
          <label>
            {t('amb.links.target')}
            <select name="target" required>
              <optgroup label={t('amb.links.products')}>
                {choices.products.map((p) => (
                  <option value={`product:${p.id}`}>{p.title}</option>
                ))}
              </optgroup>
              {choices.collections.length ? (
                <optgroup label={t('amb.links.collections')}>
                  {choices.collections.map((p) => (
                    <option value={`collection:${p.id}`}>{p.title}</option>
                  ))}
                </optgroup>
              ) : null}
              {choices.popups.length ? (
                <optgroup label={t('amb.links.popups')}>
                  {choices.popups.map((p) => (
                    <option value={`popup:${p.id}`}>{p.title}</option>
                  ))}
                </optgroup>
              ) : null}
            </select>
          </label>
          <button type="submit" class="button primary">
            {t('amb.links.make_button')}
          </button>
        </form>
      ) : null}
      <section class="card stack" aria-labelledby="amb-links">
        <h2 id="amb-links">{t('amb.links.mine')}</h2>
        {links.length === 0 ? <p class="muted">{t('amb.links.none')}</p> : null}
        <table class="table ambassador-link-list">
          <thead>
            <tr>
              <th scope="col">{t('amb.links.target')}</th>
              <th scope="col">{t('amb.links.url')}</th>
              <th scope="col">{t('amb.clicks')}</th>
              <th scope="col">{t('amb.orders')}</th>
            </tr>
          </thead>
          <tbody>
            {links.map((l) => (
              <tr data-link-code={l.code}>
                <td>{l.targetKind === 'picks' ? t('amb.links.picks') : l.title}</td>
                <td>
                  <input
                    type="text"
                    readonly
                    value={l.url}
                    aria-label={t('amb.links.url')}
                    class="ambassador-link-url"
                  />{' '}
                  <CopyButton t={t} text={l.url} />
                </td>
                <td>{l.clicks}</td>
                <td>{l.orders}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="card stack" aria-labelledby="amb-picks">
        <h2 id="amb-picks">{t('amb.picks.manage')}</h2>
        {props.picksUrl ? (
          <p>
            <a href={props.picksPath}>{t('amb.picks.see')}</a> <CopyButton t={t} text={props.picksUrl} />
          </p>
        ) : null}
        <ul class="ambassador-pick-list">
          {picks.map((p) => (
            <li data-product-id={p.productId}>
              {p.title}
              {p.priceAmount !== null ? ` · ${formatMoney(p.priceAmount, p.currency, v.locale)}` : ''}{' '}
              {props.live ? (
                <Button v={v} action={`/ambassador/${id}/picks/${p.productId}/remove`} label={t('amb.picks.remove')} />
              ) : null}
            </li>
          ))}
        </ul>
        {props.live ? (
          <form method="post" action={`/ambassador/${id}/picks`} class="stack">
            <Csrf v={v} />
            <label>
              {t('amb.picks.add_label')}
              <select name="product_id" required>
                {choices.products
                  .filter((p) => !picked.has(p.id))
                  .map((p) => (
                    <option value={p.id}>{p.title}</option>
                  ))}
              </select>
            </label>
            <button type="submit" class="button secondary">
              {t('amb.picks.add')}
            </button>
          </form>
        ) : null}
      </section>
    </div>
  );
}

/** Copies `text` to the clipboard (ambassadors.js), saying so in its own label. */
const CopyButton: FC<{ t: T; text: string }> = ({ t, text }) => (
  <button type="button" class="button secondary small" data-copy={text} data-copied={t('amb.links.copied')}>
    {t('amb.links.copy')}
  </button>
);
