import { describe, expect, it } from 'vitest';
import { gettingStarted, showGettingStartedOnToday, type GettingStartedInput } from './getting-started.ts';

const ADDRESS = {
  line1: '12 Congress Ave',
  city: 'Austin',
  region: 'TX',
  postalCode: '78701',
  country: 'US',
};
const HOURS = [[], [{ from: '08:00', to: '17:00' }], [], [], [], [], []];

/** Right after setup: one location with a name only, the owner, nothing else. */
const fresh = (): GettingStartedInput => ({
  practice: {},
  locations: [{ id: 'loc_main00000000', name: 'Main office', active: true }],
  chairs: [],
  appointmentTypes: [],
  staff: [{ active: true, role: 'owner' }],
  documentTemplateKinds: [],
  carriers: [],
});

/** Everything set up. */
const ready = (): GettingStartedInput => ({
  practice: { paymentSettings: { rounding: 'remainder-last' } },
  locations: [
    {
      id: 'loc_main00000000',
      name: 'Main office',
      active: true,
      address: ADDRESS,
      phone: '+15125550100',
      hours: HOURS,
    },
  ],
  chairs: [{ locationId: 'loc_main00000000', active: true }],
  appointmentTypes: [{ active: true }],
  staff: [{ active: true, role: 'owner', providerKind: 'doctor' }],
  documentTemplateKinds: ['consent', 'financial-agreement'],
  carriers: [{ active: true }],
});

describe('START-1: the steps, in the order a practice sets up', () => {
  it('lists seven steps, none done right after setup, each saying what to do', () => {
    const list = gettingStarted(fresh());
    expect(list.steps.map((s) => s.key)).toEqual([
      'locations',
      'schedule',
      'appointment-types',
      'staff',
      'payment-settings',
      'document-templates',
      'insurance-carriers',
    ]);
    expect(list.steps.filter((s) => s.done)).toEqual([]);
    expect(list.doneCount).toBe(0);
    expect(list.complete).toBe(false);
    expect(list.steps.find((s) => s.key === 'locations')?.todo).toBe(
      'Add the address and phone of Main office.',
    );
    expect(list.steps.find((s) => s.key === 'schedule')?.todo).toBe(
      'Save the opening hours of Main office. Add the chairs of Main office.',
    );
  });

  it('is complete when everything is set up', () => {
    const list = gettingStarted(ready());
    expect(list.steps.every((s) => s.done && s.todo === '')).toBe(true);
    expect(list.complete).toBe(true);
    expect(list.doneCount).toBe(7);
  });
});

describe('START-2: each step is ticked by the practice’s data', () => {
  const stepOf = (input: GettingStartedInput, key: string) =>
    gettingStarted(input).steps.find((s) => s.key === key);

  it('locations: every active location has an address and a phone; inactive ones do not count', () => {
    const base = ready();
    const north = { id: 'loc_north0000000', name: 'North office', active: true, address: ADDRESS };
    expect(stepOf({ ...base, locations: [...base.locations, north] }, 'locations')).toMatchObject({
      done: false,
      todo: 'Add the address and phone of North office.',
    });
    expect(
      stepOf({ ...base, locations: [...base.locations, { ...north, active: false }] }, 'locations')?.done,
    ).toBe(true);
    expect(stepOf({ ...base, locations: [] }, 'locations')?.done).toBe(false);
  });

  it('schedule: every active location has saved hours and an active chair', () => {
    const base = ready();
    expect(
      stepOf({ ...base, chairs: [{ locationId: 'loc_main00000000', active: false }] }, 'schedule'),
    ).toMatchObject({
      done: false,
      todo: 'Add the chairs of Main office.',
    });
    expect(
      stepOf({ ...base, chairs: [{ locationId: 'loc_other0000000', active: true }] }, 'schedule')?.done,
    ).toBe(false);
  });

  it('appointment types: at least one active', () => {
    expect(stepOf({ ...ready(), appointmentTypes: [{ active: false }] }, 'appointment-types')?.done).toBe(
      false,
    );
  });

  it('staff: someone active is booked as a doctor, by role or as an owner-doctor (BOOK-201)', () => {
    const base = ready();
    expect(stepOf({ ...base, staff: [{ active: true, role: 'owner' }] }, 'staff')?.done).toBe(false);
    expect(stepOf({ ...base, staff: [{ active: true, role: 'doctor' }] }, 'staff')?.done).toBe(true);
    expect(stepOf({ ...base, staff: [{ active: false, role: 'doctor' }] }, 'staff')?.done).toBe(false);
    expect(stepOf({ ...base, staff: [{ active: true, role: 'assistant' }] }, 'staff')?.done).toBe(false);
  });

  it('payment settings: saved once', () => {
    expect(stepOf({ ...ready(), practice: {} }, 'payment-settings')?.done).toBe(false);
  });

  it('document templates: the consent and the financial agreement each saved in the practice’s wording', () => {
    expect(stepOf({ ...ready(), documentTemplateKinds: ['consent'] }, 'document-templates')?.done).toBe(
      false,
    );
    expect(
      stepOf(
        { ...ready(), documentTemplateKinds: ['photo-release', 'financial-agreement', 'consent'] },
        'document-templates',
      )?.done,
    ).toBe(true);
  });

  it('insurance carriers: at least one active', () => {
    expect(stepOf({ ...ready(), carriers: [{ active: false }] }, 'insurance-carriers')?.done).toBe(false);
  });
});

describe('START-3: shown on Today until done or put away', () => {
  it('to people who manage the practice only', () => {
    const list = gettingStarted(fresh());
    expect(showGettingStartedOnToday(list, true)).toBe(true);
    expect(showGettingStartedOnToday(list, false)).toBe(false);
  });

  it('not once complete, nor once dismissed', () => {
    expect(showGettingStartedOnToday(gettingStarted(ready()), true)).toBe(false);
    const dismissed = gettingStarted({
      ...fresh(),
      practice: { gettingStartedDismissedAt: '2026-11-02T10:00:00.000Z' },
    });
    expect(dismissed.dismissed).toBe(true);
    expect(showGettingStartedOnToday(dismissed, true)).toBe(false);
  });
});
