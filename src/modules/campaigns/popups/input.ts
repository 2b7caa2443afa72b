/** Checks a pop-up's fields (create and update): every problem is a 422 naming its field. */
import { isUuid } from '../../../db/ids';
import { unprocessable } from '../../../lib/errors';
import { MAX_EARLY_ACCESS_HOURS } from './early-access';
import { MAX_POPUP_DESCRIPTION, MAX_POPUP_PRODUCTS, MAX_POPUP_TITLE, type PopupRow } from './model';

export type PopupInput = {
  title?: unknown;
  description?: unknown;
  starts_at?: unknown;
  ends_at?: unknown;
  product_ids?: unknown;
  place_id?: unknown;
  early_access_hours?: unknown;
};

export type PopupFields = {
  title?: string;
  description?: string;
  startsAt?: Date;
  endsAt?: Date;
  productIds?: string[];
  placeId?: string | null;
  earlyAccessHours?: number;
};

const bad = (field: string, code: string, message: string) => unprocessable(code, message, { field });
const chars = (s: string) => [...s].length;

function time(value: unknown, field: string): Date {
  const d = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : null;
  if (!d || Number.isNaN(d.getTime())) throw bad(field, `invalid_${field}`, `${field} is an ISO 8601 date and time`);
  return d;
}

/** The fields given, checked; with `current`, times are checked against the ones kept. */
export function checkPopupInput(input: PopupInput, creating: boolean, now: Date, current?: PopupRow): PopupFields {
  const out: PopupFields = {};
  if (input.title !== undefined || creating) {
    const title = typeof input.title === 'string' ? input.title.replace(/\s+/g, ' ').trim() : '';
    if (!title || chars(title) > MAX_POPUP_TITLE)
      throw bad('title', 'invalid_title', `A pop-up store has a title of 1 to ${MAX_POPUP_TITLE} characters`);
    out.title = title;
  }
  if (input.description !== undefined && input.description !== null) {
    if (typeof input.description !== 'string' || chars(input.description) > MAX_POPUP_DESCRIPTION)
      throw bad('description', 'invalid_description', `The description is text of at most ${MAX_POPUP_DESCRIPTION}`);
    out.description = input.description.replace(/\r\n?/g, '\n').trim();
  }
  if (input.starts_at !== undefined || creating) out.startsAt = time(input.starts_at, 'starts_at');
  if (input.ends_at !== undefined || creating) out.endsAt = time(input.ends_at, 'ends_at');
  const startsAt = out.startsAt ?? current?.startsAt;
  const endsAt = out.endsAt ?? current?.endsAt;
  if (startsAt && endsAt && endsAt <= startsAt)
    throw bad('ends_at', 'invalid_ends_at', 'ends_at must come after starts_at');
  if (out.endsAt && out.endsAt <= now) throw bad('ends_at', 'invalid_ends_at', 'ends_at is in the past');
  if (input.product_ids !== undefined || creating) {
    const ids = input.product_ids;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_POPUP_PRODUCTS)
      throw bad('product_ids', 'invalid_product_ids', `A pop-up store sells 1 to ${MAX_POPUP_PRODUCTS} products`);
    for (const id of ids)
      if (typeof id !== 'string' || !isUuid(id))
        throw bad('product_ids', 'unknown_product', `Product ${String(id).slice(0, 60)} is not one of the brand’s`);
    out.productIds = [...new Set(ids.map((id: string) => id.toLowerCase()))];
  }
  if (input.place_id !== undefined) {
    if (input.place_id === null || input.place_id === '') out.placeId = null;
    else if (typeof input.place_id !== 'string' || !isUuid(input.place_id))
      throw bad('place_id', 'unknown_place', 'place_id is not one of the brand’s places');
    else out.placeId = input.place_id.toLowerCase();
  }
  if (input.early_access_hours !== undefined && input.early_access_hours !== null) {
    const h = input.early_access_hours;
    if (typeof h !== 'number' || !Number.isInteger(h) || h < 0 || h > MAX_EARLY_ACCESS_HOURS)
      throw bad(
        'early_access_hours',
        'invalid_early_access_hours',
        `early_access_hours is a whole number from 0 to ${MAX_EARLY_ACCESS_HOURS}`,
      );
    out.earlyAccessHours = h;
  }
  return out;
}
