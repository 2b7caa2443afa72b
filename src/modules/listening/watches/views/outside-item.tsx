/** A watch's match read from an outside source (a blog, forum or news feed the brand listens to). */
import { RelativeTime } from '../../../../web/components';
import type { T } from '../../../../web/i18n';
import type { MatchRow } from '../watches';
import { SentimentBadge } from './pages';

/** An item read from an outside source: labelled with the brand's name for the source; its text is the outside's, escaped. */
export const OutsideItem = ({
  t,
  m,
  href,
  locale,
}: {
  t: T;
  m: MatchRow;
  href: string | null;
  locale: 'fr' | 'en';
}) => {
  const via = t('watch.outside_via', { name: m.source_name ?? '' });
  const out = { rel: 'nofollow noopener noreferrer ugc', target: '_blank' };
  return (
    <li class="list-item watch-match watch-match-outside" id={`match-${m.item_id}`}>
      <div class="list-main">
        <p class="watch-match-head">
          <span class="badge watch-match-source">{t('watch.outside_badge')}</span>{' '}
          {href ? (
            <a href={href} class="watch-match-via" {...out}>
              {via}
            </a>
          ) : (
            <span class="watch-match-via">{via}</span>
          )}{' '}
          <SentimentBadge t={t} label={m.sentiment} />
        </p>
        <p class="watch-match-text">{m.text ?? ''}</p>
        {href ? (
          <a href={href} class="watch-match-time" {...out}>
            <RelativeTime date={new Date(m.item_created_at)} locale={locale} />
          </a>
        ) : (
          <RelativeTime date={new Date(m.item_created_at)} locale={locale} />
        )}
      </div>
    </li>
  );
};
