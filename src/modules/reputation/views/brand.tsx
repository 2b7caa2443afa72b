/** The brand team's review page: customer questions (with their order) and published reviews still waiting for the brand's reply. */
import type { FC } from 'hono/jsx';
import type { HydratedReview } from '../listing';
import type { ReviewerLink } from '../team-links';
import { ReviewItem } from './section';
import { dateText, Stars, type ReviewView } from './stars';

export const BrandReviewsPage: FC<{
  v: ReviewView;
  brand: { username: string; name: string };
  questions: HydratedReview[] | null;
  /** Review id -> the conversation where the team answers it (the inbox). */
  conversations?: Map<string, string>;
  unanswered: HydratedReview[];
  viewerId: string;
  replies: boolean;
  /** Links about a reviewer for this team member (the customer's file), from team-links.ts. */
  linksFor?: (authorId: string) => ReviewerLink[];
}> = ({ v, brand, questions, conversations, unanswered, viewerId, replies, linksFor }) => (
  <div class="narrow-wide stack review-brand-page">
    <header class="page-header">
      <p class="eyebrow">
        <a href={`/@${brand.username}`}>{brand.name}</a>
      </p>
      <h1>{v.t('review.brand.title', { name: brand.name })}</h1>
      <p class="lead">{v.t('review.brand.lead')}</p>
    </header>
    {questions ? (
      <section class="card" aria-labelledby="questions-title">
        <h2 id="questions-title">{v.t('review.brand.questions')}</h2>
        {questions.length === 0 ? <p class="muted">{v.t('review.brand.no_questions')}</p> : null}
        <ul class="review-mine-list">
          {questions.map((q) => (
            <li class="review-question" id={`review-${q.id}`}>
              <p>
                <Stars v={v} rating={q.rating} /> <strong>{q.title ?? ''}</strong>
              </p>
              <p class="muted small">
                {v.t('review.by', { name: q.author?.display_name || q.author?.username || '?' })} ·{' '}
                {q.product?.title ?? ''} ·{' '}
                <time datetime={q.created_at.toISOString()}>{dateText(v.locale, q.created_at)}</time>
              </p>
              <TeamLinks v={v} links={q.author && linksFor ? linksFor(q.author.id) : []} />
              <p class="review-body">{q.body}</p>
              {conversations?.get(q.id) ? (
                <p>
                  <a class="button small" href={conversations.get(q.id)}>
                    {v.t('review.brand.conversation_link')}
                  </a>
                </p>
              ) : null}
              {q.order_id ? (
                <p>
                  <a class="button secondary small" href={`/brands/${brand.username}/orders/${q.order_id}`}>
                    {v.t('review.brand.order_link')}
                  </a>
                </p>
              ) : (
                <p class="muted small">{v.t('review.brand.no_order')}</p>
              )}
            </li>
          ))}
        </ul>
      </section>
    ) : null}
    <section class="card" aria-labelledby="unanswered-title">
      <h2 id="unanswered-title">{v.t('review.brand.unanswered')}</h2>
      {unanswered.length === 0 ? <p class="muted">{v.t('review.brand.no_unanswered')}</p> : null}
      <ol class="review-list">
        {unanswered.map((r) => (
          <ReviewItem
            v={v}
            review={r}
            viewerId={viewerId}
            replies={replies}
            teamLinks={<TeamLinks v={v} links={r.author && linksFor ? linksFor(r.author.id) : []} />}
          />
        ))}
      </ol>
    </section>
  </div>
);

const TeamLinks: FC<{ v: ReviewView; links: ReviewerLink[] }> = ({ v, links }) =>
  links.length ? (
    <p class="review-team-links small">
      {links.map((l) => (
        <a class="button secondary small" href={l.href}>
          {v.t(l.label)}
        </a>
      ))}
    </p>
  ) : null;
