/**
 * A product's exclusion from withdrawal (L221-28): the editor's field, and the sentence the
 * product page shows near the Buy button, before purchase.
 */
import type { FC } from 'hono/jsx';
import type { T } from '../../../web/i18n';
import type { FieldErrors } from '../views/product-admin';
import { Select } from '../views/product-form-fields';
import { type WithdrawalExclusion, withdrawalExclusions } from './schema';

export const WithdrawalExclusionField: FC<{ v: { t: T }; value: string; errors: FieldErrors }> = ({
  v,
  value,
  errors,
}) => (
  <div class="withdrawal-exclusion-field">
    <Select
      name="withdrawal_exclusion"
      label={v.t('withdrawal.exclusion.label')}
      value={value}
      errors={errors}
      options={[
        { value: '', label: v.t('withdrawal.exclusion.none') },
        ...withdrawalExclusions.map((e) => ({ value: e, label: v.t(`withdrawal.exclusion.${e}`) })),
      ]}
    />
    <p class="field-hint">{v.t('withdrawal.exclusion.hint')}</p>
  </div>
);

export const WithdrawalNotice: FC<{ v: { t: T }; exclusion: WithdrawalExclusion | null }> = ({ v, exclusion }) =>
  exclusion ? <p class="muted small-print withdrawal-notice">{v.t(`withdrawal.product.${exclusion}`)}</p> : null;
