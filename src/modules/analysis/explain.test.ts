import { describe, expect, it } from 'vitest';
import { analyseText, explainFlag } from './index';

/** Texts that raise every kind of explanation analyse.ts writes. */
const samples = [
  { text: 'Espèce de connard, tu es nul', language: 'fr' as const },
  { text: 'Quelle m3rde ce truc', language: 'fr' as const },
  { text: 'Écrivez-moi à jean.dupont@example.org ou au 06 12 34 56 78', language: 'fr' as const },
  { text: 'Promo sur https://bit.ly/xyz, contactez-moi pour un code', language: 'fr' as const },
  { text: 'Ma commande n’est jamais arrivée, je veux être remboursé', language: 'fr' as const },
  { text: 'Horrible, cassé au bout de deux jours, nul', language: 'fr' as const, rating: 5 },
  { text: 'Parfait, superbe, je recommande vivement', language: 'fr' as const, rating: 1 },
  {
    text: 'Hier nous sommes allés au cinéma voir un film avec des amis puis dîner en ville tard le soir',
    language: 'fr' as const,
    context: { productTitle: 'Comté 18 mois', brandName: 'Fromagerie' },
  },
];

describe('flag explanations in the reader’s language', () => {
  const flags = samples.flatMap((s) => analyseText(s).flags);

  it('covers the sentences triage writes', () => {
    const codes = new Set(flags.map((f) => f.code));
    for (const code of ['insult', 'personal_data', 'advertising', 'customer_service', 'rating_mismatch', 'off_topic'])
      expect(codes, code).toContain(code);
  });

  it('French readers get French, English readers the stored sentence', () => {
    for (const flag of flags) {
      const fr = explainFlag(flag, 'fr');
      expect(fr, flag.reason).not.toBe(flag.reason);
      expect(fr, flag.reason).not.toMatch(/\b(the|but|and|text|Rating|Personal|Advertising|link|aimed)\b/);
      expect(explainFlag(flag, 'en')).toBe(flag.reason);
    }
  });

  it('names the kinds of personal data and the rating in French', () => {
    expect(explainFlag({ code: 'personal_data', reason: 'Personal data: e-mail address, phone number' }, 'fr')).toBe(
      'Données personnelles : adresse e-mail, numéro de téléphone',
    );
    expect(explainFlag({ code: 'rating_mismatch', reason: 'Rating 5/5 but the text is negative (-0.62)' }, 'fr')).toBe(
      'Note de 5/5 mais le texte est négatif (-0,62)',
    );
    expect(
      explainFlag({ code: 'duplicate', reason: 'Same or nearly the same text as a review by another account' }, 'fr'),
    ).toBe('Texte identique ou presque à celui d’un avis d’un autre compte');
  });

  it('shows a sentence it does not know as stored', () => {
    expect(explainFlag({ code: 'insult', reason: 'Written by a future version' }, 'fr')).toBe(
      'Written by a future version',
    );
  });
});
