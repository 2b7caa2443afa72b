/**
 * `npm run catalog -- import --brand <username> <file.csv>`
 * `npm run catalog -- export --brand <username> [file.csv]`
 *
 * Imports or exports a brand's catalog as CSV on the configured database (COMPTOIR_DATA, or
 * DATABASE_URL), as the operator: no role is needed. Import shows a progress bar, then every
 * skipped row with its row number (the header is row 1) and column. The columns are those of
 * the API (docs/catalog.md).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { migrate } from '../db/migrate';
import { DomainError } from '../lib/errors';
import { findByUsername } from '../modules/accounts';
import { decodeCsv, exportCatalog, importCatalog, OPERATOR } from '../modules/commerce';

const usage = `Usage:
  npm run catalog -- import --brand <username> <file.csv>
  npm run catalog -- export --brand <username> [file.csv]     (standard output without a file)

Columns: product_title, product_description, status, kind, sku, option1_name, option1_value,
option2_name, option2_value, price (e.g. 12.50, or price_amount in cents), currency, compare_at,
stock, weight_grams. Rows sharing a product_title make one product; a known SKU is updated.
The database is the one the server uses: COMPTOIR_DATA (default ./data) or DATABASE_URL.
Exit status: 0 when every row was imported, 1 when some were skipped or on failure, 2 on bad usage.`;

function fail(message: string, code = 2): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(code);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { brand: { type: 'string', short: 'b' }, help: { type: 'boolean', short: 'h', default: false } },
  });
} catch (error) {
  fail((error as Error).message);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const [command, file, ...extra] = positionals;
if (command !== 'import' && command !== 'export')
  fail(command ? `Unknown command "${command}"` : 'Say import or export');
if (!values.brand) fail('--brand <username> is required');
if (extra.length) fail(`Unexpected arguments: ${extra.join(' ')}`);
if (command === 'import' && !file) fail('import needs the CSV file to read');
if (command === 'import' && !fs.existsSync(file!)) fail(`No such file: ${file}`, 1);

const config = loadConfig();
let database;
try {
  database = await openDatabase(config);
} catch (error) {
  console.error(`Cannot open the database: ${(error as Error).message}`);
  process.exit(1);
}
let status = 0;
try {
  await migrate(database);
  const ctx = { db: database.db };
  const brand = await findByUsername(ctx, values.brand!);
  if (brand?.kind !== 'brand')
    throw new DomainError('not_found', 'not_found', `No brand @${values.brand!.replace(/^@/, '')} on this server`);

  if (command === 'export') {
    const csv = await exportCatalog(ctx, OPERATOR, brand.id);
    const rows = csv.split('\r\n').length - 2;
    if (file) {
      fs.writeFileSync(file, csv);
      console.error(`Exported ${rows} row(s) of @${brand.username}'s catalog to ${file}.`);
    } else process.stdout.write(csv);
  } else {
    const text = decodeCsv(new Uint8Array(fs.readFileSync(file!)));
    const bar = new cliProgress.SingleBar(
      {
        format: 'Importing {bar} {percentage}% | {value}/{total} rows | {duration_formatted}',
        hideCursor: true,
        stream: process.stderr,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    const result = await importCatalog(ctx, OPERATOR, brand.id, text, {
      onProgress: (done, total) => {
        if (!started) {
          bar.start(total, done);
          started = true;
        } else bar.update(done);
      },
    }).finally(() => started && bar.stop());
    console.log(
      `@${brand.username}: ${result.created} variant(s) created, ${result.updated} updated, ${new Set(result.errors.map((e) => e.row)).size} row(s) skipped.`,
    );
    if (result.errors.length) {
      console.log('\nProblems (row 1 is the header):');
      for (const e of result.errors)
        console.log(`  row ${String(e.row).padStart(5)}  ${e.field.padEnd(20)} ${e.message}`);
      status = 1;
    }
  }
} catch (error) {
  console.error(error instanceof DomainError ? `${error.message} (${error.code})` : error);
  status = 1;
} finally {
  await database.close();
}
process.exit(status);
