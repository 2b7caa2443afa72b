import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * What the code running for one HTTP request may need to know about it without having it passed
 * down through every call: its id (logs carry it, the reply returns it as `X-Request-Id`) and
 * whether its reads must see the primary database (read-your-writes; see db/replica.ts).
 * Outside a request (jobs, start-up, scripts) there is no scope and every read goes to the primary.
 */
export type RequestScope = {
  requestId: string;
  /** The viewer wrote something recently: stale replica reads would hide it from them. */
  primaryReads: boolean;
};

const storage = new AsyncLocalStorage<RequestScope>();

export function currentRequest(): RequestScope | undefined {
  return storage.getStore();
}

export function runInRequest<T>(scope: RequestScope, work: () => T): T {
  return storage.run(scope, work);
}

/** A client's own id is kept when it is short and plain (a proxy's id ties both logs together). */
export function requestIdFrom(header: string | undefined): string {
  return header && /^[A-Za-z0-9._:-]{1,64}$/.test(header) ? header : randomUUID();
}
