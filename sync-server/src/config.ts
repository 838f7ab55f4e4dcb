/**
 * The relay's configuration, read from the environment once, in main.ts (the composition
 * root), and validated: a bad value stops the relay at start with a message naming it.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_LIMITS, type PeerLimits } from './sync-hub.ts';

const Port = z.coerce.number().int().min(0).max(65535);
const Positive = z.coerce.number().int().min(1);

export const ConfigSchema = z.object({
  PORT: Port.default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Directory of the built app (web/build); the relay serves it on the same port as sync. */
  STATIC_DIR: z.string().min(1).optional(),
  /**
   * `accounts` (default): staff accounts and sessions kept by the relay. `development`: one fixed
   * user and practice, no sign-in. `credentials`: fixed tickets from CREDENTIALS_FILE (tests).
   */
  AUTH_MODE: z.enum(['accounts', 'development', 'credentials']).default('accounts'),
  CREDENTIALS_FILE: z.string().min(1).optional(),
  /** Development identity ticket; any value works, it only has to match between app and relay. */
  DEV_TICKET: z.string().min(8).default('development-identity'),
  /**
   * Browser origins allowed to open the sync socket, comma-separated (`https://app.example.com`).
   * The relay's own origin is always allowed; clients that send no Origin (not browsers) still
   * need credentials.
   */
  ALLOWED_ORIGINS: z.string().default(''),
  /**
   * `1` when the relay sits behind a reverse proxy that sets X-Forwarded-For: sign-in throttling
   * and per-address connection limits then count the client's address, not the proxy's. Leave
   * unset when clients connect directly (they could write the header themselves).
   */
  TRUST_PROXY: z.enum(['0', '1']).default('0'),
  SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL'),
  MAX_FRAME_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(4 * 1024 * 1024),
  MAX_CONNECTIONS_PER_IP: Positive.default(100),
  RATE_MESSAGES_PER_SECOND: Positive.default(DEFAULT_LIMITS.messagesPerSecond),
  RATE_MESSAGE_BURST: Positive.default(DEFAULT_LIMITS.messageBurst),
  RATE_BYTES_PER_SECOND: Positive.default(DEFAULT_LIMITS.bytesPerSecond),
  RATE_BYTE_BURST: Positive.default(DEFAULT_LIMITS.byteBurst),
  HANDSHAKE_TIMEOUT_MS: Positive.default(DEFAULT_LIMITS.handshakeTimeoutMs),
  IDLE_TIMEOUT_MS: Positive.default(DEFAULT_LIMITS.idleTimeoutMs),
  PING_INTERVAL_MS: Positive.default(30_000),
  LOG_LEVEL: z.enum(['info', 'warn', 'error', 'silent']).default('info'),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  staticDir: string | null;
  auth:
    { mode: 'accounts' } | { mode: 'development'; devTicket: string } | { mode: 'credentials'; file: string };
  allowedOrigins: string[];
  trustProxy: boolean;
  sqliteSynchronous: 'FULL' | 'NORMAL';
  maxFrameBytes: number;
  maxConnectionsPerIp: number;
  limits: PeerLimits;
  pingIntervalMs: number;
  logLevel: 'info' | 'warn' | 'error' | 'silent';
};

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

export function loadConfig(env: Record<string, string | undefined>, cwd: string): ConfigResult {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`),
    };
  }
  const e = parsed.data;
  if (e.AUTH_MODE === 'credentials' && !e.CREDENTIALS_FILE) {
    return { ok: false, problems: ['CREDENTIALS_FILE: required when AUTH_MODE=credentials'] };
  }
  const origins = e.ALLOWED_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  const badOrigin = origins.find((o) => !/^https?:\/\/[^/\s]+$/.test(o));
  if (badOrigin)
    return { ok: false, problems: [`ALLOWED_ORIGINS: "${badOrigin}" is not an origin like https://host`] };
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      dataDir: resolve(cwd, e.DATA_DIR),
      staticDir: e.STATIC_DIR ? resolve(cwd, e.STATIC_DIR) : null,
      auth:
        e.AUTH_MODE === 'credentials'
          ? { mode: 'credentials', file: resolve(cwd, e.CREDENTIALS_FILE!) }
          : e.AUTH_MODE === 'development'
            ? { mode: 'development', devTicket: e.DEV_TICKET }
            : { mode: 'accounts' },
      allowedOrigins: origins,
      trustProxy: e.TRUST_PROXY === '1',
      sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
      maxFrameBytes: e.MAX_FRAME_BYTES,
      maxConnectionsPerIp: e.MAX_CONNECTIONS_PER_IP,
      limits: {
        messagesPerSecond: e.RATE_MESSAGES_PER_SECOND,
        messageBurst: e.RATE_MESSAGE_BURST,
        bytesPerSecond: e.RATE_BYTES_PER_SECOND,
        byteBurst: e.RATE_BYTE_BURST,
        handshakeTimeoutMs: e.HANDSHAKE_TIMEOUT_MS,
        idleTimeoutMs: e.IDLE_TIMEOUT_MS,
      },
      pingIntervalMs: e.PING_INTERVAL_MS,
      logLevel: e.LOG_LEVEL,
    },
  };
}
