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
import { lex, type Token } from './query-lex';

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
const MAX_ATOMS = 32;
const MAX_DEPTH = 8;

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

const HANDLE = /^[A-Za-z0-9_]{1,64}(?:\.[A-Za-z0-9_]+)*$/;

function parseHandle(op: string, raw: string): string {
  // Accept @user, user and user@our.domain: only local accounts exist for now.
  const local = raw.replace(/^@/, '').split('@')[0];
  if (!local)
    throw invalid(`Lone operator "${op}": put a handle right after it, as in ${op === '@' ? '@alice' : `${op}alice`}`);
  if (!HANDLE.test(local)) throw invalid(`"${raw}" is not a valid handle for ${op}`);
  return local.toLowerCase();
}

function parseTag(raw: string): string {
  const tag = raw.normalize('NFC').toLowerCase();
  if (!tag) throw invalid('Lone operator "#": put a hashtag right after it, as in #soldes');
  if (tag.length > 100 || !/^[\p{L}\p{N}_]+$/u.test(tag)) throw invalid(`"#${raw}" is not a valid hashtag`);
  return tag;
}

type Filter = {
  kind: 'filter';
  op: 'lang' | 'since' | 'until' | 'before' | 'after' | 'during' | 'rating';
  value: string;
};
type Parsed = QNode | Filter;

const KNOWN_OPS = ['from', 'has', 'lang', 'since', 'until', 'before', 'after', 'during', 'rating'];

/** A word: a predicate (#tag, @handle, op:value) or a term. Null when it has nothing searchable. */
function atomOfWord(text: string): Parsed | null {
  if (text.startsWith('#')) return { kind: 'tag', tag: parseTag(text.slice(1)) };
  if (text.startsWith('@')) return { kind: 'mention', handle: parseHandle('@', text) };
  const op = /^([A-Za-z_]+):(.*)$/s.exec(text);
  if (op && !text.includes('://')) {
    // language: is Mastodon's spelling of lang:.
    const name = op[1].toLowerCase() === 'language' ? 'lang' : op[1].toLowerCase();
    const value = op[2];
    if (!KNOWN_OPS.includes(name))
      throw invalid(`Unknown operator "${op[1]}:" (known: ${KNOWN_OPS.map((k) => `${k}:`).join(', ')})`);
    if (!value) throw invalid(`Lone operator "${name}:": put its value right after the colon, as in ${example(name)}`);
    if (name === 'from') return { kind: 'from', handle: parseHandle('from:', value) };
    if (name === 'has') {
      const what = value.toLowerCase();
      if (what === 'product' || what === 'products') return { kind: 'has', what: 'product' };
      if (what === 'media' || what === 'image' || what === 'images') return { kind: 'has', what: 'media' };
      throw invalid(`has:${value} is not supported (has:product or has:media)`);
    }
    return { kind: 'filter', op: name as Filter['op'], value };
  }
  // Punctuation or emoji alone has nothing to search for.
  if (!/[\p{L}\p{N}]/u.test(text)) return null;
  return { kind: 'term', text };
}

function example(op: string): string {
  return (
    {
      from: 'from:alice',
      has: 'has:product',
      lang: 'lang:fr',
      since: 'since:2026-01-31',
      until: 'until:2026-12-31',
      before: 'before:2026-12-31',
      after: 'after:2026-01-31',
      during: 'during:2026-06-21',
      rating: 'rating:<=2',
    }[op] ?? `${op}:value`
  );
}

class Parser {
  private pos = 0;
  private atoms = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Parsed | null {
    const node = this.or(0);
    const extra = this.tokens[this.pos];
    if (extra)
      throw invalid(
        extra.t === 'rparen' ? 'Unbalanced parentheses: ")" without a matching "("' : `Unexpected ${describe(extra)}`,
      );
    return node;
  }

  private or(depth: number): Parsed | null {
    const first = this.and(depth);
    const nodes: (Parsed | null)[] = [first];
    while (this.tokens[this.pos]?.t === 'or') {
      const or = this.tokens[this.pos++];
      const next = this.and(depth);
      if (first === null && nodes.length === 1)
        throw invalid(`Lone operator "OR" at character ${or.at + 1}: it needs a term on each side`);
      if (next === null) throw invalid(`Lone operator "OR" at character ${or.at + 1}: it needs a term on each side`);
      nodes.push(next);
    }
    if (nodes.length === 1) return first;
    const members = nodes.filter((n): n is Parsed => n !== null);
    for (const m of members) {
      if (m.kind === 'filter') throw invalid(`${m.op}: applies to the whole query; it cannot be joined by OR`);
      if (m.kind === 'not') throw invalid('An exclusion (-word) cannot be joined by OR');
    }
    return { kind: 'or', nodes: members as QNode[] };
  }

  private and(depth: number): Parsed | null {
    const nodes: Parsed[] = [];
    let sawAny = false;
    for (;;) {
      const tok = this.tokens[this.pos];
      if (!tok || tok.t === 'or' || tok.t === 'rparen') break;
      if (tok.t === 'and') {
        this.pos++;
        if (!sawAny) throw invalid(`Lone operator "AND" at character ${tok.at + 1}: it needs a term on each side`);
        const after = this.tokens[this.pos];
        if (!after || after.t === 'or' || after.t === 'rparen' || after.t === 'and')
          throw invalid(`Lone operator "AND" at character ${tok.at + 1}: it needs a term on each side`);
        continue;
      }
      sawAny = true;
      const node = this.unary(depth);
      if (node) nodes.push(node);
    }
    if (!sawAny) return null;
    if (nodes.length === 0) return { kind: 'and', nodes: [] };
    return nodes.length === 1 ? nodes[0] : { kind: 'and', nodes: nodes as QNode[] };
  }

  private unary(depth: number): Parsed | null {
    const tok = this.tokens[this.pos];
    if (tok?.t === 'minus') {
      this.pos++;
      const next = this.tokens[this.pos];
      if (!next || next.t === 'or' || next.t === 'rparen' || next.t === 'and' || next.t === 'minus')
        throw invalid(
          `Lone operator "-" at character ${tok.at + 1}: put the word to exclude right after it, as in -promo`,
        );
      const inner = this.atom(depth);
      if (inner === null) return null;
      if (inner.kind === 'filter') throw invalid(`${inner.op}: applies to the whole query; it cannot be negated`);
      return { kind: 'not', node: inner };
    }
    return this.atom(depth);
  }

  private atom(depth: number): Parsed | null {
    const tok = this.tokens[this.pos++];
    if (++this.atoms > MAX_ATOMS) throw invalid(`Too many terms: at most ${MAX_ATOMS}`);
    switch (tok.t) {
      case 'lparen': {
        if (depth + 1 > MAX_DEPTH) throw invalid(`Parentheses nested too deep: at most ${MAX_DEPTH} levels`);
        if (this.tokens[this.pos]?.t === 'rparen') throw invalid(`Empty parentheses at character ${tok.at + 1}`);
        const inner = this.or(depth + 1);
        const close = this.tokens[this.pos++];
        if (close?.t !== 'rparen')
          throw invalid(`Unbalanced parentheses: "(" at character ${tok.at + 1} is never closed`);
        if (inner === null) throw invalid(`Empty parentheses at character ${tok.at + 1}`);
        if (inner.kind === 'filter')
          throw invalid(`${inner.op}: applies to the whole query; it cannot be inside parentheses`);
        if (inner.kind === 'and' && inner.nodes.some((n) => (n as Parsed).kind === 'filter')) {
          const f = inner.nodes.find((n) => (n as Parsed).kind === 'filter') as unknown as Filter;
          throw invalid(`${f.op}: applies to the whole query; it cannot be inside parentheses`);
        }
        return inner;
      }
      case 'phrase':
        return /[\p{L}\p{N}]/u.test(tok.text) ? { kind: 'phrase', text: tok.text } : null;
      case 'word':
        return atomOfWord(tok.text);
      default:
        throw invalid(`Unexpected ${describe(tok)}`);
    }
  }
}

function describe(tok: Token): string {
  switch (tok.t) {
    case 'rparen':
      return `")" at character ${tok.at + 1}`;
    case 'lparen':
      return `"(" at character ${tok.at + 1}`;
    case 'or':
      return `"OR" at character ${tok.at + 1}`;
    case 'and':
      return `"AND" at character ${tok.at + 1}`;
    case 'minus':
      return `"-" at character ${tok.at + 1}`;
    default:
      return `"${tok.text}" at character ${tok.at + 1}`;
  }
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
