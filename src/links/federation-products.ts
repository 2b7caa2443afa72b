/**
 * Shoppable posts on the fediverse (commerce ↔ federation): a post's products travel with its
 * Note as links to their pages here (in the text, so Mastodon shows a card whose link opens the
 * product, and as attachments with their pictures) and as schema.org Products in our namespace
 * (`comptoir:products`), for servers that understand them. Nobody is charged from afar: buying
 * happens on the product page.
 */
import type { ExtraContext, NoteExtension, NoteExtra } from '../modules/federation';
import { loadStatusProducts, presentProducts } from './shoppable-posts';

/** Minor units as the decimal string schema.org's `price` wants: 1250 → "12.50". */
const decimal = (amount: number) => (amount / 100).toFixed(2);

export const productNotes: NoteExtension = {
  name: 'products',
  async load({ db, publicUrl }: ExtraContext, statusIds: string[]) {
    const out = new Map<string, NoteExtra>();
    for (const [statusId, products] of await loadStatusProducts(db, statusIds)) {
      const shown = presentProducts({ publicUrl }, products);
      out.set(statusId, {
        links: shown.map((p) => ({
          href: p.url,
          name: p.title,
          image: p.image ? { url: p.image, name: p.title } : null,
        })),
        terms: {
          products: shown.map((p) => ({
            '@context': { '@vocab': 'http://schema.org/' },
            '@type': 'Product',
            name: p.title,
            url: p.url,
            ...(p.image && { image: p.image }),
            ...(p.price && {
              offers: {
                '@type': 'Offer',
                price: decimal(p.price.amount),
                priceCurrency: p.price.currency,
                availability: p.in_stock ? 'http://schema.org/InStock' : 'http://schema.org/OutOfStock',
              },
            }),
          })),
        },
      });
    }
    return out;
  },
};
