/**
 * Triage explains each flag in one English sentence, stored with the flag (the API and the audit
 * trail keep it as it was written). A moderator reads the console in French or English: this
 * turns the stored sentence back into the reader's language. The sentences are a closed set,
 * written by analyse.ts and reputation's duplicate check, so each has its French twin here;
 * a sentence we do not know (a flag written by an older version) is shown as stored.
 */
import type { Flag } from './types';

type Locale = 'fr' | 'en';

const PERSONAL_KINDS: Record<string, string> = {
  'e-mail address': 'adresse e-mail',
  'phone number': 'numéro de téléphone',
  'postal address': 'adresse postale',
  'card number': 'numéro de carte',
  'bank account (IBAN)': 'compte bancaire (IBAN)',
};

const ADVERTISING_KINDS: Record<string, string> = { link: 'lien', solicitation: 'démarchage' };

const FIXED: Record<string, string> = {
  'Customer-service request (order, delivery, refund, breakdown), not an opinion on the product':
    'Demande au service client (commande, livraison, remboursement, panne), pas un avis sur le produit',
  'Does not seem to be about the product: no shared word with its title or brand, no purchase vocabulary':
    'Ne semble pas parler du produit : aucun mot commun avec son titre ou la marque, aucun vocabulaire d’achat',
  'Same or nearly the same text as a review by another account':
    'Texte identique ou presque à celui d’un avis d’un autre compte',
  'Same or nearly the same text as a review of another product':
    'Texte identique ou presque à celui d’un avis sur un autre produit',
};

/** The flag's explanation in the reader's language. */
export function explainFlag(flag: Pick<Flag, 'code' | 'reason'>, locale: Locale): string {
  const reason = flag.reason ?? '';
  if (locale === 'en' || !reason) return reason;
  return FIXED[reason] ?? insult(reason) ?? listed(reason) ?? rating(reason) ?? reason;
}

function insult(reason: string): string | undefined {
  const m = /^(Insult|Profanity or rude word)( aimed at someone)?( \(obfuscated\))?$/.exec(reason);
  if (!m) return undefined;
  const head = m[1] === 'Insult' ? 'Insulte' : 'Grossièreté ou mot vulgaire';
  return `${head}${m[2] ? ' visant une personne' : ''}${m[3] ? ' (masquée)' : ''}`;
}

function listed(reason: string): string | undefined {
  const personal = /^Personal data: (.+)$/.exec(reason);
  if (personal)
    return `Données personnelles : ${personal[1]
      .split(', ')
      .map((k) => PERSONAL_KINDS[k] ?? k)
      .join(', ')}`;
  const ad = /^Advertising: (.+)$/.exec(reason);
  if (ad)
    return `Publicité : ${ad[1]
      .split(' and ')
      .map((k) => ADVERTISING_KINDS[k] ?? k)
      .join(' et ')}`;
  return undefined;
}

function rating(reason: string): string | undefined {
  const m = /^Rating (\d)\/5 but the text is (negative|positive) \((-?[\d.]+)\)$/.exec(reason);
  if (!m) return undefined;
  const score = m[3].replace('.', ',');
  return `Note de ${m[1]}/5 mais le texte est ${m[2] === 'negative' ? 'négatif' : 'positif'} (${score})`;
}
