/** Request and response schemas of the orders API (api-contracts.ts puts them in contracts). */
import { z } from 'zod';
import { isUuid } from '../../../db/ids';
import { int } from '../../../http/contract';
import { orderStatuses } from '../schema';
import { OrderWithdrawalEntity } from '../withdrawal/present';
import { AddressInput, AddressSnapshot, count, Money, time, uuid } from '../shipping/api-schemas';

// Requests ----------------------------------------------------------------------------------------

/** Ids in an order body are checked by the route, each answering its own 422 code when malformed. */
const id = (description: string) => z.string().meta({ format: 'uuid', description });

export const OrderCreate = z.object({
  lines: z
    .array(
      z.object({
        variant_id: id('A published variant'),
        quantity: z.number().meta({ description: 'A whole number ≥ 1 (two lines on one variant add up)' }),
      }),
    )
    .meta({ description: 'What to buy, from one brand, 1 to 100 lines' }),
  payment_method_id: id('One of your saved payment methods (POST /api/v1/payment_methods)'),
  shipping_address: AddressInput.optional().meta({
    description: 'Where to ship; or address_id. Required for physical goods',
  }),
  address_id: id('One of your saved addresses, instead of shipping_address').optional(),
  shipping_method_id: id('One of the brand’s shipping methods; default: the brand’s default method').optional(),
  source_status_id: id('The post the order comes from (Buy button on a shoppable post)').optional(),
  popup_id: id('The pop-up store it is bought through (campaigns): 409 popup_not_open outside its hours').optional(),
  expected_prices: z
    .record(z.string(), z.number())
    .meta({
      description: 'Unit prices the buyer saw, by variant id: a different current price answers 409 price_changed',
    })
    .optional(),
  ref: z
    .string()
    .meta({ maxLength: 64, description: 'The code of a fan’s link the buyer followed (ambassadors): its attribution' })
    .optional(),
});

export const ShipBody = z.object({
  carrier: z.string().meta({ maxLength: 60, description: 'e.g. Colissimo, Chronopost, Mondial Relay' }),
  tracking_number: z.string().meta({ maxLength: 100 }),
});
export const RefundBody = z.object({
  amount: z.number().meta({ description: 'Minor units; default: everything not yet refunded' }).optional(),
  reason: z.string().meta({ maxLength: 500 }).optional(),
});
export const CancelBody = z.object({ reason: z.string().meta({ maxLength: 500 }).optional() });
export const ReturnBody = z.object({
  kind: z
    .string()
    .meta({
      enum: ['return', 'repair'],
      description: 'Send it back for a refund, or have it repaired (default return)',
    })
    .optional(),
  reason: z.string().meta({ maxLength: 2000 }),
  photos: z
    .union([z.array(z.file()), z.file()])
    .meta({ description: 'Up to 4 images (JPEG, PNG, WebP, GIF, AVIF) as photos[], multipart only' })
    .optional(),
});
export const ReturnMoveBody = z.object({
  note: z.string().meta({ maxLength: 2000, description: 'Shown to the buyer (e.g. why it is refused)' }).optional(),
  outcome: z
    .string()
    .meta({
      enum: ['refunded', 'repaired'],
      description: 'resolve only: default refunded for a return, repaired for a repair',
    })
    .optional(),
  amount: z.number().meta({ description: 'resolve refunded only: minor units, default all that is left' }).optional(),
});

const pageId = (description: string) => z.string().refine(isUuid).meta({ format: 'uuid', description }).optional();
export const OrderListQuery = z.object({
  status: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .meta({
      description: `Comma-separated or status[]: ${orderStatuses.join(', ')} (another is 422 invalid_status)`,
    }),
  max_id: pageId('Orders older than this id (next page)'),
  since_id: pageId('Orders newer than this id'),
  limit: int(1, 100, '1 to 100, default 20'),
});
const day = (description: string) => z.string().optional().meta({ description });
export const BrandOrderQuery = OrderListQuery.extend({
  from: day('Created on or after: YYYY-MM-DD or an ISO 8601 time'),
  to: day('Created before: YYYY-MM-DD (that whole day included) or an ISO 8601 time'),
  buyer: z.string().optional().meta({ description: 'A buyer’s account id or username' }),
});
export const BrandOrderCsvQuery = BrandOrderQuery.omit({ limit: true, since_id: true });

// Responses ---------------------------------------------------------------------------------------

const nullableTime = time.nullable();
const Person = z.object({
  id: uuid,
  username: z.string(),
  display_name: z.string(),
  deleted: z.boolean().optional().meta({ description: 'True when the person closed their account (GDPR erasure)' }),
});

export const ReturnRequestEntity = z
  .object({
    id: uuid,
    order_id: uuid,
    kind: z.enum(['return', 'repair']),
    reason: z.string(),
    status: z.enum(['requested', 'accepted', 'refused', 'received', 'refunded', 'repaired']),
    resolution: z.string().meta({ description: 'The team’s note; empty until it answers' }),
    photos: z.array(
      z.object({ url: z.string().meta({ format: 'uri' }), preview_url: z.string().meta({ format: 'uri' }) }),
    ),
    created_at: time,
  })
  .meta({ id: 'ReturnRequest' });

export const OrderLineEntity = z
  .object({
    id: uuid,
    variant_id: uuid,
    product_id: uuid,
    title: z.string().meta({ description: 'The product’s title when ordered' }),
    sku: z.string(),
    options: z.record(z.string(), z.string()),
    quantity: count.min(1),
    unit_price: Money,
    vat_rate: z.number().meta({ description: 'Percent, e.g. 20 or 5.5 (from the product’s tax class)' }),
    vat: Money.meta({ description: 'VAT contained in the line total' }),
    total: Money,
    sale: z
      .object({
        label: z.string(),
        reference_price: Money.meta({ description: 'Lowest price of the 30 days before the sale started' }),
        regular_price: Money,
        ends_at: z.string().meta({ format: 'date-time' }),
      })
      .optional()
      .meta({ description: 'Sold under a price rule (unit_price is the sale price)' }),
    edition_numbers: z
      .array(count.min(1))
      .meta({ description: 'Numbers of a limited edition this paid line received (n° 37 of 500), in order' })
      .optional(),
  })
  .meta({ id: 'OrderLine' });

const orderCore = {
  id: uuid,
  number: z.string().meta({ description: 'Short reference for people' }),
  status: z.enum(orderStatuses),
  brand: Person,
  buyer: Person,
  total: Money.meta({ description: 'VAT included, shipping included' }),
  subtotal: Money,
  shipping: z.object({ method_id: uuid.nullable(), name: z.string(), amount: Money }),
  vat: Money.meta({ description: 'VAT contained in the total' }),
  refunded: Money,
  refundable: Money.meta({ description: 'What a refund may still give back (0 unless paid and not refunded)' }),
  currency: z.string(),
  lines: z.array(OrderLineEntity),
  shipping_address: AddressSnapshot.nullable().meta({ description: 'Null for virtual goods' }),
  carrier: z.string().nullable(),
  tracking_number: z.string().nullable(),
  source_status_id: uuid.nullable().meta({ description: 'The post the order came from' }),
  terms_version: z
    .number()
    .int()
    .nullable()
    .meta({ description: 'The version of the brand’s terms of sale accepted (null: it had none)' }),
  created_at: time,
  paid_at: nullableTime,
  shipped_at: nullableTime,
  delivered_at: nullableTime,
  cancelled_at: nullableTime,
  expires_at: nullableTime.meta({ description: 'Unpaid orders only: when the held stock is released' }),
};

export const OrderSummaryEntity = z.object(orderCore).meta({ id: 'OrderSummary' });
export const OrderEntity = z
  .object({
    ...orderCore,
    payment_method: z
      .object({ id: uuid, provider: z.string(), brand: z.string(), last4: z.string() })
      .nullable()
      .meta({ description: 'Display facts only: never the card number nor the provider token' }),
    next_action: z
      .object({ url: z.string().meta({ format: 'uri' }) })
      .nullable()
      .meta({
        description: 'A payment that needs the buyer (3-D Secure): open the url, then POST confirm_payment',
      }),
    events: z.array(
      z.object({
        id: uuid,
        type: z.string().meta({ description: 'placed, paid, preparing, shipped, delivered, cancelled, refunded…' }),
        created_at: time,
        data: z.record(z.string(), z.unknown()),
      }),
    ),
    payments: z.array(
      z.object({
        id: uuid,
        kind: z.enum(['authorization', 'capture', 'refund', 'void']),
        amount: Money,
        status: z.string(),
        created_at: time,
      }),
    ),
    returns: z.array(ReturnRequestEntity),
    url: z.string().meta({ format: 'uri', description: 'The order’s status page' }),
    ambassador_id: uuid
      .nullable()
      .optional()
      .meta({ description: 'The ambassador it is attributed to, or null: shown to the brand’s team only' }),
    withdrawal: OrderWithdrawalEntity.meta({ description: 'The withdrawal period and the withdrawals' }),
  })
  .meta({
    id: 'Order',
    description: 'An order with its timeline ("where is my order"), payments and return requests.',
  });
