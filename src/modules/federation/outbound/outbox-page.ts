import type { Activity } from '@fedify/vocab';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../db/client';
import { isUuid } from '../../../db/ids';
import type { Account } from '../../accounts';
import { hiddenByGatesAmong } from '../../social';
import type { FedContext } from '../context';
import { announceFor, createFor, notesOf } from './notes';
import { loadPosts, postUri } from './posts';

const PAGE = 20;

type Row = { id: string; reblog_of_id: string | null; created_at: Date | string };

/**
 * One page of an account's outbox, newest first by id (keyset: the cursor is the last id shown):
 * its public posts as `Create`, its reposts of public posts as `Announce`. What a gate holds is
 * left out, as on its profile page.
 */
export async function outboxPage(ctx: FedContext, account: Account, cursor: string) {
  const before = cursor !== 'first' && isUuid(cursor) ? cursor : null;
  const rows = await queryRows<Row>(
    ctx.data.db,
    sql`select s.id, s.reblog_of_id, s.created_at from statuses s
        where s.account_id = ${account.id} ${before ? sql`and s.id < ${before}` : sql``}
          and (case when s.reblog_of_id is null then s.visibility = 'public'
               else exists (select 1 from statuses o join accounts oa on oa.id = o.account_id
                            where o.id = s.reblog_of_id and o.visibility = 'public' and oa.suspended_at is null) end)
        order by s.id desc limit ${PAGE + 1}`,
  );
  const shown = rows.slice(0, PAGE);
  const hidden = await hiddenByGatesAmong(
    ctx.data.db,
    shown.flatMap((r) => [r.id, r.reblog_of_id ?? r.id]),
  );
  const kept = shown.filter((r) => !hidden.has(r.id) && !(r.reblog_of_id && hidden.has(r.reblog_of_id)));
  const notes = new Map(
    (
      await notesOf(
        ctx,
        kept.filter((r) => !r.reblog_of_id).map((r) => r.id),
      )
    ).map((n) => [n.id?.href, n]),
  );
  const originals = new Map(
    (
      await loadPosts(
        ctx.data.db,
        kept.flatMap((r) => (r.reblog_of_id ? [r.reblog_of_id] : [])),
      )
    ).map((p) => [p.id, p]),
  );
  const items: Activity[] = [];
  for (const r of kept) {
    if (!r.reblog_of_id) {
      const note =
        notes.get(postUri(ctx, { id: r.id, username: account.username, uri: null, poll: false }).href) ??
        notes.get(postUri(ctx, { id: r.id, username: account.username, uri: null, poll: true }).href);
      if (note) items.push(await createFor(note));
      continue;
    }
    const original = originals.get(r.reblog_of_id);
    if (!original) continue;
    const object = postUri(ctx, {
      id: original.id,
      username: original.username,
      uri: original.uri,
      poll: !!original.poll,
    });
    const author = original.domain ? null : ctx.getActorUri(original.username);
    items.push(announceFor(ctx, { username: account.username, id: r.id, createdAt: r.created_at }, object, author));
  }
  const last = shown.at(-1);
  return { items, nextCursor: rows.length > PAGE && last ? last.id : null };
}
