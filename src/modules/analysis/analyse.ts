import type { AnalysisInput, Sentiment, TextAnalysis } from './types';

// PLACEHOLDER until the analysis helper lands the real implementation: no flags, neutral.
export function analyseText(input: AnalysisInput): TextAnalysis {
  return { language: input.language ?? 'fr', flags: [], sentiment: sentimentOf(input.text), fingerprint: '0000000000000000' };
}

export function sentimentOf(_text: string, _language?: 'fr' | 'en'): Sentiment {
  return { label: 'neutral', score: 0 };
}

/** Number of differing bits between two fingerprints (0..64). */
export function fingerprintDistance(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let n = 0;
  while (x) {
    n += Number(x & 1n);
    x >>= 1n;
  }
  return n;
}
