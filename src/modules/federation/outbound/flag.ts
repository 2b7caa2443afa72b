import { Flag } from '@fedify/vocab';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../context';
import { arrayLiteral, queryRows } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import type { ForwardedReport } from '../../moderation';
import { federationContext } from '../federation';
import { INSTANCE_ACTOR } from '../instance-actor';
import { remoteRecipients } from './recipients';

/**
 * The `federation.flag` job: the report sent to the reported account's server as a `Flag` from
 * our server's own actor (the reporter is never named), about the account and its posts.
 */
export async function sendFlag(app: AppContext, report: ForwardedReport): Promise<void> {
  const [recipient] = await remoteRecipients(app.db, [report.accountId]);
  if (!recipient?.id) return;
  const posts = report.statusIds.length
    ? await queryRows<{ uri: string }>(
        app.db,
        sql`select uri from statuses where id = any(${arrayLiteral(report.statusIds)}::uuid[]) and uri is not null`,
      )
    : [];
  const ctx = federationContext(app);
  const actor = ctx.getActorUri(INSTANCE_ACTOR);
  const flag = new Flag({
    id: new URL(`${actor.href}#flags/${uuidv7()}`),
    actor,
    objects: [recipient.id, ...posts.map((p) => new URL(p.uri))],
    content: report.comment,
  });
  await ctx.sendActivity({ identifier: INSTANCE_ACTOR }, recipient, flag);
}
