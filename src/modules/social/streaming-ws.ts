/**
 * Mastodon's streaming API over WebSocket (`wss://host/api/v1/streaming`), the way Mastodon
 * clients use it: one socket, many streams. The token comes as `?access_token=` or as the
 * `Sec-WebSocket-Protocol`; `?stream=` (and `&tag=`) subscribes at once; the client then sends
 * `{"type": "subscribe" | "unsubscribe", "stream": "hashtag", "tag": "soldes"}`. Every message is
 * `{"stream": ["hashtag", "soldes"], "event": "update", "payload": "<JSON text>"}`, made by the
 * same rules as the SSE streams (streamHandler); a bad request is `{"error", "status"}`.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AppContext } from '../../context';
import { isDatabaseUnreachable } from '../../db/client';
import { AppError } from '../../http/errors';
import { databaseUnavailable } from '../../lib/errors';
import { liveConnectionOpened } from '../../lib/metrics';
import { followEvents, HEARTBEAT_MS, parseStream, streamHandler, type Stream, type StreamMessage } from './streaming';

const PATHS = new Set(['/api/v1/streaming', '/api/v1/streaming/']);
const MAX_STREAMS_PER_SOCKET = 50;
/** Control messages are a few dozen bytes; anything near this is not a client speaking the protocol. */
const MAX_MESSAGE_BYTES = 4096;

type Viewer = { accountId: string | null };

/** Turns the server's WebSocket upgrades on /api/v1/streaming into streaming sockets. */
export function attachStreamingSockets(server: Pick<Server, 'on'>, ctx: AppContext) {
  // The token may travel as the subprotocol: the handshake must then name it back.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => [...protocols][0] ?? false,
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!PATHS.has(url.pathname)) return refuse(socket, 404, 'No such stream endpoint');
    viewerOf(ctx, req, url).then(
      (viewer) => wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ctx, ws, viewer, url)),
      (thrown: unknown) => {
        // The database out of reach (a restart): the client may retry in a moment.
        const error = isDatabaseUnreachable(thrown) ? databaseUnavailable() : thrown;
        refuse(
          socket,
          error instanceof AppError ? error.status : 500,
          error instanceof AppError ? error.message : 'Internal error',
        );
      },
    );
  });
  return { close: () => wss.close() };
}

function refuse(socket: Duplex, status: number, message: string) {
  const body = JSON.stringify({ error: message });
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : status === 404 ? 'Not Found' : 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

async function viewerOf(ctx: AppContext, req: IncomingMessage, url: URL): Promise<Viewer> {
  const bearer = /^bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const token =
    bearer ?? url.searchParams.get('access_token') ?? req.headers['sec-websocket-protocol']?.split(',')[0]?.trim();
  if (!token) return { accountId: null };
  const info = await ctx.tokens.submit(token);
  if (!info) throw new AppError(401, 'invalid_token', 'The access token is invalid');
  if (!info.scopes.split(' ').some((s) => s === 'read' || s.startsWith('read:')))
    throw new AppError(403, 'insufficient_scope', 'Streaming needs the read scope');
  return { accountId: info.accountId };
}

function serveSocket(ctx: AppContext, ws: WebSocket, viewer: Viewer, url: URL) {
  const streams = new Map<string, { stream: Stream; handle: Awaited<ReturnType<typeof streamHandler>> }>();
  const nameOf = (s: Stream) => (s.tag ? [s.name, s.tag] : [s.name]);
  const send = (message: object) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const fail = (thrown: unknown) => {
    const error = isDatabaseUnreachable(thrown) ? databaseUnavailable() : thrown;
    send({
      error: error instanceof AppError ? error.message : 'Internal error',
      status: error instanceof AppError ? error.status : 500,
    });
  };

  type Request = { stream?: unknown; tag?: unknown; list?: unknown };
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const parse = (r: Request) => parseStream(text(r.stream), { tag: text(r.tag), list: text(r.list) });
  const subscribe = async (r: Request) => {
    try {
      const stream = parse(r);
      const key = JSON.stringify(nameOf(stream));
      if (streams.has(key)) return;
      if (streams.size >= MAX_STREAMS_PER_SOCKET)
        throw new AppError(400, 'too_many_streams', `At most ${MAX_STREAMS_PER_SOCKET} streams per connection`);
      const handle = await streamHandler(ctx, viewer.accountId, stream);
      streams.set(key, { stream, handle });
    } catch (error) {
      fail(error);
    }
  };
  const unsubscribe = (r: Request) => {
    try {
      streams.delete(JSON.stringify(nameOf(parse(r))));
    } catch (error) {
      fail(error);
    }
  };

  const q = url.searchParams;
  if (q.get('stream'))
    void subscribe({ stream: q.get('stream'), tag: q.get('tag') ?? undefined, list: q.get('list') ?? undefined });
  ws.on('message', (data) => {
    let message: Request & { type?: unknown };
    try {
      message = JSON.parse(String(data));
    } catch {
      return fail(new AppError(400, 'invalid_json', 'Messages are JSON: {"type": "subscribe", "stream": "user"}'));
    }
    if (message?.type === 'subscribe') void subscribe(message);
    else if (message?.type === 'unsubscribe') unsubscribe(message);
    else fail(new AppError(400, 'invalid_message', 'type is subscribe or unsubscribe'));
  });

  const stop = followEvents(
    ctx,
    () => ws.readyState === ws.OPEN,
    async (event) => {
      for (const { stream, handle } of [...streams.values()]) {
        const message: StreamMessage | null = await handle(event).catch(() => null);
        if (message) send({ stream: nameOf(stream), event: message.event, payload: message.payload });
      }
    },
  );
  // Pings keep proxies from closing a quiet socket; clients answer them by themselves.
  const heartbeat = setInterval(() => ws.readyState === ws.OPEN && ws.ping(), HEARTBEAT_MS);
  const closed = liveConnectionOpened('websocket');
  ws.on('close', () => {
    clearInterval(heartbeat);
    stop();
    closed();
  });
  ws.on('error', () => ws.terminate());
}
