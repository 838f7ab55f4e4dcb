/**
 * The owner's first start after creating the practice at the relay: the setup screen leaves the
 * practice's name, zone and first location in sessionStorage, and they are written once the
 * (empty) practice document has synced.
 */
import type { Session } from '@aligned/shared/protocol';
import type { PracticeState } from './practice.svelte.ts';

/** Set by the setup screen for the owner's first start (sessionStorage). */
export const PENDING_SETUP_KEY = 'aligned.pendingSetup';

/** Writes the practice record, first location and the owner's staff entry, if setup is pending. */
export function completePendingSetup(practice: PracticeState | null, session: Session | null): void {
  const raw = sessionStorage.getItem(PENDING_SETUP_KEY);
  if (!raw || !session || !practice || practice.practice) return;
  try {
    const pending = JSON.parse(raw) as { name: string; timeZone: string; location: string };
    const result = practice.setUp(
      session.practiceId,
      {
        practice: { name: pending.name, timeZone: pending.timeZone },
        location: { name: pending.location, active: true },
      },
      {
        id: session.user.id,
        name: session.user.name,
        role: session.user.role,
        active: true,
        locationIds: [],
      },
    );
    if (result.ok) sessionStorage.removeItem(PENDING_SETUP_KEY);
  } catch {
    sessionStorage.removeItem(PENDING_SETUP_KEY);
  }
}
