/**
 * The getting-started checklist an owner or manager sees after setup (START-1, START-2): what to
 * set up first, each step ticked by a rule over the practice's own data, never by a click.
 */
import type { Location, Practice } from './practice.schema.ts';
import { isDoctor, type StaffMember } from '../identity/staff.schema.ts';
import type { AppointmentType, Chair } from '../schedule/schedule.schema.ts';

export const SETUP_STEPS = [
  'locations',
  'schedule',
  'appointment-types',
  'staff',
  'payment-settings',
  'document-templates',
  'insurance-carriers',
] as const;
export type SetupStepKey = (typeof SETUP_STEPS)[number];

export const SETUP_STEP_TITLES: Record<SetupStepKey, string> = {
  locations: 'Locations: address and phone',
  schedule: 'Schedule: opening hours and chairs',
  'appointment-types': 'Appointment types',
  staff: 'Staff and who sees patients',
  'payment-settings': 'Payment settings',
  'document-templates': 'Consent and financial agreement',
  'insurance-carriers': 'Insurance carriers',
};

/** The documents every presentation asks the family to sign: their templates are reviewed first. */
export const REVIEWED_DOCUMENT_KINDS = ['consent', 'financial-agreement'] as const;

export type GettingStartedInput = {
  practice: Pick<Practice, 'paymentSettings' | 'gettingStartedDismissedAt'> | null;
  locations: readonly Pick<Location, 'id' | 'name' | 'active' | 'address' | 'phone' | 'hours'>[];
  chairs: readonly Pick<Chair, 'locationId' | 'active'>[];
  appointmentTypes: readonly Pick<AppointmentType, 'active'>[];
  staff: readonly Pick<StaffMember, 'active' | 'role' | 'providerKind'>[];
  /** Kinds of signed document the practice saved its own template version of. */
  documentTemplateKinds: readonly string[];
  carriers: readonly { active: boolean }[];
};

export type SetupStep = {
  key: SetupStepKey;
  title: string;
  done: boolean;
  /** What is still to do, in a sentence; empty when done. */
  todo: string;
};

export type GettingStarted = {
  steps: SetupStep[];
  doneCount: number;
  complete: boolean;
  /** Put away by an owner or manager (START-3). */
  dismissed: boolean;
};

function names(list: readonly { name: string }[]): string {
  const all = list.map((l) => l.name);
  return all.length <= 1 ? (all[0] ?? '') : `${all.slice(0, -1).join(', ')} and ${all.at(-1)}`;
}

/** What is still to do for one step, or '' when it is done (START-2). */
function todoOf(key: SetupStepKey, input: GettingStartedInput): string {
  const active = input.locations.filter((l) => l.active);
  switch (key) {
    case 'locations': {
      if (active.length === 0) return 'Add the practice’s locations.';
      const lacking = active.filter((l) => !l.address || !l.phone);
      return lacking.length === 0 ? '' : `Add the address and phone of ${names(lacking)}.`;
    }
    case 'schedule': {
      if (active.length === 0) return 'Add a location first.';
      const noHours = active.filter((l) => l.hours === undefined);
      const noChairs = active.filter((l) => !input.chairs.some((c) => c.active && c.locationId === l.id));
      const parts = [
        ...(noHours.length > 0 ? [`Save the opening hours of ${names(noHours)}.`] : []),
        ...(noChairs.length > 0 ? [`Add the chairs of ${names(noChairs)}.`] : []),
      ];
      return parts.join(' ');
    }
    case 'appointment-types':
      return input.appointmentTypes.some((t) => t.active) ? '' : 'Add the kinds of visit you book.';
    case 'staff':
      return input.staff.some((s) => s.active && isDoctor(s))
        ? ''
        : 'Say who sees patients: add a doctor, or book yourself as the doctor.';
    case 'payment-settings':
      return input.practice?.paymentSettings
        ? ''
        : 'Review the down payment, plan length and pay-in-full discount you offer, and save them.';
    case 'document-templates': {
      const missing = REVIEWED_DOCUMENT_KINDS.filter((k) => !input.documentTemplateKinds.includes(k));
      return missing.length === 0
        ? ''
        : 'Review the consent and financial agreement families sign, and save your wording.';
    }
    case 'insurance-carriers':
      return input.carriers.some((c) => c.active) ? '' : 'Add the insurance carriers you bill most.';
  }
}

/** The checklist, in the order a new practice sets things up (START-1). */
export function gettingStarted(input: GettingStartedInput): GettingStarted {
  const steps = SETUP_STEPS.map((key): SetupStep => {
    const todo = todoOf(key, input);
    return { key, title: SETUP_STEP_TITLES[key], done: todo === '', todo };
  });
  const doneCount = steps.filter((s) => s.done).length;
  return {
    steps,
    doneCount,
    complete: doneCount === steps.length,
    dismissed: input.practice?.gettingStartedDismissedAt !== undefined,
  };
}

/**
 * Whether Today shows the checklist (START-3): to people who manage the practice, until every
 * step is done or someone puts it away. Settings always shows it.
 */
export const showGettingStartedOnToday = (checklist: GettingStarted, managesPractice: boolean): boolean =>
  managesPractice && !checklist.complete && !checklist.dismissed;
