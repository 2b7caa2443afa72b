// Messages of the shop: catalog, cart, checkout and orders, in French (the reference) and English.
import { catalogEn } from './catalog-en';
import { catalogFr } from './catalog-fr';
import { shopEn } from './shop-en';
import { shopFr } from './shop-fr';
import { taxEn } from './tax-en';
import { taxFr } from './tax-fr';
import { legalEn, legalFr } from '../legal/i18n';
import { withdrawalEn } from '../withdrawal/i18n-en';
import { withdrawalFr } from '../withdrawal/i18n-fr';

export const commerceFr = { ...catalogFr, ...shopFr, ...taxFr, ...legalFr, ...withdrawalFr };
export const commerceEn: Record<keyof typeof commerceFr, string> = {
  ...catalogEn,
  ...shopEn,
  ...taxEn,
  ...legalEn,
  ...withdrawalEn,
};
