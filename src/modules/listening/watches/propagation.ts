/**
 * Propagation of a post: the cascade of reposts, quotes and replies (and theirs, recursively) as
 * a tree with timestamps, and the cumulative reach over time (the followers of each account that
 * shared it, counted once per account). One recursive query walks the cascade (capped in depth
 * and size); the viewer sees only what they may see (social's rules: blocks both ways,
 * suspension, visibility; not mutes, which would falsify the counts), and a hidden node hides
 * its subtree.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client';
import { isUuid } from '../../../db/ids';
import { notFound } from '../../../lib/errors';
import { hiddenByGatesAmong, statusVisibleTo } from '../../social';

export const MAX_DEPTH = 12;
export const MAX_NODES = 2000;

export type CascadeKind = 'root' | 'repost' | 'quote' | 'reply';
export type CascadeNode = {
  id: string;
  kind: CascadeKind;
  parentId: string | null;
  accountId: string;
  username: string;
  displayName: string;
  followers: number;
  createdAt: Date;
  text: string;
  children: CascadeNode[];
};
export type ReachPoint = { at: Date; accountId: string; kind: CascadeKind; followers: number; cumulative: number };
export type Propagation = {
  root: CascadeNode;
  counts: { reposts: number; quotes: number; replies: number; accounts: number };
  reach: ReachPoint[];
  totalReach: number;
  truncated: boolean;
};

type Row = {
  id: string;
  parent_id: string | null;
  kind: CascadeKind;
  account_id: string;
  username: string;
  display_name: string;
  followers_count: number;
  created_at: Date | string;
  text: string;
  visible: boolean;
};

export async function propagationOf(db: Db, viewerId: string | null, statusId: string): Promise<Propagation> {
  if (!isUuid(statusId)) throw notFound('Status');
  const id = statusId.toLowerCase();
  const rows = await queryRows<Row>(
    db,
    sql`with recursive tree(id, parent_id, kind, depth) as (
          select s.id, null::uuid, 'root'::text, 0 from statuses s where s.id = ${id} and s.reblog_of_id is null
          union all
          select c.id, t.id,
                 case when c.reblog_of_id = t.id then 'repost' when c.quote_of_id = t.id then 'quote' else 'reply' end,
                 t.depth + 1
          from tree t join statuses c on (c.reblog_of_id = t.id or c.quote_of_id = t.id or c.in_reply_to_id = t.id)
          where t.depth < ${MAX_DEPTH} and t.kind <> 'repost'
        )
        select t.id, t.parent_id, t.kind, s.account_id, a.username, a.display_name, a.followers_count, s.created_at,
               coalesce(o.text, s.text) as text,
               ${statusVisibleTo(viewerId, 's', { mutes: false })} as visible
        from tree t join statuses s on s.id = t.id join accounts a on a.id = s.account_id
        left join statuses o on o.id = s.reblog_of_id
        order by s.created_at, t.id
        limit ${MAX_NODES + 1}`,
  );
  // Gates of other modules (moderation) keep some posts out of sight for everyone, as canSee does.
  const hidden = await hiddenByGatesAmong(
    db,
    rows.map((r) => r.id),
  );
  for (const r of rows) if (hidden.has(r.id)) r.visible = false;
  const rootRow = rows.find((r) => r.kind === 'root');
  if (!rootRow?.visible) throw notFound('Status');
  const truncated = rows.length > MAX_NODES;
  const nodes = new Map<string, CascadeNode>();
  const toNode = (r: Row): CascadeNode => ({
    id: r.id,
    kind: r.kind,
    parentId: r.parent_id,
    accountId: r.account_id,
    username: r.username,
    displayName: r.display_name,
    followers: Number(r.followers_count),
    createdAt: new Date(r.created_at),
    text: r.kind === 'repost' ? '' : r.text,
    children: [],
  });
  // Rows come in time order, so a parent is placed before its children; a child whose parent
  // is hidden (or not placed) stays out with it.
  for (const r of rows.slice(0, MAX_NODES)) {
    if (!r.visible) continue;
    if (r.kind === 'root') {
      nodes.set(r.id, toNode(r));
      continue;
    }
    const parent = r.parent_id ? nodes.get(r.parent_id) : undefined;
    if (!parent) continue;
    const node = toNode(r);
    parent.children.push(node);
    nodes.set(r.id, node);
  }
  const root = nodes.get(rootRow.id)!;
  const ordered = [...nodes.values()].sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id),
  );
  const counted = new Set<string>();
  const reach: ReachPoint[] = [];
  let cumulative = 0;
  for (const n of ordered) {
    if (counted.has(n.accountId)) continue;
    counted.add(n.accountId);
    cumulative += n.followers;
    reach.push({ at: n.createdAt, accountId: n.accountId, kind: n.kind, followers: n.followers, cumulative });
  }
  const count = (kind: CascadeKind) => ordered.filter((n) => n.kind === kind).length;
  return {
    root,
    counts: { reposts: count('repost'), quotes: count('quote'), replies: count('reply'), accounts: counted.size },
    reach,
    totalReach: cumulative,
    truncated,
  };
}

export function presentCascade(publicUrl: string, node: CascadeNode): Record<string, unknown> {
  return {
    id: node.id,
    kind: node.kind,
    created_at: node.createdAt.toISOString(),
    url: node.kind === 'repost' ? `${publicUrl}/@${node.username}` : `${publicUrl}/@${node.username}/${node.id}`,
    account: {
      id: node.accountId,
      username: node.username,
      display_name: node.displayName,
      followers_count: node.followers,
    },
    text: node.text,
    children: node.children.map((c) => presentCascade(publicUrl, c)),
  };
}

export function presentPropagation(publicUrl: string, p: Propagation) {
  return {
    root: presentCascade(publicUrl, p.root),
    counts: p.counts,
    total_reach: p.totalReach,
    truncated: p.truncated,
    reach: p.reach.map((r) => ({
      at: r.at.toISOString(),
      account_id: r.accountId,
      kind: r.kind,
      followers: r.followers,
      cumulative: r.cumulative,
    })),
  };
}
