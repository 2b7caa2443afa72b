/**
 * Test helpers for federation: a remote server's inboxes that record what our server delivers,
 * with who signed it (Fedify's verifyRequest, which fetches our actor's key over HTTP).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyRequest } from '@fedify/fedify';
import { getDocumentLoader } from '@fedify/vocab-runtime';

/** Fedify's document loader allowed onto loopback addresses (test instances). */
export const documentLoader = getDocumentLoader({ allowPrivateAddress: true });

export type Received = { path: string; json: Record<string, unknown>; signer: string | null };

/** A remote server's inboxes: records every POST with who signed it. */
export async function recordingInbox(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const { port } = server.address() as AddressInfo;
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    const request = new Request(`http://127.0.0.1:${port}${req.url}`, { method: req.method, headers, body });
    const key = await verifyRequest(request, { documentLoader, contextLoader: documentLoader }).catch(() => null);
    received.push({
      path: req.url ?? '',
      json: JSON.parse(body.toString() || '{}'),
      signer: key?.ownerId?.href ?? null,
    });
    res.writeHead(202).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
