// Markup of editions: the product page's block and the printable certificate.
import type { FC } from 'hono/jsx';
import { fullDateText } from '../../../web/components';
import type { Locale, T } from '../../../web/i18n';
import type { ProductPageExtension } from '../../commerce';
import { type CertificateUnit, type EditionSummary, productEditions } from './read';

export type EditionView = { t: T; locale: Locale };

/** "Édition limitée de 500 exemplaires numérotés · 37 vendus · 2 retirés", one line per edition variant. */
export const EditionBlock: FC<{ v: EditionView; editions: EditionSummary[] }> = ({ v, editions }) =>
  editions.length === 0 ? null : (
    <section class="card edition-block" aria-labelledby="edition-title">
      <h2 id="edition-title">{v.t('edition.block.title')}</h2>
      <ul class="list">
        {editions.map((e) => (
          <li class="edition-line">
            {Object.values(e.options).length ? <strong>{Object.values(e.options).join(' · ')} : </strong> : null}
            {v.t('edition.block.line', { size: e.size, sold: e.sold, withdrawn: e.withdrawn })}
          </li>
        ))}
      </ul>
      {editions.some((e) => e.withdrawn > 0) ? <p class="muted small">{v.t('edition.block.withdrawn_hint')}</p> : null}
    </section>
  );

export type CertificateData = {
  product: string;
  options: Record<string, string>;
  brand: string;
  buyer: string;
  orderNumber: string;
  orderUrl: string;
  units: CertificateUnit[];
};

/** One certificate per number, each on its own printed page. */
export const CertificatePage: FC<{ v: EditionView; c: CertificateData }> = ({ v, c }) => (
  <div class="narrow-wide stack certificates">
    <p class="no-print">
      <a href={c.orderUrl}>
        {v.t('edition.certificate.order')} {c.orderNumber}
      </a>
    </p>
    {c.units.map((u) => (
      <article class={`card certificate${u.status === 'withdrawn' ? ' is-withdrawn' : ''}`}>
        <p class="eyebrow">{v.t('edition.certificate.title')}</p>
        <h1 class="certificate-number">{v.t('edition.number_of', { number: u.number, size: u.size })}</h1>
        <p class="certificate-product">
          <strong>{c.product}</strong>
          {Object.values(c.options).length ? <span> · {Object.values(c.options).join(' · ')}</span> : null}
        </p>
        <p>{v.t('edition.certificate.text', { number: u.number, size: u.size })}</p>
        <dl class="certificate-facts">
          <dt>{v.t('edition.certificate.brand')}</dt>
          <dd>{c.brand}</dd>
          <dt>{v.t('edition.certificate.owner')}</dt>
          <dd>{c.buyer}</dd>
          <dt>{v.t('edition.certificate.date')}</dt>
          <dd>
            <time datetime={u.assignedAt.toISOString()}>{fullDateText(v.locale, u.assignedAt)}</time>
          </dd>
          <dt>{v.t('edition.certificate.order')}</dt>
          <dd>{c.orderNumber}</dd>
        </dl>
        {u.status === 'withdrawn' ? <p class="certificate-withdrawn">{v.t('edition.certificate.withdrawn')}</p> : null}
      </article>
    ))}
  </div>
);

/** The product page's edition block, as commerce's product page extension. */
export const editionSection: ProductPageExtension = {
  name: 'edition_counts',
  load: (db, input) => productEditions(db, input.productId),
  render: (v, data) => <EditionBlock v={v} editions={data as EditionSummary[]} />,
};
