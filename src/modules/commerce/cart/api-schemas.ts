/** Request and response schemas of the cart API (api.ts puts them in contracts). */
import { z } from 'zod';
import { AddressInput, Money, uuid } from '../shipping/api-schemas';

// Requests ----------------------------------------------------------------------------------------

/** Forms send numbers as text: the service checks the quantity (422 invalid_quantity). */
const quantity = z.union([z.number(), z.string()]);

export const CartItemCreate = z.object({
  variant_id: z.string().meta({ format: 'uuid', description: 'A published variant (422 unknown_variant otherwise)' }),
  quantity: quantity
    .optional()
    .meta({ description: 'A whole number from 1 to 1000, default 1; adds up with the same variant already there' }),
  source_status_id: z.string().optional().meta({ format: 'uuid', description: 'The post it was found on' }),
});
export const CartItemUpdate = z.object({
  quantity: quantity.meta({ description: 'A whole number from 0 to 1000; 0 removes the line' }),
});

/** Ids checked by the route, each answering its own 422 code when malformed. */
const choiceId = (description: string) => z.string().meta({ format: 'uuid', description });
export const CartCheckout = z.object({
  brand_id: choiceId('The brand whose lines to pay (422 invalid_brand): the cart is paid brand by brand'),
  payment_method_id: choiceId('One of your saved payment methods (422 invalid_payment_method)'),
  address_id: choiceId('One of your saved addresses, instead of shipping_address (422 invalid_address)').optional(),
  shipping_address: AddressInput.optional().meta({ description: 'Where to ship; or address_id' }),
  shipping_method_id: choiceId('One of the brand’s shipping methods; default: the brand’s default').optional(),
});
export const ReplyToBuyConfirm = z.object({
  payment_method_id: choiceId('Another saved method than the default chosen at reply time').optional(),
});

export const IdempotencyHeader = z.object({
  'Idempotency-Key': z
    .string()
    .optional()
    .meta({
      maxLength: 255,
      description:
        'Any unique string (≤ 255, else 400 invalid_idempotency_key): a retry with the same key and body answers ' +
        'the first result and never charges twice; the same key with another body is 422 idempotency_key_reused',
    }),
});

// Responses ---------------------------------------------------------------------------------------

const CartLine = z.object({
  variant_id: uuid,
  product_id: uuid,
  title: z.string(),
  sku: z.string(),
  options: z.record(z.string(), z.string()).meta({ description: 'Option values, e.g. {"Taille": "M"}' }),
  quantity: z.number().int().min(1),
  price: Money.meta({ description: 'The unit price now' }),
  seen_price: Money.meta({ description: 'The unit price when it was added: checkout charges this one or stops' }),
  price_changed: z.boolean(),
  in_stock: z.boolean().meta({ description: 'Published, with enough stock for the quantity' }),
  source_status_id: z.string().nullable().meta({ description: 'The post it was found on' }),
});
export const CartEntity = z
  .object({
    groups: z
      .array(
        z.object({
          brand: z.object({ id: uuid, username: z.string(), display_name: z.string() }),
          currency: z.string(),
          subtotal: Money,
          price_changed: z.boolean().meta({
            description: 'A price changed since it was added: checkout answers 409 price_changed until accepted',
          }),
          lines: z.array(CartLine),
        }),
      )
      .meta({ description: 'One group per brand: an order buys from one brand' }),
  })
  .meta({ id: 'Cart' });

export const PlacedOrder = z
  .object({
    id: uuid,
    status: z.enum(['paid', 'awaiting_payment']),
    next_action_url: z
      .string()
      .optional()
      .meta({ format: 'uri', description: 'awaiting_payment only: where the buyer finishes the payment' }),
  })
  .meta({ id: 'PlacedOrder' });
