/**
 * Places on profile pages (social's profile sections, registered by src/links/place-profiles.ts):
 * a person's badges, and on a brand's page a link to its places on the map.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { fullDateText } from '../../web/components';
import type { ProfileSection } from '../social';
import { badgeWords, badgesOf } from './badges';

type Data =
  | { kind: 'badges'; badges: { code: string; earnedAt: Date }[] }
  | { kind: 'places'; username: string; count: number };

export const placesProfileSection: ProfileSection<Data> = {
  name: 'places',
  async load(db, account) {
    if (account.kind === 'brand') {
      const [row] = await queryRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from places where brand_id = ${account.id} and status = 'active'`,
      );
      return row && row.n > 0 ? { kind: 'places', username: account.username, count: row.n } : null;
    }
    const badges = await badgesOf(db, account.id);
    return { kind: 'badges', badges: badges.map((b) => ({ code: b.code, earnedAt: b.earnedAt })) };
  },
  render(v, data) {
    if (data.kind === 'places') {
      return (
        <p class="places-profile-link">
          <a class="button secondary small" href={`/places?brand=${encodeURIComponent(data.username)}`}>
            {v.t('places.brand_link')} ({String(data.count)})
          </a>
        </p>
      );
    }
    return (
      <section class="places-profile-badges" aria-labelledby="profile-badges-title">
        <h2 id="profile-badges-title">{v.t('places.badges.title')}</h2>
        {data.badges.length === 0 ? (
          <p class="muted small">{v.t('places.badges.none')}</p>
        ) : (
          <ul class="places-badges">
            {data.badges.map((b) => {
              const words = badgeWords(b.code, v.locale);
              return (
                <li class="places-badge" title={words.description}>
                  <span class="places-badge-name">{words.name}</span>
                  <span class="visually-hidden">
                    {' '}
                    · {words.description} ·{' '}
                    {v.t('places.badges.earned_on', { date: fullDateText(v.locale, b.earnedAt) })}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    );
  },
};
