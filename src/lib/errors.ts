/**
 * The domain errors services raise for anything a client did wrong: a kind (what went wrong, in
 * words a service knows), a stable code clients can rely on, a message and optional details.
 * Services know nothing of HTTP: `http/errors.ts` maps each kind to a status (one table), the
 * routes answer `{"error": {"code", "message"}}` on our own API and Mastodon's `{"error": "..."}`
 * (plus `error_code`) on Mastodon-compatible routes. Anything else reaching the top is a bug.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'payment_required'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'too_large'
  | 'unsupported_media'
  | 'unprocessable'
  | 'rate_limited'
  // Not the client's doing: the database is out of reach for a moment (answered 503).
  | 'unavailable';

export type ErrorDetails = Record<string, unknown>;

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badRequest = (code: string, message: string, details?: ErrorDetails) =>
  new DomainError('invalid', code, message, details);
export const unauthorized = (message = 'Authentication required', code = 'unauthorized') =>
  new DomainError('unauthorized', code, message);
export const paymentRequired = (code: string, message: string) => new DomainError('payment_required', code, message);
export const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);
export const notFound = (what = 'Record', code = 'not_found') =>
  new DomainError('not_found', code, `${what} not found`);
export const conflict = (code: string, message: string, details?: ErrorDetails) =>
  new DomainError('conflict', code, message, details);
export const gone = (code: string, message: string) => new DomainError('gone', code, message);
export const tooLarge = (code: string, message: string, details?: ErrorDetails) =>
  new DomainError('too_large', code, message, details);
export const unsupportedMedia = (code: string, message: string) => new DomainError('unsupported_media', code, message);
export const unprocessable = (code: string, message: string, details?: ErrorDetails) =>
  new DomainError('unprocessable', code, message, details);
export const databaseUnavailable = () =>
  new DomainError('unavailable', 'database_unavailable', 'The database is unreachable; try again in a moment', {
    retry_after: 5,
  });
export const tooManyRequests = (retryAfterSeconds: number) =>
  new DomainError('rate_limited', 'rate_limited', `Too many attempts; try again in ${retryAfterSeconds} s`, {
    retry_after: retryAfterSeconds,
  });
