// What the rest of commerce (and, through commerce's index, other modules) uses of legal/.
export { checkVat, frenchVatKey, luhnValid, sirenValid } from './checks';
export {
  checkoutTerms,
  currentTerms,
  hasLegalIdentity,
  readBrandLegal,
  recordAcceptedTerms,
  termsHistory,
  termsVersion,
  updateBrandLegal,
} from './identity';
export type { BrandLegal, CheckoutTermsInfo, LegalIdentity, LegalInput, TermsVersion } from './identity';
export { renderLegalText } from './markdown';
export { BrandLegalLink, CheckoutTerms, legalPath, OrderTerms, termsPath } from './views';
