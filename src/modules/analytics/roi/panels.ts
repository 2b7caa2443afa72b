/**
 * The dashboard's five panels, as data: each names its main figure (the big number, the line and
 * its faint previous-period twin), the parts drawn next to it, and the other figures shown as
 * numbers and in its table. The page (views.tsx) and the CSV (csv.ts) both read from here.
 */
import type { MessageKey } from '../../../web/i18n';
import { changeBetween, type Money, type RoiFigures } from './series';

export type FigureKind = 'count' | 'money' | 'average';
export type Figure = {
  key: string;
  label: MessageKey;
  kind: FigureKind;
  /** null: no data (an average without ratings). */
  of: (f: RoiFigures) => number | null;
};
export type Panel = { key: keyof RoiFigures; main: Figure; parts: Figure[]; more: Figure[] };

const amount = (m: Money) => m.amount;
const fig = (key: string, kind: FigureKind, of: Figure['of']): Figure => ({
  key,
  label: `roi.fig.${key}` as MessageKey,
  kind,
  of,
});

export const panels: Panel[] = [
  {
    key: 'involvement',
    main: fig('reach', 'count', (f) => f.involvement.reach),
    parts: [fig('audience', 'count', (f) => f.involvement.audience)],
    more: [],
  },
  {
    key: 'interaction',
    main: fig('interactions', 'count', (f) => {
      const i = f.interaction;
      return i.likes + i.replies + i.reposts + i.check_ins + i.topics;
    }),
    parts: (['likes', 'replies', 'reposts', 'check_ins', 'topics'] as const).map((k) =>
      fig(k, 'count', (f) => f.interaction[k]),
    ),
    more: [],
  },
  {
    key: 'intimacy',
    main: fig('sentiment', 'average', (f) => f.intimacy.sentiment),
    parts: [],
    more: [
      fig('rating', 'average', (f) => f.intimacy.rating),
      fig('sentiment_count', 'count', (f) => f.intimacy.sentiment_count),
      fig('rating_count', 'count', (f) => f.intimacy.rating_count),
    ],
  },
  {
    key: 'influence',
    main: fig(
      'influenced',
      'money',
      (f) => amount(f.influence.revenue_ambassadors) + amount(f.influence.revenue_reposts),
    ),
    parts: [
      fig('revenue_ambassadors', 'money', (f) => amount(f.influence.revenue_ambassadors)),
      fig('revenue_reposts', 'money', (f) => amount(f.influence.revenue_reposts)),
    ],
    more: [fig('creators_reach', 'count', (f) => f.influence.creators_reach)],
  },
  {
    key: 'social_revenue',
    main: fig('social_revenue', 'money', (f) => amount(f.social_revenue.total)),
    parts: (['posts', 'popups', 'campaigns', 'ambassadors'] as const).map((k) =>
      fig(k, 'money', (f) => amount(f.social_revenue[k])),
    ),
    more: [],
  },
];

/** The change shown under a big number, as the API's `change` computes it. */
export const changeOf = (f: Figure, now: number | null, then: number | null) =>
  changeBetween(f.kind === 'average', now, then);
