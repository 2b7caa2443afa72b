/**
 * Tips ↔ moderation: a tip about a place is a moderation subject like a review (the place's brand's
 * queue, or the platform's for a place without a brand); a decision publishes or rejects it and
 * tells its author. Registered once per app context by src/links/extensions.ts.
 */
import type { Clock } from '../lib/clock';
import { tipSubject } from '../modules/places';
import type { AppExtensions } from './extensions';

export function registerPlaceTips(extensions: Pick<AppExtensions, 'moderationSubjects'>, app: { clock: Clock }) {
  extensions.moderationSubjects.register(tipSubject(app.clock));
}
