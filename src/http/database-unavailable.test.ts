import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnreachable } from '../db/client';
import { mastodonErrorHandler, ourErrorHandler } from './error-shapes';
import type { AppEnv } from './types';

/** What the query builder throws: its own error, the driver's as the cause. */
const wrapped = (cause: unknown) => Object.assign(new Error('Failed query: select 1'), { cause });
const withCode = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

describe('the database out of reach', () => {
  it('is recognised from the driver’s socket errors, SQLSTATE class 08 and 57P01-57P03, through wrappers', () => {
    expect(isDatabaseUnreachable(withCode('ECONNREFUSED'))).toBe(true);
    expect(isDatabaseUnreachable(wrapped(withCode('ECONNRESET')))).toBe(true);
    expect(
      isDatabaseUnreachable(wrapped(withCode('57P01', 'terminating connection due to administrator command'))),
    ).toBe(true);
    expect(isDatabaseUnreachable(withCode('57P03', 'the database system is starting up'))).toBe(true);
    expect(isDatabaseUnreachable(withCode('08006'))).toBe(true);
    expect(isDatabaseUnreachable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnreachable(new AggregateError([withCode('ECONNREFUSED')]))).toBe(true);
    // A bug or a constraint is no outage.
    expect(isDatabaseUnreachable(withCode('23505', 'duplicate key'))).toBe(false);
    expect(isDatabaseUnreachable(wrapped(withCode('42P01', 'relation does not exist')))).toBe(false);
    expect(isDatabaseUnreachable(new Error('bug'))).toBe(false);
    expect(isDatabaseUnreachable(undefined)).toBe(false);
  });

  it('answers 503 database_unavailable with Retry-After in both error shapes, and reports no bug', async () => {
    const bugs: unknown[] = [];
    const app = (handler: typeof ourErrorHandler) => {
      const h = new Hono<AppEnv>();
      h.onError(handler((e) => bugs.push(e)));
      h.get('/', () => {
        throw wrapped(withCode('57P01'));
      });
      return h;
    };
    const ours = await app(ourErrorHandler).request('/');
    expect(ours.status).toBe(503);
    expect(ours.headers.get('retry-after')).toBe('5');
    expect(await ours.json()).toEqual({
      error: {
        code: 'database_unavailable',
        message: 'The database is unreachable; try again in a moment',
        details: { retry_after: 5 },
      },
    });
    const page = await app(ourErrorHandler).request('/', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('réessayez dans un instant');
    const mastodon = await app(mastodonErrorHandler).request('/');
    expect(mastodon.status).toBe(503);
    expect(await mastodon.json()).toMatchObject({
      error: 'The database is unreachable; try again in a moment',
      error_code: 'database_unavailable',
    });
    expect(bugs).toEqual([]);
  });
});
