/**
 * The practice's devices, for owners and managers (CRYPT-10): which devices have signed in, who
 * used them and when, and forgetting a lost one. Forgetting revokes the device's sessions (the relay
 * closes their connections and the device, once it reconnects, forgets everyone who signed in
 * there), drops the relay's escrow key for its replica, and makes its device secret useless: a
 * later sign-in from it is a new device. Every forget and every refusal goes to the security log.
 */
import { can, err, ok, type Result } from '@aligned/shared';
import type { PracticeDevice } from '@aligned/shared/protocol';
import type { DeviceKeyStore } from '../api/device-key-routes.ts';
import type { ActorFailure, Authenticated, AccountService } from './account-service.ts';
import { FORGOTTEN_DEVICE, type AccountStore, type SessionRow } from './account-store.ts';

export type DeviceAdmin = {
  list(token: string): Promise<Result<PracticeDevice[], ActorFailure>>;
  /** The sessions it revoked, for the relay to close. */
  forget(
    token: string,
    deviceId: string,
  ): Promise<Result<{ revoked: SessionRow[] }, ActorFailure | 'not-found' | 'own-device'>>;
};

export function createDeviceAdmin(options: {
  service: Pick<AccountService, 'authenticate'>;
  store: AccountStore;
  keys: Pick<DeviceKeyStore, 'forget'>;
  now?: () => Date;
}): DeviceAdmin {
  const { service, store, keys } = options;
  const now = options.now ?? (() => new Date());

  async function manager(token: string, action: string): Promise<Result<Authenticated, ActorFailure>> {
    const signedIn = await service.authenticate(token);
    if (!signedIn.ok) return signedIn;
    const { account, session } = signedIn.value;
    if (can(account.role, 'manage-staff')) return signedIn;
    await store.logEvent({
      practiceId: account.practiceId,
      at: now().toISOString(),
      kind: 'permission-refused',
      accountId: account.id,
      deviceId: session.deviceId,
      detail: `action=${action}`,
    });
    return err('forbidden');
  }

  return {
    async list(token) {
      const actor = await manager(token, 'list-devices');
      if (!actor.ok) return actor;
      const at = now().toISOString();
      const devices = await store.listDevices(actor.value.account.practiceId);
      const described = await Promise.all(
        devices.map(async (device): Promise<PracticeDevice> => {
          const sessions = await store.listDeviceSessions(device.id);
          return {
            id: device.id,
            registeredAt: device.createdAt,
            forgotten: device.keyHash === FORGOTTEN_DEVICE,
            lastSignInAt: sessions[0]?.createdAt ?? null,
            accountIds: [...new Set(sessions.map((s) => s.accountId))],
            liveSessions: sessions.filter((s) => s.revokedAt === null && s.expiresAt > at).length,
            current: device.id === actor.value.session.deviceId,
          };
        }),
      );
      return ok(described);
    },

    async forget(token, deviceId) {
      const actor = await manager(token, 'forget-device');
      if (!actor.ok) return actor;
      const { account, session } = actor.value;
      // Forgetting the device one is using would end one's own session mid-sentence; sign out instead.
      if (deviceId === session.deviceId) return err('own-device');
      const device = await store.getDevice(deviceId);
      if (!device || device.practiceId !== account.practiceId) return err('not-found');
      const at = now().toISOString();
      await store.forgetDevice(deviceId);
      const revoked = await store.revokeDeviceSessions(deviceId, at);
      await keys.forget(account.practiceId, deviceId);
      await store.logEvent({
        practiceId: account.practiceId,
        at,
        kind: 'device-forgotten',
        accountId: null,
        deviceId,
        detail: `by=${account.id} revoked=${revoked.length}`,
      });
      return ok({ revoked });
    },
  };
}
