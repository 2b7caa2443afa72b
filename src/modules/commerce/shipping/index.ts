// What the rest of commerce uses of shipping/.
export { checkAddress, deleteAddress, listAddresses, saveAddress } from './addresses';
export type { Address } from './addresses';
export {
  createShippingMethod,
  deleteShippingMethod,
  listShippingMethods,
  presentShippingMethod,
  updateShippingMethod,
} from './methods';
export type { ShippingInput } from './methods';
