import { Note, Question } from '@fedify/vocab';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { isUuid } from '../../db/ids';
import { canSee } from '../social';
import { paths, type Fed, type FedContext } from './context';
import { noteOf } from './outbound/notes';

/**
 * Our posts as `Note` (and polls as `Question`) at their ActivityPub ids. Only what anyone may
 * open on the post's page is served (public and unlisted posts no gate holds); a post asked at
 * the other kind's path is not found, so each has one id.
 */
export function registerObjects(federation: Fed): void {
  federation.setObjectDispatcher(Note, paths.note, async (ctx, { identifier, id }) => {
    const object = await servable(ctx, identifier, id, false);
    return object instanceof Note ? object : null;
  });
  federation.setObjectDispatcher(Question, paths.question, async (ctx, { identifier, id }) => {
    const object = await servable(ctx, identifier, id, true);
    return object instanceof Question ? object : null;
  });
}

async function servable(ctx: FedContext, identifier: string, id: string, poll: boolean) {
  if (!isUuid(id)) return null;
  const [row] = await queryRows<{ ok: boolean }>(
    ctx.data.db,
    sql`select true as ok from statuses s join accounts a on a.id = s.account_id
        where s.id = ${id} and lower(a.username) = lower(${identifier}) and a.domain is null
          and a.suspended_at is null and s.reblog_of_id is null and s.visibility in ('public', 'unlisted')
          and ${poll ? sql`exists` : sql`not exists`} (select 1 from polls p where p.status_id = s.id)`,
  );
  // What an anonymous visitor may open (public, unlisted, not held by moderation).
  return row && (await canSee(ctx.data.db, null, { id })) ? noteOf(ctx, id) : null;
}
