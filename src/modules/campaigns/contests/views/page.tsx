// The public page of a contest (/contests/:id): rules with what French law asks of a jeu-concours
// (free entry, the exclusions), how to enter, the countdown and the commitment; after the draw, the
// seed, the entries' hash, the winners and how to check the draw oneself.
import type { Child } from 'hono/jsx';
import { Avatar, CsrfField, Flash, fullDateText, RelativeTime } from '../../../../web/components';
import type { Locale, T } from '../../../../web/i18n';
import { ALGORITHM } from '../algorithm';
import type { ContestDraw, PublicContest } from '../present';
import { exclusionReasons } from '../schema';
import { SHELL_CHECK, VERIFY_SCRIPT } from '../verify-script';

/** What the viewer may do about a form contest (or an action contest: how to act). */
export type EntryState = 'anonymous' | 'can_enter' | 'entered' | 'excluded';

type Props = {
  t: T;
  locale: Locale;
  csrf: string;
  view: PublicContest;
  draw: ContestDraw | null;
  entry: EntryState;
  notice?: string;
  error?: string;
};

const Fact = ({ term, children }: { term: string; children?: Child }) => (
  <div class="contest-fact">
    <dt>{term}</dt>
    <dd>{children}</dd>
  </div>
);

function HowToEnter({ t, csrf, view, entry }: Props) {
  const { contest, brand } = view;
  const name = brand.displayName || brand.username;
  if (view.state !== 'open') return <p class="contest-closed">{t('contest.enter.closed')}</p>;
  if (contest.entryKind === 'checkin')
    return (
      <p>
        {t('contest.enter.checkin')}{' '}
        {contest.placeId ? <a href={`/places/${contest.placeId}`}>{t('contest.enter.see_place')}</a> : null}
      </p>
    );
  if (contest.entryKind !== 'form')
    return (
      <p>
        {t(`contest.enter.${contest.entryKind}`, { name })}{' '}
        {contest.statusId ? (
          <a class="button secondary" href={`/@${brand.username}/${contest.statusId}`}>
            {t('contest.enter.see_post')}
          </a>
        ) : null}
      </p>
    );
  return (
    <div class="contest-form">
      <p>{t('contest.enter.form')}</p>
      {entry === 'anonymous' ? (
        <a class="button primary" href={`/login?next=/contests/${contest.id}`}>
          {t('contest.enter.sign_in')}
        </a>
      ) : entry === 'entered' ? (
        <Flash kind="success">{t('contest.enter.done')}</Flash>
      ) : entry === 'excluded' ? (
        <Flash kind="info">{t('contest.enter.excluded')}</Flash>
      ) : (
        <form method="post" action={`/contests/${contest.id}/enter`}>
          <CsrfField token={csrf} />
          <button type="submit" class="button primary">
            {t('contest.enter.button')}
          </button>
        </form>
      )}
    </div>
  );
}

function DrawSection({ t, view, draw }: Props) {
  const { contest } = view;
  if (!draw) return <p class="field-hint">{t('contest.not_drawn_yet')}</p>;
  return (
    <>
      <dl class="contest-facts">
        <Fact term={t('contest.seed')}>
          <code class="contest-hash" id="contest-seed">
            {draw.seed}
          </code>
        </Fact>
        <Fact term={t('contest.entries_hash')}>
          <code class="contest-hash" id="contest-entries-hash">
            {draw.entriesHash}
          </code>
        </Fact>
      </dl>
      <p>
        {t('contest.entries_count', { count: draw.entries.length })} ·{' '}
        {t('contest.excluded_count', { count: draw.excluded })}
      </p>
      <h3>{t('contest.winners')}</h3>
      {draw.winnerAccounts.length === 0 ? (
        <p class="empty-state">{t('contest.no_winner')}</p>
      ) : (
        <ol class="contest-winners">
          {draw.winnerAccounts.map((a) => (
            <li class="media-row">
              <Avatar account={a} size="xs" />
              <a href={`/@${a.username}`}>{a.displayName || a.username}</a> <span class="handle">@{a.username}</span>
            </li>
          ))}
        </ol>
      )}
      <section class="contest-verify" aria-labelledby="contest-verify-title">
        <h3 id="contest-verify-title">{t('contest.verify')}</h3>
        <p>{t('contest.verify_lead')}</p>
        <p>
          <a href={`/api/v1/contests/${contest.id}/draw`} type="application/json">
            {t('contest.json')}
          </a>
        </p>
        <h4>{t('contest.verify_algorithm')}</h4>
        <p class="contest-algorithm">{ALGORITHM}</p>
        <h4>{t('contest.verify_script')}</h4>
        <pre class="contest-script">
          <code>{VERIFY_SCRIPT}</code>
        </pre>
        <h4>{t('contest.verify_shell')}</h4>
        <pre class="contest-script">
          <code>{SHELL_CHECK}</code>
        </pre>
      </section>
    </>
  );
}

export function ContestPage(p: Props) {
  const { t, locale, view } = p;
  const { contest, brand } = view;
  return (
    <div class="stack narrow contest-page" data-contest-state={view.state}>
      <header class="page-header">
        <p class="media-row">
          <Avatar account={brand} size="sm" />
          <a href={`/@${brand.username}`}>{t('contest.by', { name: brand.displayName || brand.username })}</a>
        </p>
        <h1>{contest.title}</h1>
        <p>
          <span class={`badge contest-state contest-state-${view.state}`}>{t(`contest.state.${view.state}`)}</span>{' '}
          {t('contest.winners_count', { count: contest.winnersCount })} ·{' '}
          {t('contest.entries_count', { count: view.entries })}
        </p>
        <p class="contest-countdown">
          {view.state === 'open' ? (
            <>
              {t('contest.ends')} <RelativeTime date={contest.endsAt} locale={locale} /> (
              {fullDateText(locale, contest.endsAt)})
            </>
          ) : (
            `${t('contest.ended_at')} ${fullDateText(locale, contest.endsAt)}`
          )}
        </p>
      </header>
      {p.notice ? <Flash kind="success">{p.notice}</Flash> : null}
      {p.error ? <Flash kind="error">{p.error}</Flash> : null}
      <section class="card">
        <h2 class="card-title">{t('contest.how_to_enter')}</h2>
        <HowToEnter {...p} />
      </section>
      <section class="card">
        <h2 class="card-title">{t('contest.rules')}</h2>
        <p class="contest-free">
          <strong>{t('contest.free')}</strong>
        </p>
        <div class="contest-rules">{contest.rules}</div>
        {contest.prizes ? (
          <>
            <h3>{t('contest.prizes')}</h3>
            <div class="contest-rules">{contest.prizes}</div>
          </>
        ) : null}
        <h3>{t('contest.exclusions')}</h3>
        <ul class="contest-exclusions">
          {exclusionReasons.map((r) => (
            <li>{t(`contest.exclusion.${r}`)}</li>
          ))}
        </ul>
      </section>
      <section class="card">
        <h2 class="card-title">{t('contest.draw')}</h2>
        <dl class="contest-facts">
          <Fact term={t('contest.commitment')}>
            <code class="contest-hash" id="contest-commitment">
              {contest.commitment}
            </code>
          </Fact>
        </dl>
        <p class="field-hint">{t('contest.commitment_hint')}</p>
        <DrawSection {...p} />
      </section>
    </div>
  );
}
