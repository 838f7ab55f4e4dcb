/**
 * The session the relay hands a device (`GET /api/session`): who is signed in, for which
 * practice, and the ticket that opens the sync socket. Cached on the device so the app
 * starts offline.
 */
import { z } from 'zod';
import { Id } from '../core/common.schema.ts';
import { StaffRole } from '../identity/staff.schema.ts';

export const Session = z.object({
  practiceId: Id,
  user: z.object({
    id: Id,
    name: z.string().min(1),
    role: StaffRole,
    login: z.string().optional(),
    /** Locations this person may work with; empty or absent means all. */
    locationIds: z.array(Id).optional(),
  }),
  /** When the relay stops accepting this session (absent for the development identity). */
  expiresAt: z.iso.datetime().optional(),
  /** `account`: a person's own account; `development`: the fixed identity of AUTH_MODE=development. */
  identity: z.enum(['development', 'account']),
  /** Opaque; opens the sync socket as a subprotocol entry or a bearer header, never in a URL (ticket.ts). */
  ticket: z.string().min(1).max(512),
});
export type Session = z.infer<typeof Session>;

/** The runtime settings file (`/aligned.config.json`) a static host may serve beside the app. */
export const RuntimeConfig = z.object({
  /** Base URL of the relay (`https://relay.example.com`); omitted means the same origin as the app. */
  relayUrl: z.url().optional(),
});
export type RuntimeConfig = z.infer<typeof RuntimeConfig>;
