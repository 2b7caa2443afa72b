/**
 * `npm run demo -- [--accounts N] [--posts M] [--follows F] [--likes L] [--seed S] [--no-demo]`
 *
 * Builds a world into the configured database (COMPTOIR_DATA, or DATABASE_URL), migrating first.
 * Small sizes (up to 300 people and 3,000 posts) build the French demo world through the real
 * services. Larger ones add a bulk-generated world (src/cli/bulk.ts) on top of the demo world
 * (built first when the database is empty, unless --no-demo).
 */
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { createAppContext } from '../boot';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { isEmpty, migrate } from '../db/migrate';
import { hashPassword } from '../lib/crypto';
import { BULK_EMAIL_DOMAIN, generateBulk, type BulkOptions } from './bulk';
import { DEMO_PASSWORD, buildDemoWorld, printDemoLogins } from './demo-world';

const SMALL = { accounts: 300, posts: 3_000 };

const usage = `Usage: npm run demo -- [--accounts N] [--posts M] [--follows F] [--likes L] [--seed S] [--no-demo]

  --accounts N   people to create (default 50)
  --posts M      posts to create (default 320); reposts and likes come on top
  --follows F    for bulk worlds: accounts each account follows (default 200, at most N-1)
  --likes L      for bulk worlds: likes in all (default M/2)
  --seed S       same seed, same names and texts (default 2024)
  --no-demo      bulk worlds: do not build the French demo world first

Up to ${SMALL.accounts} accounts and ${SMALL.posts} posts the world is built through the real services
(on an empty database). Above that, a fast bulk generator adds the accounts and posts.
The database is the one the server uses: COMPTOIR_DATA (default ./data) or DATABASE_URL.`;

function integer(name: string, raw: string | undefined, fallback: number | undefined): number | undefined {
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} must be a non-negative integer, got "${raw}"\n\n${usage}`);
    process.exit(2);
  }
  return value;
}

let args;
try {
  args = parseArgs({
    options: {
      accounts: { type: 'string' },
      posts: { type: 'string' },
      follows: { type: 'string' },
      likes: { type: 'string' },
      seed: { type: 'string' },
      'no-demo': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n\n${usage}`);
  process.exit(2);
}
if (args.help) {
  console.log(usage);
  process.exit(0);
}

const accounts = integer('accounts', args.accounts, 50)!;
const posts = integer('posts', args.posts, 320)!;
const follows = integer('follows', args.follows, undefined);
const likes = integer('likes', args.likes, undefined);
const seed = integer('seed', args.seed, 2024)!;
const small = accounts <= SMALL.accounts && posts <= SMALL.posts;

const config = loadConfig();
const where = config.databaseUrl
  ? 'the PostgreSQL server (DATABASE_URL)'
  : `the embedded database in ${config.dataDir}`;
const database = await openDatabase(config);
let failed = false;
try {
  await migrate(database);
  const ctx = await createAppContext(config, database);
  const empty = await isEmpty(database);
  const started = Date.now();
  if (small) {
    if (!empty) {
      console.error(
        `${where} already has accounts. The demo world goes into an empty database: set COMPTOIR_DATA to a new folder (or point DATABASE_URL at an empty database).`,
      );
      failed = true;
    } else {
      console.log(`Building the French demo world (${accounts} people, ${posts} posts) in ${where}…`);
      const world = await buildDemoWorld(ctx, { accounts, posts, seed, progress: true });
      printDemoLogins(world);
    }
  } else {
    if (empty && !args['no-demo']) {
      console.log(`Building the French demo world in ${where}…`);
      const world = await buildDemoWorld(ctx, { seed, progress: true });
      printDemoLogins(world);
    }
    console.log(`Generating ${accounts.toLocaleString('en')} accounts and ${posts.toLocaleString('en')} posts (bulk)…`);
    const bar = phaseBar();
    const options: BulkOptions = {
      accounts,
      posts,
      follows,
      likes,
      seed,
      publicUrl: config.publicUrl,
      passwordHash: await hashPassword(DEMO_PASSWORD),
      onProgress: bar.update,
    };
    const result = await generateBulk(database, options).finally(bar.stop);
    const took = Object.entries(result.seconds)
      .map(([phase, s]) => `${phase} ${s} s`)
      .join(', ');
    console.log(
      `Done in ${((Date.now() - started) / 1000).toFixed(1)} s (${took}).\n` +
        `Database now holds ${result.statuses.toLocaleString('en')} statuses, ${result.follows.toLocaleString('en')} follows, ${result.likes.toLocaleString('en')} likes.\n` +
        `Generated accounts log in as <username>@${BULK_EMAIL_DOMAIN} with the password ${DEMO_PASSWORD}.`,
    );
  }
  await ctx.events.close();
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  await database.close();
}
process.exit(failed ? 1 : 0);

/** One progress bar that restarts for each phase of the bulk generator. */
function phaseBar() {
  const bar = new cliProgress.SingleBar(
    { format: '{phase} {bar} {percentage}% | {value}/{total} | {duration_formatted}', hideCursor: true, etaBuffer: 20 },
    cliProgress.Presets.shades_classic,
  );
  let phase = '';
  return {
    update: (p: { phase: string; done: number; total: number }) => {
      if (p.phase !== phase) {
        if (phase) bar.stop();
        phase = p.phase;
        bar.start(p.total, p.done, { phase: p.phase.padEnd(9) });
      } else {
        bar.update(p.done);
      }
    },
    stop: () => {
      if (phase) bar.stop();
    },
  };
}
