/**
 * French or English, from the tokens already computed: a count of frequent words that belong to
 * one language only, elisions (l', d', j', qu') and contractions (n't, 's). French by default
 * (Comptoir's reference language) when the text gives no signal. Kept here rather than reusing
 * the social module's detector so that this module stays dependency-free and works on the same
 * single tokenization.
 */
import type { Token } from './normalize';

const FR = new Set(
  `le la les des du de un une et est sont pour avec dans pas tres trop mais ou qui que ce cet cette ces mon ma mes ton ta
  tes sa ses notre nos votre vos leur leurs je tu il elle nous vous ils elles au aux sur chez par bien aussi encore deja
  jamais rien tout fait etre avoir ai avez ont suis etait ca comme quand donc parce apres depuis sans merci bonjour oui non
  produit commande livraison colis recu taille prix qualite achat tres vraiment j l d qu c n m`.split(/\s+/),
);
const EN = new Set(
  `the and is are was were be been have has had with this that these those for from you your my our their they we he
  she it its of to in at by not but or if just very really what when where why how who which will would can could should
  get got love like thanks please buy bought order ordered shipping store price size great awesome amazing best some any
  all one about out do does did don t s i me so good never because arrived quality product item`.split(/\s+/),
);

export function detectLanguageOf(tokens: Token[]): 'fr' | 'en' {
  let fr = 0;
  let en = 0;
  const limit = Math.min(tokens.length, 200); // the first 200 words decide
  for (let i = 0; i < limit; i++) {
    const w = tokens[i].word;
    if (FR.has(w)) fr++;
    else if (EN.has(w)) en++;
  }
  return en > fr ? 'en' : 'fr';
}
