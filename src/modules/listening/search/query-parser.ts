// The search query language's parser (query.ts calls it): tokens from query-lex.ts into a tree of
// QNode and filters, with the errors that name what is wrong.
import { badRequest } from '../../../lib/errors';
import type { QNode } from './query';
import type { Token } from './query-lex';

const MAX_ATOMS = 32;
const MAX_DEPTH = 8;

const invalid = (message: string) => badRequest('invalid_query', message);

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

export type Filter = {
  kind: 'filter';
  op: 'lang' | 'since' | 'until' | 'before' | 'after' | 'during' | 'rating';
  value: string;
};
export type Parsed = QNode | Filter;

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

export class Parser {
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
