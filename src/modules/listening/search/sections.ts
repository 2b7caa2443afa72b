/**
 * More kinds of results for the search page, from modules search does not know (a brand's
 * discussion topics): each registers a section that finds its own documents for the viewer
 * (its own access rules) with the query compiled by `queryCondition`. Shown on the page's "all"
 * view after the built-in kinds, when they found something. Registered from src/links/.
 */
import type { SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import type { Locale } from '../../../web/i18n';
import { whereOf } from './compile';
import type { ParsedQuery } from './query';

export type SectionHit = { url: string; title: string; excerpt: string; meta: string };
export type SearchSection = {
  kind: string;
  heading(locale: Locale): string;
  search(db: Db, q: ParsedQuery, o: { viewerId: string | null; limit: number; locale: Locale }): Promise<SectionHit[]>;
};

const sections = new Map<string, SearchSection>();
export const searchSections = {
  /** Adds or replaces (by kind). Idempotent: every app context registers again. */
  register(section: SearchSection) {
    sections.set(section.kind, section);
  },
  all(): SearchSection[] {
    return [...sections.values()];
  },
};

/** The query's words, phrases and operators as a condition on a text-search vector (predicates never hold). */
export const queryCondition = (q: ParsedQuery, tsv: SQL): SQL => whereOf(q, { tsv, predicate: () => null });
