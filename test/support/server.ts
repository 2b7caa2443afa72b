import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Config } from '../../src/config';
import { jobHandlers } from '../../src/jobs/handlers';
import { startWorkers } from '../../src/jobs/queue';
import { attachStreamingSockets } from '../../src/modules/social';
import { recoverLeases } from '../../src/modules/commerce';
import { startNode } from '../../src/lib/nodes';
import { createTestApp, type TestApp } from './app';

export type TestServer = TestApp & { url: string; stop(): Promise<void> };

/**
 * The real app listening on 127.0.0.1 (a free port), with its job worker, for browser tests
 * and client libraries that need a socket.
 */
export async function startTestServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  const probe = await createTestApp(overrides);
  const worker = await startWorkers(probe.ctx.database, jobHandlers(probe.ctx), { pollMs: 250 });
  const node = await startNode(probe.ctx.database, { recover: [(dead) => recoverLeases(probe.ctx, dead)] });
  const server = serve({ fetch: probe.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const sockets = attachStreamingSockets(server as Server, probe.ctx);
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  // Links and redirects the app builds must point at this server.
  probe.ctx.config.publicUrl = url;
  return {
    ...probe,
    url,
    async stop() {
      await worker.stop();
      await node.stop();
      sockets.close();
      // Live streams (SSE) keep connections open: end them so close() returns.
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await probe.close();
    },
  };
}
