/**
 * The demo brands' legal identity and terms of sale (commerce/legal): each brand's legal page,
 * the links from its shop and checkout, and the terms version its demo orders record. The
 * companies are invented; their SIREN numbers pass the Luhn check so the data looks real.
 */
import type { AppContext } from '../context';
import type { Account } from '../modules/accounts';
import { frenchVatKey, luhnValid, updateBrandLegal } from '../modules/commerce';

type DemoCompany = { name: string; form: string; address: string; email: string; base: string };

const COMPANIES: Record<string, DemoCompany> = {
  fromagerie_canuts: {
    name: 'Fromagerie des Canuts',
    form: 'SARL au capital de 20 000 €',
    address: '12 rue d’Austerlitz, 69004 Lyon',
    email: 'bonjour@fromagerie-canuts.example',
    base: '81234567',
  },
  atelier_velo_nantes: {
    name: 'Atelier Vélo Nantes',
    form: 'SAS au capital de 15 000 €',
    address: '8 quai de la Fosse, 44000 Nantes',
    email: 'atelier@velo-nantes.example',
    base: '82345678',
  },
  maison_lin: {
    name: 'Maison Lin',
    form: 'SAS au capital de 30 000 €',
    address: '5 rue des Tanneurs, 59000 Lille',
    email: 'contact@maison-lin.example',
    base: '83456789',
  },
  torrefaction_garonne: {
    name: 'Torréfaction Garonne',
    form: 'SARL au capital de 10 000 €',
    address: '21 quai des Chartrons, 33000 Bordeaux',
    email: 'cafe@torrefaction-garonne.example',
    base: '84567890',
  },
};

/** The base's ninth digit, the one that makes it pass the Luhn check. */
function sirenOf(base: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(`${base}${d}`)) return `${base}${d}`;
  throw new Error(`no Luhn digit for ${base}`);
}

const terms = (c: DemoCompany) => `## Conditions générales de vente

Les présentes conditions s’appliquent aux ventes conclues sur Comptoir entre ${c.name} et ses clients consommateurs.

### Prix et paiement
Les prix sont indiqués en euros, toutes taxes comprises. Le paiement est débité à la confirmation de la commande.

### Livraison
Les commandes sont expédiées sous 3 jours ouvrés en France métropolitaine.

### Droit de rétractation
Vous disposez de 14 jours après la réception pour vous rétracter, sans motif, depuis la page de votre commande ou avec le formulaire type. Nous vous remboursons dans les 14 jours.

### Médiation
En cas de litige, vous pouvez recourir gratuitement au médiateur de la consommation indiqué dans nos mentions légales.
`;

export async function createDemoLegal(ctx: AppContext, brands: Account[], ownerOf: (brand: Account) => Account) {
  for (const brand of brands) {
    const company = COMPANIES[brand.username];
    if (!company) continue;
    const siren = sirenOf(company.base);
    await updateBrandLegal(ctx, ownerOf(brand).id, brand.id, {
      company_name: company.name,
      legal_form: company.form,
      siren,
      address: company.address,
      vat_number: `FR${frenchVatKey(siren)}${siren}`,
      contact_email: company.email,
      mediator_name: 'Médiateur de la consommation (exemple)',
      mediator_url: 'https://mediateur.example',
      terms_of_sale: terms(company),
    });
  }
}
