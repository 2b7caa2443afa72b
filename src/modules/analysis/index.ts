// The analysis module's public face: pure text analysis (no database) shared by e-reputation
// (auto-triage of reviews and posts) and listening (sentiment of matches).
export {
  flagCodes,
  type AnalysisInput,
  type Flag,
  type FlagCode,
  type SentimentLabel,
  type TextAnalysis,
} from './types';
export {
  analyseText,
  sentimentOf,
  fingerprint,
  fingerprintDistance,
  NEAR_DUPLICATE_DISTANCE,
  MIN_CONFIDENCE,
} from './analyse';
export { normalizeText } from './normalize';
export { explainFlag } from './explain';
