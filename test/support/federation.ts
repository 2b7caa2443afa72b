import type { Config } from '../../src/config';
import { startTestServer, type TestServer } from './server';
import { WAIT_LIMIT_MS } from './wait';

/**
 * Two Comptoir instances on two loopback ports, allowed to federate over plain HTTP
 * (COMPTOIR_FEDERATION_ALLOW_PRIVATE, development and tests only), each with its job workers.
 * Handles are `name@127.0.0.1:PORT`.
 */
export async function startTwoInstances(overrides: Partial<Config> = {}): Promise<[TestServer, TestServer]> {
  const settings = { federation: true, federationAllowPrivate: true, ...overrides };
  return Promise.all([startTestServer(settings), startTestServer(settings)]);
}

/** The fediverse handle of a local account of this instance: `name@127.0.0.1:PORT`. */
export const handleOn = (server: TestServer, username: string) => `${username}@${new URL(server.url).host}`;

/**
 * Waits until `probe` returns something truthy, checking every 50 ms (deliveries are jobs:
 * when they land depends on the machine, not on a fixed time). Gives up after `limitMs`.
 */
export async function eventually<T>(
  probe: () => Promise<T | null | undefined | false>,
  limitMs = WAIT_LIMIT_MS,
): Promise<T> {
  const until = Date.now() + limitMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > until) throw new Error('The expected state was not reached');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
