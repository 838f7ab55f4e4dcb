/**
 * How staff accounts plug into the relay, in one place for the composition root and the tests:
 * the authorizer, the account API, and the hub's hooks. Ended sessions close their connections
 * (4498), a role or location change closes that person's connections so they come back under the
 * new permissions (4409, PERM-7), and every refusal at the sync endpoint goes to the security log
 * (once per connection, document and reason; ids only, never what was asked).
 */
import { parseDocName } from '@aligned/shared';
import { CLOSE } from '@aligned/shared/protocol';
import type { AccountService } from './accounts/account-service.ts';
import type { AccountStore } from './accounts/account-store.ts';
import { createDeviceAdmin } from './accounts/device-admin.ts';
import { createAccountRoutes } from './api/account-routes.ts';
import { createDeviceAdminRoutes } from './api/device-admin-routes.ts';
import { createDeviceKeyRoutes, firstRoute, type DeviceKeyStore } from './api/device-key-routes.ts';
import { createAccountsAuthorizer } from './auth/accounts-authorizer.ts';
import { clientAddress, type RelayOptions } from './relay.ts';
import type { HubOptions, SyncHub } from './sync-hub.ts';

export type AccountsWiring = {
  authorizer: RelayOptions['authorizer'];
  routes: NonNullable<RelayOptions['routes']>;
  onRefused: NonNullable<HubOptions['onRefused']>;
};

export function wireAccounts(options: {
  service: AccountService;
  store: AccountStore;
  /** The hub, once the relay exists (the routes are built before it). */
  hub: () => SyncHub;
  trustProxy: boolean;
  /** Each device's escrow key for its replica's data key (CRYPT-6), beside the accounts. */
  deviceKeys: DeviceKeyStore;
}): AccountsWiring {
  const { service, store, hub, deviceKeys } = options;
  const closeSessions = (ids: ReadonlySet<string>) =>
    hub().closeWhere(
      (p) => p.sessionId !== undefined && ids.has(p.sessionId),
      CLOSE.REVOKED,
      'session ended',
    );
  return {
    authorizer: createAccountsAuthorizer(service),
    routes: firstRoute(
      createAccountRoutes({
        service,
        mode: 'accounts',
        closeSessions,
        accessChanged: (accountId) =>
          hub().closeWhere((p) => p.userId === accountId, CLOSE.ACCESS_CHANGED, 'access changed'),
        addressOf: (req) => clientAddress(req, options.trustProxy),
      }),
      createDeviceKeyRoutes({
        keys: deviceKeys,
        authenticate: async (token) => {
          const result = await service.authenticate(token);
          return result.ok
            ? { practiceId: result.value.account.practiceId, deviceId: result.value.session.deviceId }
            : null;
        },
      }),
      createDeviceAdminRoutes({
        devices: createDeviceAdmin({ service, store, keys: deviceKeys }),
        closeSessions,
      }),
    ),
    onRefused: (principal, docName, reason) =>
      void store
        .logEvent({
          practiceId: principal.practiceId,
          at: new Date().toISOString(),
          kind: 'permission-refused',
          accountId: principal.userId,
          deviceId: principal.deviceId ?? null,
          detail: `${parseDocName(docName)?.kind ?? 'unknown'}: ${reason}`,
        })
        .catch(() => undefined),
  };
}
