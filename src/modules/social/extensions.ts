/**
 * Extension points for other modules to add to posts without the social module knowing them
 * (Medusa-style links: commerce attaches products to posts through src/links/, registered by the
 * composition root). An extension may read its own parameters of a new post, write linked rows
 * in the post's transaction, run after the post is committed (the `status.published` job), add
 * data to hydrated posts, fields to the Mastodon Status entity, markup to the post card and
 * fields to the composer. Everything is optional; with nothing registered, posts are unchanged.
 */
import type { Child } from 'hono/jsx';
import type { AppContext } from '../../context';
import type { Db, DbOrTx } from '../../db/client';
import { createRegistry, type Registry } from '../../lib/registry';
import type { UrlContext } from '../accounts';
import type { Status } from './posts';
import type { ViewContext } from './web-shared';

/** A new post's parameters as the route read them (API body or composer form). */
type Params = Record<string, unknown>;

/** `D`: the data `hydrate` returns for one post, which `present`, `render` and `hides` receive. */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds extensions of different data types.
export type StatusExtension<D = any> = {
  /** Unique name: the key of its input in NewStatus.extensions and of its hydrated data. */
  name: string;
  /** Reads its part of a new post's parameters (API body or composer form); undefined: nothing given. */
  input?(params: Params): unknown;
  /**
   * In createStatus's transaction, right after the post and its tags/mentions are written.
   * Throw an AppError to refuse the post (nothing is kept). Return true to be called again by
   * `published` once the post is committed.
   */
  afterInsert?(
    tx: DbOrTx,
    post: { status: Status; writtenById: string | null; input: unknown },
    // biome-ignore lint/suspicious/noConfusingVoidType: most hooks return nothing; true asks for the published job.
  ): Promise<boolean | void>;
  /** After commit, from the `status.published` job: may run again after a crash, so idempotent. */
  published?(app: AppContext, statusId: string): Promise<void>;
  /** Data for a set of (non-repost) posts as one viewer sees them, by post id. One or two queries. */
  hydrate?(db: Db, statusIds: string[], viewerId: string | null): Promise<Map<string, D>>;
  /**
   * The posts that may have data, as SQL the hydration statement embeds (hydrate.ts: no round
   * trip of its own): a `select` of status ids among `ids`, an SQL expression of type uuid[]
   * (e.g. `select status_id from my_links where status_id = any(${ids})`). Fixed text: values
   * never go in. With it, `hydrate` is called only with those posts, and not at all when none:
   * it must then give nothing for the others.
   */
  candidates?(ids: string): string;
  /** Fields added to the Mastodon Status entity (data is undefined for posts with nothing). */
  present?(ctx: UrlContext, statusId: string, data: D | undefined): Record<string, unknown>;
  /**
   * Markup shown in the post card under its content (only called when there is data). `shownAs`:
   * the repost's id when the post is drawn inside a repost (e.g. a Buy button's source).
   */
  render?(v: ViewContext, statusId: string, data: D, shownAs?: string): Child;
  /** Fields added to the composer when writing as `authorId`. */
  composer?(db: Db, v: ViewContext, authorId: string, params: Params | null): Promise<Child>;
  /** A gate (moderation): true when this post, given its hydrated data, is kept out of sight for everyone. */
  hides?(data: D): boolean;
  /** The same gate for posts read one by one (canSee): the ids it keeps out of sight among these. */
  hiddenAmong?(db: DbOrTx, statusIds: string[]): Promise<Set<string>>;
};

/** The registry of post extensions; on the app context as `extensions.statuses` (src/links/extensions.ts). */
export type StatusExtensions = Registry<StatusExtension>;
export const statusExtensions: StatusExtensions = createRegistry<StatusExtension>();
const registry = { values: () => statusExtensions.list(), get: (name: string) => statusExtensions.get(name) };

/** Each extension's input read from a new post's parameters. */
export function extensionInput(params: Params): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const e of registry.values()) {
    const value = e.input?.(params);
    if (value !== undefined) out[e.name] = value;
  }
  return out;
}

/** Runs afterInsert of every extension; returns the names that asked for the published hook. */
export async function runAfterInsert(
  tx: DbOrTx,
  status: Status,
  writtenById: string | null,
  input: Record<string, unknown> | undefined,
): Promise<string[]> {
  const wanted: string[] = [];
  for (const e of registry.values()) {
    if (!e.afterInsert) continue;
    if (await e.afterInsert(tx, { status, writtenById, input: input?.[e.name] })) wanted.push(e.name);
  }
  return wanted;
}

/** The `status.published` job. */
export async function runPublished(app: AppContext, payload: { statusId: string; extensions?: string[] }) {
  for (const name of payload.extensions ?? []) await registry.get(name)?.published?.(app, payload.statusId);
}

/**
 * Each extension's data for these posts. `candidates`: by extension name, the posts its
 * `candidates` SQL found (hydrate.ts asked in its own statement); an extension named there is
 * called with those only, and not at all when there are none.
 */
export async function hydrateExtensions(
  db: Db,
  statusIds: string[],
  viewerId: string | null,
  candidates?: Map<string, string[]>,
): Promise<Map<string, Map<string, unknown>>> {
  const out = new Map<string, Map<string, unknown>>();
  const withHydrate = [...registry.values()].filter((e) => e.hydrate);
  if (statusIds.length === 0 || withHydrate.length === 0) return out;
  const idsOf = (e: StatusExtension) => {
    const found = e.candidates && candidates?.get(e.name);
    if (!found) return statusIds;
    const set = new Set(found);
    return statusIds.filter((id) => set.has(id));
  };
  const results = await Promise.all(
    withHydrate.map((e) => (idsOf(e).length ? e.hydrate!(db, idsOf(e), viewerId) : new Map<string, unknown>())),
  );
  withHydrate.forEach((e, i) => out.set(e.name, results[i]));
  return out;
}

/** The extensions that name their candidate posts in SQL (hydrate.ts embeds them), in registration order. */
export function extensionCandidates(ids: string): { name: string; select: string }[] {
  return [...registry.values()].flatMap((e) =>
    e.hydrate && e.candidates ? [{ name: e.name, select: e.candidates(ids) }] : [],
  );
}

export function presentExtensions(
  ctx: UrlContext,
  data: Map<string, Map<string, unknown>> | undefined,
  statusId: string,
): Record<string, unknown> {
  let out: Record<string, unknown> = {};
  for (const e of registry.values())
    if (e.present) out = { ...out, ...e.present(ctx, statusId, data?.get(e.name)?.get(statusId)) };
  return out;
}

export function renderExtensions(
  v: ViewContext,
  data: Map<string, Map<string, unknown>> | undefined,
  statusId: string,
  rowId: string = statusId,
): Child[] {
  const out: Child[] = [];
  for (const e of registry.values()) {
    const value = data?.get(e.name)?.get(statusId);
    if (e.render && value !== undefined) out.push(e.render(v, statusId, value, rowId !== statusId ? rowId : undefined));
  }
  return out;
}

export async function composerExtras(
  db: Db,
  v: ViewContext,
  authorId: string,
  params: Params | null = null,
): Promise<Child[]> {
  const out: Child[] = [];
  for (const e of registry.values()) if (e.composer) out.push(await e.composer(db, v, authorId, params));
  return out;
}

/** Whether an extension's gate keeps this hydrated post out of sight (applyRules). */
export function hiddenByExtensions(data: Map<string, Map<string, unknown>>, statusId: string): boolean {
  for (const e of registry.values())
    if (e.hides && data.get(e.name)?.has(statusId) && e.hides(data.get(e.name)!.get(statusId))) return true;
  return false;
}

/** Which of these posts an extension's gate keeps out of sight, for lists read outside the timeline pipeline. */
export async function hiddenByGatesAmong(db: DbOrTx, statusIds: string[]): Promise<Set<string>> {
  const hidden = new Set<string>();
  if (statusIds.length === 0) return hidden;
  for (const e of registry.values())
    if (e.hiddenAmong) for (const id of await e.hiddenAmong(db, statusIds)) hidden.add(id);
  return hidden;
}

/** Whether an extension's gate keeps this post out of sight (canSee: one post read directly). */
export async function hiddenByGates(db: DbOrTx, statusId: string): Promise<boolean> {
  return (await hiddenByGatesAmong(db, [statusId])).has(statusId);
}

/**
 * A section another module adds to profile pages (/@name), under the header: a person's badges,
 * a brand's places. `load` runs once per page view (one or two queries); null shows nothing.
 */
export type ProfileSection<D = unknown> = {
  name: string;
  load(db: Db, account: { id: string; kind: string; username: string }, viewerId: string | null): Promise<D | null>;
  render(v: ViewContext, data: D): Child;
};

/** The registry of profile sections; on the app context as `extensions.profileSections` (src/links/extensions.ts). */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds sections of different data types.
export const profileSections: Registry<ProfileSection<any>> = createRegistry<ProfileSection<any>>();

/** Every section's markup for this profile, in registration order. */
export async function renderProfileSections(
  db: Db,
  v: ViewContext,
  account: { id: string; kind: string; username: string },
): Promise<Child[]> {
  const list = profileSections.list();
  const data = await Promise.all(list.map((s) => s.load(db, account, v.viewerId)));
  return list.flatMap((s, i) => (data[i] === null ? [] : [s.render(v, data[i])]));
}
