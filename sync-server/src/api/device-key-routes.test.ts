/**
 * The device escrow key over real HTTP (CRYPT-6): one key per practice and device, made on the
 * first request, the same afterwards, only for a valid session of that device and only with the
 * token in a header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SetupResponse, SignedIn } from '@aligned/shared/protocol';
import { createAccountService, type AccountService } from '../accounts/account-service.ts';
import { createMemoryAccountStore } from '../accounts/memory-account-store.ts';
import { createScryptHasher } from '../accounts/passwords.ts';
import { createAccountsAuthorizer } from '../auth/accounts-authorizer.ts';
import { silentLogger } from '../logger.ts';
import { createRelay, type Relay } from '../relay.ts';
import { createMemoryStorage } from '../storage/memory-storage.ts';
import { createAccountRoutes } from './account-routes.ts';
import {
  createDeviceKeyRoutes,
  createDeviceKeyStore,
  firstRoute,
  type DeviceKeyStore,
} from './device-key-routes.ts';

const DEVICE = 'dev_escrowtest000001';
const OTHER_DEVICE = 'dev_escrowtest000002';
const OWNER = { name: 'Ana Ruiz', login: 'ana@example.com', password: 'orange kettle under moonlight' };
let relay: Relay;
let base: string;
let service: AccountService;
let keys: DeviceKeyStore;
let owner: SetupResponse;

beforeAll(async () => {
  service = createAccountService({
    store: createMemoryAccountStore(),
    hasher: createScryptHasher({ N: 2 ** 10, r: 8, p: 1 }),
  });
  const storage = createMemoryStorage();
  keys = createDeviceKeyStore(storage);
  relay = createRelay({
    storage,
    authorizer: createAccountsAuthorizer(service),
    logger: silentLogger,
    staticDir: null,
    maxFrameBytes: 1024 * 1024,
    authMode: 'accounts',
    routes: firstRoute(
      createAccountRoutes({
        service,
        mode: 'accounts',
        closeSessions: () => undefined,
        accessChanged: () => undefined,
        addressOf: () => '127.0.0.1',
      }),
      createDeviceKeyRoutes({
        keys,
        authenticate: async (token) => {
          const result = await service.authenticate(token);
          return result.ok
            ? { practiceId: result.value.account.practiceId, deviceId: result.value.session.deviceId }
            : null;
        },
      }),
    ),
  });
  const { port } = await relay.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
  const setup = await fetch(`${base}/api/setup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      practice: { name: 'Escrow Ortho', timeZone: 'America/Chicago' },
      location: { name: 'Main office' },
      owner: OWNER,
      deviceId: DEVICE,
    }),
  });
  owner = SetupResponse.parse(await setup.json());
  if (owner.device?.key) deviceSecrets.set(owner.device.id, owner.device.key);
});

afterAll(async () => {
  await relay.close();
});

async function deviceKey(token: string | null, init: { method?: string; inUrl?: boolean } = {}) {
  const url = `${base}/api/device-key${init.inUrl && token ? `?ticket=${token}` : ''}`;
  const res = await fetch(url, {
    method: init.method ?? 'POST',
    headers: {
      ...(token && !init.inUrl ? { Authorization: `Bearer ${token}` } : {}),
      ...(init.method === 'GET' ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(init.method === 'GET' ? {} : { body: '{}' }),
  });
  return { status: res.status, json: (await res.json()) as { deviceId?: string; key?: string } };
}

/** Device secrets the relay handed out (PERM-2): a device that signs in again presents its own. */
const deviceSecrets = new Map<string, string>();

async function signIn(deviceId: string): Promise<SignedIn> {
  const deviceKey = deviceSecrets.get(deviceId);
  const res = await fetch(`${base}/api/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      login: OWNER.login,
      password: OWNER.password,
      deviceId,
      ...(deviceKey ? { deviceKey } : {}),
    }),
  });
  const signedIn = SignedIn.parse(await res.json());
  if (signedIn.device?.key) deviceSecrets.set(signedIn.device.id, signedIn.device.key);
  return signedIn;
}

describe('device escrow key', () => {
  it('CRYPT-6: a session gets its device’s key, 32 random bytes, the same each time', async () => {
    const first = await deviceKey(owner.token);
    expect(first.status).toBe(200);
    expect(first.json.deviceId).toBe(DEVICE);
    expect(Buffer.from(first.json.key!, 'base64url')).toHaveLength(32);
    const again = await deviceKey((await signIn(DEVICE)).token);
    expect(again.json.key).toBe(first.json.key);
  });

  it('CRYPT-6: another device of the same person gets another key', async () => {
    const mine = await deviceKey(owner.token);
    const other = await deviceKey((await signIn(OTHER_DEVICE)).token);
    expect(other.json.deviceId).toBe(OTHER_DEVICE);
    expect(other.json.key).not.toBe(mine.json.key);
  });

  it('CRYPT-6: no session, a bad token, a token in the URL or a GET get no key', async () => {
    expect((await deviceKey(null)).status).toBe(401);
    expect((await deviceKey('not-a-token')).status).toBe(401);
    const inUrl = await deviceKey(owner.token, { inUrl: true });
    expect(inUrl.status).toBe(401);
    expect(inUrl.json.key).toBeUndefined();
    expect((await deviceKey(owner.token, { method: 'GET' })).status).toBe(405);
  });

  it('CRYPT-6: a forgotten device’s key is never handed out again', async () => {
    const token = (await signIn('dev_escrowtest000003')).token;
    const before = await deviceKey(token);
    await keys.forget(owner.practiceId, 'dev_escrowtest000003');
    const after = await deviceKey(token);
    expect(after.status).toBe(200);
    expect(after.json.key).not.toBe(before.json.key);
  });

  it('CRYPT-6: two first requests at once agree on one key', async () => {
    const token = (await signIn('dev_escrowtest000004')).token;
    const [a, b] = await Promise.all([deviceKey(token), deviceKey(token)]);
    expect(a.json.key).toBe(b.json.key);
  });
});
