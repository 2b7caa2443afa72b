// What the rest of commerce uses of cart/.
export {
  acceptCurrentPrices,
  addToCart,
  checkoutCart,
  estimate,
  getCart,
  removeFromCart,
  setCartQuantity,
  setDefaultAddress,
  shippingOptions,
} from './cart';
export type { CartGroup, Estimate, ShippingOption } from './cart';
