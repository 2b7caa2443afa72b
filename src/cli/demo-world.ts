/**
 * The French demo world: a few brands with their charter and team, ~50 people, follows, and a
 * few hundred posts with hashtags, mentions, threads, reposts, quotes, likes, bookmarks and polls.
 *
 * Everything goes through the real services (createStatus, follow, favourite, vote...), so
 * counters, notifications, short links and hashtags are exactly what real use would leave
 * behind. Only the password hash is shared: argon2 costs ~50 ms per account, so the demo
 * password is hashed once and stored for every demo account.
 */
import { fakerFR } from '@faker-js/faker';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context';
import { queryRows } from '../db/client';
import { hashPassword } from '../lib/crypto';
import {
  actingAccountId,
  createBrand,
  setMember,
  updateProfile,
  type Account,
  type BrandRole,
} from '../modules/accounts';
import { demoProgress } from './demo-progress';
import { createDemoListening } from './demo-sources';
import { createDemoRoi } from './demo-roi';
import { createDemoCampaigns } from './demo-campaigns';
import { createDemoModeration } from './demo-moderation';
import { createDemoPlaces } from './demo-places';
import { createDemoShop } from './demo-shop';
import { createDemoCommunity } from './demo-community';
import { createDemoInvolvement } from './demo-involvement';
import { storeImage } from '../modules/media';
import {
  bookmark,
  createStatus,
  favourite,
  follow,
  reblog,
  vote,
  type NewStatus,
  type Status,
} from '../modules/social';
import { BRAND_ANSWERS, DEMO_BRANDS, FIXED_PEOPLE, PEOPLE_POSTS, QUESTIONS, QUOTES, REPLIES } from './demo-world-data';
import {
  brandAvatarSvg,
  brandBannerSvg,
  chance,
  createPersonWithPasswordHash,
  demoClock,
  demoPeopleSpecs,
  fill,
  personAvatarSvg,
  pick,
  realignTimestamps,
  settleNotifications,
  svgToPng,
} from './demo-world-parts';
export { createPersonWithPasswordHash, demoTextPool, handlePart, uuidTimeSql } from './demo-world-parts';
export { BIO_END, BIO_START, CITIES, DEMO_BRANDS, PEOPLE_POSTS, REPLIES } from './demo-world-data';
import { DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, loginsOf, type DemoOptions, type DemoWorld } from './demo-world-logins';
export {
  DEMO_EMAIL_DOMAIN,
  DEMO_PASSWORD,
  printDemoLogins,
  type DemoLogin,
  type DemoOptions,
  type DemoWorld,
} from './demo-world-logins';

// ---------------------------------------------------------------------------------------------
// Building the world

const DAY = 86_400_000;

export async function buildDemoWorld(ctx: AppContext, options: DemoOptions = {}): Promise<DemoWorld> {
  const started = Date.now();
  const seed = options.seed ?? 2024;
  const peopleCount = Math.max(options.accounts ?? 50, FIXED_PEOPLE.length);
  const postCount = Math.max(options.posts ?? 320, 20);
  const f = fakerFR;
  f.seed(seed);
  const social = { db: ctx.db, config: ctx.config, events: ctx.events };
  const accountsCtx = { db: ctx.db };

  const progress = demoProgress({
    mode: options.progress === false ? 'none' : process.stdout.isTTY ? 'bar' : 'lines',
    onStep: options.onStep,
  });
  progress.step('accounts', peopleCount);

  const clock = demoClock();
  const endAt = Date.now() - 60_000;
  const startAt = endAt - 30 * DAY;
  clock.set(startAt - 5 * DAY);
  const counts = { people: 0, brands: 0, follows: 0, posts: 0, reposts: 0, likes: 0, bookmarks: 0, votes: 0 };

  try {
    const passwordHash = await hashPassword(DEMO_PASSWORD);

    // People: the fixed logins, then generated French people.
    const specs = demoPeopleSpecs(f, peopleCount);
    const people: Account[] = [];
    for (const [i, spec] of specs.entries()) {
      clock.set(startAt - 5 * DAY + i * 60_000);
      const email = `${spec.username}@${DEMO_EMAIL_DOMAIN}`;
      const account = await createPersonWithPasswordHash(
        accountsCtx,
        { username: spec.username, email, displayName: spec.displayName, locale: 'fr' },
        passwordHash,
      );
      const avatar = await storeImage(
        ctx.media,
        await svgToPng(personAvatarSvg(spec.displayName, (i * 47) % 360)),
        'avatar',
      );
      people.push(
        await updateProfile(accountsCtx, account.id, {
          note: spec.note,
          location: spec.city,
          website:
            i < FIXED_PEOPLE.length || chance(f, 0.2) ? '' : `https://${spec.username.replace(/_/g, '-')}.example`,
          avatarPath: avatar.path,
        }),
      );
      counts.people++;
      progress.tick();
    }
    const byUsername = new Map(people.map((p) => [p.username, p]));
    const cityOf = new Map(specs.map((s) => [s.username, s.city]));

    // Brands, their charter and their teams.
    progress.step('brands', DEMO_BRANDS.length);
    const brands: Account[] = [];
    const teams = new Map<string, { account: Account; role: BrandRole }[]>();
    for (const spec of DEMO_BRANDS) {
      const owner = byUsername.get(spec.team.find((m) => m.role === 'owner')!.username)!;
      const brand = await createBrand(accountsCtx, owner.id, {
        username: spec.username,
        displayName: spec.displayName,
      });
      const [avatar, header] = await Promise.all([
        svgToPng(brandAvatarSvg(spec)).then((png) => storeImage(ctx.media, png, 'avatar')),
        svgToPng(brandBannerSvg(spec)).then((png) => storeImage(ctx.media, png, 'header')),
      ]);
      brands.push(
        await updateProfile(accountsCtx, brand.id, {
          note: spec.note,
          location: spec.location,
          website: spec.website,
          primaryColor: spec.primaryColor,
          accentColor: spec.accentColor,
          avatarPath: avatar.path,
          headerPath: header.path,
          locale: 'fr',
        }),
      );
      const team: { account: Account; role: BrandRole }[] = [{ account: owner, role: 'owner' }];
      for (const member of spec.team.filter((m) => m.role !== 'owner')) {
        const account = byUsername.get(member.username)!;
        await setMember(accountsCtx, owner.id, brand.id, account.id, member.role);
        team.push({ account, role: member.role });
      }
      teams.set(brand.id, team);
      counts.brands++;
      progress.tick();
    }
    const brandSpecOf = new Map(brands.map((b, i) => [b.id, DEMO_BRANDS[i]!]));

    // Follows: teams follow their brand, people follow the brands of their city and of their
    // interests, friends in their city and a few others; brands follow each other.
    const followPairs: [string, string][] = [];
    const seen = new Set<string>();
    const addFollow = (a: Account, b: Account) => {
      const key = `${a.id}>${b.id}`;
      if (a.id === b.id || seen.has(key)) return;
      seen.add(key);
      followPairs.push([a.id, b.id]);
    };
    for (const [brandId, team] of teams)
      for (const m of team) addFollow(m.account, brands.find((b) => b.id === brandId)!);
    for (const a of brands) for (const b of brands) if (chance(f, 0.7)) addFollow(a, b);
    for (const person of people) {
      const city = cityOf.get(person.username)!;
      for (const brand of brands) {
        const local = brandSpecOf.get(brand.id)!.city === city;
        if (chance(f, local ? 0.9 : 0.45)) addFollow(person, brand);
      }
      const locals = people.filter((p) => p.id !== person.id && cityOf.get(p.username) === city);
      for (const friend of f.helpers.arrayElements(locals, Math.min(locals.length, f.number.int({ min: 3, max: 10 }))))
        addFollow(person, friend);
      for (const other of f.helpers.arrayElements(people, f.number.int({ min: 1, max: 6 }))) addFollow(person, other);
      if (chance(f, 0.5)) for (const brand of brands) if (chance(f, 0.15)) addFollow(brand, person);
    }
    f.helpers.shuffle(followPairs, { inplace: true });
    const followSpan = 4 * DAY;
    progress.step('follows', followPairs.length);
    for (const [i, [a, b]] of followPairs.entries()) {
      clock.set(startAt - followSpan + Math.floor((i / followPairs.length) * followSpan));
      await follow(social, a, b);
      counts.follows++;
      progress.tick();
    }

    // Posts, in time order, with reactions scheduled after each one.
    progress.step('posts', postCount);
    const created: Status[] = [];
    const questions: { status: Status; brandId: string }[] = [];
    type Pending = { at: number; run: () => Promise<unknown> };
    const pending: Pending[] = [];
    const schedule = (at: number, run: () => Promise<unknown>) => {
      pending.push({ at: Math.min(at, endAt), run });
    };
    const flushUntil = async (t: number) => {
      pending.sort((x, y) => x.at - y.at);
      while (pending.length && pending[0]!.at <= t) {
        const next = pending.shift()!;
        clock.set(next.at);
        await next.run().catch(() => {}); // e.g. liking a post twice: skipped
      }
    };
    const peopleOnly = people;
    const brandWriters = (brandId: string) => teams.get(brandId)!.filter((m) => m.role !== 'moderator');
    const react = (status: Status, at: number) => {
      const likes = f.number.int({
        min: 0,
        max: status.accountId && brands.some((b) => b.id === status.accountId) ? 14 : 7,
      });
      for (const liker of f.helpers.arrayElements(peopleOnly, likes)) {
        schedule(at + f.number.int({ min: 60_000, max: 2 * DAY }), async () => {
          await favourite(social, liker.id, status.id);
          counts.likes++;
        });
      }
      if (chance(f, 0.2)) {
        const reposter = pick(f, peopleOnly);
        if (reposter.id !== status.accountId) {
          schedule(at + f.number.int({ min: 120_000, max: DAY }), async () => {
            await reblog(social, reposter.id, status.id);
            counts.reposts++;
          });
        }
      }
      if (chance(f, 0.12)) {
        const reader = pick(f, peopleOnly);
        schedule(at + f.number.int({ min: 60_000, max: DAY }), async () => {
          await bookmark(social, reader.id, status.id);
          counts.bookmarks++;
        });
      }
    };
    const post = async (authorId: string, input: NewStatus, writtenById: string | null = null) => {
      if (writtenById) await actingAccountId(accountsCtx, writtenById, authorId);
      const status = await createStatus(social, authorId, { language: 'fr', ...input }, writtenById);
      created.push(status);
      counts.posts++;
      progress.tick();
      return status;
    };

    // The polls first: their deadlines depend on when they were posted.
    const [fromagerie, velo, , cafe] = brands;
    const polls: { at: number; run: () => Promise<Status> }[] = [
      {
        at: startAt + 6 * DAY,
        run: () =>
          post(
            cafe!.id,
            {
              text: 'Votre méthode d’extraction préférée ? #café',
              poll: { options: ['Espresso', 'V60', 'Chemex', 'Cafetière italienne'], expiresIn: 3 * 86400 },
            },
            brandWriters(cafe!.id)[1]!.account.id,
          ),
      },
      {
        at: endAt - 2 * DAY,
        run: () =>
          post(
            fromagerie!.id,
            {
              text: 'Quel fromage pour notre prochaine soirée dégustation ? #fromage #lyon',
              poll: { options: ['Saint-marcellin', 'Comté 24 mois', 'Mont d’or', 'Beaufort'], expiresIn: 7 * 86400 },
            },
            brandWriters(fromagerie!.id)[1]!.account.id,
          ),
      },
      {
        at: endAt - 5 * DAY,
        run: () =>
          post(velo!.id, {
            text: 'Vous roulez plutôt… #vélo',
            poll: { options: ['Vélo de ville', 'Vélo cargo', 'VTC', 'Vélo électrique'], expiresIn: 14 * 86400 },
          }),
      },
    ];

    const times = Array.from({ length: postCount - polls.length }, () =>
      f.number.int({ min: startAt, max: endAt }),
    ).sort((a, b) => a - b);
    const brandPostQueue = new Map(brands.map((b) => [b.id, f.helpers.shuffle([...brandSpecOf.get(b.id)!.posts])]));
    const pollQueue = [...polls].sort((a, b) => a.at - b.at);

    for (const at of times) {
      while (pollQueue.length && pollQueue[0]!.at <= at) {
        const p = pollQueue.shift()!;
        await flushUntil(p.at);
        clock.set(p.at);
        const status = await p.run();
        // Votes: many before the closed poll's deadline, some on the open ones.
        for (const voter of f.helpers.arrayElements(peopleOnly, f.number.int({ min: 12, max: 30 }))) {
          schedule(p.at + f.number.int({ min: 60_000, max: 2 * DAY }), async () => {
            const [poll] = await queryRows<{ id: string; n: number }>(
              ctx.db,
              sql`select id, jsonb_array_length(options) as n from polls where status_id = ${status.id}`,
            );
            await vote(social, voter.id, poll!.id, [f.number.int({ min: 0, max: Number(poll!.n) - 1 })]);
            counts.votes++;
          });
        }
        react(status, p.at);
      }
      await flushUntil(at);
      clock.set(at);
      const roll = f.number.float({ min: 0, max: 1 });
      let status: Status;
      if (roll < 0.16) {
        // A brand post, written by a team member as the brand (or by the brand's owner).
        const brand = pick(f, brands);
        const queue = brandPostQueue.get(brand.id)!;
        const spec = brandSpecOf.get(brand.id)!;
        const text = queue.length ? queue.shift()! : fill(f, pick(f, spec.templates), spec.city);
        const writer = pick(f, brandWriters(brand.id));
        status = await post(brand.id, { text }, writer.account.id);
      } else if (roll < 0.5 && created.length > 5) {
        // A reply: to a recent post, sometimes deeper in its thread, sometimes a question to a brand.
        const recent = created.slice(-40).filter((s) => !s.reblogOfId);
        const parent = pick(f, recent);
        const author = pick(
          f,
          peopleOnly.filter((p) => p.id !== parent.accountId),
        );
        const parentBrand = brands.find((b) => b.id === parent.accountId);
        const city = cityOf.get(author.username) ?? 'Lyon';
        const mentionFriend = chance(f, 0.15) ? `@${pick(f, peopleOnly).username} ` : '';
        const text =
          parentBrand && chance(f, 0.5) ? fill(f, pick(f, QUESTIONS), city) : `${mentionFriend}${pick(f, REPLIES)}`;
        status = await post(author.id, { text, inReplyToId: parent.id });
        if (parentBrand && text.endsWith('?')) questions.push({ status, brandId: parentBrand.id });
      } else if (roll < 0.56 && created.some((s) => !s.inReplyToId)) {
        const quoted = pick(f, created.filter((s) => !s.inReplyToId).slice(-60));
        const author = pick(
          f,
          peopleOnly.filter((p) => p.id !== quoted.accountId),
        );
        const tag = pick(f, ['fromage', 'vélo', 'modeéthique', 'café', 'lyon', 'nantes', 'paris', 'bordeaux']);
        status = await post(author.id, { text: `${pick(f, QUOTES)} #${tag}`, quoteOfId: quoted.id });
      } else if (roll < 0.62 && questions.length) {
        // A brand answers a question, through its community manager when it has one.
        const q = questions.shift()!;
        const writers = brandWriters(q.brandId);
        const writer = writers.find((w) => w.role === 'community_manager') ?? pick(f, writers);
        status = await post(q.brandId, { text: pick(f, BRAND_ANSWERS), inReplyToId: q.status.id }, writer.account.id);
      } else {
        const author = pick(f, peopleOnly);
        status = await post(author.id, {
          text: fill(f, pick(f, PEOPLE_POSTS), cityOf.get(author.username) ?? 'Paris'),
        });
      }
      react(status, at);
    }
    for (const p of pollQueue) {
      await flushUntil(p.at);
      clock.set(p.at);
      await p.run();
    }
    await flushUntil(endAt);
    clock.restore();
    await realignTimestamps(ctx.db);
    progress.step('shop');
    await createDemoShop(ctx, brands, teams, people); // the shop: catalogs, shoppable posts, orders, reviews (before the watches and queues see them)
    await createDemoPlaces(ctx, brands, teams, people); // places: shops on the map, check-ins, mayors, tips, specials
    await createDemoCampaigns(ctx, brands, teams, people); // campaigns: a sale, a pre-sale, an edition, a contest, a pop-up
    await createDemoCommunity(ctx, brands, teams, people); // Q&A, the inbox and its service levels, spaces, customers' files
    await createDemoInvolvement(ctx, brands, teams, people); // ambassadors, their commissions, the ladder, funnels
    progress.step('listening');
    await createDemoListening(ctx, brands, teams); // watches matched against the posts; outside feeds served by the app
    await createDemoRoi(ctx, brands); // analytics: listening's sentiment into the rollup, 180 days of it
    progress.step('moderation');
    const logins = [...loginsOf(people, brands, teams), ...(await createDemoModeration(ctx, brands, teams, people))]; // moderation: a platform moderator, items waiting
    await settleNotifications(ctx.db); // people have read all but their last few notifications
    progress.finish();
    return { logins, brands, people, counts, tookMs: Date.now() - started };
  } catch (error) {
    progress.finish();
    throw error;
  } finally {
    clock.restore();
  }
}
