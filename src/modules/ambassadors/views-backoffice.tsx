/** The back-office section's markup: settings form, applications, members, invitation. */
import { Flash } from '../../web/components';
import type { Locale, T } from '../../web/i18n';
import type { MemberRow } from './members';
import type { Program } from './program';

type View = { t: T; locale: Locale; csrf: string };

const Csrf = ({ v }: { v: View }) => <input type="hidden" name="_csrf" value={v.csrf} />;

function ProgramForm({
  v,
  brand,
  program,
  products,
  collections,
}: {
  v: View;
  brand: string;
  program: Program | null;
  products: { id: string; title: string }[];
  collections: { id: string; title: string }[];
}) {
  const { t } = v;
  const p = program;
  const selected = new Set(p?.productIds ?? []);
  const rates = new Map((p?.rates ?? []).map((r) => [r.collectionId, r.commissionBp / 100]));
  return (
    <form method="post" action={`/brands/${brand}/ambassadors/program`} class="card stack ambassador-program-form">
      <Csrf v={v} />
      <h2>{t('amb.bo.program')}</h2>
      {p ? (
        <p class="muted" data-program-status={p.active ? 'active' : 'closed'}>
          {p.active ? t('amb.bo.program_active') : t('amb.bo.program_closed')}
        </p>
      ) : (
        <p class="muted">{t('amb.bo.no_program')}</p>
      )}
      <label>
        {t('amb.bo.commission')}
        <input
          name="commission_percent"
          type="number"
          min="0"
          max="50"
          step="0.01"
          required
          value={p ? String(p.commissionBp / 100) : '10'}
        />
      </label>
      <label>
        {t('amb.bo.window')}
        <input name="window_days" type="number" min="1" max="365" required value={String(p?.windowDays ?? 30)} />
      </label>
      <label>
        {t('amb.bo.return_window')}
        <input name="return_window_days" type="number" min="0" max="365" value={String(p?.returnWindowDays ?? 14)} />
      </label>
      <label>
        {t('amb.bo.min_payout', { currency: p?.currency ?? 'EUR' })}
        <input name="min_payout" type="number" min="0" step="0.01" value={String((p?.minPayoutAmount ?? 0) / 100)} />
      </label>
      <label>
        {t('amb.bo.terms')}
        <textarea name="terms" rows={5} maxlength={5000}>
          {p?.terms ?? ''}
        </textarea>
      </label>
      <fieldset>
        <legend>{t('amb.bo.products')}</legend>
        <label>
          <input type="radio" name="product_scope" value="all" checked={(p?.productScope ?? 'all') === 'all'} />{' '}
          {t('amb.bo.products_all')}
        </label>
        <label>
          <input type="radio" name="product_scope" value="selected" checked={p?.productScope === 'selected'} />{' '}
          {t('amb.bo.products_selected')}
        </label>
        <ul class="ambassador-products">
          {products.map((pr) => (
            <li>
              <label>
                <input type="checkbox" name="product_ids" value={pr.id} checked={selected.has(pr.id)} /> {pr.title}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      {collections.length ? (
        <fieldset>
          <legend>{t('amb.bo.collection_rates')}</legend>
          {collections.map((c) => (
            <label>
              {c.title}
              <input
                name={`rate_${c.id}`}
                type="number"
                min="0"
                max="50"
                step="0.01"
                value={rates.has(c.id) ? String(rates.get(c.id)) : ''}
              />
            </label>
          ))}
        </fieldset>
      ) : null}
      <label>
        <input type="checkbox" name="open_to_applications" checked={p?.openToApplications ?? true} />{' '}
        {t('amb.bo.open_to_applications')}
      </label>
      <label>
        <input type="checkbox" name="active" checked={p?.active ?? true} /> {t('amb.bo.active')}
      </label>
      <button type="submit" class="button primary">
        {t('amb.bo.save')}
      </button>
      {p ? (
        <p>
          <a href={`/@${brand}/ambassadors`}>{t('amb.bo.public_page')}</a>
        </p>
      ) : null}
    </form>
  );
}

function Decide({
  v,
  brand,
  id,
  actions,
}: {
  v: View;
  brand: string;
  id: string;
  actions: ('accept' | 'refuse' | 'end')[];
}) {
  return (
    <span class="ambassador-actions">
      {actions.map((a) => (
        <form method="post" action={`/brands/${brand}/ambassadors/${id}/${a}`} class="inline">
          <Csrf v={v} />
          <button type="submit" class={a === 'accept' ? 'button primary small' : 'button secondary small'}>
            {v.t(`amb.bo.${a}`)}
          </button>
        </form>
      ))}
    </span>
  );
}

export function BackofficeView(props: {
  v: View;
  brand: { username: string; name: string };
  program: Program | null;
  members: MemberRow[];
  products: { id: string; title: string }[];
  collections: { id: string; title: string }[];
  error?: string;
  notice?: string;
}) {
  const { v, brand, members } = props;
  const { t } = v;
  const applied = members.filter((m) => m.status === 'applied');
  const others = members.filter((m) => m.status !== 'applied');
  return (
    <div class="narrow-wide stack ambassadors-backoffice">
      <header class="page-header">
        <h1>{t('amb.bo.title', { name: brand.name })}</h1>
        <p class="lead">{t('amb.bo.lead')}</p>
        <p>
          <a href={`/brands/${brand.username}/ambassadors/payouts`}>{t('amb.bo.payouts')}</a>
        </p>
      </header>
      {props.error ? <Flash kind="error">{props.error}</Flash> : null}
      {props.notice ? <Flash kind="success">{props.notice}</Flash> : null}
      <ProgramForm
        v={v}
        brand={brand.username}
        program={props.program}
        products={props.products}
        collections={props.collections}
      />
      <section class="card stack" aria-labelledby="amb-applications">
        <h2 id="amb-applications">{t('amb.bo.applications')}</h2>
        {applied.length === 0 ? <p class="muted">{t('amb.bo.no_applications')}</p> : null}
        <ul class="ambassador-applications">
          {applied.map((m) => (
            <li data-ambassador-id={m.id}>
              <a href={`/@${m.username}`}>@{m.username}</a>
              {m.message ? <blockquote>{m.message}</blockquote> : null}
              <Decide v={v} brand={brand.username} id={m.id} actions={['accept', 'refuse']} />
            </li>
          ))}
        </ul>
      </section>
      <section class="card stack" aria-labelledby="amb-members">
        <h2 id="amb-members">{t('amb.bo.members')}</h2>
        {others.length === 0 ? (
          <p class="muted">{t('amb.bo.no_members')}</p>
        ) : (
          <table class="table ambassador-members">
            <thead>
              <tr>
                <th scope="col">{t('amb.bo.person')}</th>
                <th scope="col">{t('amb.bo.status')}</th>
                <th scope="col">{t('amb.clicks')}</th>
                <th scope="col">{t('amb.orders')}</th>
                <th scope="col">{t('amb.bo.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {others.map((m) => (
                <tr data-ambassador-id={m.id}>
                  <td>
                    <a href={`/@${m.username}`}>@{m.username}</a>
                  </td>
                  <td>{t(`amb.status.${m.status}`)}</td>
                  <td>{m.clicks}</td>
                  <td>{m.orders}</td>
                  <td>
                    <a href={`/brands/${brand.username}/ambassadors/${m.id}/ledger`}>{t('amb.bo.ledger')}</a>
                    {m.status === 'accepted' || m.status === 'invited' ? (
                      <Decide
                        v={v}
                        brand={brand.username}
                        id={m.id}
                        actions={m.status === 'invited' ? ['refuse'] : ['end']}
                      />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {props.program ? (
        <form method="post" action={`/brands/${brand.username}/ambassadors/invite`} class="card stack">
          <Csrf v={v} />
          <h2>{t('amb.bo.invite')}</h2>
          <label>
            {t('amb.bo.invite_username')}
            <input name="username" required maxlength={64} />
          </label>
          <label>
            {t('amb.bo.invite_message')}
            <textarea name="message" rows={2} maxlength={1000} />
          </label>
          <button type="submit" class="button secondary">
            {t('amb.bo.invite_send')}
          </button>
        </form>
      ) : null}
    </div>
  );
}
