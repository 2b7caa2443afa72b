import type { RouteModule } from '../../http/app';
import { routes as cartApi } from './api-cart';
import { routes as catalogApi } from './api-catalog';
import { routes as ordersApi } from './api-orders';
import { routes as checkoutPages } from './web-checkout';
import { routes as orderPages } from './web-orders';
import { routes as shopPages } from './web-shop';

/** The commerce module's HTTP routes, registered by src/http/routes.ts. */
export const routes: RouteModule[] = [...catalogApi, ...ordersApi, ...cartApi, ...shopPages, ...checkoutPages, ...orderPages];
