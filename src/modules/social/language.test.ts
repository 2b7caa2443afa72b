import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.js';

const FRENCH = [
  "Je viens de recevoir mon colis, le pull est encore plus beau qu'en photo 😍",
  'Livraison en 48h, rien à dire, je recommande cette boutique les yeux fermés',
  "Quelqu'un a testé la crème hydratante ? Elle vaut le coup pour une peau sèche ?",
  "C'est dispo en taille M ? J'ai raté le drop de ce matin 😭",
  'Trop bien la nouvelle collection, j’adore les couleurs !!',
  'Franchement le rapport qualité prix est ouf, merci @atelier_lyon',
  'Commande passée hier soir, toujours pas de mail de confirmation… normal ?',
  'Les soldes commencent demain chez nous, -30 % sur tout le rayon déco #soldes',
  'mdr le mec a acheté trois fois la même casquette',
  'Bonjour, est-ce que vous livrez en Belgique ? Merci d’avance',
  'wesh frère tu kiffes ou pas le nouveau maillot',
  "Petite déception, la taille est trop petite et le retour n'est pas gratuit",
  'Venez nous voir au marché de Noël samedi, on aura des bougies artisanales',
  'Super service client, ils ont répondu en moins d’une heure 👏 https://exemple.fr/avis',
  'Ptdr j’ai craqué pour les baskets, mon compte en banque pleure',
  'Le magasin de Bordeaux est fermé pour travaux jusqu’à lundi',
  'Vous avez des idées cadeaux pour la fête des pères ?',
];

const ENGLISH = [
  'Just got my order and the hoodie is even better than the pictures 😍',
  'Shipping took forever but the quality is worth it',
  'Does anyone know if this comes in a larger size?',
  "I can't believe it sold out in ten minutes lol",
  "Restocking tomorrow at 9am, don't miss it! #restock",
  'This is the best coffee shop in town, hands down',
  'ngl the new colorway is kinda fire',
  'Thanks @brandname for the fast delivery, will definitely order again',
  "Where's my package? It has been two weeks and tracking hasn't updated",
  'We are having a flash sale this weekend only, 20% off everything',
  'tbh the price is a bit high for what you get',
  'You guys need to check out their new candles, they smell amazing https://example.com/candles',
  "Honestly I'm obsessed with this jacket, wearing it every day",
  'Is the store open on Sundays or only during the week?',
  'Ordered the wrong size, how do I return it?',
  'Dude this deal is insane, grab it while it lasts',
  'Our team is hiring, come work with us at the flagship store',
];

describe('detectLanguage', () => {
  it.each(FRENCH)('French: %s', (text) => {
    expect(detectLanguage(text)).toBe('fr');
  });

  it.each(ENGLISH)('English: %s', (text) => {
    expect(detectLanguage(text)).toBe('en');
  });

  it.each([
    ['empty', ''],
    ['whitespace', '   \n\t '],
    ['emoji only', '😍🔥🔥👏'],
    ['punctuation only', '!!! ??? ...'],
    ['a single word', 'merci'],
    ['a single English word', 'thanks'],
    ['only a URL', 'https://example.com/the/and/is/are'],
    ['only mentions and tags', '@the_and_is #lesdesest #jachète @bonjour'],
    ['only a URL, a mention and a tag', '@alice https://example.fr/pour-les-amis #promo'],
    ['numbers', '42 1337 2026'],
    ['half and half', 'Merci beaucoup, thank you'],
    ['mixed code-switching', 'Trop cute this hoodie, je le love, so good'],
    ['ambiguous loanwords', 'super cool top promo ok'],
  ])('returns null for %s', (_label, text) => {
    expect(detectLanguage(text)).toBeNull();
  });

  it('ignores words inside URLs, mentions and hashtags', () => {
    // Without stripping, "the", "and", "with" would make this English.
    expect(detectLanguage('Le pull est dispo https://shop.example/the-and-with-this @the_shop #thebestwiththis')).toBe(
      'fr',
    );
    expect(detectLanguage('The sweater is back https://exemple.fr/les-des-pour-avec #lesdespour')).toBe('en');
  });

  it('uses elisions and contractions', () => {
    expect(detectLanguage("c'est l'été")).toBe('fr');
    expect(detectLanguage("it's what's up")).toBe('en');
  });

  it('handles capitals, curly apostrophes and decomposed accents', () => {
    expect(detectLanguage('LE PULL EST TRÈS BEAU')).toBe('fr');
    expect(detectLanguage('J’ADORE C’EST GÉNIAL')).toBe('fr');
    expect(detectLanguage('tre\u0300s joli, de\u0301ja\u0300 vendu')).toBe('fr');
  });

  it('never throws and only returns fr, en or null', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme' })), (text) => {
        expect([null, 'fr', 'en']).toContain(detectLanguage(text));
      }),
      { numRuns: 2000 },
    );
  });
});
