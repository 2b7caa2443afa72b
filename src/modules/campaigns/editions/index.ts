// Numbered limited editions: what the link to commerce plugs in, and what pages read.
export {
  checkEditionVariants,
  numberedUnitsOf,
  numberPaidOrders,
  numbersOfLines,
  withdrawOrderNumbers,
} from './numbering';
export { lineUnits, productEditions } from './read';
export type { CertificateUnit, EditionSummary } from './read';
export { EditionBlock, editionSection } from './views';
