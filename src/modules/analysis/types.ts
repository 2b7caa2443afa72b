/** Flag codes triage can raise; the public API exposes exactly these. */
export const flagCodes = [
  'insult',
  'personal_data',
  'advertising',
  'duplicate',
  'rating_mismatch',
  'customer_service',
  'off_topic',
] as const;
export type FlagCode = (typeof flagCodes)[number];

/** One reason to look twice at a text, with how sure triage is (0..1) and what it saw. */
export type Flag = { code: FlagCode; confidence: number; reason: string; evidence?: string[] };

export type SentimentLabel = 'positive' | 'neutral' | 'negative';
/** score in -1..1; label derived from it. */
export type Sentiment = { label: SentimentLabel; score: number };

export type AnalysisInput = {
  text: string;
  title?: string;
  /** Star rating 1..5 when the text is a review (rating_mismatch needs it). */
  rating?: number;
  /** Known language; detected when absent. */
  language?: 'fr' | 'en';
  /** What the text should be about (off_topic). */
  context?: { productTitle?: string; brandName?: string };
};

export type TextAnalysis = {
  language: 'fr' | 'en';
  /** Every flag raised, highest confidence first. `duplicate` is never raised here (needs the database). */
  flags: Flag[];
  sentiment: Sentiment;
  /** 64-bit SimHash of the normalized text, 16 hex digits: near-duplicates differ in few bits. */
  fingerprint: string;
};
