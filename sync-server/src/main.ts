/**
 * Composition root: the only place that reads the environment. Validates configuration,
 * opens storage under DATA_DIR, chooses the authorizer, starts the relay and shuts it down
 * cleanly on SIGINT/SIGTERM.
 */
import { join } from 'node:path';
import { newId } from '@aligned/shared';
import { createAccountService } from './accounts/account-service.ts';
import { createScryptHasher } from './accounts/passwords.ts';
import { createSqliteAccountStore } from './accounts/sqlite-account-store.ts';
import { wireAccounts } from './accounts-wiring.ts';
import { createBlobRoutes } from './api/blob-routes.ts';
import { createDeviceKeyStore, firstRoute } from './api/device-key-routes.ts';
import { createFileBlobStore } from './blobs/file-blob-store.ts';
import type { Authorizer } from './auth/authorizer.ts';
import { createCredentialsAuthorizer, loadCredentials } from './auth/credentials-authorizer.ts';
import { createDevAuthorizer } from './auth/dev-authorizer.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { createRelay, type Relay, type RelayOptions } from './relay.ts';
import type { HubOptions } from './sync-hub.ts';
import { createSqliteStorage } from './storage/sqlite-storage.ts';

const loaded = loadConfig(process.env, process.cwd());
if (!loaded.ok) {
  console.error(`Aligned relay: invalid configuration\n  ${loaded.problems.join('\n  ')}`);
  process.exit(2);
}
const config = loaded.config;
const logger = createLogger(config.logLevel);
const storage = createSqliteStorage({
  file: join(config.dataDir, 'aligned.db'),
  synchronous: config.sqliteSynchronous,
});

type AuthSetup = {
  authorizer: Authorizer;
  routes?: NonNullable<RelayOptions['routes']>;
  onRefused?: NonNullable<HubOptions['onRefused']>;
};

async function chooseAuth(): Promise<AuthSetup> {
  if (config.auth.mode === 'accounts') {
    const store = createSqliteAccountStore(storage.db);
    const service = createAccountService({ store, hasher: createScryptHasher() });
    return wireAccounts({
      service,
      store,
      hub: () => relay.hub,
      trustProxy: config.trustProxy,
      // Each device's wrapped data key lives beside the accounts (CRYPT): same sign-in, same store.
      deviceKeys: createDeviceKeyStore(storage),
    });
  }
  return { authorizer: await chooseFixedAuthorizer() };
}

async function chooseFixedAuthorizer(): Promise<Authorizer> {
  if (config.auth.mode === 'credentials') {
    const loaded = loadCredentials(config.auth.file);
    if (!loaded.ok) {
      console.error(`Aligned relay: ${loaded.problem}`);
      process.exit(2);
    }
    return createCredentialsAuthorizer(loaded.credentials);
  }
  // The development identity works with one practice, created on first run and kept in storage.
  let practiceId = await storage.getSetting('dev.practiceId');
  if (!practiceId) {
    practiceId = newId('practice');
    await storage.setSetting('dev.practiceId', practiceId);
  }
  return createDevAuthorizer({
    practiceId,
    ticket: config.auth.mode === 'development' ? config.auth.devTicket : '',
  });
}
const auth = await chooseAuth();
// Clinical files beside the database, in the data folder (REC-1); same sign-in as sync.
const blobRoutes = createBlobRoutes({
  authorizer: auth.authorizer,
  blobs: createFileBlobStore(join(config.dataDir, 'blobs')),
  ...(auth.onRefused ? { onRefused: auth.onRefused } : {}),
});

const relay: Relay = createRelay({
  storage,
  authorizer: auth.authorizer,
  authMode: config.auth.mode,
  routes: auth.routes ? firstRoute(auth.routes, blobRoutes) : blobRoutes,
  logger,
  staticDir: config.staticDir,
  maxFrameBytes: config.maxFrameBytes,
  allowedOrigins: config.allowedOrigins,
  trustProxy: config.trustProxy,
  maxConnectionsPerIp: config.maxConnectionsPerIp,
  pingIntervalMs: config.pingIntervalMs,
  hub: { limits: config.limits, ...(auth.onRefused ? { onRefused: auth.onRefused } : {}) },
});
const address = await relay.listen(config.port, config.host);
logger.info('relay listening', {
  port: address.port,
  dataDir: config.dataDir,
  serving: config.staticDir ? 'app and sync' : 'sync only',
  identity: config.auth.mode,
});
if (process.send) process.send({ ready: true, port: address.port });

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info('relay stopping', { signal });
    relay
      .close()
      .then(() => process.exit(0))
      .catch((error) => {
        logger.error('shutdown failed', { error: String(error) });
        process.exit(1);
      });
  });
}
