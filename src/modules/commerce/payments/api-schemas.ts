/** Request and response schemas of the payment methods API (api.ts puts them in contracts). */
import { z } from 'zod';
import { flag } from '../../../http/contract';

export const PaymentMethodCreate = z.object({
  provider: z.string().meta({ description: 'test (built in) or stripe (when configured); default test' }).optional(),
  token: z.string().meta({
    maxLength: 200,
    description:
      'The provider’s token (test: tok_visa, tok_mastercard, tok_declined, tok_requires_action, ' +
      'tok_network_error). Never a card number.',
  }),
  default: flag('Make it the default (the first saved method always is)'),
});

export const PaymentMethodEntity = z
  .object({
    id: z.string().meta({ format: 'uuid' }),
    provider: z.string(),
    brand: z.string().meta({ description: 'Card brand: visa, mastercard…' }),
    last4: z.string(),
    exp_month: z.number().int(),
    exp_year: z.number().int(),
    default: z.boolean(),
    created_at: z.string().meta({ format: 'date-time' }),
  })
  .meta({
    id: 'PaymentMethod',
    description: 'A saved payment method: display facts only, never the card number nor the provider token.',
  });
