/**
 * The customer's file page in the brand's back-office: who they are, their engagement, each
 * section with its count and newest items, the labels editor and the private notes (htmx
 * fragments: LabelsBox and NotesBox are what the forms answer). Markup only; text is escaped by JSX.
 */
import type { Child, FC } from 'hono/jsx';
import { CsrfField } from '../../../web/form-components';
import { fullDateText } from '../../../web/components';
import type { Locale, MessageKey, T } from '../../../web/i18n';
import type { CustomerFile, FileSection } from './file';
import { MAX_NOTE } from './notes';
import { brandOrderUrl, inboxPageUrl, customerFileUrl } from '../urls';

export type FileView = { t: T; locale: Locale; csrf: string };
type Brand = { username: string; name: string };

const money = (locale: Locale, amount: number, currency: string) => {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
};
/** A status or kind in words: the owning module's message when it has one (the dictionaries are shared). */
const word = (v: FileView, key: string) => v.t(key as MessageKey);
const day = (v: FileView, d: Date) => <time datetime={d.toISOString()}>{fullDateText(v.locale, d)}</time>;

const SectionCard: FC<{
  v: FileView;
  id: FileSection;
  title: string;
  count: number;
  more: string | null;
  summary?: Child;
  children?: Child;
}> = ({ v, id, title, count, more, summary, children }) => (
  <section class="card customer-section" id={`customer-${id}`} aria-labelledby={`customer-${id}-title`}>
    <h2 id={`customer-${id}-title`}>
      {title} <span class="muted small">{v.t('customers.count', { count })}</span>
    </h2>
    {summary}
    {count > 0 ? <ul class="customer-items">{children}</ul> : null}
    {more ? (
      <p>
        <a class="button secondary small" href={more}>
          {v.t('customers.more')}
        </a>
      </p>
    ) : null}
  </section>
);

export const LabelsBox: FC<{ v: FileView; action: string; labels: string[]; error?: string }> = ({
  v,
  action,
  labels,
  error,
}) => (
  <section class="card customer-labels" id="customer-labels" aria-labelledby="customer-labels-title">
    <h2 id="customer-labels-title">{v.t('customers.labels')}</h2>
    {labels.length ? (
      <ul class="customer-label-list">
        {labels.map((l) => (
          <li class="badge">{l}</li>
        ))}
      </ul>
    ) : (
      <p class="muted">{v.t('customers.labels_none')}</p>
    )}
    <form method="post" action={action} hx-post={action} hx-target="#customer-labels" hx-swap="outerHTML">
      <CsrfField token={v.csrf} />
      <label for="customer-labels-input">{v.t('customers.labels')}</label>
      <input id="customer-labels-input" name="labels" value={labels.join(', ')} aria-describedby="labels-hint" />
      <p class="muted small" id="labels-hint">
        {v.t('customers.labels_hint')}
      </p>
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" class="button secondary small">
        {v.t('customers.labels_save')}
      </button>
    </form>
  </section>
);

export const NotesBox: FC<{
  v: FileView;
  base: string;
  notes: CustomerFile['notes']['items'];
  viewerId: string;
  more: string | null;
  error?: string;
}> = ({ v, base, notes, viewerId, more, error }) => {
  const fragment = { 'hx-target': '#customer-notes', 'hx-swap': 'outerHTML' };
  return (
    <section class="card customer-notes" id="customer-notes" aria-labelledby="customer-notes-title">
      <h2 id="customer-notes-title">{v.t('customers.notes')}</h2>
      <p class="muted small">{v.t('customers.notes_hint')}</p>
      <form method="post" action={`${base}/notes`} hx-post={`${base}/notes`} {...fragment}>
        <CsrfField token={v.csrf} />
        <label for="customer-note-new">{v.t('customers.note_text')}</label>
        <textarea id="customer-note-new" name="text" rows={3} maxlength={MAX_NOTE} required />
        {error ? (
          <p class="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" class="button small">
          {v.t('customers.note_add')}
        </button>
      </form>
      {notes.length === 0 ? <p class="muted">{v.t('customers.notes_none')}</p> : null}
      <ul class="customer-note-list">
        {notes.map((n) => {
          const action = `${base}/notes/${n.id}`;
          const name = n.author ? n.author.displayName || n.author.username : v.t('customers.note_gone');
          return (
            <li class="customer-note" id={`note-${n.id}`}>
              <p class="customer-note-text">{n.text}</p>
              <p class="muted small">
                {v.t('customers.note_by', { name, date: fullDateText(v.locale, n.createdAt) })}
                {n.updatedAt ? ` · ${v.t('customers.note_edited')}` : ''}
              </p>
              {n.authorId === viewerId ? (
                <div class="customer-note-actions">
                  <details>
                    <summary>{v.t('customers.note_edit')}</summary>
                    <form method="post" action={action} hx-post={action} {...fragment}>
                      <CsrfField token={v.csrf} />
                      <label class="visually-hidden" for={`note-text-${n.id}`}>
                        {v.t('customers.note_edit')}
                      </label>
                      <textarea id={`note-text-${n.id}`} name="text" rows={3} maxlength={MAX_NOTE} required>
                        {n.text}
                      </textarea>
                      <button type="submit" class="button small">
                        {v.t('customers.note_save')}
                      </button>
                    </form>
                  </details>
                  <form method="post" action={`${action}/delete`} hx-post={`${action}/delete`} {...fragment}>
                    <CsrfField token={v.csrf} />
                    <button type="submit" class="button ghost small">
                      {v.t('customers.note_delete')}
                    </button>
                  </form>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
      {more ? (
        <p>
          <a class="button secondary small" href={more}>
            {v.t('customers.more')}
          </a>
        </p>
      ) : null}
    </section>
  );
};

export const CustomerFilePage: FC<{
  v: FileView;
  brand: Brand;
  file: CustomerFile;
  avatar: string | null;
  viewerId: string;
  labelsError?: string;
  notesError?: string;
}> = ({ v, brand, file, avatar, viewerId, labelsError, notesError }) => {
  const c = file.customer;
  const name = c.displayName || c.username;
  const base = customerFileUrl(brand.username, c.id);
  const more = (section: FileSection, maxId: string | null) =>
    maxId ? `${base}?section=${section}&max_id=${maxId}` : null;
  return (
    <div class="narrow-wide stack customer-file">
      <header class="page-header customer-head">
        <p class="eyebrow">{v.t('customers.kicker', { brand: brand.name })}</p>
        <div class="customer-identity">
          {avatar ? <img class="avatar" src={avatar} alt="" width={64} height={64} /> : null}
          <div>
            <h1>{name}</h1>
            <p class="muted">
              <a href={`/@${c.username}`}>@{c.username}</a> ·{' '}
              {v.t('customers.member_since', { date: fullDateText(v.locale, c.createdAt) })}
            </p>
            <p>
              {file.followedAt
                ? v.t('customers.followed_since', { brand: brand.name, date: fullDateText(v.locale, file.followedAt) })
                : v.t('customers.not_following', { brand: brand.name })}
            </p>
            <p>
              {v.t('customers.engagement')} :{' '}
              <strong class="badge customer-level" data-level={file.engagement}>
                {v.t(`customers.level.${file.engagement}`)}
              </strong>
            </p>
          </div>
        </div>
        <p class="muted small">{v.t('customers.only_brand', { brand: brand.name })}</p>
      </header>
      <LabelsBox v={v} action={`${base}/labels`} labels={file.labels} error={labelsError} />
      <NotesBox
        v={v}
        base={base}
        notes={file.notes.items}
        viewerId={viewerId}
        more={more('notes', file.nextNotesMaxId)}
        error={notesError}
      />
      <SectionCard
        v={v}
        id="orders"
        title={v.t('customers.orders')}
        count={file.orders.count}
        more={more('orders', file.orders.nextMaxId)}
        summary={
          <p>
            {file.spending.totals.length
              ? file.spending.totals.map((s) => (
                  <span class="customer-spent">
                    {v.t('customers.spent', { amount: money(v.locale, s.spent, s.currency) })}{' '}
                  </span>
                ))
              : null}
            <span class="muted">{v.t('customers.paid_count', { count: file.spending.paidOrders })}</span>
          </p>
        }
      >
        {file.orders.items.map((o) => (
          <li>
            <a href={brandOrderUrl(brand.username, o.id)}>{money(v.locale, o.total, o.currency)}</a> ·{' '}
            {word(v, `shop.status.${o.status}`)} · {day(v, o.createdAt)}
            {o.refunded ? ` · ${v.t('customers.refunded', { amount: money(v.locale, o.refunded, o.currency) })}` : ''}
          </li>
        ))}
      </SectionCard>
      <SectionCard
        v={v}
        id="returns"
        title={v.t('customers.returns')}
        count={file.returns.count}
        more={more('returns', file.returns.nextMaxId)}
      >
        {file.returns.items.map((r) => (
          <li>
            <a href={brandOrderUrl(brand.username, r.orderId)}>{word(v, `shop.returns.kind_${r.kind}`)}</a> ·{' '}
            {word(v, `shop.returns.status_${r.status}`)} · {day(v, r.createdAt)}
            <p class="small">{r.reason}</p>
          </li>
        ))}
      </SectionCard>
      <SectionCard
        v={v}
        id="reviews"
        title={v.t('customers.reviews')}
        count={file.reviews.count}
        more={more('reviews', file.reviews.nextMaxId)}
        summary={
          file.reviews.average !== null ? (
            <p>{v.t('customers.average', { average: file.reviews.average, count: file.reviews.published })}</p>
          ) : null
        }
      >
        {file.reviews.items.map((r) => (
          <li>
            <strong>{'★'.repeat(r.rating)}</strong> {r.productTitle} · {word(v, `review.status.${r.status}`)} ·{' '}
            {day(v, r.createdAt)}
            {r.title ? <p class="small">{r.title}</p> : null}
            <p class="small">{r.body}</p>
          </li>
        ))}
      </SectionCard>
      <SectionCard
        v={v}
        id="conversations"
        title={v.t('customers.conversations')}
        count={file.conversations.count}
        more={more('conversations', file.conversations.nextMaxId)}
      >
        {file.conversations.items.map((cv) => (
          <li>
            <a href={inboxPageUrl(brand.username, cv.id)}>
              {cv.subject || v.t('customers.channel', { channel: word(v, `customers.channel.${cv.channel}`) })}
            </a>{' '}
            · {word(v, `customers.conversation.${cv.status}`)} · {day(v, cv.lastMessageAt)}
          </li>
        ))}
      </SectionCard>
      <SectionCard
        v={v}
        id="posts"
        title={v.t('customers.posts')}
        count={file.posts.count}
        more={more('posts', file.posts.nextMaxId)}
      >
        {file.posts.items.map((p) => (
          <li>
            <a href={`/@${c.username}/${p.id}`}>{day(v, p.createdAt)}</a>
            {p.reply ? ` · ${v.t('customers.reply')}` : ''}
            <p class="small">{p.text}</p>
          </li>
        ))}
      </SectionCard>
      <SectionCard
        v={v}
        id="checkins"
        title={v.t('customers.checkins')}
        count={file.checkins.count}
        more={more('checkins', file.checkins.nextMaxId)}
      >
        {file.checkins.items.map((ci) => (
          <li>
            <a href={`/places/${ci.placeId}`}>{ci.placeName}</a> · {day(v, ci.createdAt)}
          </li>
        ))}
      </SectionCard>
    </div>
  );
};
