import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../http/errors';
import { parseQuery } from './query';

const fails = (q: string, message: RegExp) => {
  let error: unknown;
  try {
    parseQuery(q);
  } catch (e) {
    error = e;
  }
  expect(error, q).toBeInstanceOf(AppError);
  expect((error as AppError).status).toBe(400);
  expect((error as AppError).code).toBe('invalid_query');
  expect((error as AppError).message).toMatch(message);
};

describe('parseQuery', () => {
  it('reads words, phrases, OR, exclusions, groups and predicates', () => {
    expect(parseQuery('chaussure élégante').root).toEqual({
      kind: 'and',
      nodes: [
        { kind: 'term', text: 'chaussure' },
        { kind: 'term', text: 'élégante' },
      ],
    });
    expect(parseQuery('"chaussures en cuir"').root).toEqual({ kind: 'phrase', text: 'chaussures en cuir' });
    expect(parseQuery('cuir OR daim').root).toEqual({
      kind: 'or',
      nodes: [
        { kind: 'term', text: 'cuir' },
        { kind: 'term', text: 'daim' },
      ],
    });
    expect(parseQuery('bottes -promo').root).toEqual({
      kind: 'and',
      nodes: [
        { kind: 'term', text: 'bottes' },
        { kind: 'not', node: { kind: 'term', text: 'promo' } },
      ],
    });
    expect(parseQuery('(cuir OR daim) bottes').root).toEqual({
      kind: 'and',
      nodes: [
        {
          kind: 'or',
          nodes: [
            { kind: 'term', text: 'cuir' },
            { kind: 'term', text: 'daim' },
          ],
        },
        { kind: 'term', text: 'bottes' },
      ],
    });
    expect(parseQuery('#Soldes @Alice from:bob has:product').root).toEqual({
      kind: 'and',
      nodes: [
        { kind: 'tag', tag: 'soldes' },
        { kind: 'mention', handle: 'alice' },
        { kind: 'from', handle: 'bob' },
        { kind: 'has', what: 'product' },
      ],
    });
    expect(parseQuery('porte-monnaie').root).toEqual({ kind: 'term', text: 'porte-monnaie' });
    expect(parseQuery('https://example.com/x').root).toEqual({ kind: 'term', text: 'https://example.com/x' });
  });

  it('pulls filters out of the query and drops stop words', () => {
    const q = parseQuery('les chaussures lang:fr since:2026-01-01 until:2026-01-31 rating:<=2');
    expect(q.root).toEqual({ kind: 'term', text: 'chaussures' });
    expect(q.lang).toBe('fr');
    expect(q.since?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(q.until?.toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(q.rating).toEqual({ op: '<=', value: 2 });
    expect(parseQuery('cuir language:en').lang).toBe('en');
    expect(parseQuery('rating:3').rating).toEqual({ op: '=', value: 3 });
    expect(parseQuery('le').root).toEqual({ kind: 'term', text: 'le' });
    expect(parseQuery('lang:en').root).toBeNull();
    expect(parseQuery('cuir -"faux cuir" OR daim').highlights).toEqual(['cuir', 'daim']);
  });

  it('reads Mastodon’s dates: before: and after: leave their day out, during: is that day', () => {
    const iso = (d?: Date) => d?.toISOString().slice(0, 10);
    const q = parseQuery('cuir after:2026-01-31 before:2026-03-01');
    expect([iso(q.since), iso(q.until)]).toEqual(['2026-02-01', '2026-03-01']);
    const d = parseQuery('soldes during:2026-06-21');
    expect([iso(d.since), iso(d.until)]).toEqual(['2026-06-21', '2026-06-22']);
    fails('during:2026-06-21 since:2026-06-01', /given twice/);
    fails('before:2026-03-01 until:2026-03-01', /given twice/);
    fails('after:2026-03-01 before:2026-03-02', /after until/);
    fails('during:demain', /YYYY-MM-DD/);
  });

  it('names the problem of malformed queries', () => {
    fails('', /Empty query/);
    fails('   ', /Empty query/);
    fails('"chaussures', /Unbalanced quotes/);
    fails('""', /Empty phrase/);
    fails('(cuir', /Unbalanced parentheses/);
    fails('cuir)', /Unbalanced parentheses/);
    fails('()', /Empty parentheses/);
    fails('OR cuir', /Lone operator "OR"/);
    fails('cuir OR', /Lone operator "OR"/);
    fails('cuir OR OR daim', /Lone operator "OR"/);
    fails('cuir AND', /Lone operator "AND"/);
    fails('cuir -', /Lone operator "-"/);
    fails('- cuir', /Lone operator "-"/);
    fails('#', /Lone operator "#"/);
    fails('@', /Lone operator "@"/);
    fails('from:', /Lone operator "from:"/);
    fails('since:2026-13-45', /not a real date/);
    fails('since:2026-02-30', /not a real date/);
    fails('since:yesterday', /YYYY-MM-DD/);
    fails('until:0001-01-01', /not a real date/);
    fails('since:2026-02-01 until:2026-01-01', /after until/);
    fails('colour:red', /Unknown operator "colour:"/);
    fails('lang:de', /lang:fr or lang:en/);
    fails('rating:9', /rating:9 is not valid/);
    fails('rating:<=', /rating:<= is not valid/);
    fails('has:wings', /has:product or has:media/);
    fails('-promo', /only exclusions/);
    fails('cuir OR -promo', /exclusion .* OR/);
    fails('cuir OR lang:fr', /lang: applies to the whole query/);
    fails('(cuir lang:fr)', /lang: applies to the whole query/);
    fails('-lang:fr cuir', /lang: applies to the whole query/);
    fails('lang:fr lang:en', /given twice/);
    fails('!!! ???', /nothing searchable/);
    fails('x'.repeat(600), /too long/);
    fails('a '.repeat(40), /Too many terms/);
    fails('(((((((((a)))))))))', /nested too deep/);
    fails('from:ali!ce', /not a valid handle/);
    fails('#tag!', /not a valid hashtag/);
  });

  it('either parses or throws invalid_query, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc
            .array(
              fc.constantFrom(
                'a',
                'OR',
                '-',
                '(',
                ')',
                '"',
                '#',
                '@x',
                'from:',
                'lang:fr',
                'since:2026-01-01',
                ' ',
                'rating:<=2',
                'é',
              ),
              { maxLength: 20 },
            )
            .map((a) => a.join(' ')),
        ),
        (q) => {
          try {
            const parsed = parseQuery(q);
            expect(parsed.source.length).toBeGreaterThan(0);
          } catch (e) {
            expect(e).toBeInstanceOf(AppError);
            expect((e as AppError).code).toBe('invalid_query');
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
