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
import { createAccountRoutes } from './api/account-routes.ts';
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
}): AccountsWiring {
  const { service, store, hub } = options;
  return {
    authorizer: createAccountsAuthorizer(service),
    routes: createAccountRoutes({
      service,
      mode: 'accounts',
      closeSessions: (ids) =>
        hub().closeWhere(
          (p) => p.sessionId !== undefined && ids.has(p.sessionId),
          CLOSE.REVOKED,
          'session ended',
        ),
      accessChanged: (accountId) =>
        hub().closeWhere((p) => p.userId === accountId, CLOSE.ACCESS_CHANGED, 'access changed'),
      addressOf: (req) => clientAddress(req, options.trustProxy),
    }),
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
