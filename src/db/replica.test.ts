import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { isRead, lagOf, parseLsn, retryOnPrimary } from './replica';

describe('read replica rules', () => {
  it('reads WAL positions as numbers in order', () => {
    expect(parseLsn('0/16B3748')).toBe(0x16b3748n);
    expect(parseLsn('1/0')).toBeGreaterThan(parseLsn('0/FFFFFFFF'));
  });

  it('measures lag from the primary positions the replica has reached, not from its last replay time', () => {
    const samples = [
      { at: 10_000, lsn: 100n },
      { at: 11_000, lsn: 200n },
      { at: 12_000, lsn: 300n },
    ];
    // Caught up with the latest position: no lag, however long ago the primary last wrote.
    expect(lagOf(samples, 300n, 60_000).lag).toBe(0);
    // Holds what the primary had at 11 s, not yet what it had at 12 s: at most 2 s behind at 13 s.
    expect(lagOf(samples, 250n, 13_000).lag).toBe(2);
    // Reached none of the kept positions: at least as far behind as the oldest one.
    expect(lagOf(samples, 50n, 13_000)).toEqual({ lag: null, atLeast: 3 });
  });

  it('sends the replica only statements that read', () => {
    expect(isRead('select "id" from "statuses" where "updated_at" > $1')).toBe(true);
    expect(isRead(' with a as (select 1) select * from a')).toBe(true);
    expect(isRead('insert into statuses values ($1)')).toBe(false);
    expect(isRead('with moved as (delete from jobs returning *) select * from moved')).toBe(false);
    expect(isRead('select id from orders where id = $1 for update')).toBe(false);
    expect(isRead('select id from orders where id = $1 for share')).toBe(false);
  });

  it('asks the primary again only when the replica could not answer', () => {
    expect(
      retryOnPrimary(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' })),
    ).toBe('down');
    expect(retryOnPrimary(new Error('Connection terminated unexpectedly'))).toBe('down');
    expect(retryOnPrimary(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe('down');
    expect(retryOnPrimary(Object.assign(new Error('conflict with recovery'), { code: '40001' }))).toBe('conflict');
    expect(retryOnPrimary(Object.assign(new Error('syntax error'), { code: '42601' }))).toBeNull();
  });

  it('takes a replica only beside a PostgreSQL server, with a lag bound of 5 s by default', () => {
    expect(() => loadConfig({ DATABASE_REPLICA_URL: 'postgres://127.0.0.1/x' })).toThrow(/DATABASE_URL/);
    const config = loadConfig({
      DATABASE_URL: 'postgres://127.0.0.1/a',
      DATABASE_REPLICA_URL: 'postgres://127.0.0.1/b',
    });
    expect(config).toMatchObject({ databaseReplicaUrl: 'postgres://127.0.0.1/b', replicaMaxLag: 5 });
    expect(loadConfig({}).databaseReplicaUrl).toBeUndefined();
  });
});
