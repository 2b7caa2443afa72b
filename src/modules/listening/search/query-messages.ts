/**
 * French wording of the query parser's messages, for the search page. The parser speaks English
 * because its messages are also the API's `error` text (one language for clients); the page
 * translates them here, pattern by pattern, and keeps the English text for anything unknown.
 */
import type { Locale } from '../../../web/i18n';

const at = (n: string) => `au caractère ${n}`;

/** [English message pattern, French wording]: `$1`… are the pattern's captures, kept as typed. */
const FRENCH: [RegExp, string | ((...groups: string[]) => string)][] = [
  [
    /^Unbalanced quotes: the phrase opened at character (\d+) is never closed$/,
    (n) => `Guillemets non fermés : l’expression ouverte ${at(n)} n’est jamais fermée`,
  ],
  [/^Empty phrase: put words between the quotes$/, 'Expression vide : mettez des mots entre les guillemets'],
  [
    /^Lone operator "-" at character (\d+): .*$/,
    (n) => `Opérateur « - » seul ${at(n)} : collez-lui le mot à exclure, comme dans -promo`,
  ],
  [
    /^Lone operator "([@#]|from:)": put a (?:handle|hashtag) right after it, as in (\S+)$/,
    (op, ex) => `Opérateur « ${op} » seul : faites-le suivre de ce qu’il cherche, comme dans ${ex}`,
  ],
  [
    /^Lone operator "(\w+:)": put its value right after the colon, as in (\S+)$/,
    (op, ex) => `Opérateur « ${op} » sans valeur : écrivez-la juste après les deux-points, comme dans ${ex}`,
  ],
  [
    /^Lone operator "(OR|AND)" at character (\d+): it needs a term on each side$/,
    (op, n) => `Opérateur « ${op} » seul ${at(n)} : il lui faut un terme de chaque côté`,
  ],
  [/^Unknown operator "(\w+:)" \(known: (.*)\)$/, (op, known) => `Opérateur inconnu « ${op} » (connus : ${known})`],
  [/^"(.*)" is not a valid handle for (\S+)$/, (raw, op) => `« ${raw} » n’est pas un identifiant valable pour ${op}`],
  [/^"#(.*)" is not a valid hashtag$/, (raw) => `« #${raw} » n’est pas un hashtag valable`],
  [
    /^has:(\S*) is not supported \(has:product or has:media\)$/,
    (v) => `has:${v} n’existe pas (has:product ou has:media)`,
  ],
  [
    /^(\w+): applies to the whole query; it cannot be negated, inside parentheses or joined by OR$/,
    (op) => `${op}: s’applique à toute la recherche : il ne peut être ni exclu, ni entre parenthèses, ni relié par OR`,
  ],
  [
    /^(\w+): applies to the whole query; it cannot be joined by OR$/,
    (op) => `${op}: s’applique à toute la recherche : il ne peut pas être relié par OR`,
  ],
  [
    /^(\w+): applies to the whole query; it cannot be negated$/,
    (op) => `${op}: s’applique à toute la recherche : il ne peut pas être exclu`,
  ],
  [
    /^(\w+): applies to the whole query; it cannot be inside parentheses$/,
    (op) => `${op}: s’applique à toute la recherche : il ne peut pas être entre parenthèses`,
  ],
  [/^An exclusion \(-word\) cannot be joined by OR$/, 'Une exclusion (-mot) ne peut pas être reliée par OR'],
  [/^Too many terms: at most (\d+)$/, (n) => `Trop de termes : ${n} au plus`],
  [/^Parentheses nested too deep: at most (\d+) levels$/, (n) => `Parenthèses trop imbriquées : ${n} niveaux au plus`],
  [/^Empty parentheses at character (\d+)$/, (n) => `Parenthèses vides ${at(n)}`],
  [
    /^Unbalanced parentheses: "\(" at character (\d+) is never closed$/,
    (n) => `Parenthèses déséquilibrées : « ( » ${at(n)} n’est jamais fermée`,
  ],
  [
    /^Unbalanced parentheses: "\)" without a matching "\("$/,
    'Parenthèses déséquilibrées : « ) » sans « ( » correspondante',
  ],
  [/^Unexpected "(.*)" at character (\d+)$/, (what, n) => `« ${what} » inattendu ${at(n)}`],
  [
    /^(\w+): takes a date written YYYY-MM-DD, not "(.*)"$/,
    (op, v) => `${op}: attend une date écrite AAAA-MM-JJ, pas « ${v} »`,
  ],
  [/^(\w+:\S*) is not a real date$/, (v) => `${v} n’est pas une date qui existe`],
  [/^The query must be a string$/, 'La recherche doit être du texte'],
  [/^Empty query: type something to search for$/, 'Recherche vide : tapez ce que vous cherchez'],
  [/^Query too long: at most (\d+) characters$/, (n) => `Recherche trop longue : ${n} caractères au plus`],
  [/^since: is after until: nothing can match$/, 'since: est après until: : rien ne peut correspondre'],
  [
    /^The query has nothing searchable: .*$/,
    'La recherche ne contient rien à chercher : tapez un mot, une expression, un #tag ou un @compte',
  ],
  [
    /^A query cannot be only exclusions: .*$/,
    'Une recherche ne peut pas n’être que des exclusions : ajoutez ce que vous cherchez, comme dans chaussures -promo',
  ],
  [/^(\w+): given twice$/, (op) => `${op}: donné deux fois`],
  [
    /^(\w+): given twice, or with another date filter on the same bound .*$/,
    (op) =>
      `${op}: donné deux fois, ou avec un autre filtre de date sur la même borne (since:/after:/during: ouvrent la période, until:/before:/during: la ferment)`,
  ],
  [
    /^lang:(\S*) is not supported \(lang:fr or lang:en\)$/,
    (v) => `lang:${v} n’est pas prise en charge (lang:fr ou lang:en)`,
  ],
  [
    /^rating:(\S*) is not valid: .*$/,
    (v) =>
      `rating:${v} n’est pas valide : une note de 1 à 5, éventuellement après <=, >=, < ou >, comme dans rating:<=2`,
  ],
];

/** The parser's message in the page's language (French by pattern; English as the parser wrote it). */
export function queryMessage(locale: Locale, message: string): string {
  if (locale !== 'fr') return message;
  for (const [pattern, french] of FRENCH) {
    const m = pattern.exec(message);
    if (m) return typeof french === 'string' ? french : french(...m.slice(1));
  }
  return message;
}
