// What the rest of commerce (and, through commerce's index, other modules) uses of legal/.
export { checkVat, frenchVatKey, luhnValid, sirenValid } from './checks';
export {
  currentTerms,
  readBrandLegal,
  recordAcceptedTerms,
  termsHistory,
  termsVersion,
  updateBrandLegal,
} from './identity';
export type { BrandLegal, LegalIdentity, LegalInput, TermsVersion } from './identity';
export { renderLegalText } from './markdown';
