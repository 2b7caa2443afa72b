/**
 * The one error type services throw for anything a client did wrong. The HTTP layer turns it
 * into a 4xx: `{"error": {"code", "message"}}` on our own routes, Mastodon's `{"error": "..."}`
 * (plus `error_code`) on Mastodon-compatible routes. Anything else reaching the top is a bug (5xx).
 */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 402 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, details?: Record<string, unknown>) => new AppError(400, code, message, details);
export const unauthorized = (message = 'Authentication required') => new AppError(401, 'unauthorized', message);
export const forbidden = (code: string, message: string) => new AppError(403, code, message);
export const notFound = (what = 'Record', code = 'not_found') => new AppError(404, code, `${what} not found`);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
export const unprocessable = (code: string, message: string, details?: Record<string, unknown>) => new AppError(422, code, message, details);
export const tooManyRequests = (retryAfterSeconds: number) =>
  new AppError(429, 'rate_limited', `Too many attempts; try again in ${retryAfterSeconds} s`, { retry_after: retryAfterSeconds });
