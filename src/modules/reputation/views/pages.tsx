/** The buyer's review pages: the form (new, or edit/resubmit), "my reviews", and the order page's box. */
import type { FC } from 'hono/jsx';
import { CsrfField, todayInPageZone } from '../../../web/components';
import type { HydratedReview } from '../listing';
import { MAX_BODY, MAX_PHOTOS, MAX_TITLE } from '../validation';
import { dateText, Stars, type ReviewView } from './stars';

export type FormValues = { rating?: string; title?: string; body?: string; experienced_on?: string };

export type FormTarget = {
  productId: string;
  productTitle: string;
  productPath: string;
  /** A delivered order of this product by the viewer, not reviewed yet: the review will be verified. */
  orderId: string | null;
  /** Editing this review (resubmitting after an editable rejection). */
  reviewId?: string;
};

const today = () => todayInPageZone();

export const ReviewFormPage: FC<{ v: ReviewView; target: FormTarget; values: FormValues; error?: string | null }> = ({
  v,
  target,
  values,
  error,
}) => {
  const editing = Boolean(target.reviewId);
  const action = editing ? `/reviews/${target.reviewId}/edit` : '/reviews';
  return (
    <div class="narrow stack review-form-page">
      <header class="page-header">
        <p class="eyebrow">
          <a href={target.productPath}>{target.productTitle}</a>
        </p>
        <h1>
          {editing
            ? v.t('review.form.edit_title', { product: target.productTitle })
            : v.t('review.form.title', { product: target.productTitle })}
        </h1>
        <p class="lead">{editing ? v.t('review.form.edit_lead') : v.t('review.form.lead')}</p>
        {editing ? null : (
          <p class={target.orderId ? 'review-verified-note' : 'muted'}>
            {target.orderId ? v.t('review.form.verified') : v.t('review.form.unverified')}
          </p>
        )}
      </header>
      {error ? (
        <div class="flash flash-error" role="alert">
          <p>{error}</p>
        </div>
      ) : null}
      <form
        method="post"
        action={action}
        class="form card review-form"
        enctype={editing ? undefined : 'multipart/form-data'}
      >
        <CsrfField token={v.csrf} />
        {editing ? null : <input type="hidden" name="product_id" value={target.productId} />}
        {!editing && target.orderId ? <input type="hidden" name="order_id" value={target.orderId} /> : null}
        {/* Real radio buttons (keyboard arrows, forms without JS), drawn as five stars by app.css. */}
        <fieldset class="review-rating-input review-star-rating">
          <legend>{v.t('review.form.rating')}</legend>
          {[1, 2, 3, 4, 5].map((n) => (
            <label class="review-rating-choice">
              <input
                type="radio"
                class="review-star-radio"
                name="rating"
                value={String(n)}
                required
                checked={values.rating === String(n)}
              />
              <span aria-hidden="true" class="review-star">
                ★
              </span>
              <span class="review-rating-label visually-hidden">{v.t('review.form.star', { count: n })}</span>
            </label>
          ))}
        </fieldset>
        <div class="field">
          <label for="review-title">{v.t('review.form.title_field')}</label>
          <input id="review-title" name="title" type="text" maxlength={MAX_TITLE} value={values.title ?? ''} />
        </div>
        <div class="field">
          <label for="review-body">{v.t('review.form.body')}</label>
          <textarea
            id="review-body"
            name="body"
            rows={6}
            maxlength={MAX_BODY}
            required
            aria-describedby="review-body-hint"
          >
            {values.body ?? ''}
          </textarea>
          <p class="hint muted small" id="review-body-hint">
            {v.t('review.form.body_hint')}
          </p>
        </div>
        <div class="field">
          <label for="review-date">{v.t('review.form.experienced_on')}</label>
          <input id="review-date" name="experienced_on" type="date" max={today()} value={values.experienced_on ?? ''} />
        </div>
        {editing ? null : (
          <div class="field">
            <label for="review-photos">{v.t('review.form.photos')}</label>
            <input
              id="review-photos"
              name="photos"
              type="file"
              accept="image/jpeg,image/png,image/webp,image/gif,image/avif"
              multiple
              data-max-files={String(MAX_PHOTOS)}
            />
          </div>
        )}
        {editing ? null : (
          <div class="field">
            <label for="review-photo-alt">{v.t('review.form.photo_alt')}</label>
            <input
              id="review-photo-alt"
              name="photo_alt"
              type="text"
              maxlength={500}
              aria-describedby="review-photo-alt-hint"
            />
            <p class="hint muted small" id="review-photo-alt-hint">
              {v.t('review.form.photo_alt_hint')}
            </p>
          </div>
        )}
        <div class="form-actions">
          <button type="submit" class="button primary">
            {editing ? v.t('review.form.resubmit') : v.t('review.form.submit')}
          </button>
        </div>
      </form>
    </div>
  );
};

const NOTICES = {
  sent: 'review.mine.sent',
  updated: 'review.mine.updated',
  withdrawn: 'review.mine.withdrawn_notice',
} as const;

export const MyReviewsPage: FC<{
  v: ReviewView;
  reviews: HydratedReview[];
  notice: keyof typeof NOTICES | null;
  older: string | null;
}> = ({ v, reviews, notice, older }) => (
  <div class="narrow stack review-mine">
    <header class="page-header">
      <h1>{v.t('review.mine.title')}</h1>
    </header>
    {notice ? (
      <div class="flash flash-success" role="status">
        <p>{v.t(NOTICES[notice])}</p>
      </div>
    ) : null}
    {reviews.length === 0 ? <p class="empty-state card">{v.t('review.mine.empty')}</p> : null}
    <ul class="review-mine-list">
      {reviews.map((r) => {
        const productPath = r.product ? `/@${r.product.brand_username}/products/${r.product_id}` : '#';
        const canEdit =
          r.status === 'pending' ||
          r.status === 'published' ||
          r.status === 'question' ||
          (r.status === 'rejected' && r.rejection_editable === true);
        return (
          <li class="card review-mine-item" id={`review-${r.id}`}>
            <p class="review-mine-product">
              {v.t('review.mine.on', { product: '' })}
              <a href={productPath}>{r.product?.title ?? ''}</a>
            </p>
            <p>
              <Stars v={v} rating={r.rating} /> <strong>{r.title ?? ''}</strong>{' '}
              <span class={`badge review-status is-${r.status}`}>{v.t(`review.status.${r.status}`)}</span>
              {r.verified ? <span class="badge review-verified">{v.t('review.verified')}</span> : null}
            </p>
            <p class="review-body">{r.body}</p>
            <p class="muted small">
              <time datetime={r.created_at.toISOString()}>{dateText(v.locale, r.created_at)}</time>
            </p>
            {r.status === 'rejected' ? (
              <div class="flash flash-warning review-rejection">
                <p>
                  {v.t('review.mine.rejected_because', {
                    reason: v.t(`review.reason.${r.rejection_reason ?? 'other'}` as 'review.reason.other'),
                  })}
                </p>
                {r.rejection_editable ? (
                  <p>{v.t('review.mine.fixable')}</p>
                ) : (
                  <p>
                    <a href="/moderation/mine">{v.t('review.mine.appeal')}</a>
                  </p>
                )}
              </div>
            ) : null}
            {r.status !== 'withdrawn' ? (
              <div class="review-mine-actions">
                {canEdit ? (
                  <a class="button secondary small" href={`/reviews/${r.id}/edit`}>
                    {r.status === 'rejected' ? v.t('review.form.resubmit') : v.t('review.mine.edit')}
                  </a>
                ) : null}
                <form method="post" action={`/reviews/${r.id}/withdraw`} class="inline">
                  <CsrfField token={v.csrf} />
                  <button type="submit" class="button ghost small" data-confirm={v.t('review.mine.withdraw_confirm')}>
                    {v.t('review.mine.withdraw')}
                  </button>
                </form>
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
    {older ? (
      <nav class="pagination">
        <a class="button secondary" rel="next" href={older}>
          {v.t('review.more')}
        </a>
      </nav>
    ) : null}
  </div>
);

export type OrderReviewLine = { lineId: string; title: string; reviewed: boolean };

export const OrderReviewBox: FC<{ v: ReviewView; lines: OrderReviewLine[] }> = ({ v, lines }) => (
  <section class="card review-order-box" aria-labelledby="review-order-title">
    <h2 id="review-order-title">{v.t('review.order.title')}</h2>
    <p class="muted">{v.t('review.order.lead')}</p>
    <ul class="list">
      {lines.map((l) => (
        <li class="list-item">
          <span class="list-main">{l.title}</span>
          {l.reviewed ? (
            <span class="badge">{v.t('review.order.done')}</span>
          ) : (
            <a class="button secondary small" href={`/reviews/new?line=${l.lineId}`}>
              {v.t('review.order.write')}
            </a>
          )}
        </li>
      ))}
    </ul>
  </section>
);
