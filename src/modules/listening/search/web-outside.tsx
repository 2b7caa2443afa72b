/**
 * The search page's outside items (search/outside.ts): a checkbox for signed-in visitors, and the
 * section listing what their brands' sources said. The text is the outside's: rendered as text.
 */
import type { FC } from 'hono/jsx';
import { RelativeTime } from '../../../web/components';
import type { Locale, T } from '../../../web/i18n';
import type { OutsideHit } from './outside';

export const OutsideCheckbox: FC<{ t: T; checked: boolean }> = ({ t, checked }) => (
  <label class="search-outside-toggle">
    <input type="checkbox" name="include" value="outside" checked={checked} /> {t('search.filter.outside')}
  </label>
);

const out = { rel: 'nofollow noopener noreferrer ugc', target: '_blank' };

export const OutsideSection: FC<{ t: T; locale: Locale; hits: OutsideHit[] }> = ({ t, locale, hits }) => (
  <section class="search-section" aria-labelledby="search-h-outside" data-kind="outside">
    <h2 id="search-h-outside">{t('search.tab.outside')}</h2>
    {hits.length === 0 ? (
      <p class="empty search-section-empty">{t('search.none.outside')}</p>
    ) : (
      <ol class="search-list">
        {hits.map((h) => (
          <li class="search-hit search-hit-outside">
            {h.url ? (
              <a href={h.url} {...out}>
                {h.title || h.url}
              </a>
            ) : (
              <strong>{h.title}</strong>
            )}{' '}
            <span class="search-meta">
              {t('search.outside_via', { name: h.source.name, brand: h.brand.username })} ·{' '}
              <RelativeTime date={h.publishedAt} locale={locale} />
            </span>
            <p>{h.highlight.map((s) => (s.mark ? <mark>{s.text}</mark> : s.text))}</p>
          </li>
        ))}
      </ol>
    )}
  </section>
);
