/**
 * The search page's sections from other modules (sections.ts): each finds its hits for the
 * viewer; those with hits are shown after the built-in kinds on the "all" view.
 */
import type { FC } from 'hono/jsx';
import type { Db } from '../../../db/client';
import type { Locale } from '../../../web/i18n';
import type { ParsedQuery } from './query';
import { searchSections, type SectionHit } from './sections';

export type FoundSection = { kind: string; heading: string; hits: SectionHit[] };

export async function findInSections(
  db: Db,
  q: ParsedQuery,
  o: { viewerId: string | null; limit: number; locale: Locale },
): Promise<FoundSection[]> {
  const found = await Promise.all(
    searchSections
      .all()
      .map(async (x) => ({ kind: x.kind, heading: x.heading(o.locale), hits: await x.search(db, q, o) })),
  );
  return found.filter((x) => x.hits.length > 0);
}

export const FoundSections: FC<{ found: FoundSection[] }> = ({ found }) => (
  <>
    {found.map((x) => (
      <section class="search-section" aria-labelledby={`search-h-${x.kind}`} data-kind={x.kind}>
        <h2 id={`search-h-${x.kind}`}>{x.heading}</h2>
        <ul class="search-list">
          {x.hits.map((h) => (
            <li class="search-hit">
              <a href={h.url}>{h.title}</a> <span class="search-meta">{h.meta}</span>
              <p>{h.excerpt}</p>
            </li>
          ))}
        </ul>
      </section>
    ))}
  </>
);
