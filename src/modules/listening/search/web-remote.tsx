/** The search page's origin filter: Comptoir and the fediverse (default), the fediverse only, or ours only. */
import type { T } from '../../../web/i18n';
import type { RemoteFilter } from './service';

export const RemoteSelect = ({ t, value }: { t: T; value: '' | RemoteFilter }) => (
  <label>
    {t('search.filter.remote')}{' '}
    <select name="remote">
      <option value="" selected={value === ''}>
        {t('search.filter.remote_any')}
      </option>
      <option value="only" selected={value === 'only'}>
        {t('search.filter.remote_only')}
      </option>
      <option value="exclude" selected={value === 'exclude'}>
        {t('search.filter.remote_exclude')}
      </option>
    </select>
  </label>
);
