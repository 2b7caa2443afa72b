import { describe, expect, it } from 'vitest';
import { settableClock } from '../lib/clock';
import { DomainError, conflict, notFound, paymentRequired, tooManyRequests, unauthorized } from '../lib/errors';
import { AppError, STATUS_OF_KIND, httpStatus } from './errors';

describe('domain errors and their HTTP statuses', () => {
  it('maps every kind to its status through one table, and services raise kinds, not statuses', () => {
    expect(httpStatus(notFound('Status'))).toBe(404);
    expect(httpStatus(conflict('sku_taken', 'taken'))).toBe(409);
    expect(httpStatus(paymentRequired('payment_declined', 'declined'))).toBe(402);
    expect(httpStatus(unauthorized('Wrong e-mail or password', 'invalid_credentials'))).toBe(401);
    expect(tooManyRequests(3)).toMatchObject({
      kind: 'rate_limited',
      code: 'rate_limited',
      details: { retry_after: 3 },
    });
    expect(new Set(Object.values(STATUS_OF_KIND)).size).toBe(Object.keys(STATUS_OF_KIND).length);
  });

  it('keeps AppError working for routes: built from a status, and every domain error is one', () => {
    const routeError = new AppError(413, 'payload_too_large', 'too big');
    expect(routeError).toBeInstanceOf(DomainError);
    expect(routeError.kind).toBe('too_large');
    expect(routeError.status).toBe(413);
    const serviceError = notFound('Order');
    expect(serviceError).toBeInstanceOf(AppError);
    expect(serviceError.status).toBe(404);
    expect(serviceError.message).toBe('Order not found');
    expect(new Error('bug')).not.toBeInstanceOf(AppError);
  });
});

describe('settable clock', () => {
  it('follows real time until moved, then runs on from where it was moved', () => {
    const clock = settableClock();
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(1000);
    clock.advance(3 * 86_400_000);
    expect(clock.now().getTime() - Date.now()).toBeGreaterThan(3 * 86_400_000 - 1000);
    clock.set(new Date('2030-01-01T00:00:00Z'));
    expect(clock.now().getUTCFullYear()).toBe(2030);
  });
});
