import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/database';
import { arrayLiteral, queryRows, type Database } from './client';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

describe('arrayLiteral', () => {
  it('gives the database back exactly the strings it was given (quotes, backslashes, braces, commas, spaces, NULL), once each', async () => {
    // NUL bytes cannot be stored in PostgreSQL text at all, so they are left out.
    const text = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !s.includes('\u0000'));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(text, fc.constantFrom('NULL', 'null', '"', '\\', '{}', ',', ' a ', '')), { maxLength: 8 }),
        async (values) => {
          const [row] = await queryRows<{ back: string[] }>(
            database.db,
            sql`select ${arrayLiteral(values)}::text[] as back`,
          );
          expect(row.back).toEqual([...new Set(values)]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
