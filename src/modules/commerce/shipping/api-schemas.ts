/**
 * Request and response schemas of the address book and shipping methods API (api.ts puts them in
 * contracts), and the small pieces the cart and orders schemas share with them (Money, an address).
 */
import { z } from 'zod';
import { shippingKinds } from '../schema';

// Shared pieces -----------------------------------------------------------------------------------

export const uuid = z.string().meta({ format: 'uuid' });
export const time = z.string().meta({ format: 'date-time' });
export const count = z.number().int();
/** An amount as every commerce answer shows it. */
export const Money = z.object({
  amount: z.number().int().meta({ description: 'Integer minor units (cents): 1250 is 12.50' }),
  currency: z.string().meta({ description: 'ISO 4217, e.g. EUR' }),
});

// Requests ----------------------------------------------------------------------------------------

/** An address as a buyer types it (the service checks the rules: 422 invalid_address naming the field). */
export const AddressInput = z.object({
  name: z.string().meta({ maxLength: 100, description: 'Recipient' }),
  line1: z.string().meta({ maxLength: 200 }),
  line2: z.string().meta({ maxLength: 200 }).optional(),
  postal_code: z.string().meta({ maxLength: 12, description: '5 digits in France' }),
  city: z.string().meta({ maxLength: 100 }),
  country: z.string().meta({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166 two-letter code, e.g. FR' }),
  phone: z.string().meta({ maxLength: 30 }).optional(),
});
export const AddressCreate = AddressInput.extend({
  default: z.boolean().optional().meta({ description: 'Make it the default (the first address always is)' }),
});

const MoneyIn = z.object({ amount: z.number(), currency: z.string().optional() });
export const ShippingCreate = z.object({
  kind: z.string().meta({
    enum: [...shippingKinds],
    description: 'flat: a fixed price; free_above: free from an order subtotal; pickup: collect in store (free)',
  }),
  name: z.string().meta({ maxLength: 60 }),
  price: MoneyIn.optional().meta({ description: 'Minor units; ignored for pickup' }),
  free_above: MoneyIn.nullable()
    .optional()
    .meta({ description: 'free_above only: subtotal from which shipping is free' }),
  default: z.boolean().optional(),
});
export const ShippingUpdate = ShippingCreate.partial();

// Responses ---------------------------------------------------------------------------------------

/** A saved address, as GET /api/v1/addresses lists it. */
export const AddressEntity = z
  .object({
    id: uuid,
    name: z.string(),
    line1: z.string(),
    line2: z.string().meta({ description: 'Empty when none' }),
    postal_code: z.string(),
    city: z.string(),
    country: z.string(),
    phone: z.string().meta({ description: 'Empty when none' }),
    default: z.boolean(),
  })
  .meta({ id: 'Address' });

/** The address copied onto an order when it is placed. */
export const AddressSnapshot = z.object({
  name: z.string(),
  line1: z.string(),
  line2: z.string().optional(),
  postal_code: z.string(),
  city: z.string(),
  country: z.string(),
  phone: z.string().optional(),
});

export const ShippingMethodEntity = z
  .object({
    id: uuid,
    brand_id: uuid,
    kind: z.enum(shippingKinds),
    name: z.string(),
    price: Money.meta({ description: 'Below free_above (if any); 0 for pickup' }),
    free_above: Money.nullable().meta({ description: 'free_above only: subtotal from which shipping is free' }),
    default: z.boolean(),
    active: z.boolean().meta({ description: 'Retired methods (active false) are listed to the team only' }),
    created_at: time,
  })
  .meta({ id: 'ShippingMethod' });
