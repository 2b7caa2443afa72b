// The moderation audit log page of a brand or of the platform (web.tsx serves it).
import type { Child } from 'hono/jsx';
import { RelativeTime } from '../../../web/components';
import type { Locale, MessageKey, T } from '../../../web/i18n';
import type { auditLog } from '../queue';
import { labelOf } from './console';

type AuditPageProps = {
  t: T;
  locale: Locale;
  name: string;
  base: string;
  entries: Awaited<ReturnType<typeof auditLog>>;
  tabs: Child;
};

export const AuditPage = ({ t, locale, name, base, entries, tabs }: AuditPageProps) => (
  <div class="page mod-page">
    <h1>{t('mod.audit_title', { name })}</h1>
    {tabs}
    {entries.length === 0 ? (
      <p>{t('mod.audit_empty')}</p>
    ) : (
      <table class="mod-audit">
        <thead>
          <tr>
            <th scope="col">{t('mod.audit.when')}</th>
            <th scope="col">{t('mod.audit.who')}</th>
            <th scope="col">{t('mod.audit.what')}</th>
            <th scope="col">{t('mod.audit.item')}</th>
            <th scope="col">{t('mod.audit.why')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr>
              <td>
                <RelativeTime date={e.createdAt} locale={locale} />
              </td>
              <td>{e.actorUsername ? `@${e.actorUsername}` : t('mod.audit.system')}</td>
              <td>{labelOf(t, `mod.action.${e.action}`, e.action)}</td>
              <td>
                {e.itemId && e.itemType ? (
                  <>
                    {t(`mod.type.${e.itemType}` as MessageKey)} <code>{e.itemId.slice(-8)}</code>
                  </>
                ) : (
                  t('mod.policy')
                )}
              </td>
              <td>
                {e.reason ? labelOf(t, `mod.reason.${e.reason}`, e.reason) : ''}
                {e.note ? ` — ${e.note}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
    {entries.length === 100 ? (
      <p>
        <a href={`${base}?before=${entries[entries.length - 1].id}`}>{t('mod.more')}</a>
      </p>
    ) : null}
  </div>
);
