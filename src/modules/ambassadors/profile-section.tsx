/**
 * On a brand's profile (social's profile sections, registered by src/links/ambassador-attribution.ts):
 * a link to its ambassador programme's page while it takes applications.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import type { ProfileSection } from '../social';

export const ambassadorProfileSection: ProfileSection<{ username: string }> = {
  name: 'ambassadors',
  async load(db, account) {
    if (account.kind !== 'brand') return null;
    const [row] = await queryRows<{ one: number }>(
      db,
      sql`select 1 as one from ambassador_programs where brand_id = ${account.id} and active and open_to_applications`,
    );
    return row ? { username: account.username } : null;
  },
  render(v, data) {
    return (
      <p class="ambassador-profile-link">
        <a class="button secondary small" href={`/@${data.username}/ambassadors`}>
          {v.t('amb.profile_link')}
        </a>
      </p>
    );
  },
};
