import type { RouteModule } from '../../../http/app';
import { customersApi } from './api';
import { customerPages } from './web';

/** The customer's file's routes (its API and its back-office pages), listed by the inbox's routes.ts. */
export const customerRoutes: RouteModule[] = [customersApi, customerPages];
