/**
 * How long a test waits for a state (an event on a stream, a job's effect, a condition) before it
 * gives up. A safety net, never a measure: every wait returns as soon as the state is reached, so
 * this only bounds how long a broken test hangs. It is far above what an idle machine needs (well
 * under a second) because a loaded one (load average 20 on two cores) is ten times slower, and
 * below vitest's testTimeout (180 s) so the failure names what was awaited.
 */
export const WAIT_LIMIT_MS = 120_000;
