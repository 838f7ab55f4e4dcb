/**
 * Staff accounts at the relay, over real HTTP and WebSockets: setup is offered once, sign-in
 * throttling that never locks, a JSON-only account API that checks Origin and never reads a ticket
 * from a URL, role enforcement per document (a front-desk user forcing a write to contract terms
 * through a crafted client is refused and the refusal is logged), practice isolation, revocation
 * and role changes reaching live connections at once, and the second factor over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docName, patientsDocName } from '@aligned/shared';
import {
  CLOSE,
  FRAME,
  REFUSAL,
  SYNC,
  SetupResponse,
  SignedIn,
  encodeFrame,
  syncMessage,
} from '@aligned/shared/protocol';
import { base32Decode, hotp, totpStep } from './accounts/totp.ts';
import {
  OWNER,
  STAFF_PASSWORD,
  craftedClient,
  startAccountsRelay,
  type AccountsRelay,
} from './test-support/accounts-relay.ts';
import { closeCode, within } from './test-support/relay-harness.ts';

const DEVICE = 'dev_accountstest0001';
let r: AccountsRelay;
let base: string;
let owner: SetupResponse;

beforeAll(async () => {
  // As behind a proxy, so the throttling test can come from an address of its own.
  r = await startAccountsRelay({ setUp: false, trustProxy: true });
  base = r.base;
});

afterAll(async () => {
  await r.stop();
});

/** Every request as JSON (as the app sends), with optional other headers. */
const api = (
  path: string,
  body?: unknown,
  token?: string,
  method?: string,
  headers: Record<string, string> = {},
) =>
  r.api(path, body, token, {
    ...(method ? { method } : {}),
    headers: { 'Content-Type': 'application/json', ...headers },
  });

async function staff(role: string, login: string): Promise<SignedIn> {
  const created = await api(
    '/api/staff',
    { name: `Staff ${role}`, login, role, method: 'temporary-password' },
    owner.token,
  );
  expect(created.status).toBe(200);
  const temporary = created.json.temporaryPassword as string;
  const first = SignedIn.parse(
    (await api('/api/sign-in', { login, password: temporary, deviceId: DEVICE })).json,
  );
  expect(first.mustChangePassword).toBe(true);
  const next = STAFF_PASSWORD;
  const changed = await api('/api/password', { current: temporary, next }, first.token);
  expect(changed.status).toBe(200);
  return SignedIn.parse(changed.json);
}

const socket = (token: string) => craftedClient(base, token);

describe('staff accounts at the relay', () => {
  it('offers setup once, then only sign-in', async () => {
    expect((await api('/api/auth')).json).toEqual({ mode: 'accounts', setupNeeded: true });
    const setup = await api('/api/setup', {
      practice: { name: 'Bright Smiles', timeZone: 'America/Chicago' },
      location: { name: 'Main office' },
      owner: OWNER,
      deviceId: DEVICE,
    });
    expect(setup.status).toBe(200);
    owner = SetupResponse.parse(setup.json);
    expect(owner.user.role).toBe('owner');
    expect(owner.recoveryCode.length).toBeGreaterThan(20);
    expect((await api('/api/auth')).json).toEqual({ mode: 'accounts', setupNeeded: false });
    const again = await api('/api/setup', {
      practice: { name: 'Other', timeZone: 'America/Chicago' },
      location: { name: 'X' },
      owner: { ...OWNER, login: 'other@example.com' },
      deviceId: DEVICE,
    });
    expect(again.status).toBe(409);
  });

  it('refuses weak passwords with a reason', async () => {
    const weak = await api(
      '/api/staff',
      { name: 'Weak', login: 'weak@example.com', role: 'billing', method: 'invite' },
      owner.token,
    );
    expect(weak.status).toBe(200);
    const invite = (weak.json.invite as { token: string }).token;
    const accept = await api('/api/invites/accept', {
      token: invite,
      password: 'password1234',
      deviceId: DEVICE,
    });
    expect(accept.status).toBe(400);
    expect(accept.json.error).toBe('weak-password');
  });

  it('AUTH-3: slows repeated wrong passwords with 429 and Retry-After, never a lock, same answer for unknown logins', async () => {
    await staff('billing', 'bill@example.com');
    const from = { 'X-Forwarded-For': '203.0.113.5' };
    const unknown = await api(
      '/api/sign-in',
      { login: 'nobody@example.com', password: 'whatever it is here', deviceId: DEVICE },
      undefined,
      'POST',
      from,
    );
    expect(unknown.status).toBe(401);
    expect(unknown.json).toEqual({ error: 'invalid-credentials' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const wrong = await api(
        '/api/sign-in',
        { login: 'bill@example.com', password: 'not the password at all', deviceId: DEVICE },
        undefined,
        'POST',
        from,
      );
      statuses.push(wrong.status);
    }
    // Six failures from this address (the unknown login counted too): the next attempt waits.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const waiting = await api(
      '/api/sign-in',
      { login: 'bill@example.com', password: STAFF_PASSWORD, deviceId: DEVICE },
      undefined,
      'POST',
      from,
    );
    expect(waiting.status).toBe(429);
    expect(waiting.json).toMatchObject({ error: 'throttled' });
    expect(Number(waiting.headers.get('retry-after'))).toBeGreaterThan(0);
    const staffList = await api('/api/staff', undefined, owner.token);
    const bill = (staffList.json as unknown as { login: string; lockedUntil: string | null }[]).find(
      (a) => a.login === 'bill@example.com',
    );
    expect(bill?.lockedUntil).toBeNull();
  });

  it('AUTH-4: takes state-changing API requests only as JSON, and only from its own or allowed origins', async () => {
    const body = JSON.stringify({ login: 'desk@example.com', password: STAFF_PASSWORD, deviceId: DEVICE });
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const sent = await api('/api/sign-in', body, undefined, 'POST', { 'Content-Type': type });
      expect(sent.status, type).toBe(415);
    }
    const foreign = await api(
      '/api/staff',
      { name: 'Eve', login: 'eve@example.com', role: 'owner', method: 'invite' },
      owner.token,
      'POST',
      {
        Origin: 'https://evil.example',
      },
    );
    expect(foreign.status).toBe(403);
    expect((await api('/api/staff', undefined, owner.token)).json).not.toContainEqual(
      expect.objectContaining({ login: 'eve@example.com' }),
    );
    const own = await api('/api/sign-in', body, undefined, 'POST', { Origin: `http://${base}` });
    expect(own.status).not.toBe(403);
  });

  it('AUTH-5: never reads a ticket from a URL on the account API', async () => {
    expect((await api(`/api/staff?ticket=${owner.token}`)).status).toBe(401);
    expect((await api(`/api/session?ticket=${owner.token}`)).status).toBe(401);
    expect((await api('/api/staff', undefined, owner.token)).status).toBe(200);
  });

  it('refuses connections without a live session', async () => {
    await expect(socket('not-a-session-token-at-all').opened).rejects.toThrow('HTTP 401');
  });

  it('lets front desk write patients but refuses, and logs, a crafted write to contract terms', async () => {
    const desk = await staff('front-desk', 'desk@example.com');
    const s = socket(desk.token);
    await s.opened;
    const doc = new Y.Doc();
    doc.getMap('contracts').set('con_1', 'free treatment');
    const contracts = docName({
      practiceId: owner.practiceId,
      kind: 'contracts',
      key: 'fam_0123456789abcdef',
    });
    s.ws.send(
      encodeFrame({
        type: FRAME.DOC,
        doc: contracts,
        message: syncMessage(SYNC.UPDATE, Y.encodeStateAsUpdate(doc)),
      }),
    );
    const patients = patientsDocName(owner.practiceId);
    s.ws.send(
      encodeFrame({
        type: FRAME.DOC,
        doc: patients,
        message: syncMessage(SYNC.UPDATE, Y.encodeStateAsUpdate(doc)),
      }),
    );
    await within(2000, () => s.frames.filter((f) => f.type === FRAME.STORED).length === 2, 'both handled');
    const refusals = s.frames.filter((f) => f.type === FRAME.REFUSED);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ doc: contracts, code: REFUSAL.READ_ONLY });
    s.ws.close();
    const events = await api('/api/security-events', undefined, owner.token);
    expect(
      (events.json as unknown as { kind: string; detail: string }[]).some(
        (e) => e.kind === 'permission-refused' && e.detail.startsWith('contracts'),
      ),
    ).toBe(true);
    // Only owners and managers read the security log.
    expect((await api('/api/security-events', undefined, desk.token)).status).toBe(403);
  });

  it('never lets a session of one practice open another practice’s documents', async () => {
    const desk = SignedIn.parse(
      (await api('/api/sign-in', { login: 'desk@example.com', password: STAFF_PASSWORD, deviceId: DEVICE }))
        .json,
    );
    const s = socket(desk.token);
    await s.opened;
    s.ws.send(
      encodeFrame({
        type: FRAME.DOC,
        doc: 'prc_someotherpractice/patients',
        message: syncMessage(SYNC.STEP1, new Uint8Array([0])),
      }),
    );
    await within(2000, () => s.frames.some((f) => f.type === FRAME.REFUSED), 'refusal');
    expect(s.frames.find((f) => f.type === FRAME.REFUSED)).toMatchObject({ code: REFUSAL.FORBIDDEN });
    s.ws.close();
  });

  it('closes a user’s live connections the moment a manager revokes their sessions', async () => {
    const desk = SignedIn.parse(
      (await api('/api/sign-in', { login: 'desk@example.com', password: STAFF_PASSWORD, deviceId: DEVICE }))
        .json,
    );
    const s = socket(desk.token);
    await s.opened;
    const closed = closeCode(s.ws);
    const revoked = await api(`/api/staff/${desk.user.id}/revoke`, {}, owner.token);
    expect(revoked.status).toBe(200);
    expect(await closed).toBe(CLOSE.REVOKED);
    expect((await api('/api/session', undefined, desk.token)).json.error).toBe('revoked');
    await expect(socket(desk.token).opened).rejects.toThrow('HTTP 401');
  });

  it('gives the owner a way back in with the recovery code, once', async () => {
    const recovered = await api('/api/recover', {
      code: owner.recoveryCode,
      login: OWNER.login,
      newPassword: 'seven blue herons at dawn',
      deviceId: DEVICE,
    });
    expect(recovered.status).toBe(200);
    const again = await api('/api/recover', {
      code: owner.recoveryCode,
      login: OWNER.login,
      newPassword: 'eight blue herons at dusk',
      deviceId: DEVICE,
    });
    expect(again.status).toBe(400);
    const fresh = SetupResponse.parse(recovered.json);
    expect(fresh.recoveryCode).not.toBe(owner.recoveryCode);
  });

  it('AUTH-6: an owner turns on a second factor; sign-in then asks for the code and takes it once', async () => {
    const current = SignedIn.parse(
      (
        await api('/api/sign-in', {
          login: OWNER.login,
          password: 'seven blue herons at dawn',
          deviceId: DEVICE,
        })
      ).json,
    );
    const begun = await api('/api/second-factor/begin', {}, current.token);
    expect(begun.status).toBe(200);
    const secret = begun.json.secret as string;
    const code = () => hotp(base32Decode(secret)!, totpStep(Date.now()));
    expect((await api('/api/second-factor/enable', { code: '000000' }, current.token)).status).toBe(400);
    expect((await api('/api/second-factor/enable', { code: code() }, current.token)).json).toEqual({
      enabled: true,
    });
    expect((await api('/api/second-factor', undefined, current.token)).json).toEqual({ enabled: true });

    const withoutCode = await api('/api/sign-in', {
      login: OWNER.login,
      password: 'seven blue herons at dawn',
      deviceId: DEVICE,
    });
    expect(withoutCode.status).toBe(401);
    expect(withoutCode.json).toEqual({ error: 'second-factor-required' });
    // The enabling code's step is used up: wait for the next step if needed (at most 30 s of clock).
    const fresh = hotp(base32Decode(secret)!, totpStep(Date.now()) + 1);
    const withCode = await api('/api/sign-in', {
      login: OWNER.login,
      password: 'seven blue herons at dawn',
      deviceId: DEVICE,
      code: fresh,
    });
    expect(withCode.status).toBe(200);
    const replay = await api('/api/sign-in', {
      login: OWNER.login,
      password: 'seven blue herons at dawn',
      deviceId: DEVICE,
      code: fresh,
    });
    expect(replay.status).toBe(401);
    // Front desk is not offered one.
    const desk = SignedIn.parse(
      (await api('/api/sign-in', { login: 'desk@example.com', password: STAFF_PASSWORD, deviceId: DEVICE }))
        .json,
    );
    expect((await api('/api/second-factor/begin', {}, desk.token)).status).toBe(403);
  });
});
