import { randomUUID } from 'node:crypto';
import fs from 'node:fs';

/**
 * One interface for every payment provider. Amounts are integer minor units. Every call that
 * moves money takes an idempotency key (our order id plus the step), so a retry after a crash or
 * a timeout never charges twice.
 */
export type AuthorizeResult =
  | { status: 'authorized'; ref: string }
  | { status: 'declined'; ref: string; reason: string }
  | { status: 'requires_action'; ref: string; actionUrl: string };

export type SavedCard = { token: string; brand: string; last4: string; expMonth: number; expYear: number };

export interface PaymentProvider {
  readonly name: string;
  /** Turns a client-side token into a reusable saved method (no card number ever reaches us). */
  saveMethod(token: string): Promise<SavedCard>;
  authorize(input: {
    methodToken: string;
    amount: number;
    currency: string;
    idempotencyKey: string;
  }): Promise<AuthorizeResult>;
  /** After a "requires action" step: is the authorization now complete? */
  confirm(ref: string): Promise<AuthorizeResult>;
  capture(ref: string, amount: number, idempotencyKey: string): Promise<{ ref: string }>;
  refund(ref: string, amount: number, idempotencyKey: string): Promise<{ ref: string }>;
  /** Cancels an authorization that will not be captured (order abandoned or expired). */
  void(idempotencyKeyOrRef: string): Promise<void>;
}

/** A provider could not be reached: nothing is known to have happened; the caller may retry. */
export class PaymentNetworkError extends Error {
  constructor(message = 'The payment provider could not be reached') {
    super(message);
    this.name = 'PaymentNetworkError';
  }
}

export class InvalidPaymentTokenError extends Error {}

/**
 * The built-in test provider, for development, demos and tests. Tokens:
 * `tok_visa`, `tok_mastercard` succeed; `tok_declined` saves but declines; `tok_requires_action`
 * needs a confirmation step; `tok_network_error` fails as if the provider were unreachable.
 * It remembers authorizations by idempotency key, like a real provider, so replays are no-ops.
 * Test settings: `latencyMs` makes each authorization take that long (requests in flight when a
 * node is killed); `ledgerFile` appends every authorization and void as a JSON line, so a test can
 * read what several app processes did at "the provider".
 */
export class TestPaymentProvider implements PaymentProvider {
  readonly name = 'test';
  constructor(private readonly options: { latencyMs?: number; ledgerFile?: string } = {}) {}
  private record(entry: Record<string, unknown>) {
    if (this.options.ledgerFile) fs.appendFileSync(this.options.ledgerFile, `${JSON.stringify(entry)}\n`);
  }
  private readonly byKey = new Map<string, AuthorizeResult & { amount: number; voided?: boolean }>();
  private readonly byRef = new Map<
    string,
    { amount: number; captured: number; refunded: number; confirmed: boolean; voided: boolean; token: string }
  >();
  /** Captures by idempotency key: a retry gets the first answer back, as from a real provider. */
  private readonly capturesByKey = new Map<string, { ref: string }>();
  /** Count of distinct authorizations made (a test can assert "charged once"). */
  authorizations = 0;
  /** Count of captures made (a retry under the same key is not one). */
  captures = 0;

  async saveMethod(token: string): Promise<SavedCard> {
    const cards: Record<string, Omit<SavedCard, 'token'>> = {
      tok_visa: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 },
      tok_mastercard: { brand: 'mastercard', last4: '4444', expMonth: 6, expYear: 2031 },
      tok_declined: { brand: 'visa', last4: '0002', expMonth: 12, expYear: 2030 },
      tok_requires_action: { brand: 'visa', last4: '3155', expMonth: 12, expYear: 2030 },
      tok_network_error: { brand: 'visa', last4: '0119', expMonth: 12, expYear: 2030 },
    };
    const card = cards[token];
    if (!card)
      throw new InvalidPaymentTokenError(
        `Unknown test token "${token}" (use tok_visa, tok_mastercard, tok_declined, tok_requires_action or tok_network_error)`,
      );
    return { token: `pm_test_${token.slice(4)}_${randomUUID().slice(0, 8)}`, ...card };
  }

  async authorize(input: {
    methodToken: string;
    amount: number;
    currency: string;
    idempotencyKey: string;
  }): Promise<AuthorizeResult> {
    if (this.options.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
    const previous = this.byKey.get(input.idempotencyKey);
    if (previous) return previous;
    const kind = /^pm_test_([a-z_]+)_[0-9a-f]{8}$/.exec(input.methodToken)?.[1] ?? 'unknown';
    if (kind === 'network_error') throw new PaymentNetworkError();
    const ref = `pi_test_${randomUUID()}`;
    let result: AuthorizeResult;
    if (kind === 'declined' || kind === 'unknown') result = { status: 'declined', ref, reason: 'card_declined' };
    else if (kind === 'requires_action')
      result = { status: 'requires_action', ref, actionUrl: `/payments/test/confirm/${ref}` };
    else result = { status: 'authorized', ref };
    if (result.status !== 'declined') {
      this.byRef.set(ref, {
        amount: input.amount,
        captured: 0,
        refunded: 0,
        confirmed: result.status === 'authorized',
        voided: false,
        token: input.methodToken,
      });
      if (result.status === 'authorized') this.authorizations++;
    }
    this.byKey.set(input.idempotencyKey, { ...result, amount: input.amount });
    this.record({ op: 'authorize', key: input.idempotencyKey, ref, status: result.status, amount: input.amount });
    return result;
  }

  async confirm(ref: string): Promise<AuthorizeResult> {
    const auth = this.byRef.get(ref);
    if (!auth || auth.voided) return { status: 'declined', ref, reason: 'authorization_not_found' };
    if (!auth.confirmed) {
      auth.confirmed = true;
      this.authorizations++;
    }
    return { status: 'authorized', ref };
  }

  async capture(ref: string, amount: number, idempotencyKey?: string): Promise<{ ref: string }> {
    const previous = idempotencyKey ? this.capturesByKey.get(idempotencyKey) : undefined;
    if (previous) return previous;
    const auth = this.byRef.get(ref);
    if (!auth?.confirmed || auth.voided) throw new Error('No authorization to capture');
    // Like a real provider, a payment is captured once: a second capture under another key is refused.
    if (auth.captured > 0) throw new Error('This payment is already captured');
    auth.captured = Math.min(auth.amount, amount);
    this.captures++;
    if (idempotencyKey) this.capturesByKey.set(idempotencyKey, { ref });
    return { ref };
  }

  /** Test helper: the amount captured on a ref (0 before capture). */
  capturedAmount(ref: string): number {
    return this.byRef.get(ref)?.captured ?? 0;
  }

  async refund(ref: string, amount: number): Promise<{ ref: string }> {
    const auth = this.byRef.get(ref);
    if (!auth) throw new Error('No payment to refund');
    if (auth.refunded + amount > auth.amount) throw new Error('Refund exceeds the payment');
    auth.refunded += amount;
    return { ref: `re_test_${randomUUID()}` };
  }

  async void(keyOrRef: string): Promise<void> {
    const byKey = this.byKey.get(keyOrRef);
    const ref = byKey?.ref ?? keyOrRef;
    const auth = this.byRef.get(ref);
    if (auth && !auth.voided) {
      auth.voided = true;
      if (auth.confirmed) this.authorizations--;
    }
    // Another process's authorization is voided in the ledger only (by its key or ref).
    this.record({ op: 'void', target: keyOrRef, ref });
  }

  /** Test helper: the amount currently held or charged for a ref (0 once voided). */
  heldAmount(ref: string): number {
    const auth = this.byRef.get(ref);
    return !auth || auth.voided || !auth.confirmed ? 0 : auth.amount - auth.refunded;
  }
}

/**
 * Stripe behind the same interface (PaymentIntents with manual capture), configured by
 * STRIPE_SECRET_KEY. Not exercised by the tests: they have no network.
 */
export class StripePaymentProvider implements PaymentProvider {
  readonly name = 'stripe';
  constructor(
    private readonly secretKey: string,
    private readonly baseUrl = 'https://api.stripe.com/v1',
  ) {}

  private async call<T>(path: string, params: Record<string, string>, idempotencyKey?: string): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.secretKey}`,
          'content-type': 'application/x-www-form-urlencoded',
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        body: new URLSearchParams(params),
      });
    } catch {
      throw new PaymentNetworkError();
    }
    const body = (await response.json().catch(() => ({}))) as T & { error?: { code?: string; message?: string } };
    if (response.status >= 500) throw new PaymentNetworkError(`Stripe answered ${response.status}`);
    if (!response.ok && response.status !== 402)
      throw new Error(body.error?.message ?? `Stripe error ${response.status}`);
    return body;
  }

  async saveMethod(token: string): Promise<SavedCard> {
    const pm = await this.call<{
      id: string;
      card?: { brand: string; last4: string; exp_month: number; exp_year: number };
    }>(`/payment_methods/${encodeURIComponent(token)}`, {});
    if (!pm.card) throw new InvalidPaymentTokenError('Not a card payment method');
    return {
      token: pm.id,
      brand: pm.card.brand,
      last4: pm.card.last4,
      expMonth: pm.card.exp_month,
      expYear: pm.card.exp_year,
    };
  }

  private toResult(pi: {
    id: string;
    status: string;
    next_action?: { redirect_to_url?: { url: string } };
    last_payment_error?: { code?: string };
  }): AuthorizeResult {
    if (pi.status === 'requires_capture' || pi.status === 'succeeded') return { status: 'authorized', ref: pi.id };
    if (pi.status === 'requires_action')
      return { status: 'requires_action', ref: pi.id, actionUrl: pi.next_action?.redirect_to_url?.url ?? '' };
    return { status: 'declined', ref: pi.id, reason: pi.last_payment_error?.code ?? 'card_declined' };
  }

  async authorize(input: {
    methodToken: string;
    amount: number;
    currency: string;
    idempotencyKey: string;
  }): Promise<AuthorizeResult> {
    const pi = await this.call<Parameters<StripePaymentProvider['toResult']>[0]>(
      '/payment_intents',
      {
        amount: String(input.amount),
        currency: input.currency.toLowerCase(),
        payment_method: input.methodToken,
        capture_method: 'manual',
        confirm: 'true',
        off_session: 'true',
      },
      input.idempotencyKey,
    );
    return this.toResult(pi);
  }

  async confirm(ref: string): Promise<AuthorizeResult> {
    return this.toResult(await this.call(`/payment_intents/${ref}`, {}));
  }

  async capture(ref: string, amount: number, idempotencyKey: string) {
    await this.call(`/payment_intents/${ref}/capture`, { amount_to_capture: String(amount) }, idempotencyKey);
    return { ref };
  }

  async refund(ref: string, amount: number, idempotencyKey: string) {
    const refund = await this.call<{ id: string }>(
      '/refunds',
      { payment_intent: ref, amount: String(amount) },
      idempotencyKey,
    );
    return { ref: refund.id };
  }

  async void(ref: string) {
    if (ref.startsWith('pi_')) await this.call(`/payment_intents/${ref}/cancel`, {});
  }
}

export type PaymentProviders = Map<string, PaymentProvider>;

export function createPaymentProviders(config: {
  stripeSecretKey?: string;
  testPayments?: { latencyMs?: number; ledgerFile?: string };
}): PaymentProviders {
  const providers: PaymentProviders = new Map([['test', new TestPaymentProvider(config.testPayments)]]);
  if (config.stripeSecretKey) providers.set('stripe', new StripePaymentProvider(config.stripeSecretKey));
  return providers;
}
