/**
 * The relay's configuration, read from the environment once, in main.ts (the composition
 * root), and validated: a bad value stops the relay at start with a message naming it.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

const Port = z.coerce.number().int().min(0).max(65535);

export const ConfigSchema = z.object({
  PORT: Port.default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Directory of the built app (web/build); the relay serves it on the same port as sync. */
  STATIC_DIR: z.string().min(1).optional(),
  AUTH_MODE: z.enum(['development']).default('development'),
  /** Development identity ticket; any value works, it only has to match between app and relay. */
  DEV_TICKET: z.string().min(8).default('development-identity'),
  SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL'),
  MAX_FRAME_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(4 * 1024 * 1024),
  LOG_LEVEL: z.enum(['info', 'warn', 'error', 'silent']).default('info'),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  staticDir: string | null;
  authMode: 'development';
  devTicket: string;
  sqliteSynchronous: 'FULL' | 'NORMAL';
  maxFrameBytes: number;
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
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      dataDir: resolve(cwd, e.DATA_DIR),
      staticDir: e.STATIC_DIR ? resolve(cwd, e.STATIC_DIR) : null,
      authMode: e.AUTH_MODE,
      devTicket: e.DEV_TICKET,
      sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
      maxFrameBytes: e.MAX_FRAME_BYTES,
      logLevel: e.LOG_LEVEL,
    },
  };
}
