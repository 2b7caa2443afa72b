/** The demo world's logins and options: its password and e-mail domain, what it returns, and the table of logins. */
import type { Account, BrandRole } from '../modules/accounts';
import type { DemoStep } from './demo-progress';
import { FIXED_PEOPLE } from './demo-world-data';

export const DEMO_PASSWORD = 'comptoir-demo';
export const DEMO_EMAIL_DOMAIN = 'demo.comptoir.test';

export type DemoOptions = {
  /** People besides the brands (default 50, at least the 13 fixed demo logins). */
  accounts?: number;
  /** Posts, replies and quotes (default 320; reposts, likes and bookmarks come on top). */
  posts?: number;
  /** Seed for names, texts and choices: the same seed builds the same world. */
  seed?: number;
  /** false: silent. Otherwise a bar per step on a terminal, one line per step elsewhere. */
  progress?: boolean;
  /** Follows the build's steps (the server's "being built" page shows the current one). */
  onStep?: (step: DemoStep) => void;
};

export type DemoLogin = { username: string; email: string; password: string; role: string };

export type DemoWorld = {
  logins: DemoLogin[];
  brands: Account[];
  people: Account[];
  counts: {
    people: number;
    brands: number;
    follows: number;
    posts: number;
    reposts: number;
    likes: number;
    bookmarks: number;
    votes: number;
  };
  tookMs: number;
};

/** Database-filled timestamps (now()) follow the UUIDv7 ids the demo clock produced. */

export function loginsOf(
  people: Account[],
  brands: Account[],
  teams: Map<string, { account: Account; role: BrandRole }[]>,
): DemoLogin[] {
  return FIXED_PEOPLE.map((spec) => {
    const account = people.find((p) => p.username === spec.username)!;
    const roles = [...teams.entries()].flatMap(([brandId, team]) =>
      team
        .filter((m) => m.account.id === account.id)
        .map((m) => `${m.role.replace('_', ' ')} of @${brands.find((b) => b.id === brandId)!.username}`),
    );
    return {
      username: account.username,
      email: `${account.username}@${DEMO_EMAIL_DOMAIN}`,
      password: DEMO_PASSWORD,
      role: roles.join(', ') || 'shopper (no brand)',
    };
  });
}

/** A table of the demo logins on stdout. */
export function printDemoLogins(
  world: Pick<DemoWorld, 'logins'> & Partial<Pick<DemoWorld, 'counts' | 'tookMs'>>,
  write: (line: string) => void = (l) => console.log(l),
) {
  const rows = world.logins.map((l) => [`@${l.username}`, l.email, l.role]);
  const header = ['Account', 'E-mail (login)', 'Role'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  write('');
  if (world.counts) {
    const c = world.counts;
    write(
      `Demo world ready${world.tookMs ? ` in ${(world.tookMs / 1000).toFixed(1)} s` : ''}: ${c.brands} brands, ${c.people} people, ${c.follows} follows, ${c.posts} posts, ${c.reposts} reposts, ${c.likes} likes, ${c.votes} poll votes.`,
    );
  }
  write(`Demo logins (password for all: ${DEMO_PASSWORD}):`);
  write(line(header));
  write(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) write(line(row));
  write('');
}
