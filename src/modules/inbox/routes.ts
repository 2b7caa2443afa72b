import type { RouteModule } from '../../http/app';
import { inboxApi } from './api';
import { inboxPages } from './web';

/** The inbox's HTTP routes (the inbox itself and team work), registered by src/http/routes.ts. */
export const routes: RouteModule[] = [inboxApi, inboxPages];
