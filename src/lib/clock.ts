/**
 * The time services read for their rules (expiries, delays, "older than"), from the app context
 * so tests control it: `settableClock()` follows real time until a test moves it forward.
 */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/** The time of a context slice's clock; the system's when the slice has none (a bare `{ db }`). */
export const nowOf = (ctx: { clock?: Clock }): Date => (ctx.clock ?? systemClock).now();

export type SettableClock = Clock & {
  /** Moves the clock forward (or back, with a negative duration). */
  advance(ms: number): void;
  /** Jumps to a moment, from which the clock runs on. */
  set(at: Date): void;
};

/** Real time plus an offset a test may change. */
export function settableClock(): SettableClock {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance(ms) {
      offset += ms;
    },
    set(at) {
      offset = at.getTime() - Date.now();
    },
  };
}
