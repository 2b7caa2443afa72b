/** A pop-up store as the services return it, its status from the clock, and the context they need. */
import type { Config } from '../../../config';
import type { Db } from '../../../db/client';
import type { Clock } from '../../../lib/clock';
import type { EventBus } from '../../../lib/events';
import type { popups } from './schema';

export const popupStatuses = ['scheduled', 'open', 'closed'] as const;
export type PopupStatus = (typeof popupStatuses)[number];

export type PopupRow = typeof popups.$inferSelect;
export type Popup = PopupRow & { productIds: string[] };

export type PopupsContext = {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'publicUrl' | 'postMaxChars'>;
  events: Pick<EventBus, 'publish'>;
};

export const MAX_POPUP_TITLE = 120;
export const MAX_POPUP_DESCRIPTION = 5000;
export const MAX_POPUP_PRODUCTS = 50;

/** Derived, never stored: nothing has to flip it on time, and every node agrees. */
export function popupStatus(p: Pick<PopupRow, 'startsAt' | 'endsAt'>, now: Date): PopupStatus {
  if (now < p.startsAt) return 'scheduled';
  return now < p.endsAt ? 'open' : 'closed';
}

export const popupPath = (id: string) => `/popups/${id}`;
