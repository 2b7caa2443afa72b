/**
 * The search query language, parsed into a tree before any SQL is built (compile.ts turns the
 * tree into parameterized SQL; nothing the user typed is ever spliced into a query).
 *
 *   chaussure élégante      words, all required (stemmed, accent- and case-insensitive)
 *   "chaussures en cuir"    a phrase: the words next to each other, in this order
 *   cuir OR daim            either
 *   -promo                  exclusion (of a word, phrase, group or predicate)
 *   (cuir OR daim) bottes   groups
 *   #tag  @handle  from:handle  has:product  has:media      predicates, usable anywhere
 *   lang:fr|en  since:YYYY-MM-DD  until:YYYY-MM-DD  rating:<=2      filters on the whole query
 *   before:  after:  during:  (Mastodon's dates: before and after exclude their day, during is that day)
 *
 * Anything malformed is an AppError 400 `invalid_query` whose message names the problem.
 */
import { badRequest } from '../../../lib/errors';
import { lex } from './query-lex';
import { type Filter, type Parsed, Parser } from './query-parser';

export type QNode =
  | { kind: 'term'; text: string }
  | { kind: 'phrase'; text: string }
  | { kind: 'tag'; tag: string }
  | { kind: 'mention'; handle: string }
  | { kind: 'from'; handle: string }
  | { kind: 'has'; what: 'product' | 'media' }
  | { kind: 'and'; nodes: QNode[] }
  | { kind: 'or'; nodes: QNode[] }
  | { kind: 'not'; node: QNode };

export type RatingFilter = { op: '<=' | '>=' | '<' | '>' | '='; value: number };

export type ParsedQuery = {
  /** The query as typed (trimmed). */
  source: string;
  /** The boolean part; null when the query is only filters (e.g. `lang:fr since:2026-01-01`). */
  root: QNode | null;
  lang?: 'fr' | 'en';
  /** Inclusive lower bound (start of that day, UTC). */
  since?: Date;
  /** Exclusive upper bound (the day after `until:`, UTC), so `until:` includes its whole day. */
  until?: Date;
  /** Reviews only: a query with rating: matches no posts, products or accounts. */
  rating?: RatingFilter;
  /** Positive words and phrases, for highlighting and ranking. */
  highlights: string[];
};

export const MAX_QUERY_LENGTH = 512;

const invalid = (message: string) => badRequest('invalid_query', message);

/** Words too common to require: dropped from a group of words when something else remains. */
const STOP_WORDS = new Set(
  (
    'le la les l un une des du de d au aux et ou mais donc or ni car a à en dans par pour sur sous avec sans ce ces cet cette ' +
    'se sa son ses mon ma mes ton ta tes notre nos votre vos leur leurs qui que quoi dont y ne pas plus il elle ils elles ' +
    'je tu nous vous on est sont c s qu j m n t ' +
    'the an and or of to in on at for with by from is are was were be it its this that these those as not no'
  ).split(' '),
);

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDate(op: string, value: string): Date {
  const m = DATE.exec(value);
  if (!m) throw invalid(`${op}: takes a date written YYYY-MM-DD, not "${value}"`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1970 || y > 9999 || date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    throw invalid(`${op}:${value} is not a real date`);
  }
  return date;
}

const isPositive = (n: QNode): boolean => (n.kind === 'and' ? n.nodes.some(isPositive) : n.kind !== 'not');

/** Drops stop words from groups that keep something else, and flattens trivial groups. */
function simplify(node: QNode): QNode | null {
  switch (node.kind) {
    case 'and': {
      let nodes = node.nodes.map(simplify).filter((n): n is QNode => n !== null);
      const meaningful = nodes.filter(
        (n) => !(n.kind === 'term' && STOP_WORDS.has(n.text.toLowerCase())) && n.kind !== 'not',
      );
      if (meaningful.length > 0)
        nodes = nodes.filter((n) => !(n.kind === 'term' && STOP_WORDS.has(n.text.toLowerCase())));
      if (nodes.length === 0) return null;
      return nodes.length === 1 ? nodes[0] : { kind: 'and', nodes };
    }
    case 'or': {
      const nodes = node.nodes.map(simplify).filter((n): n is QNode => n !== null);
      if (nodes.length === 0) return null;
      return nodes.length === 1 ? nodes[0] : { kind: 'or', nodes };
    }
    case 'not': {
      const inner = simplify(node.node);
      return inner ? { kind: 'not', node: inner } : null;
    }
    default:
      return node;
  }
}

function collectHighlights(node: QNode | null, out: string[], negated = false) {
  if (!node) return;
  if (node.kind === 'term' || node.kind === 'phrase') {
    if (!negated) out.push(node.text);
  } else if (node.kind === 'and' || node.kind === 'or') for (const n of node.nodes) collectHighlights(n, out, negated);
  else if (node.kind === 'not') collectHighlights(node.node, out, !negated);
}

/** Parses a search query; throws AppError 400 `invalid_query` naming the problem. */
export function parseQuery(q: string): ParsedQuery {
  if (typeof q !== 'string') throw invalid('The query must be a string');
  const source = q.normalize('NFC').trim();
  if (!source) throw invalid('Empty query: type something to search for');
  if (source.length > MAX_QUERY_LENGTH) throw invalid(`Query too long: at most ${MAX_QUERY_LENGTH} characters`);
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(source)) throw invalid('The query contains control characters');

  const tree = new Parser(lex(source)).parse();
  // Filters live at the top level only: pull them out of the top AND.
  const top: Parsed[] = tree === null ? [] : tree.kind === 'and' ? (tree.nodes as Parsed[]) : [tree];
  const parsed: ParsedQuery = { source, root: null, highlights: [] };
  const rest: QNode[] = [];
  for (const node of top) {
    if (node.kind !== 'filter') {
      rest.push(node);
      continue;
    }
    applyFilter(parsed, node);
  }
  for (const node of rest) rejectNestedFilters(node as Parsed);
  if (parsed.since && parsed.until && parsed.since >= parsed.until)
    throw invalid('since: is after until: nothing can match');

  const root = simplify(rest.length === 1 ? rest[0] : { kind: 'and', nodes: rest });
  const hasFilters = Boolean(parsed.lang || parsed.since || parsed.until || parsed.rating);
  if (!root && !hasFilters)
    throw invalid('The query has nothing searchable: type a word, a phrase, a #tag or an @handle');
  if (root && !isPositive(root) && !hasFilters)
    throw invalid('A query cannot be only exclusions: add something to search for, as in chaussures -promo');
  parsed.root = root;
  collectHighlights(root, parsed.highlights);
  return parsed;
}

function rejectNestedFilters(node: Parsed) {
  if (node.kind === 'filter')
    throw invalid(`${node.op}: applies to the whole query; it cannot be negated, inside parentheses or joined by OR`);
  if (node.kind === 'and' || node.kind === 'or') for (const n of node.nodes) rejectNestedFilters(n as Parsed);
  if (node.kind === 'not') rejectNestedFilters(node.node as Parsed);
}

function applyFilter(parsed: ParsedQuery, f: Filter) {
  const once = (present: unknown) => {
    if (present === undefined) return;
    if (f.op === 'lang' || f.op === 'rating') throw invalid(`${f.op}: given twice`);
    throw invalid(
      `${f.op}: given twice, or with another date filter on the same bound (since:/after:/during: start the range, until:/before:/during: end it)`,
    );
  };
  switch (f.op) {
    case 'lang': {
      once(parsed.lang);
      const lang = f.value.toLowerCase();
      if (lang !== 'fr' && lang !== 'en') throw invalid(`lang:${f.value} is not supported (lang:fr or lang:en)`);
      parsed.lang = lang;
      return;
    }
    case 'since':
      once(parsed.since);
      parsed.since = parseDate('since', f.value);
      return;
    case 'until': {
      once(parsed.until);
      const day = parseDate('until', f.value);
      parsed.until = new Date(day.getTime() + 86_400_000);
      return;
    }
    // Mastodon's spellings: the same bounds, each day excluded or included as Mastodon does.
    case 'before':
      once(parsed.until);
      parsed.until = parseDate('before', f.value);
      return;
    case 'after':
      once(parsed.since);
      parsed.since = new Date(parseDate('after', f.value).getTime() + 86_400_000);
      return;
    case 'during': {
      once(parsed.since);
      once(parsed.until);
      const day = parseDate('during', f.value);
      parsed.since = day;
      parsed.until = new Date(day.getTime() + 86_400_000);
      return;
    }
    case 'rating': {
      once(parsed.rating);
      const m = /^(<=|>=|<|>|=)?([1-5])$/.exec(f.value);
      if (!m)
        throw invalid(
          `rating:${f.value} is not valid: a note from 1 to 5, optionally after <=, >=, < or >, as in rating:<=2`,
        );
      parsed.rating = { op: (m[1] ?? '=') as RatingFilter['op'], value: Number(m[2]) };
      return;
    }
  }
}
