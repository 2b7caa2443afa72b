// The analysis module's public face: pure text analysis (no database) shared by e-reputation
// (auto-triage of reviews and posts) and listening (sentiment of matches).
export * from './types';
export { analyseText, sentimentOf, fingerprintDistance } from './analyse';
