/**
 * A brand's legal identity and terms of sale over our JSON API: anyone reads them (they are the
 * public "mentions légales"); owners and admins change them (the service checks the role and
 * every field: a SIREN failing its Luhn check, a French VAT number whose key or SIREN does not
 * match answer 422 with a stable code).
 */
import { z } from 'zod';
import type { RouteModule } from '../../../http/app';
import { body, failures, id, json, mount, route } from '../../../http/contract';
import { requireViewer } from '../../../http/middleware';
import { readBrandLegal, updateBrandLegal, type BrandLegal } from './identity';

const tags = ['Brands'];
const params = z.object({ id: id('The brand’s account id', 'Brand') });
const text = (description: string) => z.string().nullable().optional().meta({ description });

export const LegalUpdate = z.object({
  company_name: text('Registered company name (required once)'),
  legal_form: text('SAS, SARL, EI, association…'),
  siren: text('9 digits passing the Luhn check (spaces allowed)'),
  address: text('Registered office address (required once)'),
  vat_number: text('Intra-community VAT number; a French one is FR + its 2-digit key + the SIREN'),
  contact_email: text('Customer contact e-mail'),
  contact_phone: text('Customer contact phone'),
  mediator_name: text('The consumer mediator the brand adheres to'),
  mediator_url: text('The mediator’s http(s) address'),
  terms_of_sale: text('Terms of sale, Markdown; a text different from the current one becomes a new version'),
});

const nullable = z.string().nullable();
export const BrandLegalEntity = z
  .object({
    brand_id: z.string().meta({ format: 'uuid' }),
    company_name: nullable,
    legal_form: nullable,
    siren: nullable,
    address: nullable,
    vat_number: nullable,
    contact_email: nullable,
    contact_phone: nullable,
    mediator_name: nullable,
    mediator_url: nullable,
    updated_at: nullable.meta({ format: 'date-time' }),
    terms_of_sale: z
      .object({
        version: z.number().int(),
        created_at: z.string().meta({ format: 'date-time' }),
        body: z.string(),
        url: z.string().meta({ format: 'uri' }),
      })
      .nullable()
      .meta({ description: 'The current version (null when the brand has none)' }),
  })
  .meta({ id: 'BrandLegal' });

const read = route({
  method: 'get',
  path: '/api/v1/brands/{id}/legal',
  tags,
  summary: 'A brand’s legal identity and current terms of sale (public)',
  auth: 'optional' as const,
  request: { params },
  responses: { 200: json(BrandLegalEntity, 'The legal identity'), ...failures(404) },
});

const update = route({
  method: 'patch',
  path: '/api/v1/brands/{id}/legal',
  tags,
  summary: 'Owner/admin: set the brand’s legal identity and terms of sale',
  description:
    'Absent fields keep their value; null or "" clears an optional one. 422 codes: missing_company_name, ' +
    'missing_address, invalid_siren, invalid_vat_number, invalid_email, invalid_phone, invalid_url, empty_terms, too_long.',
  auth: 'user' as const,
  scope: 'write' as const,
  request: { params, body: body(LegalUpdate) },
  responses: { 200: json(BrandLegalEntity, 'Saved'), ...failures(400, 401, 403, 404, 422) },
});

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

export function presentBrandLegal(brandId: string, legal: BrandLegal, publicUrl: string) {
  const i = legal.identity;
  return {
    brand_id: brandId,
    company_name: i?.companyName ?? null,
    legal_form: i?.legalForm || null,
    siren: i?.siren ?? null,
    address: i?.address ?? null,
    vat_number: i?.vatNumber ?? null,
    contact_email: i?.contactEmail ?? null,
    contact_phone: i?.contactPhone ?? null,
    mediator_name: i?.mediatorName ?? null,
    mediator_url: i?.mediatorUrl ?? null,
    updated_at: iso(i?.updatedAt),
    terms_of_sale: legal.terms && {
      version: legal.terms.version,
      created_at: iso(legal.terms.createdAt)!,
      body: legal.terms.body,
      url: `${publicUrl}/@${legal.username}/legal/terms/${legal.terms.version}`,
    },
  };
}

export const legalApiRoutes: RouteModule = (app, ctx) => {
  mount(app, read, async (c) => {
    const brandId = c.req.valid('param').id;
    const legal = await readBrandLegal(ctx.db, brandId);
    return c.json(presentBrandLegal(brandId, legal, ctx.config.publicUrl), 200);
  });

  mount(app, update, async (c) => {
    const viewer = requireViewer(c, 'write');
    const brandId = c.req.valid('param').id;
    const saved = await updateBrandLegal(ctx, viewer.accountId, brandId, c.req.valid('json'));
    return c.json(presentBrandLegal(brandId, saved, ctx.config.publicUrl), 200);
  });
};
