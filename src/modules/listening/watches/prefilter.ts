/**
 * A cheap necessary condition per watch, so a new post is tested in SQL only against the few
 * watches it could match (percolation by inverted index). For a query we derive a set of
 * lexemes at least one of which must be in the document's tsvector for the query to hold, or
 * `null` when no such set exists (negations, #tag/@handle/from:/has: predicates, filters only,
 * words that stem to nothing): those watches are always tested. The exact test stays search's
 * own SQL; this only skips watches that cannot match, so the results are identical.
 *
 * Lexemes are what the query's configurations make of each word (to_tsvector and
 * plainto_tsquery share parser and dictionaries), computed once per query text and kept.
 */
import { sql } from 'drizzle-orm';
import { pgArray, queryRows, type Db } from '../../../db/client';
import type { ParsedQuery, QNode } from '../search';
import { configsOf, type SearchConfig } from '../search/compile';

export type Needs = Set<string> | null;

type TextNode = { kind: 'term' | 'phrase'; text: string };

function textsOf(node: QNode | null, out: TextNode[] = []): TextNode[] {
  if (!node) return out;
  if (node.kind === 'term' || node.kind === 'phrase') out.push(node);
  else if (node.kind === 'and' || node.kind === 'or') for (const n of node.nodes) textsOf(n, out);
  return out;
}

/** Lexemes of each word or phrase under each configuration the query reads with: one statement. */
async function lexemesOf(db: Db, texts: TextNode[], configs: SearchConfig[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const unique = [...new Set(texts.map((t) => t.text))];
  if (unique.length === 0) return out;
  const payload = JSON.stringify(unique);
  const rows = await queryRows<{ text: string; lexemes: string[] | string }>(
    db,
    sql`select t.text, array(select distinct unnest(${sql.join(
      configs.map((c) => sql`tsvector_to_array(to_tsvector(${sql.raw(`'public.${c}'::regconfig`)}, t.text))`),
      sql` || `,
    )})) as lexemes
        from json_array_elements_text(${payload}::json) as t(text)`,
  );
  for (const r of rows) out.set(r.text, pgArray(r.lexemes));
  return out;
}

function needsOf(node: QNode | null, lexemes: Map<string, string[]>): Needs {
  if (!node) return null;
  switch (node.kind) {
    case 'term':
    case 'phrase': {
      const l = lexemes.get(node.text) ?? [];
      return l.length ? new Set(l) : null; // stems to nothing: unknown, always test
    }
    case 'and': {
      // Any one child's condition is necessary for the whole: keep the most selective.
      let best: Needs = null;
      for (const n of node.nodes) {
        const c = needsOf(n, lexemes);
        if (c && (!best || c.size < best.size)) best = c;
      }
      return best;
    }
    case 'or': {
      const union = new Set<string>();
      for (const n of node.nodes) {
        const c = needsOf(n, lexemes);
        if (!c) return null;
        for (const x of c) union.add(x);
      }
      return union;
    }
    default:
      return null; // not, tag, mention, from, has
  }
}

const cache = new Map<string, Needs>();

export async function needsFor(db: Db, parsed: ParsedQuery): Promise<Needs> {
  const key = parsed.source;
  if (cache.has(key)) return cache.get(key)!;
  const texts = textsOf(parsed.root);
  const needs = texts.length ? needsOf(parsed.root, await lexemesOf(db, texts, configsOf(parsed))) : null;
  if (cache.size > 5000) cache.clear();
  cache.set(key, needs);
  return needs;
}

export const couldMatch = (needs: Needs, lexemes: Set<string> | undefined): boolean => {
  if (!needs) return true;
  if (!lexemes) return false;
  for (const x of needs) if (lexemes.has(x)) return true;
  return false;
};
