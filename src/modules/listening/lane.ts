/**
 * The lane that reading outside feeds (sources/fetch.ts) and matching their items against watches
 * (watches/outside-items.ts) share: a round of a thousand feeds is this process's parsing and the
 * database's inserts and text search, so one task runs at a time and the lane then rests three
 * times as long as it took. A burst takes at most a quarter of the process, and visitors'
 * requests keep their pace (docs/sources.md has the measurements: a rest as long as the work
 * still raised their p95 by 27 %). Waiting for a slow site is outside the lane: the sources' job
 * slots wait for their sites together.
 */
import { pacer } from '../../lib/pace';

export const listeningLane = pacer({ restRatio: 3, maxRestMs: 3000 });
