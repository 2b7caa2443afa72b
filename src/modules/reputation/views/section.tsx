/**
 * The reviews section of a product page: the average, count and star distribution, the notice
 * French law requires next to them (L.111-7-2, D.111-16 to D.111-19: whether and how reviews are
 * checked, the moderation delay, how the average is computed, no compensation), the sort, the
 * published reviews (publication and experience dates, "Achat vérifié", photos, the brand's
 * reply, the helpful button) and keyset paging. Works without JavaScript; htmx swaps the vote.
 */
import type { Child, FC } from 'hono/jsx';
import { CsrfField, mediaSrc } from '../../../web/components';
import type { RatingSummary } from '../aggregate';
import type { HydratedReview, ReviewSort } from '../listing';
import { reviewSorts } from '../listing';
import { dateText, decimal, Stars, type ReviewView } from './stars';

export type SectionData = {
  productId: string;
  summary: RatingSummary;
  policy: { mode: string; maxDelayHours: number; allowUnverifiedReviews: boolean };
  reviews: HydratedReview[];
  sort: ReviewSort;
  next: string | null;
  viewerId: string | null;
  /** The viewer may reply as the brand. */
  replies: boolean;
  /** The brand team's reviews page, for its members. */
  teamPage?: string | null;
};

export const HelpfulButton: FC<{
  v: ReviewView;
  review: Pick<HydratedReview, 'id' | 'helpful_count' | 'votedHelpful' | 'author_id'>;
  viewerId: string | null;
}> = ({ v, review, viewerId }) => {
  if (!viewerId) {
    return (
      <p class="review-helpful muted small">
        <a href={`/login?next=${encodeURIComponent(`/reviews/${review.id}`)}`}>{v.t('review.helpful.sign_in')}</a> ·{' '}
        {v.t('review.helpful.button', { count: review.helpful_count })}
      </p>
    );
  }
  if (viewerId === review.author_id)
    return <p class="review-helpful muted small">{v.t('review.helpful.button', { count: review.helpful_count })}</p>;
  const action = `/reviews/${review.id}/helpful`;
  return (
    <form method="post" action={action} class="review-helpful" hx-post={action} hx-target="this" hx-swap="outerHTML">
      <CsrfField token={v.csrf} />
      <input type="hidden" name="helpful" value={review.votedHelpful ? '0' : '1'} />
      <button
        type="submit"
        class={`button small ${review.votedHelpful ? 'secondary' : 'ghost'}`}
        aria-pressed={review.votedHelpful ? 'true' : 'false'}
      >
        {review.votedHelpful
          ? v.t('review.helpful.voted', { count: review.helpful_count })
          : v.t('review.helpful.button', { count: review.helpful_count })}
      </button>
    </form>
  );
};

export const ReviewItem: FC<{
  v: ReviewView;
  review: HydratedReview;
  viewerId: string | null;
  replies: boolean;
  /** The brand's team's links about the reviewer (its reviews page). */
  teamLinks?: Child;
}> = ({ v, review, viewerId, replies, teamLinks }) => {
  const name = review.author ? review.author.display_name || review.author.username : '?';
  return (
    <li class="review" id={`review-${review.id}`}>
      <article aria-labelledby={`review-title-${review.id}`}>
        <header class="review-header">
          <Stars v={v} rating={review.rating} />
          <h3 class="review-title" id={`review-title-${review.id}`}>
            {review.title ?? v.t('review.stars.label', { rating: review.rating })}
          </h3>
          {review.verified ? <span class="badge review-verified">{v.t('review.verified')}</span> : null}
        </header>
        <p class="review-meta muted small">
          {v.t('review.by', { name })}
          {review.published_at ? (
            <>
              {' · '}
              <time datetime={review.published_at.toISOString()}>
                {v.t('review.published_on', { date: dateText(v.locale, review.published_at) })}
              </time>
            </>
          ) : null}
          {review.experienced_on ? (
            <>
              {' · '}
              <time datetime={review.experienced_on}>
                {v.t('review.experienced_on', { date: dateText(v.locale, review.experienced_on) })}
              </time>
            </>
          ) : null}
        </p>
        {teamLinks}
        <p class="review-body" lang={review.language ?? undefined}>
          {review.body}
        </p>
        {review.photos.length ? (
          <ul class="review-photos" aria-label={v.t('review.photos')}>
            {review.photos.map((p) => (
              <li>
                <a href={mediaSrc(p.path)}>
                  <img
                    src={mediaSrc(p.preview_path)}
                    alt={p.alt}
                    width="96"
                    height="96"
                    loading="lazy"
                    decoding="async"
                  />
                </a>
              </li>
            ))}
          </ul>
        ) : null}
        {review.reply ? (
          <div class="review-reply">
            <p class="review-reply-title">
              <strong>
                {v.t('review.reply.title', {
                  brand: review.reply.brand?.display_name || review.reply.brand?.username || '',
                })}
              </strong>
            </p>
            <p>{review.reply.body}</p>
          </div>
        ) : replies ? (
          <details class="review-reply-form">
            <summary>{v.t('review.reply.form_title')}</summary>
            <form method="post" action={`/reviews/${review.id}/reply`} class="form">
              <CsrfField token={v.csrf} />
              <div class="field">
                <label for={`reply-${review.id}`}>{v.t('review.reply.field')}</label>
                <textarea id={`reply-${review.id}`} name="body" rows={3} maxlength={3000} required></textarea>
              </div>
              <button type="submit" class="button primary small">
                {v.t('review.reply.submit')}
              </button>
            </form>
          </details>
        ) : null}
        <div class="review-actions">
          <HelpfulButton v={v} review={review} viewerId={viewerId} />
          {viewerId !== review.author_id ? (
            <a class="review-report muted small" href={`/moderation/report?type=review&id=${review.id}`} rel="nofollow">
              {v.t('review.report')}
            </a>
          ) : null}
        </div>
      </article>
    </li>
  );
};

const Distribution: FC<{ v: ReviewView; summary: RatingSummary }> = ({ v, summary }) => (
  <table class="review-distribution">
    <caption class="visually-hidden">{v.t('review.summary.distribution')}</caption>
    <tbody>
      {([5, 4, 3, 2, 1] as const).map((stars) => {
        const n = summary.distribution[stars];
        const share = summary.count ? Math.round((n / summary.count) * 100) : 0;
        return (
          <tr>
            <th scope="row">{v.t('review.summary.stars_row', { stars })}</th>
            <td>
              <span class="review-bar" aria-hidden="true">
                <span class="review-bar-fill" style={`width: ${share}%`}></span>
              </span>
            </td>
            <td class="review-bar-count">{n}</td>
          </tr>
        );
      })}
    </tbody>
  </table>
);

/** The legally required transparency notice, filled from the brand's policy. */
export const TransparencyNotice: FC<{ v: ReviewView; policy: SectionData['policy'] }> = ({ v, policy }) => (
  <details class="review-notice">
    <summary>{v.t('review.notice.title')}</summary>
    <ul>
      <li>{policy.mode === 'post' ? v.t('review.notice.post') : v.t('review.notice.pre')}</li>
      <li>{v.t('review.notice.delay', { hours: policy.maxDelayHours })}</li>
      <li>{v.t('review.notice.average')}</li>
      <li>
        {v.t('review.notice.verified')}{' '}
        {policy.allowUnverifiedReviews
          ? v.t('review.notice.unverified_allowed')
          : v.t('review.notice.unverified_refused')}
      </li>
      <li>{v.t('review.notice.rejection')}</li>
      <li>{v.t('review.notice.no_reward')}</li>
    </ul>
  </details>
);

export const ReviewsSection: FC<{ v: ReviewView; data: SectionData }> = ({ v, data }) => {
  const { summary } = data;
  return (
    <section id="reviews" class="card product-reviews review-section" aria-labelledby="reviews-title">
      <h2 id="reviews-title">{v.t('review.section.title')}</h2>
      <div class="review-summary">
        {summary.count > 0 && summary.average !== null ? (
          <div class="review-average">
            <p class="review-average-value">
              {v.t('review.summary.average', { average: decimal(v.locale, summary.average) })}
            </p>
            <Stars v={v} rating={summary.average} />
            <p class="muted">{v.t('review.summary.count', { count: summary.count })}</p>
          </div>
        ) : (
          <p class="muted">{v.t('review.summary.none')}</p>
        )}
        {summary.count > 0 ? <Distribution v={v} summary={summary} /> : null}
        <p>
          <a class="button secondary small" href={`/reviews/new?product=${data.productId}`}>
            {v.t('review.write')}
          </a>
          {data.teamPage ? (
            <>
              {' '}
              <a class="button ghost small" href={data.teamPage}>
                {v.t('review.brand.link')}
              </a>
            </>
          ) : null}
        </p>
      </div>
      <TransparencyNotice v={v} policy={data.policy} />
      {summary.count > 0 ? (
        <nav class="review-sort" aria-label={v.t('review.sort.label')}>
          {reviewSorts.map((s) => (
            <a class="chip" href={`?sort=${s}#reviews`} aria-current={s === data.sort ? 'page' : undefined}>
              {v.t(`review.sort.${s}`)}
            </a>
          ))}
        </nav>
      ) : null}
      {data.reviews.length ? (
        <ol class="review-list">
          {data.reviews.map((r) => (
            <ReviewItem v={v} review={r} viewerId={data.viewerId} replies={data.replies} />
          ))}
        </ol>
      ) : null}
      {data.next ? (
        <nav class="pagination" aria-label={v.t('review.more')}>
          <a class="button secondary" rel="next" href={data.next}>
            {v.t('review.more')}
            <span aria-hidden="true"> →</span>
          </a>
        </nav>
      ) : null}
    </section>
  );
};
