/**
 * CRYPT-10 over real HTTP and a real sync connection: owners and managers list the practice's
 * devices and forget a lost one; forgetting ends its sessions at once, drops its escrow key and
 * makes its device secret useless.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE } from '@aligned/shared/protocol';
import { PracticeDevice } from '@aligned/shared/protocol';
import { craftedClient, startAccountsRelay, type AccountsRelay } from '../test-support/accounts-relay.ts';
import { closeCode } from '../test-support/relay-harness.ts';

let h: AccountsRelay;

beforeAll(async () => {
  h = await startAccountsRelay();
});
afterAll(() => h.stop());

const devicesOf = async (token: string) => {
  const answer = await h.api('/api/devices', undefined, token);
  expect(answer.status).toBe(200);
  return PracticeDevice.array().parse(answer.json);
};

describe('the practice’s devices (CRYPT-10)', () => {
  it('lists each device with who signed in there and when, for owners and managers only', async () => {
    const desk = await h.staff('front-desk', 'desk-list@example.com', 'dev_desklist0000001');
    const devices = await devicesOf(h.owner.token);
    const owners = devices.find((d) => d.id === h.owner.device?.id);
    const desks = devices.find((d) => d.id === desk.device?.id);
    expect(owners).toMatchObject({ current: true, forgotten: false, accountIds: [h.owner.user.id] });
    expect(desks).toMatchObject({ current: false, forgotten: false, accountIds: [desk.user.id] });
    expect(desks?.liveSessions).toBe(1); // the first session ended with the password change
    expect(desks?.lastSignInAt).not.toBeNull();

    const refused = await h.api('/api/devices', undefined, desk.token);
    expect(refused.status).toBe(403);
    const events = await h.store.listEvents(h.owner.practiceId, { kinds: ['permission-refused'] });
    expect(events.some((e) => e.accountId === desk.user.id && e.detail === 'action=list-devices')).toBe(true);
  });

  it('forgets a lost device: its live connection closes, its token stops working, its escrow key changes and its secret no longer binds', async () => {
    const desk = await h.staff('front-desk', 'desk-lost@example.com', 'dev_desklost0000001');
    const lost = desk.device!;
    const escrowBefore = await h.api('/api/device-key', {}, desk.token);
    expect(escrowBefore.status).toBe(200);

    const client = craftedClient(h.base, desk.token);
    await client.opened;
    const closed = closeCode(client.ws);
    const forgot = await h.api(`/api/devices/${lost.id}/forget`, {}, h.owner.token);
    expect(forgot.status).toBe(200);
    expect(forgot.json.revoked).toBe(1);
    expect(await closed).toBe(CLOSE.REVOKED);
    expect((await h.api('/api/session', undefined, desk.token)).json.error).toBe('revoked');

    const listed = (await devicesOf(h.owner.token)).find((d) => d.id === lost.id);
    expect(listed).toMatchObject({ forgotten: true, liveSessions: 0 });
    const logged = await h.store.listEvents(h.owner.practiceId, { kinds: ['device-forgotten'] });
    expect(logged.some((e) => e.deviceId === lost.id && e.detail === `by=${h.owner.user.id} revoked=1`)).toBe(
      true,
    );

    // The thief's copy of the device id and secret makes a new device, with a new escrow key.
    const again = await h.signIn('desk-lost@example.com', lost.id, lost.key);
    expect(again.device?.id).not.toBe(lost.id);
    const escrowAfter = await h.api('/api/device-key', {}, again.token);
    expect(escrowAfter.json.key).not.toBe(escrowBefore.json.key);
  });

  it('refuses to forget the device one is using, an unknown device, and anyone but owners and managers', async () => {
    const own = await h.api(`/api/devices/${h.owner.device!.id}/forget`, {}, h.owner.token);
    expect(own.status).toBe(409);
    expect(own.json).toMatchObject({ error: 'conflict', problem: 'own-device' });
    expect((await h.api('/api/devices/dev_nosuchdevice0001/forget', {}, h.owner.token)).status).toBe(404);

    const coordinator = await h.staff(
      'treatment-coordinator',
      'tc-forget@example.com',
      'dev_tcforget0000001',
    );
    const refused = await h.api(`/api/devices/${h.owner.device!.id}/forget`, {}, coordinator.token);
    expect(refused.status).toBe(403);
    expect((await devicesOf(h.owner.token)).find((d) => d.current)?.forgotten).toBe(false);
  });

  it('takes the token only from the header and the forget only as JSON', async () => {
    expect((await h.api('/api/devices')).status).toBe(401);
    const asText = await h.api(`/api/devices/${h.owner.device!.id}/forget`, 'x', h.owner.token, {
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(asText.status).toBe(415);
  });
});
