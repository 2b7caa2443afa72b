import type { RouteModule } from '../../http/app';
import { brandPrivacyApi } from './brand/api-brand';
import { privacyBackoffice } from './brand/web-brand';
import { consentApi } from './consent/api';
import { consentWeb } from './consent/web';
import { closeAccountApi } from './erasure/api';
import { closeAccountPages } from './erasure/web';
import { exportsApi } from './exports/api-exports';
import { privacySettingsPages } from './exports/web-settings';
import { legalPagesRoutes } from './legal-pages/web';
import { signInApi } from './retention/api';

/** The privacy module's pages and API. */
export const routes: RouteModule[] = [
  exportsApi,
  privacySettingsPages,
  closeAccountApi,
  closeAccountPages,
  brandPrivacyApi,
  privacyBackoffice,
  consentWeb,
  consentApi,
  signInApi,
  legalPagesRoutes,
];
