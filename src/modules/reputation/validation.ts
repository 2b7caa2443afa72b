/**
 * Checking what a reviewer sends: rating 1..5, a non-empty text, an optional title, and the date
 * of the experience (a real calendar date, not in the future). Each problem is a 422 with its own
 * stable code, so a client can say exactly what to fix.
 */
import { unprocessable } from '../../lib/errors';

export const MAX_TITLE = 150;
export const MAX_BODY = 5000;
export const MAX_PHOTOS = 4;
export const MAX_REPLY = 3000;

export type ReviewInput = { rating: number; title: string | null; body: string; experiencedOn: string | null };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A rating given as a number or a numeric string ("4" from a form). */
export function checkRating(value: unknown): number {
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 5)
    throw unprocessable('invalid_rating', 'rating must be a whole number from 1 to 5', { field: 'rating' });
  return n;
}

export function checkBody(value: unknown): string {
  const body = typeof value === 'string' ? value.trim() : '';
  if (!body) throw unprocessable('empty_body', 'The review needs some text', { field: 'body' });
  if ([...body].length > MAX_BODY)
    throw unprocessable('body_too_long', `The text is limited to ${MAX_BODY} characters`, {
      field: 'body',
      max: MAX_BODY,
    });
  return body;
}

export function checkTitle(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw unprocessable('invalid_title', 'title must be text', { field: 'title' });
  const title = value.trim();
  if ([...title].length > MAX_TITLE)
    throw unprocessable('title_too_long', `The title is limited to ${MAX_TITLE} characters`, {
      field: 'title',
      max: MAX_TITLE,
    });
  return title || null;
}

/** YYYY-MM-DD, a real date, not after today (a day of slack for time zones ahead of UTC), not before 1970. */
export function checkExperiencedOn(value: unknown, now = new Date()): string | null {
  if (value === undefined || value === null || value === '') return null;
  const m = typeof value === 'string' ? DATE.exec(value.trim()) : null;
  if (!m)
    throw unprocessable('invalid_date', 'experienced_on must be a date written YYYY-MM-DD', {
      field: 'experienced_on',
    });
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || y < 1970) {
    throw unprocessable('invalid_date', 'experienced_on is not a real date', { field: 'experienced_on' });
  }
  if (date.getTime() > now.getTime() + 24 * 3600_000)
    throw unprocessable('future_date', 'The experience cannot be in the future', { field: 'experienced_on' });
  return `${m[1]}-${m[2]}-${m[3]}`;
}

export function checkReview(raw: {
  rating?: unknown;
  title?: unknown;
  body?: unknown;
  experienced_on?: unknown;
}): ReviewInput {
  return {
    rating: checkRating(raw.rating),
    title: checkTitle(raw.title),
    body: checkBody(raw.body),
    experiencedOn: checkExperiencedOn(raw.experienced_on),
  };
}

export function checkReply(value: unknown): string {
  const body = typeof value === 'string' ? value.trim() : '';
  if (!body) throw unprocessable('empty_body', 'The reply needs some text', { field: 'body' });
  if ([...body].length > MAX_REPLY)
    throw unprocessable('body_too_long', `A reply is limited to ${MAX_REPLY} characters`, {
      field: 'body',
      max: MAX_REPLY,
    });
  return body;
}
