import type { RouteModule } from '../../http/app';
import { routes as cartApi } from './cart/api';
import { collectionApiRoutes } from './catalog/api-collections';
import { routes as catalogApi } from './catalog/api';
import { routes as ordersApi } from './orders/api';
import { routes as checkoutPages } from './checkout/pages';
import { routes as orderPages } from './orders/pages';
import { invoicePages } from './orders/invoice-web';
import { routes as shopPages } from './catalog/pages';
import { paymentMethodRoutes } from './payments/api';
import { shippingRoutes } from './shipping/api';
import { webhookRoutes } from './webhooks/api';
import { landingRoutes } from './landing-web';
import { legalApiRoutes } from './legal/api';
import { legalPages } from './legal/pages';
import { withdrawalApi } from './withdrawal/api';
import { withdrawalPages } from './withdrawal/pages';

/** The commerce module's HTTP routes, registered by src/http/routes.ts. */
export const routes: RouteModule[] = [
  ...catalogApi,
  collectionApiRoutes,
  ...ordersApi,
  paymentMethodRoutes,
  shippingRoutes,
  webhookRoutes,
  ...cartApi,
  ...shopPages,
  ...checkoutPages,
  ...orderPages,
  invoicePages,
  landingRoutes,
  legalApiRoutes,
  legalPages,
  withdrawalApi,
  withdrawalPages,
];
