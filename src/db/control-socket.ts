/**
 * The running server's door for `npm run backup` on the embedded database: only the process that
 * holds the PGlite folder can copy it consistently, so it listens on a Unix socket in the data
 * folder (`control.sock`, mode 0600: only the server's own user may connect) and answers one
 * request, `{"command":"dump"}`, with a JSON line `{"ok":true,"size":N}` then N bytes of the
 * database's folder as a gzipped tar. Nothing else is offered, and nothing listens on a network.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Database } from './client';

export const CONTROL_SOCKET = 'control.sock';

export type ControlSocket = { close(): Promise<void> };

type Log = { warn(obj: object, msg: string): void; info?(obj: object, msg: string): void };

/** Starts listening (embedded database only); a socket left by a dead server is replaced, as we hold the lock. */
export async function startControlSocket(dataDir: string, database: Database, log: Log): Promise<ControlSocket | null> {
  const dump = database.dumpDataDir;
  if (!dump) return null;
  const file = path.join(dataDir, CONTROL_SOCKET);
  fs.rmSync(file, { force: true });
  const server = net.createServer((socket) => {
    let request = '';
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => {
      request += chunk;
      if (request.length > 1024) return socket.destroy();
      if (!request.includes('\n')) return;
      socket.removeAllListeners('data');
      let command: unknown;
      try {
        command = (JSON.parse(request.slice(0, request.indexOf('\n'))) as { command?: unknown }).command;
      } catch {
        command = undefined;
      }
      if (command !== 'dump') return void socket.end(`${JSON.stringify({ ok: false, error: 'unknown command' })}\n`);
      dump()
        .then(async (blob) => {
          const bytes = Buffer.from(await blob.arrayBuffer());
          socket.write(`${JSON.stringify({ ok: true, size: bytes.length })}\n`);
          socket.end(bytes);
        })
        .catch((err: unknown) => {
          log.warn({ err }, 'backup dump failed');
          socket.end(`${JSON.stringify({ ok: false, error: String((err as Error)?.message ?? err) })}\n`);
        });
    });
  });
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', (err) => {
      // A folder path too long for a socket name, a read-only folder: the server runs without it.
      log.warn({ err }, 'no control socket: `npm run backup` needs the server stopped');
      resolve(false);
    });
    server.listen(file, () => resolve(true));
  });
  if (!listening) return null;
  fs.chmodSync(file, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        fs.rmSync(file, { force: true });
      }),
  };
}

/**
 * Asks the server holding `dataDir` for a dump: the bytes, or null when no server listens there
 * (no socket, or one left by a server that died).
 */
export async function requestDump(dataDir: string): Promise<Buffer | null> {
  const file = path.join(dataDir, CONTROL_SOCKET);
  if (!fs.existsSync(file)) return null;
  return new Promise<Buffer | null>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.createConnection(file);
    socket.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED' || err.code === 'ENOENT') resolve(null);
      else reject(err);
    });
    socket.on('connect', () => socket.write(`${JSON.stringify({ command: 'dump' })}\n`));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => {
      const all = Buffer.concat(chunks);
      const newline = all.indexOf(10);
      if (newline < 0) return reject(new Error('The server closed the control socket without answering'));
      const answer = JSON.parse(all.subarray(0, newline).toString('utf8')) as {
        ok: boolean;
        size?: number;
        error?: string;
      };
      if (!answer.ok) return reject(new Error(`The server could not make the dump: ${answer.error}`));
      const bytes = all.subarray(newline + 1);
      if (bytes.length !== answer.size) return reject(new Error('The dump from the server arrived incomplete'));
      resolve(bytes);
    });
  });
}

/**
 * Whether a server answers on the folder's control socket, without asking it for anything: a
 * socket file left by a server that died refuses the connection. Any other failure (another
 * user's socket) counts as a server there.
 */
export function controlSocketAnswers(dataDir: string): Promise<boolean> {
  const file = path.join(dataDir, CONTROL_SOCKET);
  if (!fs.existsSync(file)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = net.createConnection(file);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code !== 'ECONNREFUSED' && err.code !== 'ENOENT'));
  });
}
