import type { RouteModule } from '../../http/app';
import { brandPrivacyApi } from './brand/api-brand';
import { privacyBackoffice } from './brand/web-brand';
import { exportsApi } from './exports/api-exports';
import { privacySettingsPages } from './exports/web-settings';

/** The privacy module's pages and API (each part adds its own route modules here). */
export const routes: RouteModule[] = [exportsApi, privacySettingsPages, brandPrivacyApi, privacyBackoffice];
