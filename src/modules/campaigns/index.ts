// The campaigns module's public face: named exports of its parts (one block per part).
export {
  checkEditionVariants,
  editionSection,
  lineUnits,
  numberedUnitsOf,
  numberPaidOrders,
  numbersOfLines,
  productEditions,
  withdrawOrderNumbers,
} from './editions';
export type { CertificateUnit, EditionSummary } from './editions';
