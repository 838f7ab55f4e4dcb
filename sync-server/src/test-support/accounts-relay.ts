/**
 * A real relay with staff accounts (memory stores, a cheap password hash) on a free port, wired
 * as main.ts wires it: refusals go to the security log, ended sessions and access changes close
 * connections. Plus a crafted client that speaks the multiplexed protocol frame by frame with a
 * real ticket from the sign-in API.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { StaffRole } from '@aligned/shared';
import {
  FRAME,
  SYNC,
  SetupResponse,
  SignedIn,
  decodeFrame,
  encodeFrame,
  messageKind,
  readSyncPayload,
  syncMessage,
  ticketProtocols,
  type Frame,
} from '@aligned/shared/protocol';
import { createAccountService, type AccountService } from '../accounts/account-service.ts';
import type { AccountStore } from '../accounts/account-store.ts';
import { createMemoryAccountStore } from '../accounts/memory-account-store.ts';
import { createScryptHasher } from '../accounts/passwords.ts';
import { wireAccounts } from '../accounts-wiring.ts';
import { createBlobRoutes } from '../api/blob-routes.ts';
import { createDeviceKeyStore, firstRoute } from '../api/device-key-routes.ts';
import type { BlobStore } from '../blobs/blob-store.ts';
import { createMemoryBlobStore } from '../blobs/memory-blob-store.ts';
import { silentLogger } from '../logger.ts';
import { createRelay, type Relay } from '../relay.ts';
import type { HubOptions } from '../sync-hub.ts';
import { createMemoryStorage } from '../storage/memory-storage.ts';
import type { DocStorage } from '../storage/storage.ts';
import { within } from './relay-harness.ts';

export const STAFF_PASSWORD = 'quiet harbor lantern seven';
export const OWNER = {
  name: 'Ana Ruiz',
  login: 'ana@example.com',
  password: 'orange kettle under moonlight',
};

export type ApiAnswer = { status: number; json: Record<string, unknown>; headers: Headers };

export type AccountsRelay = {
  relay: Relay;
  store: AccountStore;
  service: AccountService;
  storage: DocStorage;
  /** Clinical files (REC-1), in memory. */
  blobs: BlobStore;
  base: string;
  owner: SetupResponse;
  api(
    path: string,
    body?: unknown,
    token?: string,
    init?: { method?: string; headers?: Record<string, string> },
  ): Promise<ApiAnswer>;
  /** A member with `role`, signed in (password changed) on `deviceId`. */
  staff(role: StaffRole, login: string, deviceId?: string): Promise<SignedIn>;
  signIn(login: string, deviceId: string, deviceKey?: string): Promise<SignedIn>;
  stop(): Promise<void>;
};

export type AccountsRelayOptions = {
  hub?: Partial<HubOptions>;
  /** Read the client's address from X-Forwarded-For (tests that need an address of their own). */
  trustProxy?: boolean;
  /** Set up the practice and its owner first (default); false leaves the relay fresh. */
  setUp?: boolean;
};

export async function startAccountsRelay(options: AccountsRelayOptions = {}): Promise<AccountsRelay> {
  const store = createMemoryAccountStore();
  const service = createAccountService({ store, hasher: createScryptHasher({ N: 2 ** 10, r: 8, p: 1 }) });
  const storage = createMemoryStorage();
  const blobs = createMemoryBlobStore();
  const wiring = wireAccounts({
    service,
    store,
    hub: () => relay.hub,
    trustProxy: options.trustProxy ?? false,
    deviceKeys: createDeviceKeyStore(storage),
  });
  const relay: Relay = createRelay({
    storage,
    authorizer: wiring.authorizer,
    logger: silentLogger,
    staticDir: null,
    maxFrameBytes: 1024 * 1024,
    authMode: 'accounts',
    routes: firstRoute(
      wiring.routes,
      createBlobRoutes({ authorizer: wiring.authorizer, blobs, onRefused: wiring.onRefused }),
    ),
    hub: { ...options.hub, onRefused: wiring.onRefused },
  });
  const { port } = await relay.listen(0, '127.0.0.1');
  const base = `127.0.0.1:${port}`;

  const api: AccountsRelay['api'] = async (path, body, token, init = {}) => {
    const res = await fetch(`http://${base}${path}`, {
      method: init.method ?? (body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...init.headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown>, headers: res.headers };
  };

  let owner: SetupResponse | null = null;
  if (options.setUp !== false) {
    const setup = await api('/api/setup', {
      practice: { name: 'Bright Smiles', timeZone: 'America/Chicago' },
      location: { name: 'Main office' },
      owner: OWNER,
      deviceId: 'dev_ownerdevice00001',
    });
    if (setup.status !== 200) throw new Error(`setup failed: ${JSON.stringify(setup.json)}`);
    owner = SetupResponse.parse(setup.json);
  }
  const ownerSession = () => {
    if (!owner) throw new Error('this relay was started without setup');
    return owner;
  };

  async function signIn(login: string, deviceId: string, deviceKey?: string): Promise<SignedIn> {
    const answer = await api('/api/sign-in', {
      login,
      password: STAFF_PASSWORD,
      deviceId,
      ...(deviceKey ? { deviceKey } : {}),
    });
    if (answer.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(answer.json)}`);
    return SignedIn.parse(answer.json);
  }

  return {
    relay,
    store,
    service,
    storage,
    blobs,
    base,
    get owner() {
      return ownerSession();
    },
    api,
    signIn,
    async staff(
      role,
      login,
      deviceId = `dev_${login
        .replace(/[^a-z]/g, '')
        .padEnd(16, '0')
        .slice(0, 16)}`,
    ) {
      const created = await api(
        '/api/staff',
        { name: `Staff ${role}`, login, role, method: 'temporary-password' },
        ownerSession().token,
      );
      if (created.status !== 200) throw new Error(`create failed: ${JSON.stringify(created.json)}`);
      const temporary = created.json.temporaryPassword as string;
      const first = await api('/api/sign-in', { login, password: temporary, deviceId });
      const firstSession = SignedIn.parse(first.json);
      const changed = await api(
        '/api/password',
        { current: temporary, next: STAFF_PASSWORD },
        firstSession.token,
      );
      if (changed.status !== 200) throw new Error(`password change failed: ${JSON.stringify(changed.json)}`);
      return { ...SignedIn.parse(changed.json), device: firstSession.device };
    },
    stop: () => relay.close(),
  };
}

/** A client of our own making on the multiplexed endpoint, holding a real ticket. */
export type CraftedClient = {
  ws: WebSocket;
  frames: Frame[];
  opened: Promise<void>;
  /** Sends a sync update (or sync step 2) for a document. */
  update(doc: string, update: Uint8Array, step?: 'update' | 'step2'): void;
  /** Asks for a document's state (sync step 1 from an empty state vector). */
  read(doc: string): void;
  /** Resolves once `count` update-bearing messages for `doc` were handled (STORED counts). */
  handled(doc: string, count: number): Promise<void>;
  refusals(doc?: string): Extract<Frame, { type: typeof FRAME.REFUSED }>[];
  /** The sync step 2 the relay answered a read with, applied to an empty document. */
  received(doc: string): Y.Doc;
  closed: Promise<number>;
};

export function craftedClient(base: string, token: string): CraftedClient {
  const ws = new WebSocket(`ws://${base}/sync`, ticketProtocols(token));
  const frames: Frame[] = [];
  ws.on('message', (data: Buffer) => {
    const outer = decodeFrame(new Uint8Array(data));
    if ('error' in outer) return;
    for (const inner of outer.type === FRAME.BATCH ? outer.frames.map((f) => decodeFrame(f)) : [outer]) {
      if (!('error' in inner)) frames.push(inner);
    }
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => {
      ws.send(encodeFrame({ type: FRAME.HELLO, protocolVersion: 1, cursor: 0 }));
      resolve();
    });
    ws.once('unexpected-response', (_r, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  const storedCount = (doc: string) =>
    Math.max(
      0,
      ...frames
        .filter((f) => f.type === FRAME.STORED && f.doc === doc)
        .map((f) => (f as { count: number }).count),
    );
  return {
    ws,
    frames,
    opened,
    closed,
    update(doc, update, step = 'update') {
      ws.send(
        encodeFrame({
          type: FRAME.DOC,
          doc,
          message: syncMessage(step === 'update' ? SYNC.UPDATE : SYNC.STEP2, update),
        }),
      );
    },
    read(doc) {
      ws.send(encodeFrame({ type: FRAME.DOC, doc, message: syncMessage(SYNC.STEP1, new Uint8Array([0])) }));
    },
    handled: (doc, count) =>
      within(3000, () => storedCount(doc) >= count, `${count} messages for ${doc} handled`),
    refusals: (doc) =>
      frames.filter(
        (f): f is Extract<Frame, { type: typeof FRAME.REFUSED }> =>
          f.type === FRAME.REFUSED && (doc === undefined || f.doc === doc),
      ),
    received(doc) {
      const out = new Y.Doc();
      for (const f of frames) {
        if (f.type !== FRAME.DOC || f.doc !== doc || messageKind(f.message) !== 'sync-step2') continue;
        const payload = readSyncPayload(f.message);
        if (payload) Y.applyUpdate(out, payload);
      }
      return out;
    },
  };
}
