/**
 * One account as a card with its follow / mute / block buttons, for pages outside the profile
 * (the search page shows the remote account a handle names this way, ready to follow).
 */
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { AppContext } from '../../context';
import type { Account } from '../accounts';
import { relationships } from './graph';
import { AccountItem, ProfileActions } from './views/profile';
import { RemoteProfileLink } from './views/remote';
import { actorOf, viewContext, type Ctx } from './web-shared';

export async function accountCard(c: Ctx, ctx: AppContext, account: Account): Promise<JSX.Element> {
  const actor = await actorOf(c, ctx);
  const viewerId = actor?.actorId ?? null;
  const v = viewContext(c, ctx, viewerId);
  const [relationship] = viewerId && viewerId !== account.id ? await relationships(ctx.db, viewerId, [account.id]) : [];
  return (
    <section class="card account-card" aria-label={`@${account.username}`} data-account={account.username}>
      <ul class="list">
        <AccountItem v={v} account={account} />
      </ul>
      <RemoteProfileLink v={v} account={account} />
      <ProfileActions v={v} account={account} relationship={relationship ?? null} />
    </section>
  );
}
