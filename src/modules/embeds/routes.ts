import type { RouteModule } from '../../http/app';
import { embedsApi } from './api';
import { embedBackoffice } from './web-backoffice';
import { embedPages } from './web';

export const routes: RouteModule[] = [embedsApi, embedPages, embedBackoffice];
