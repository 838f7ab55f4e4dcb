/**
 * Family mode (UI-4): a staff member hands the presentation to the family; while they look and
 * sign, the app's staff chrome (navigation, undo and redo, sync control, who is signed in, Lock)
 * and its toasts are hidden, and going anywhere else, or back to the staff view, takes a staff
 * member's password or PIN.
 */
import { toasts } from './toasts.svelte.ts';

/** The screens a family is handed: the presentation, where they choose and sign. */
const FAMILY_ROUTES: ReadonlySet<string> = new Set(['/patients/[id]/cases/[caseId]/present']);

export const isFamilyRoute = (routeId: string | null | undefined): boolean =>
  routeId !== null && routeId !== undefined && FAMILY_ROUTES.has(routeId);

/**
 * Kept in the tab's session storage: a reload, or an address typed into the tablet's browser,
 * must not be a way out of family mode without a staff member.
 */
const ACTIVE_KEY = 'aligned.family.active';
/** Where to go once a staff member has unlocked (unlocking as someone else reloads the app). */
const RETURN_KEY = 'aligned.family.staff-return';

class FamilyMode {
  /** The family is looking: staff chrome and toasts are hidden. */
  active = $state(false);

  /** Takes up family mode again after a reload of the tab. */
  restore(): void {
    if (sessionStorage.getItem(ACTIVE_KEY)) this.active = true;
  }

  /** Hands the screen to the family: hides the chrome and drops messages already shown. */
  enter(): void {
    sessionStorage.setItem(ACTIVE_KEY, '1');
    this.active = true;
    toasts.clear();
  }

  /** Back to the staff view, once a staff member has unlocked. */
  leave(): void {
    sessionStorage.removeItem(ACTIVE_KEY);
    this.active = false;
  }

  /** Remembers where the staff member was going, across the unlock ('' to stay). */
  rememberReturn(to: string): void {
    sessionStorage.setItem(RETURN_KEY, to);
  }

  /** Where to go after the unlock ('' to stay), once; null when no staff member was asked. */
  takeReturn(): string | null {
    const to = sessionStorage.getItem(RETURN_KEY);
    sessionStorage.removeItem(RETURN_KEY);
    return to;
  }
}

export const familyMode = new FamilyMode();
