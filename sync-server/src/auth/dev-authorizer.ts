/**
 * DEVELOPMENT IDENTITY. Until staff accounts exist (issue "Staff identity"), every device that
 * asks gets the same fixed user with full access to the single development practice. The app
 * labels this identity in its header so nobody mistakes it for real sign-in. Never use it
 * with real patient data.
 */
import type { Session } from '@aligned/shared/protocol';
import { ticketOf, type Authorizer, type Principal } from './authorizer.ts';

export const DEV_USER = {
  id: 'stf_devcoordinator0',
  name: 'Dev Coordinator',
  role: 'owner',
} as const;

export function createDevAuthorizer(options: { practiceId: string; ticket: string }): Authorizer {
  const principal: Principal = {
    practiceId: options.practiceId,
    userId: DEV_USER.id,
    displayName: DEV_USER.name,
    access: (doc) => (doc.practiceId === options.practiceId ? 'write' : 'none'),
  };
  const session: Session = {
    practiceId: options.practiceId,
    user: { ...DEV_USER },
    identity: 'development',
    ticket: options.ticket,
  };
  return {
    async authenticate(request) {
      return ticketOf(request) === options.ticket ? principal : null;
    },
    async session() {
      return session;
    },
  };
}
