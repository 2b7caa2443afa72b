/**
 * Flag: a remote server reports one of our accounts or posts (or a remote post we hold). The
 * report lands in the moderation queue like a local one, filed by the server's actor.
 */
import type { Flag } from '@fedify/vocab';
import { createReport } from '../../moderation';
import { toPlainText } from '../sanitize';
import type { Inbound } from './context';
import { localAccountOf, senderOf } from './guard';
import { knownStatus } from './posts';

export async function onFlag(inb: Inbound, flag: Flag): Promise<void> {
  const reporter = await senderOf(inb, flag);
  if (!reporter) return;
  const comment = toPlainText(String(flag.content ?? '')).slice(0, 1000);
  const posts: { type: 'post' | 'reply'; id: string }[] = [];
  let account: string | null = null;
  for (const id of flag.objectIds.slice(0, 20)) {
    const status = await knownStatus(inb, id);
    if (status) posts.push({ type: status.inReplyToId ? 'reply' : 'post', id: status.id });
    else account ??= (await localAccountOf(inb, id))?.id ?? null;
  }
  const targets = posts.length ? posts.slice(0, 5) : account ? [{ type: 'account' as const, id: account }] : [];
  for (const t of targets)
    await createReport(inb.app, reporter.id, { targetType: t.type, targetId: t.id, reason: 'other', comment }).catch(
      (error) => inb.app.log.info({ err: error, flag: flag.id?.href }, 'remote report refused'),
    );
}
