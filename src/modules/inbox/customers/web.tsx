/**
 * The customer's file in the brand's back-office: /brands/:username/customers/:accountId, and its
 * forms (labels, notes). Without htmx a form redirects back to the page (303) or shows it again
 * with the error (422); with htmx it answers the labels or notes box alone, its error inside
 * (htmx swaps 2xx answers only). Who may do what is the service's: anyone but the brand's team
 * gets a 404.
 */
import type { Context } from 'hono';
import { isUuid } from '../../../db/ids';
import type { RouteModule } from '../../../http/app';
import { readParams } from '../../../http/params';
import type { AppEnv } from '../../../http/types';
import { DomainError } from '../../../lib/errors';
import { addBackofficeSection } from '../../../web/backoffice';
import type { MessageKey } from '../../../web/i18n';
import { brandTheme, loginRedirect, renderError, renderPage, tOf } from '../../../web/page';
import { findBrand, mediaUrl, type Account } from '../../accounts';
import { customerFile, fileSections, type FileSection } from './file';
import { customerPageList } from './web-list';
import {
  addCustomerNote,
  customerLabels,
  deleteCustomerNote,
  editCustomerNote,
  setCustomerLabels,
  type CustomerKey,
} from './notes';
import { CustomerFilePage, LabelsBox, NotesBox, type FileView } from './views';
import { customerFileUrl } from '../urls';

type Ctx = Context<AppEnv>;
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const BASE = `/brands/:username/customers/:accountId{${UUID}}`;

const isHtmx = (c: Ctx) => c.req.header('hx-request') === 'true';
const viewOf = (c: Ctx): FileView => ({ t: tOf(c), locale: c.get('locale'), csrf: c.get('csrfToken') });
const errorCode = (error: unknown) =>
  error instanceof DomainError && error.kind === 'unprocessable' ? `customers.error.${error.code}` : null;

export const customerPages: RouteModule = (app, ctx) => {
  addBackofficeSection({
    key: 'customers',
    order: 26,
    path: 'customers',
    label: 'customers.nav',
    permission: 'inbox.answer',
  });
  customerPageList(app, ctx);

  /** The brand and the customer's key, or a page to answer (sign in, 404). */
  async function open(c: Ctx): Promise<{ brand: Account; k: CustomerKey } | Response> {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const brand = await findBrand(ctx, c.req.param('username') ?? '');
    if (!brand) return renderError(c, 404, tOf(c)('error.not_found'), ctx);
    const k = {
      brandId: brand.id,
      accountId: (c.req.param('accountId') ?? '').toLowerCase(),
      viewerId: viewer.accountId,
    };
    return { brand, k };
  }

  async function show(c: Ctx, brand: Account, k: CustomerKey, errors: { labels?: string; notes?: string } = {}) {
    const t = tOf(c);
    const section = c.req.query('section');
    const maxId = c.req.query('max_id');
    const file = await customerFile(ctx.db, k, {
      section: (fileSections as readonly string[]).includes(section ?? '') ? (section as FileSection) : undefined,
      maxId: maxId && isUuid(maxId) ? maxId.toLowerCase() : null,
    });
    const name = file.customer.displayName || file.customer.username;
    const brandName = brand.displayName || brand.username;
    return renderPage(
      c,
      {
        meta: { title: t('customers.title', { name }), noindex: true },
        theme: brandTheme(brand),
        status: errors.labels || errors.notes ? 422 : 200,
        body: (
          <CustomerFilePage
            v={viewOf(c)}
            brand={{ username: brand.username, name: brandName }}
            file={file}
            avatar={file.customer.avatarPath ? mediaUrl(ctx.config, file.customer.avatarPath) : null}
            viewerId={k.viewerId}
            labelsError={errors.labels}
            notesError={errors.notes}
          />
        ),
      },
      ctx,
    );
  }

  /** The notes box alone (htmx), as the file shows it. */
  async function notesBox(c: Ctx, brand: Account, k: CustomerKey, error?: string) {
    const file = await customerFile(ctx.db, k);
    const base = customerFileUrl(brand.username, k.accountId);
    const more = file.nextNotesMaxId ? `${base}?section=notes&max_id=${file.nextNotesMaxId}` : null;
    return c.html(
      <NotesBox v={viewOf(c)} base={base} notes={file.notes.items} viewerId={k.viewerId} more={more} error={error} />,
    );
  }

  app.get(BASE, async (c) => {
    const o = await open(c);
    if (o instanceof Response) return o;
    return show(c, o.brand, o.k);
  });

  app.post(`${BASE}/labels`, async (c) => {
    const o = await open(c);
    if (o instanceof Response) return o;
    const p = await readParams(c);
    const t = tOf(c);
    const action = `${customerFileUrl(o.brand.username, o.k.accountId)}/labels`;
    try {
      const labels = await setCustomerLabels(ctx, o.k, p.labels ?? p['labels[]'] ?? '');
      if (isHtmx(c)) return c.html(<LabelsBox v={viewOf(c)} action={action} labels={labels} />);
    } catch (error) {
      const key = errorCode(error);
      if (!key) throw error;
      if (!isHtmx(c)) return show(c, o.brand, o.k, { labels: t(key as MessageKey) });
      const labels = await customerLabels(ctx.db, o.k.brandId, o.k.accountId);
      return c.html(<LabelsBox v={viewOf(c)} action={action} labels={labels} error={t(key as MessageKey)} />);
    }
    return c.redirect(`${customerFileUrl(o.brand.username, o.k.accountId)}#customer-labels`, 303);
  });

  /** A notes form: run it, then answer the notes box (htmx) or go back to the page. */
  const notesAction = (path: string, run: (k: CustomerKey, c: Ctx, text: unknown) => Promise<unknown>) =>
    app.post(`${BASE}${path}`, async (c) => {
      const o = await open(c);
      if (o instanceof Response) return o;
      const p = await readParams(c);
      try {
        await run(o.k, c, p.text);
      } catch (error) {
        const key = errorCode(error);
        if (!key) throw error;
        const text = tOf(c)(key as MessageKey);
        return isHtmx(c) ? notesBox(c, o.brand, o.k, text) : show(c, o.brand, o.k, { notes: text });
      }
      if (isHtmx(c)) return notesBox(c, o.brand, o.k);
      return c.redirect(`${customerFileUrl(o.brand.username, o.k.accountId)}#customer-notes`, 303);
    });

  const noteId = (c: Ctx) => (c.req.param('noteId') ?? '').toLowerCase();
  notesAction('/notes', (k, _c, text) => addCustomerNote(ctx, k, { text }));
  notesAction(`/notes/:noteId{${UUID}}`, (k, c, text) => editCustomerNote(ctx, k, noteId(c), { text }));
  notesAction(`/notes/:noteId{${UUID}}/delete`, (k, c) => deleteCustomerNote(ctx, k, noteId(c)));
};
