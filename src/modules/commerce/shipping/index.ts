// What the rest of commerce uses of shipping/.
export { checkAddress, deleteAddress, listAddresses, saveAddress } from './addresses';
export type { Address } from './addresses';
