import { DomainError, type ErrorDetails, type ErrorKind } from '../lib/errors';

export {
  DomainError,
  badRequest,
  conflict,
  forbidden,
  gone,
  notFound,
  paymentRequired,
  tooLarge,
  tooManyRequests,
  unauthorized,
  unprocessable,
  unsupportedMedia,
} from '../lib/errors';

/** The one table from a domain error's kind to its HTTP status. */
export const STATUS_OF_KIND = {
  invalid: 400,
  unauthorized: 401,
  payment_required: 402,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported_media: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
} as const satisfies Record<ErrorKind, number>;

export type ErrorStatus = (typeof STATUS_OF_KIND)[ErrorKind];

const KIND_OF_STATUS = Object.fromEntries(
  Object.entries(STATUS_OF_KIND).map(([kind, status]) => [status, kind]),
) as Record<ErrorStatus, ErrorKind>;

/** The HTTP status a domain error answers with. */
export const httpStatus = (error: DomainError): ErrorStatus => STATUS_OF_KIND[error.kind];

// Routes read `error.status` on any domain error: the getter comes from the table above, so the
// services' side (lib/errors.ts) stays free of HTTP.
declare module '../lib/errors' {
  interface DomainError {
    readonly status: ErrorStatus;
  }
}
Object.defineProperty(DomainError.prototype, 'status', {
  get(this: DomainError) {
    return STATUS_OF_KIND[this.kind];
  },
});

/**
 * A domain error named by its HTTP status, for routes and middleware (`new AppError(413, …)`).
 * Every domain error is an AppError for `instanceof`, whoever raised it.
 */
export class AppError extends DomainError {
  constructor(status: ErrorStatus, code: string, message: string, details?: ErrorDetails) {
    super(KIND_OF_STATUS[status], code, message, details);
    this.name = 'AppError';
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof DomainError;
  }
}
