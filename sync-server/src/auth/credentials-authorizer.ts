/**
 * Fixed credentials from a file: each ticket names a practice, a user and read or write access.
 * For tests, benchmarks and provisioning before staff accounts exist (issue "Staff identity"
 * replaces it with real accounts). Tickets are compared in constant time and never logged.
 */
import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { Id, StaffRole } from '@aligned/shared';
import { TICKET_PATTERN } from '@aligned/shared/protocol';
import { ticketOf, type Authorizer, type Principal } from './authorizer.ts';

export const Credential = z.object({
  ticket: z
    .string()
    .min(16, { error: 'tickets must be at least 16 characters' })
    // A ticket travels as a WebSocket subprotocol entry, so it keeps to token characters.
    .regex(TICKET_PATTERN, { error: 'tickets may hold only letters, digits and . _ ~ -' }),
  practiceId: Id,
  userId: Id,
  name: z.string().min(1),
  access: z.enum(['read', 'write']),
  role: StaffRole.optional(),
});
export type Credential = z.infer<typeof Credential>;

export const Credentials = z.array(Credential).min(1);

export function loadCredentials(
  file: string,
): { ok: true; credentials: Credential[] } | { ok: false; problem: string } {
  try {
    const parsed = Credentials.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) {
      return {
        ok: false,
        problem: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      };
    }
    return { ok: true, credentials: parsed.data };
  } catch (error) {
    return {
      ok: false,
      problem: `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

function sameTicket(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function createCredentialsAuthorizer(credentials: readonly Credential[]): Authorizer {
  const principals = credentials.map((c): [string, Principal & { role: StaffRole }] => [
    c.ticket,
    {
      role: c.role ?? (c.access === 'write' ? 'treatment-coordinator' : 'read-only'),
      practiceId: c.practiceId,
      userId: c.userId,
      displayName: c.name,
      access: (doc) => (doc.practiceId === c.practiceId ? c.access : 'none'),
    },
  ]);
  const find = (ticket: string | null) =>
    ticket === null ? null : (principals.find(([known]) => sameTicket(known, ticket))?.[1] ?? null);
  return {
    async authenticate(request) {
      return find(ticketOf(request));
    },
    async session(request) {
      const ticket = ticketOf(request);
      const principal = find(ticket);
      if (!principal || !ticket) return null;
      return {
        practiceId: principal.practiceId,
        user: { id: principal.userId, name: principal.displayName, role: principal.role },
        identity: 'account',
        ticket,
      };
    },
  };
}
