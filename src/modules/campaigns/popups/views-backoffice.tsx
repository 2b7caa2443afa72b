/** The back-office list of a brand's pop-up stores and the create form. */
import type { FC } from 'hono/jsx';
import { whenText } from './announce';
import type { Popup, PopupStatus } from './model';
import type { PopupView } from './views';

export type FormValues = {
  title: string;
  description: string;
  starts_at: string;
  ends_at: string;
  product_ids: string[];
  place_id: string;
  early_access_hours: string;
};

type Row = { popup: Popup; status: PopupStatus; orders: number };

const CreateForm: FC<{
  v: PopupView;
  brand: string;
  products: { id: string; title: string }[];
  places: { id: string; name: string }[];
  values?: FormValues;
}> = ({ v, brand, products, places, values }) => (
  <form
    method="post"
    action={`/brands/${brand}/campaigns/popups`}
    enctype="multipart/form-data"
    class="form card stack popup-form"
    aria-labelledby="popup-new-title"
  >
    <h2 id="popup-new-title">{v.t('popup.new')}</h2>
    <input type="hidden" name="_csrf" value={v.csrf} />
    <div class="field">
      <label for="popup-title">{v.t('popup.field.title')}</label>
      <input id="popup-title" name="title" required maxlength={120} value={values?.title ?? ''} />
    </div>
    <div class="field">
      <label for="popup-description">{v.t('popup.field.description')}</label>
      <textarea id="popup-description" name="description" rows={3} maxlength={5000}>
        {values?.description ?? ''}
      </textarea>
    </div>
    <div class="field-row">
      <div class="field">
        <label for="popup-starts">{v.t('popup.field.starts_at')}</label>
        <input id="popup-starts" name="starts_at" type="datetime-local" required value={values?.starts_at ?? ''} />
      </div>
      <div class="field">
        <label for="popup-ends">{v.t('popup.field.ends_at')}</label>
        <input id="popup-ends" name="ends_at" type="datetime-local" required value={values?.ends_at ?? ''} />
      </div>
    </div>
    <p class="muted small">{v.t('popup.times_hint')}</p>
    <fieldset class="field">
      <legend>{v.t('popup.field.products')}</legend>
      {products.map((p) => (
        <label class="checkbox">
          <input
            type="checkbox"
            name="product_ids"
            value={p.id}
            checked={values?.product_ids.includes(p.id) ?? false}
          />{' '}
          {p.title}
        </label>
      ))}
    </fieldset>
    <div class="field">
      <label for="popup-place">{v.t('popup.field.place')}</label>
      <select id="popup-place" name="place_id">
        <option value="">{v.t('popup.field.no_place')}</option>
        {places.map((p) => (
          <option value={p.id} selected={values?.place_id === p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </div>
    <div class="field">
      <label for="popup-early">{v.t('popup.field.early_access_hours')}</label>
      <input
        id="popup-early"
        name="early_access_hours"
        type="number"
        min={0}
        max={720}
        value={values?.early_access_hours ?? '0'}
      />
    </div>
    <div class="field">
      <label for="popup-banner">{v.t('popup.field.banner')}</label>
      <input id="popup-banner" name="banner" type="file" accept="image/jpeg,image/png,image/webp,image/gif" />
    </div>
    <div class="field">
      <label for="popup-banner-alt">{v.t('popup.field.banner_alt')}</label>
      <input id="popup-banner-alt" name="banner_alt" maxlength={500} />
    </div>
    <button type="submit" class="button primary">
      {v.t('popup.create')}
    </button>
  </form>
);

export const PopupsBackofficePage: FC<{
  v: PopupView;
  brand: { username: string; name: string };
  list: Row[];
  products: { id: string; title: string }[];
  places: { id: string; name: string }[];
  canManage: boolean;
  values?: FormValues;
  error?: string;
  notice?: string;
}> = ({ v, brand, list, products, places, canManage, values, error, notice }) => (
  <div class="narrow-wide stack popups-backoffice">
    <header class="page-header">
      <p class="eyebrow">
        <a href={`/brands/${brand.username}/campaigns`}>{v.t('bo.campaigns')}</a>
      </p>
      <h1>{v.t('popup.manage_title', { name: brand.name })}</h1>
    </header>
    {notice ? (
      <p class="flash flash-success" role="status">
        {notice}
      </p>
    ) : null}
    {error ? (
      <p class="flash flash-error" role="alert">
        {error}
      </p>
    ) : null}
    <section class="card">
      {list.length === 0 ? <p class="muted">{v.t('popup.none')}</p> : null}
      <ul class="popup-admin-list">
        {list.map(({ popup, status, orders }) => (
          <li class="popup-admin-item" data-popup-id={popup.id}>
            <p>
              <a href={`/popups/${popup.id}`}>
                <strong>{popup.title}</strong>
              </a>{' '}
              <span class={`popup-status is-${status}`}>{v.t(`popup.status.${status}`)}</span>
            </p>
            <p class="muted small">
              {whenText(popup.startsAt, v.locale)} → {whenText(popup.endsAt, v.locale)} ·{' '}
              {v.t('popup.orders', { count: orders })}
            </p>
            {status !== 'closed' ? (
              <form method="post" action={`/brands/${brand.username}/campaigns/popups/${popup.id}/announce`}>
                <input type="hidden" name="_csrf" value={v.csrf} />
                <button type="submit" class="button secondary small">
                  {v.t('popup.announce')}
                </button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
    {canManage ? (
      <CreateForm v={v} brand={brand.username} products={products} places={places} values={values} />
    ) : (
      <p class="muted">{v.t('popup.manage_only')}</p>
    )}
  </div>
);
