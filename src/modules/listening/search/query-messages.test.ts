import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../http/errors';
import { parseQuery } from './query';
import { queryMessage } from './query-messages';

const messageOf = (q: string): string | null => {
  try {
    parseQuery(q);
    return null;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return e.message;
  }
};

const BAD = [
  '"open',
  '""',
  'a -',
  '@',
  'from:',
  '#',
  'a OR',
  'a AND',
  'colour:red',
  'has:video',
  '(lang:fr)',
  '-lang:fr',
  'lang:fr OR a',
  '-a OR b',
  'a '.repeat(40),
  '(((((((((a)))))))))',
  '()',
  '(a',
  'a)',
  'since:2026-1-1 a',
  'since:2026-02-30 a',
  'a'.repeat(600),
  'since:2026-05-01 until:2026-01-01 a',
  '-a',
  'lang:fr lang:en a',
  'since:2026-01-01 after:2026-01-02 a',
  'lang:de a',
  'rating:9 a',
  'from:ali!ce',
  '#tag!',
];

describe('query messages on French pages', () => {
  it('translates every message the parser gives, keeping the English for English pages', () => {
    for (const q of BAD) {
      const message = messageOf(q);
      expect(message, q).not.toBeNull();
      expect(queryMessage('en', message!)).toBe(message);
      expect(queryMessage('fr', message!), message!).not.toBe(message);
    }
    expect(queryMessage('fr', messageOf('"open')!)).toBe(
      'Guillemets non fermés : l’expression ouverte au caractère 1 n’est jamais fermée',
    );
  });

  it('has a French wording for whatever malformed query is typed', () => {
    const pieces = ['a', 'OR', 'AND', '-', '(', ')', '"', '#', '@x', 'from:', 'lang:fr', 'since:2026-01-01', 'é'];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces, ' '), { maxLength: 20 }).map((a) => a.join(' ')),
        (q) => {
          const message = messageOf(q);
          if (message) expect(queryMessage('fr', message), message).not.toBe(message);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
