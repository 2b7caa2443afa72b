/**
 * Runs before every test file (vitest `setupFiles`). The suite runs without isolation: a worker
 * keeps the modules it loaded from one file to the next (see vitest.config.ts), so the little
 * module state a file could leave behind is reset here, as a fresh module graph would have it.
 */
import { rewindIdClock } from '../src/db/ids';

// A file that moved its clock ahead (check-ins made days later) would otherwise stamp every id
// of the next file at that future instant, and keyset bounds by time (uuidv7Floor) would miss them.
rewindIdClock();
