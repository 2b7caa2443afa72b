import pino from 'pino';

/** The app's structured logger (pino), one per running app, on the context. */
export type Log = pino.Logger;

export const createLog = (level: string): Log => pino({ level });
