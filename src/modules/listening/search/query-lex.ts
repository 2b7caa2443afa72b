// The search query language's tokens (query.ts parses them): words, phrases, parentheses, OR, AND, -.
import { badRequest } from '../../../lib/errors';

const invalid = (message: string) => badRequest('invalid_query', message);

export type Token =
  | { t: 'lparen'; at: number }
  | { t: 'rparen'; at: number }
  | { t: 'or'; at: number }
  | { t: 'and'; at: number }
  | { t: 'minus'; at: number }
  | { t: 'phrase'; text: string; at: number }
  | { t: 'word'; text: string; at: number };

export function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const isSpace = (ch: string) => /\s/u.test(ch);
  while (i < input.length) {
    const ch = input[i];
    if (isSpace(ch)) {
      i++;
      continue;
    }
    if (ch === '(') {
      tokens.push({ t: 'lparen', at: i++ });
      continue;
    }
    if (ch === ')') {
      tokens.push({ t: 'rparen', at: i++ });
      continue;
    }
    if (ch === '"' || ch === '“' || ch === '”' || ch === '«' || ch === '»') {
      const close = ch === '«' ? '»' : ch === '“' ? '”' : ch;
      const closers = close === '"' ? ['"', '”'] : [close, '"'];
      let j = i + 1;
      while (j < input.length && !closers.includes(input[j])) j++;
      if (j >= input.length)
        throw invalid(`Unbalanced quotes: the phrase opened at character ${i + 1} is never closed`);
      const text = input.slice(i + 1, j).trim();
      if (!text) throw invalid('Empty phrase: put words between the quotes');
      tokens.push({ t: 'phrase', text, at: i });
      i = j + 1;
      continue;
    }
    if (
      ch === '-' &&
      (tokens.length === 0 || input[i - 1] === undefined || isSpace(input[i - 1]) || input[i - 1] === '(')
    ) {
      const next = input[i + 1];
      if (next === undefined || isSpace(next) || next === ')' || next === '-')
        throw invalid(`Lone operator "-" at character ${i + 1}: put the word to exclude right after it, as in -promo`);
      tokens.push({ t: 'minus', at: i++ });
      continue;
    }
    let j = i;
    while (j < input.length && !isSpace(input[j]) && !'()"“”«»'.includes(input[j])) j++;
    const text = input.slice(i, j);
    if (text === 'OR' || text === '|' || text === '||') tokens.push({ t: 'or', at: i });
    else if (text === 'AND' || text === '&&' || text === '&') tokens.push({ t: 'and', at: i });
    else tokens.push({ t: 'word', text, at: i });
    i = j;
  }
  return tokens;
}
