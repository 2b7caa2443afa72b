/**
 * A brand's spaces on its profile page (social's profile sections, registered by
 * src/links/community-spaces.ts): the spaces the viewer may read, with a link to each, and for
 * the brand's managers a link to the back-office section.
 */
import type { ProfileSection } from '../../social';
import { canManage, teamRole } from './access';
import { spacePath } from './present';
import { listBrandSpaces } from './spaces';

type Data = { username: string; manager: boolean; spaces: { id: string; name: string; description: string }[] };

export const spacesProfileSection: ProfileSection<Data> = {
  name: 'community-spaces',
  async load(db, account, viewerId) {
    if (account.kind !== 'brand') return null;
    const [spaces, role] = await Promise.all([
      listBrandSpaces(db, viewerId, account.id),
      teamRole(db, account.id, viewerId),
    ]);
    const open = spaces.filter((s) => s.archivedAt === null);
    const manager = canManage(role);
    if (open.length === 0 && !manager) return null;
    return {
      username: account.username,
      manager,
      spaces: open.map((s) => ({ id: s.id, name: s.name, description: s.description })),
    };
  },
  render(v, data) {
    return (
      <section class="profile-spaces" aria-labelledby="profile-spaces-title">
        <h2 id="profile-spaces-title">{v.t('spaces.profile_title')}</h2>
        {data.spaces.length === 0 ? <p class="muted small">{v.t('spaces.profile_none')}</p> : null}
        <ul class="space-list">
          {data.spaces.map((s) => (
            <li>
              <a href={spacePath(s.id)}>{s.name}</a>
              {s.description ? <span class="muted small"> · {s.description}</span> : null}
            </li>
          ))}
        </ul>
        {data.manager ? (
          <p class="small">
            <a href={`/brands/${data.username}/spaces`}>{v.t('spaces.manage')}</a>
          </p>
        ) : null}
      </section>
    );
  },
};
