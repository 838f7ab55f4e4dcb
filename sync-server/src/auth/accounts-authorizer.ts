/**
 * Staff accounts at the door: a connection's ticket (a subprotocol entry of the sync socket, or
 * `Authorization: Bearer`; never the URL) must be a live session of an enabled account whose
 * password need not be changed. What the principal may do with each document comes from the
 * shared permission table (shared/src/identity/permissions.ts), so a modified client gains nothing.
 */
import { docAccess, docPermission } from '@aligned/shared';
import type { AccountService } from '../accounts/account-service.ts';
import { ticketOf, type Authorizer } from './authorizer.ts';

export function createAccountsAuthorizer(service: AccountService): Authorizer {
  return {
    async authenticate(request) {
      const token = ticketOf(request);
      if (!token) return null;
      const result = await service.authenticate(token);
      if (!result.ok) return null;
      const { account, session } = result.value;
      const subject = { role: account.role, locationIds: account.locationIds };
      return {
        practiceId: account.practiceId,
        userId: account.id,
        displayName: account.name,
        sessionId: session.id,
        deviceId: session.deviceId,
        expiresAt: session.expiresAt,
        access: (doc) => docAccess(subject, doc),
        permission: (doc) => docPermission(subject, doc, { deviceId: session.deviceId }),
      };
    },
    // The account API answers /api/session itself (account-routes.ts).
    async session() {
      return null;
    },
  };
}
