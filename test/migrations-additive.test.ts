/**
 * Rolling upgrades rely on one rule (docs/operators.md, "Upgrades"): a migration only adds, so the
 * previous release's nodes keep working on the migrated schema until they are replaced. This reads
 * every migration and refuses what would break an older node: dropping or renaming anything,
 * changing a column's type, making an existing column NOT NULL, or adding a NOT NULL column without
 * a default (the old code's inserts do not name it). A past exception is allowed below, by file and
 * statement, with the reason it was safe.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationsFolder } from '../src/db/migrate';

/** Reviewed exceptions: `file` → the statements (as matched below) and why an older node did not mind. */
const ALLOWED: Record<string, { statements: RegExp; why: string }> = {
  '0005_ascending_indexes.sql': {
    statements: /^DROP INDEX "\w+"$/,
    why: 'plain (non-unique) indexes replaced by ascending ones in the same migration: only speed depends on them',
  },
  '0011_unfinished_jobs_index.sql': {
    statements: /^DROP INDEX "jobs_due_idx"$/,
    why: 'a plain index replaced by a partial one in the same migration',
  },
  '0019_follow_options.sql': {
    statements: /^DROP INDEX IF EXISTS statuses_account_id_idx$/,
    why: 'a plain index covered by a wider one this migration adds',
  },
  '0033_inbox_list_order.sql': {
    statements: /^DROP INDEX "inbox_conversations_open_sla_idx"$/,
    why: 'a plain index replaced by one in the list order in the same migration',
  },
};

const RULES: { name: string; test: (statement: string) => boolean }[] = [
  { name: 'drops something', test: (s) => /\bDROP\s+(?!DEFAULT\b)\w+/i.test(s) },
  { name: 'renames something', test: (s) => /\bRENAME\b/i.test(s) },
  { name: "changes a column's type", test: (s) => /\bALTER\s+COLUMN\s+"?\w+"?\s+(SET\s+DATA\s+)?TYPE\b/i.test(s) },
  { name: 'makes an existing column NOT NULL', test: (s) => /\bALTER\s+COLUMN\b.*\bSET\s+NOT\s+NULL\b/is.test(s) },
  {
    name: 'adds a NOT NULL column without a default',
    test: (s) => /\bADD\s+COLUMN\b/i.test(s) && /\bNOT\s+NULL\b/i.test(s) && !/\b(DEFAULT|GENERATED)\b/i.test(s),
  },
];

/** The statements of a migration file, comments removed, one line each. */
function statementsOf(text: string): string[] {
  return text
    .split('--> statement-breakpoint')
    .flatMap((part) => part.split(/;\s*(?:\n|$)/))
    .map((s) =>
      s
        .replace(/--[^\n]*/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter(Boolean);
}

function violations(file: string, text: string): string[] {
  const allowed = ALLOWED[file];
  const found: string[] = [];
  for (const statement of statementsOf(text)) {
    for (const rule of RULES) {
      if (rule.test(statement) && !allowed?.statements.test(statement))
        found.push(`${file}: ${rule.name}: ${statement}`);
    }
  }
  return found;
}

describe('migrations only add (what lets an older node run on the migrated schema)', () => {
  const files = fs.readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql'));

  it('every migration file passes the rule, apart from the reviewed exceptions', () => {
    expect(files.length).toBeGreaterThan(40);
    const found = files.flatMap((file) => violations(file, fs.readFileSync(path.join(migrationsFolder, file), 'utf8')));
    expect(found).toEqual([]);
    for (const file of Object.keys(ALLOWED)) expect(files).toContain(file);
  });

  it.each([
    ['DROP TABLE "old_things";', 'drops something'],
    ['ALTER TABLE "posts" DROP COLUMN "title";', 'drops something'],
    ['ALTER TABLE "posts" RENAME COLUMN "title" TO "name";', 'renames something'],
    ['ALTER TABLE "posts" ALTER COLUMN "count" SET DATA TYPE bigint;', "changes a column's type"],
    ['ALTER TABLE "posts" ALTER COLUMN "title" SET NOT NULL;', 'makes an existing column NOT NULL'],
    ['ALTER TABLE "posts" ADD COLUMN "rank" integer NOT NULL;', 'adds a NOT NULL column without a default'],
    ['DROP INDEX "orders_unique_key";', 'drops something'],
  ])('refuses %j in a new migration', (sql, rule) => {
    expect(violations('9999_new.sql', sql)).toEqual([`9999_new.sql: ${rule}: ${sql.replace(/;$/, '')}`]);
  });

  it.each([
    'ALTER TABLE "posts" ADD COLUMN "rank" integer DEFAULT 0 NOT NULL;',
    'ALTER TABLE "posts" ADD COLUMN "note" text;',
    'ALTER TABLE "posts" ALTER COLUMN "note" DROP DEFAULT;',
    'CREATE INDEX "posts_rank_idx" ON "posts" USING btree ("rank");',
    'CREATE TABLE "new_things" ("id" uuid PRIMARY KEY NOT NULL, "name" text NOT NULL);',
  ])('accepts %j', (sql) => {
    expect(violations('9999_new.sql', sql)).toEqual([]);
  });
});
