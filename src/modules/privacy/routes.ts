import type { RouteModule } from '../../http/app';
import { consentApi } from './consent/api';
import { consentWeb } from './consent/web';
import { signInApi } from './retention/api';

/** The privacy module's pages and API (each part adds its own route modules here). */
export const routes: RouteModule[] = [consentWeb, consentApi, signInApi];
