import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseText, fingerprint, fingerprintDistance, flagCodes, normalizeText, sentimentOf } from './index';

/** Any string a user or a bot may send: unicode, emojis, control characters, lone surrogates. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.string({ unit: 'grapheme', maxLength: 400 }),
  fc
    .array(
      fc.constantFrom(
        'con',
        'nard',
        ' ',
        '.',
        '0',
        '@',
        '$',
        '*',
        'pas',
        'mal',
        'du',
        'tout',
        '06',
        '12',
        '!',
        '?',
        'é',
        '😡',
        '\u0000',
        '\n',
        'http://',
        'www.',
        '.fr',
        "'",
        't',
      ),
      { maxLength: 80 },
    )
    .map((a) => a.join('')),
);

describe('analysis properties', () => {
  it('never throws, keeps confidences in [0,1], sorts flags, returns a well-formed result', () => {
    fc.assert(
      fc.property(
        anyText,
        fc.option(anyText, { nil: undefined }),
        fc.option(fc.integer({ min: -3, max: 9 }), { nil: undefined }),
        (text, title, rating) => {
          const a = analyseText({ text, title, rating, context: { productTitle: title, brandName: 'Comptoir' } });
          expect(['fr', 'en']).toContain(a.language);
          expect(a.fingerprint).toMatch(/^[0-9a-f]{16}$/);
          expect(a.sentiment.score).toBeGreaterThanOrEqual(-1);
          expect(a.sentiment.score).toBeLessThanOrEqual(1);
          for (let i = 0; i < a.flags.length; i++) {
            const f = a.flags[i];
            expect(flagCodes).toContain(f.code);
            expect(f.code).not.toBe('duplicate');
            expect(f.confidence).toBeGreaterThanOrEqual(0);
            expect(f.confidence).toBeLessThanOrEqual(1);
            if (i > 0) expect(a.flags[i - 1].confidence).toBeGreaterThanOrEqual(f.confidence);
          }
          expect(new Set(a.flags.map((f) => f.code)).size).toBe(a.flags.length);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('survives huge inputs and odd values without throwing', () => {
    const huge = 'connard 06 12 34 56 78 www.spam.fr pas mal du tout 😍 '.repeat(20_000);
    expect(analyseText({ text: huge }).flags.map((f) => f.code)).toContain('insult');
    expect(() => analyseText({ text: '\u0000\u0001\uD800\uDFFF\u202E'.repeat(1000) })).not.toThrow();
    expect(() => analyseText({ text: undefined as unknown as string, rating: Number.NaN })).not.toThrow();
    expect(sentimentOf('').label).toBe('neutral');
  });

  it('normalization is idempotent', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = normalizeText(text);
        expect(normalizeText(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it('fingerprints ignore case, accents and punctuation; the distance is symmetric and bounded', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom('très', 'bon', 'produit', 'livraison', 'rapide', 'qualité', 'déçu', 'cassé', 'great', 'fast'),
          { minLength: 1, maxLength: 30 },
        ),
        (words) => {
          const text = words.join(' ');
          const noisy = `${text.toUpperCase().normalize('NFD').replace(/\p{M}/gu, '')} !!!`;
          expect(fingerprint(noisy)).toBe(fingerprint(text));
          const other = fingerprint(`${text} encore`);
          const d = fingerprintDistance(fingerprint(text), other);
          expect(d).toBe(fingerprintDistance(other, fingerprint(text)));
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(64);
        },
      ),
    );
  });

  const insults = ['connard', 'salope', 'enculé', 'pute', 'batard', 'fuck', 'asshole', 'bitch', 'bastard', 'enfoiré'];
  const leet: Record<string, string> = { e: '3', o: '0', i: '1', a: '4', s: '5', t: '7' };
  /** One obfuscation of a word, chosen by fast-check. */
  const obfuscated = fc
    .record({
      word: fc.constantFrom(...insults),
      how: fc.constantFrom(
        'upper',
        'mixed',
        'leet',
        'spaced',
        'dotted',
        'stretched',
        'accents',
        'at',
        'homoglyph',
        'invisible',
        'fullwidth',
      ),
      seed: fc.nat(),
    })
    .map(({ word, how, seed }) => {
      const letters = [...word.normalize('NFD').replace(/\p{M}/gu, '')];
      switch (how) {
        case 'upper':
          return word.toUpperCase();
        case 'mixed':
          return letters.map((c, i) => ((i + seed) % 2 ? c.toUpperCase() : c)).join('');
        case 'leet':
          return letters.map((c, i) => (leet[c] && (i + seed) % 2 === 0 ? leet[c] : c)).join('');
        case 'spaced':
          return letters.join(' ');
        case 'dotted':
          return letters.join('.');
        case 'stretched': {
          const k = seed % letters.length;
          return letters.map((c, i) => (i === k ? c.repeat(3 + (seed % 4)) : c)).join('');
        }
        case 'homoglyph':
          return letters.map((c) => ({ a: 'а', o: 'о', e: 'е', c: 'с', p: 'р' })[c as 'a'] ?? c).join('');
        case 'invisible': {
          const k = 1 + (seed % (letters.length - 1));
          return [...letters.slice(0, k), '\u200b', ...letters.slice(k)].join('');
        }
        case 'fullwidth':
          return letters.map((c) => String.fromCharCode(c.charCodeAt(0) - 0x61 + 0xff41)).join('');
        case 'accents':
          return letters.map((c) => ({ e: 'é', a: 'à', u: 'ù', i: 'î', o: 'ô' })[c as 'e'] ?? c).join('');
        default:
          return letters.map((c) => (c === 'a' ? '@' : c === 's' ? '$' : c)).join('');
      }
    });

  it('still catches listed insults under obfuscation, inside a sentence', () => {
    fc.assert(
      fc.property(obfuscated, fc.constantFrom('Le vendeur est un ', 'What a ', '', 'franchement, '), (word, prefix) => {
        const flags = analyseText({ text: `${prefix}${word} !` }).flags;
        expect(
          flags.map((f) => f.code),
          word,
        ).toContain('insult');
      }),
      { numRuns: 400 },
    );
  });
});
