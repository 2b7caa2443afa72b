import pino from 'pino';
import { currentRequest } from './request-scope';

/** The app's structured logger (pino), one per running app, on the context. */
export type Log = pino.Logger;

/**
 * Fields that may hold a secret, wherever a log call puts them (one or two levels deep): they are
 * written as `[redacted]`. The code never logs request bodies or headers; this is the net under it.
 */
const SECRET_FIELDS = [
  'password',
  'current_password',
  'new_password',
  'confirm_password',
  'passwordHash',
  'token',
  'access_token',
  'refresh_token',
  'accessToken',
  'refreshToken',
  'client_secret',
  'clientSecret',
  'secret',
  'authorization',
  'cookie',
  'card_number',
  'cardNumber',
  'cvc',
];
export const redactedPaths = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((f) => `*.${f}`),
  ...['headers', 'req.headers', 'request.headers', 'res.headers'].flatMap((h) =>
    ['authorization', 'cookie', '"set-cookie"', '"x-api-key"'].map((f) => `${h}.${f}`),
  ),
];

/**
 * JSON lines: every line written while serving a request carries its `requestId` (the one
 * returned as `X-Request-Id`), errors come with their causes (pino's `err` serializer adds the
 * causes' messages and stacks), and secrets are redacted.
 */
export const createLog = (level: string, destination?: pino.DestinationStream): Log =>
  pino(
    {
      level,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      mixin() {
        const scope = currentRequest();
        return scope ? { requestId: scope.requestId } : {};
      },
    },
    destination,
  );

/** The one line an unhandled error gets (a 500): its message, stack and causes, and the request's id. */
export const logUnhandled =
  (log: Log) =>
  (error: unknown): void =>
    log.error({ err: error }, 'unhandled error');
