/**
 * Family mode (UI-4): while a family looks at the presentation and signs, the app's staff chrome
 * (navigation, undo and redo, sync control, who is signed in, Lock) and its toasts are hidden, and
 * going back to the staff view takes a staff member's password or PIN.
 */
import { toasts } from './toasts.svelte.ts';

/** The screens a family is handed: the presentation, where they choose and sign. */
const FAMILY_ROUTES: ReadonlySet<string> = new Set(['/patients/[id]/cases/[caseId]/present']);

export const isFamilyRoute = (routeId: string | null | undefined): boolean =>
  routeId !== null && routeId !== undefined && FAMILY_ROUTES.has(routeId);

/**
 * Where to go once a staff member has unlocked, kept in the tab's session storage: unlocking as
 * someone else reloads the app, and the way back must survive that.
 */
const RETURN_KEY = 'aligned.family.staff-return';

class FamilyMode {
  /** The family is looking: staff chrome and toasts are hidden. */
  active = $state(false);

  /** Hands the screen to the family: hides the chrome and drops messages already shown. */
  enter(): void {
    this.active = true;
    toasts.clear();
  }

  /** Back to the staff view (after a staff member unlocked, or on leaving the family's screens). */
  leave(): void {
    this.active = false;
  }

  /** Remembers where the staff member was going, across the unlock (and a reload, if someone else unlocks). */
  rememberReturn(to: string | null): void {
    sessionStorage.setItem(RETURN_KEY, to ?? '');
  }

  /** Where to go after the unlock ('' to stay), once; null when no staff member was asked. */
  takeReturn(): string | null {
    const to = sessionStorage.getItem(RETURN_KEY);
    sessionStorage.removeItem(RETURN_KEY);
    return to;
  }
}

export const familyMode = new FamilyMode();
