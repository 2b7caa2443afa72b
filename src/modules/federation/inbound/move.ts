/**
 * Move: a remote account moved to another. Believed only when the new actor, fetched from its
 * own server, names the old one among its aliases; then our followers of the old account
 * follow the new one (the follow is delivered by the outbound side) and leave the old one.
 */
import type { Move } from '@fedify/vocab';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../db/client';
import { follow, unfollow } from '../../social';
import type { Inbound } from './context';
import { remoteActor, senderOf } from './guard';

export async function onMove(inb: Inbound, move: Move): Promise<void> {
  const old = await senderOf(inb, move);
  if (!old || move.objectId?.href !== old.uri || !move.targetId) return;
  const targetId = move.targetId;
  const target = await inb.lookup(targetId);
  if (!target || target.id?.href !== targetId.href) return;
  const aliases = 'aliasIds' in target ? (target.aliasIds as URL[]).map((u) => u.href) : [];
  if (!aliases.includes(old.uri)) {
    inb.app.log.info({ from: old.uri, to: targetId.href }, 'Move refused: the target does not name the old account');
    return;
  }
  const moved = await remoteActor(inb, targetId, true);
  if (!moved || moved.id === old.id) return;
  await queryRows(inb.app.db, sql`update accounts set moved_to_id = ${moved.id} where id = ${old.id}`);
  const followers = await queryRows<{ id: string }>(
    inb.app.db,
    sql`select f.follower_id as id from follows f join accounts a on a.id = f.follower_id
        where f.followee_id = ${old.id} and a.domain is null and a.suspended_at is null`,
  );
  for (const f of followers) {
    await follow(inb.app, f.id, moved.id).catch(() => {});
    await unfollow(inb.app, f.id, old.id);
  }
}
