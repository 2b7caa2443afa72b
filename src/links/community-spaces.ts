/**
 * Spaces ↔ moderation, search and profiles: topics and replies in a brand's spaces are
 * moderation subjects like reviews and tips (the brand's queue; a decision publishes or rejects them and tells their
 * author), topics are a section of the site search page (found by who may read their space), and
 * a brand's profile lists its spaces.
 * Registered once per app context by src/links/extensions.ts.
 */
import type { Clock } from '../lib/clock';
import { searchTopics, spaceSubjects, spacesProfileSection } from '../modules/community';
import { searchSections } from '../modules/listening';
import { translate } from '../web/i18n';
import type { AppExtensions } from './extensions';

export function registerCommunitySpaces(
  extensions: Pick<AppExtensions, 'moderationSubjects' | 'profileSections'>,
  app: { clock: Clock },
) {
  extensions.profileSections.register(spacesProfileSection);
  for (const handler of spaceSubjects(app.clock)) extensions.moderationSubjects.register(handler);
  searchSections.register({
    kind: 'topics',
    heading: (locale) => translate(locale, 'spaces.search.heading'),
    search: async (db, q, o) =>
      (await searchTopics(db, q, o)).map((hit) => ({
        url: hit.url,
        title: hit.title,
        excerpt: hit.text,
        meta: translate(o.locale, 'spaces.search.meta', { space: hit.spaceName, brand: hit.brandName }),
      })),
  });
}
