/**
 * Triage against the hand-labelled sets test/fixtures/triage/labelled.json (development) and
 * holdout.json (held out): precision and recall per flag code, sentiment accuracy, duplicate
 * groups by fingerprint distance. The floors are
 * justified in docs/triage.md; the table is printed so that a change shows its effect.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  analyseText,
  fingerprintDistance,
  flagCodes,
  NEAR_DUPLICATE_DISTANCE,
  type FlagCode,
  type SentimentLabel,
} from './index';

type Labelled = {
  text: string;
  title?: string;
  rating?: number;
  lang: 'fr' | 'en';
  labels: FlagCode[];
  sentiment: SentimentLabel;
  productTitle?: string;
  brandName?: string;
  group?: string;
};

const load = (name: string): Labelled[] =>
  JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../test/fixtures/triage', name), 'utf8'));
/** The development set: written first, then used while tuning the lexicons and rules. */
const set = load('labelled.json');
/** Written after the development set; measured once, then some of its misses were fixed (docs/triage.md). */
const holdout = load('holdout.json');
/** Written after the tuning, floors fixed before its first measurement; some of its customer-service misses were then fixed. */
const blind = load('blind.json');
/** Written last, after every change, floors fixed before its first measurement, never tuned on: the honest figures. */
const blind2 = load('blind2.json');

/** Floors per code on the development set: [precision, recall]. `duplicate` is not raised by analyseText. */
const FLOORS: Partial<Record<FlagCode, [number, number]>> = {
  insult: [0.9, 0.85],
  personal_data: [0.9, 0.85],
  advertising: [0.85, 0.8],
  customer_service: [0.8, 0.75],
  rating_mismatch: [0.8, 0.7],
  off_topic: [0.6, 0.5],
};
/** Lower floors on the held-out set, fixed before it was first measured (see docs/triage.md). */
const HOLDOUT_FLOORS: Partial<Record<FlagCode, [number, number]>> = {
  insult: [0.85, 0.75],
  personal_data: [0.85, 0.75],
  advertising: [0.7, 0.6],
  customer_service: [0.7, 0.5],
  rating_mismatch: [0.7, 0.7],
};
const SENTIMENT_ACCURACY_FLOOR = 0.8;
const HOLDOUT_SENTIMENT_ACCURACY_FLOOR = 0.7;
const LANGUAGE_ACCURACY_FLOOR = 0.9;

type Score = { tp: number; fp: number; fn: number; precision: number; recall: number; support: number };

function evaluate(items: Labelled[]) {
  const results = items.map((item) => ({
    item,
    analysis: analyseText({
      text: item.text,
      title: item.title,
      rating: item.rating,
      context:
        item.productTitle || item.brandName
          ? { productTitle: item.productTitle, brandName: item.brandName }
          : undefined,
    }),
  }));
  const scores = new Map<FlagCode, Score>();
  for (const code of flagCodes) {
    if (code === 'duplicate') continue;
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const { item, analysis } of results) {
      const expected = item.labels.includes(code);
      const raised = analysis.flags.some((f) => f.code === code);
      if (expected && raised) tp++;
      else if (raised) fp++;
      else if (expected) fn++;
    }
    scores.set(code, {
      tp,
      fp,
      fn,
      support: tp + fn,
      precision: tp + fp === 0 ? 1 : tp / (tp + fp),
      recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    });
  }
  const sentimentAccuracy =
    results.filter(({ item, analysis }) => analysis.sentiment.label === item.sentiment).length / items.length;
  const languageAccuracy =
    results.filter(({ item, analysis }) => analysis.language === item.lang).length / items.length;
  return { results, scores, sentimentAccuracy, languageAccuracy };
}

function report(name: string, items: Labelled[], e: ReturnType<typeof evaluate>): void {
  console.log(`Triage on the ${name} set (${items.length} texts)`);
  console.table(
    [...e.scores].map(([code, s]) => ({
      code,
      support: s.support,
      tp: s.tp,
      fp: s.fp,
      fn: s.fn,
      precision: s.precision.toFixed(2),
      recall: s.recall.toFixed(2),
    })),
  );
  console.log(
    `sentiment accuracy ${e.sentimentAccuracy.toFixed(3)}, language accuracy ${e.languageAccuracy.toFixed(3)}`,
  );
  if (process.env.TRIAGE_ERRORS) {
    for (const { item, analysis } of e.results) {
      const raised = analysis.flags.map((f) => f.code).sort();
      const expected = [...item.labels].sort();
      if (raised.join() !== expected.join() || analysis.sentiment.label !== item.sentiment)
        console.log(
          JSON.stringify({
            text: item.text,
            expected,
            raised,
            sentiment: [item.sentiment, analysis.sentiment.label, analysis.sentiment.score],
          }),
        );
    }
  }
}

const dev = evaluate(set);
const held = evaluate(holdout);
const fresh = evaluate(blind);
const fresh2 = evaluate(blind2);
const results = dev.results;

describe('labelled set', () => {
  it('has at least 200 French and English texts', () => {
    expect(set.length).toBeGreaterThanOrEqual(200);
    expect(set.filter((i) => i.lang === 'fr').length).toBeGreaterThan(60);
    expect(set.filter((i) => i.lang === 'en').length).toBeGreaterThan(60);
  });

  it('meets the precision and recall floors per flag code', () => {
    report('development', set, dev);
    for (const [code, [precision, recall]] of Object.entries(FLOORS) as [FlagCode, [number, number]][]) {
      const s = dev.scores.get(code)!;
      expect.soft(s.precision, `${code} precision`).toBeGreaterThanOrEqual(precision);
      expect.soft(s.recall, `${code} recall`).toBeGreaterThanOrEqual(recall);
    }
  });

  it('labels sentiment and language accurately enough', () => {
    expect(dev.sentimentAccuracy).toBeGreaterThanOrEqual(SENTIMENT_ACCURACY_FLOOR);
    expect(dev.languageAccuracy).toBeGreaterThanOrEqual(LANGUAGE_ACCURACY_FLOOR);
  });

  it('meets the lower floors on the held-out set', () => {
    expect(holdout.length).toBeGreaterThanOrEqual(80);
    report('held-out', holdout, held);
    for (const [code, [precision, recall]] of Object.entries(HOLDOUT_FLOORS) as [FlagCode, [number, number]][]) {
      const s = held.scores.get(code)!;
      expect.soft(s.precision, `held-out ${code} precision`).toBeGreaterThanOrEqual(precision);
      expect.soft(s.recall, `held-out ${code} recall`).toBeGreaterThanOrEqual(recall);
    }
    expect
      .soft(held.sentimentAccuracy, 'held-out sentiment accuracy')
      .toBeGreaterThanOrEqual(HOLDOUT_SENTIMENT_ACCURACY_FLOOR);
  });

  it('meets the same lower floors on the blind set', () => {
    expect(blind.length).toBeGreaterThanOrEqual(60);
    report('blind', blind, fresh);
    for (const [code, [precision, recall]] of Object.entries(HOLDOUT_FLOORS) as [FlagCode, [number, number]][]) {
      const s = fresh.scores.get(code)!;
      expect.soft(s.precision, `blind ${code} precision`).toBeGreaterThanOrEqual(precision);
      expect.soft(s.recall, `blind ${code} recall`).toBeGreaterThanOrEqual(recall);
    }
    expect
      .soft(fresh.sentimentAccuracy, 'blind sentiment accuracy')
      .toBeGreaterThanOrEqual(HOLDOUT_SENTIMENT_ACCURACY_FLOOR);
  });

  it('meets the same lower floors on the second blind set', () => {
    expect(blind2.length).toBeGreaterThanOrEqual(60);
    report('second blind', blind2, fresh2);
    for (const [code, [precision, recall]] of Object.entries(HOLDOUT_FLOORS) as [FlagCode, [number, number]][]) {
      const s = fresh2.scores.get(code)!;
      expect.soft(s.precision, `blind2 ${code} precision`).toBeGreaterThanOrEqual(precision);
      expect.soft(s.recall, `blind2 ${code} recall`).toBeGreaterThanOrEqual(recall);
    }
    expect
      .soft(fresh2.sentimentAccuracy, 'blind2 sentiment accuracy')
      .toBeGreaterThanOrEqual(HOLDOUT_SENTIMENT_ACCURACY_FLOOR);
  });

  it('raises nothing on clean praise and clean criticism with a consistent rating', () => {
    const clean = results.filter(({ item }) => item.labels.length === 0 && !item.group);
    const noisy = clean.filter(({ analysis }) => analysis.flags.length > 0);
    expect(noisy.map(({ item, analysis }) => `${item.text} -> ${analysis.flags.map((f) => f.code)}`)).toEqual([]);
  });

  it('puts near-duplicates within the distance and different texts far apart', () => {
    const grouped = results.filter(({ item }) => item.group);
    expect(new Set(grouped.map(({ item }) => item.group)).size).toBeGreaterThanOrEqual(4);
    let within = 0;
    let across = Infinity;
    for (const a of grouped) {
      for (const b of grouped) {
        if (a === b) continue;
        const d = fingerprintDistance(a.analysis.fingerprint, b.analysis.fingerprint);
        if (a.item.group === b.item.group) within = Math.max(within, d);
        else across = Math.min(across, d);
      }
    }
    // Against every other text of the set too: no false duplicate.
    for (const a of grouped) {
      for (const b of results) {
        if (b.item.group || b.analysis.fingerprint === '0000000000000000') continue;
        across = Math.min(across, fingerprintDistance(a.analysis.fingerprint, b.analysis.fingerprint));
      }
    }
    console.log(`fingerprint distance: max within groups ${within}, min across ${across}`);
    expect(within).toBeLessThanOrEqual(NEAR_DUPLICATE_DISTANCE);
    expect(across).toBeGreaterThan(NEAR_DUPLICATE_DISTANCE * 2);
  });
});
