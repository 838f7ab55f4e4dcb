/**
 * The relay: one HTTP server on one port that serves the built app, `/healthz`, `/metrics`,
 * `/api/session`, the multiplexed sync WebSocket at `/sync` and stock y-websocket connections
 * at `/sync/doc/<document name>`. Collaborators come in as arguments; nothing here reads the
 * environment (main.ts does).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CLOSE, SYNC_SUBPROTOCOL } from '@aligned/shared/protocol';
import type { Authorizer } from './auth/authorizer.ts';
import type { Logger } from './logger.ts';
import { createStaticHandler } from './static-files.ts';
import type { DocStorage } from './storage/storage.ts';
import { renderMetrics, type RateSample } from './metrics.ts';
import { createSyncHub, type HubOptions, type Peer, type SyncHub } from './sync-hub.ts';

export type RelayOptions = {
  storage: DocStorage;
  authorizer: Authorizer;
  logger: Logger;
  /** Built app to serve; null serves only the API and sync endpoint. */
  staticDir: string | null;
  maxFrameBytes: number;
  hub?: Omit<HubOptions, 'storage' | 'logger'>;
  /** Keepalive ping interval; a socket that misses a pong is closed. */
  pingIntervalMs?: number;
  /** Browser origins allowed besides the relay's own. */
  allowedOrigins?: readonly string[];
  maxConnectionsPerIp?: number;
  /** Extra `/api/...` handlers (the account API); return true when handled. */
  routes?: (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<boolean>;
  /** Told to the app by `GET /api/auth` when no route answers it. */
  authMode?: 'accounts' | 'development' | 'credentials';
  /** Behind a reverse proxy: read the client's address from `X-Forwarded-For` (see clientAddress). */
  trustProxy?: boolean;
};

export type Relay = {
  hub: SyncHub;
  server: Server;
  listen(port: number, host?: string): Promise<AddressInfo>;
  close(): Promise<void>;
};

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

/**
 * The address a request comes from: the socket's, or behind a trusted reverse proxy the last
 * `X-Forwarded-For` entry (the one the proxy itself added; earlier entries are the client's say).
 */
export function clientAddress(req: IncomingMessage, trustProxy = false): string {
  if (trustProxy) {
    const header = req.headers['x-forwarded-for'];
    const last = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').at(-1)?.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function createRelay(options: RelayOptions): Relay {
  const { storage, authorizer, logger } = options;
  const hub = createSyncHub({ storage, logger, ...options.hub });
  const serveStatic = options.staticDir ? createStaticHandler(options.staticDir, SECURITY_HEADERS) : null;
  const sockets = new Set<WebSocket>();
  const connectionsByIp = new Map<string, number>();
  const maxPerIp = options.maxConnectionsPerIp ?? 100;
  let lastSample: RateSample | null = null;
  let currentSample: RateSample = { at: Date.now(), framesIn: 0, bytesIn: 0 };
  const sampler = setInterval(() => {
    const { framesIn, bytesIn } = hub.stats();
    lastSample = currentSample;
    currentSample = { at: Date.now(), framesIn, bytesIn };
  }, 5_000);
  sampler.unref();

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.statusCode = status;
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.end(JSON.stringify(body));
  };

  async function handleRequest(req: IncomingMessage, res: ServerResponse) {
    const pathname = new URL(req.url ?? '/', 'http://relay.invalid').pathname;
    if (pathname === '/healthz') return json(res, 200, { status: 'ok' });
    if (pathname === '/metrics') {
      const cpu = process.cpuUsage();
      res.statusCode = 200;
      res.setHeader('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      return res.end(
        renderMetrics({
          stats: hub.stats(),
          previous: lastSample,
          now: Date.now(),
          process: {
            rssBytes: process.memoryUsage.rss(),
            cpuSeconds: (cpu.user + cpu.system) / 1e6,
            uptimeSeconds: process.uptime(),
          },
        }),
      );
    }
    if (pathname.startsWith('/api/') && STATE_CHANGING.has(req.method ?? 'GET')) {
      // AUTH-4: a page on another site can send a form or a text/plain fetch without asking
      // first; it cannot send JSON without a CORS preflight this relay never grants, nor hide
      // its Origin. So state changes must be JSON and, when a browser says where from, from here.
      if (!originAllowed(req)) {
        logger.warn('refused request', { path: pathname, reason: 'origin' });
        return json(res, 403, { error: 'forbidden', problem: 'Requests from other sites are refused.' });
      }
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      // File chunks are bytes; octet-stream, like JSON, cannot be sent cross-site without a preflight.
      const bytesAllowed = pathname.startsWith('/api/blobs/') && type === 'application/octet-stream';
      if (type !== 'application/json' && !bytesAllowed) {
        return json(res, 415, {
          error: 'bad-request',
          problem: 'Send JSON (Content-Type: application/json).',
        });
      }
    }
    if (pathname.startsWith('/api/') && options.routes && (await options.routes(req, res, pathname))) return;
    if (pathname === '/api/auth')
      return json(res, 200, { mode: options.authMode ?? 'development', setupNeeded: false });
    if (pathname === '/api/session') {
      const session = await authorizer.session(req);
      return session ? json(res, 200, session) : json(res, 401, { error: 'sign-in required' });
    }
    if (pathname.startsWith('/api/')) return json(res, 404, { error: 'not found' });
    if (serveStatic?.(req, res)) return;
    json(res, 404, { error: 'not found' });
  }

  const server = createServer((req, res) => {
    handleRequest(req, res).catch((error) => {
      logger.error('request failed', { path: req.url?.split('?')[0], error: String(error) });
      if (!res.headersSent) json(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxFrameBytes,
    perMessageDeflate: false,
    // A browser offers the ticket as a subprotocol entry; the answer names only `aligned.sync`.
    handleProtocols: (protocols) => (protocols.has(SYNC_SUBPROTOCOL) ? SYNC_SUBPROTOCOL : false),
  });
  wss.on('error', (error) => logger.error('websocket server error', { error: String(error) }));

  const refuseUpgrade = (socket: Duplex, status: number, text: string) => {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  function originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    // Browsers always send Origin on a WebSocket upgrade; other clients need credentials anyway.
    if (!origin) return true;
    const host = req.headers.host;
    return (
      origin === `http://${host}` ||
      origin === `https://${host}` ||
      (options.allowedOrigins ?? []).includes(origin)
    );
  }

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const pathname = new URL(req.url ?? '/', 'http://relay.invalid').pathname;
    const docPrefix = '/sync/doc/';
    let docName: string | null = null;
    if (pathname.startsWith(docPrefix)) {
      try {
        docName = decodeURIComponent(pathname.slice(docPrefix.length));
      } catch {
        return refuseUpgrade(socket, 400, 'Bad Request');
      }
    } else if (pathname !== '/sync') {
      return refuseUpgrade(socket, 404, 'Not Found');
    }
    if (!originAllowed(req)) {
      logger.warn('refused connection', { reason: 'origin' });
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    const ip = clientAddress(req, options.trustProxy);
    if ((connectionsByIp.get(ip) ?? 0) >= maxPerIp) {
      logger.warn('refused connection', { reason: 'connections per address' });
      return refuseUpgrade(socket, 429, 'Too Many Requests');
    }
    authorizer
      .authenticate(req)
      .then((principal) => {
        if (!principal) {
          logger.warn('refused connection', { reason: 'unauthenticated' });
          return refuseUpgrade(socket, 401, 'Unauthorized');
        }
        if ((connectionsByIp.get(ip) ?? 0) >= maxPerIp)
          return refuseUpgrade(socket, 429, 'Too Many Requests');
        connectionsByIp.set(ip, (connectionsByIp.get(ip) ?? 0) + 1);
        wss.handleUpgrade(req, socket, head, (ws) => {
          sockets.add(ws);
          ws.binaryType = 'nodebuffer';
          let alive = true;
          const sink = {
            send: (bytes: Uint8Array) => {
              if (ws.readyState === ws.OPEN) ws.send(bytes);
            },
            close: (code: number, reason: string) => ws.close(code, reason),
          };
          const peer: Peer =
            docName === null ? hub.connect(principal, sink) : hub.connectDoc(principal, docName, sink);
          ws.on('pong', () => (alive = true));
          const ping = setInterval(() => {
            if (!alive) return ws.terminate();
            alive = false;
            ws.ping();
          }, options.pingIntervalMs ?? 30_000);
          ws.on('message', (data, isBinary) => {
            if (!isBinary) return ws.close(CLOSE.PROTOCOL_ERROR, 'binary frames only');
            const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
            peer.receive(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
          });
          ws.on('close', () => {
            clearInterval(ping);
            sockets.delete(ws);
            const left = (connectionsByIp.get(ip) ?? 1) - 1;
            if (left > 0) connectionsByIp.set(ip, left);
            else connectionsByIp.delete(ip);
            peer.disconnect();
          });
          // Malformed frames (bad RSV bits, invalid UTF-8, oversized) surface here; without this
          // listener one bad client would crash the process (an `error` event with no listener throws).
          ws.on('error', (error) => {
            logger.warn('socket error', { user: principal.userId, error: error.message });
            ws.terminate();
          });
        });
      })
      .catch((error) => {
        logger.error('authentication failed', { error: String(error) });
        refuseUpgrade(socket, 500, 'Internal Server Error');
      });
  });

  return {
    hub,
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    async close() {
      clearInterval(sampler);
      await hub.close();
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await storage.close();
    },
  };
}
