import { describe, expect, it } from 'vitest';
import type { CaseStatus } from './case.schema.ts';
import type { Task } from '../comms/comms.schema.ts';
import { nextTaskAfter, planTasksForStatus, snoozeTo } from './follow-up-plan.ts';
import { DEFAULT_FOLLOW_UP_CADENCE, type FollowUpCadence } from './follow-up.ts';

const PATIENT_ID = 'pat_sofia0000000000';
const CASE_ID = 'cas_sofia0000000000';
const OTHER_CASE_ID = 'cas_mateo0000000000';
const ALICE = 'stf_alice0000000000';
const TODAY = '2026-11-25';
const cadence = DEFAULT_FOLLOW_UP_CADENCE;

type OpenTask = Pick<Task, 'id' | 'caseId' | 'kind' | 'status'>;

function theCase(status: CaseStatus, recallDate?: string) {
  return { id: CASE_ID, patientId: PATIENT_ID, status, ownerId: ALICE, recallDate };
}

function aTask(id: string, kind: Task['kind'], overrides: Partial<OpenTask> = {}): OpenTask {
  return { id, caseId: CASE_ID, kind, status: 'open', ...overrides };
}

const firstContact = aTask('tsk_firstcontact000', 'first-contact');
const followUp = aTask('tsk_followup0000000', 'follow-up');
const recall = aTask('tsk_recall000000000', 'recall');
const reactivation = aTask('tsk_reactivation000', 'reactivation');
const doneFollowUp = aTask('tsk_donefollowup000', 'follow-up', { status: 'done' });
const otherCasesFollowUp = aTask('tsk_othercase000000', 'follow-up', { caseId: OTHER_CASE_ID });
const patientWideTask = aTask('tsk_patientwide0000', 'reactivation', { caseId: undefined });

describe('FUP-5: planTasksForStatus', () => {
  it('gives a new inquiry a first-contact task due today', () => {
    expect(planTasksForStatus(theCase('inquiry'), [], cadence, TODAY)).toEqual({
      create: [
        {
          patientId: PATIENT_ID,
          caseId: CASE_ID,
          ownerId: ALICE,
          kind: 'first-contact',
          due: TODAY,
          step: 0,
        },
      ],
      cancel: [],
    });
  });

  it('does not give an inquiry a second first-contact task', () => {
    const plan = planTasksForStatus(theCase('inquiry'), [firstContact], cadence, TODAY);
    expect(plan).toEqual({ create: [], cancel: [] });
  });

  it('a first-contact task that is already done does not count as planned', () => {
    const done = aTask('tsk_donecontact0000', 'first-contact', { status: 'done' });
    const plan = planTasksForStatus(theCase('inquiry'), [done], cadence, TODAY);
    expect(plan.create.map((t) => t.kind)).toEqual(['first-contact']);
    expect(plan.cancel).toEqual([]);
  });

  it.each(['recommended', 'pending'] as const)(
    'gives a %s case its first follow-up on the cadence’s first day from today',
    (status) => {
      const plan = planTasksForStatus(theCase(status), [doneFollowUp, otherCasesFollowUp], cadence, TODAY);
      expect(plan).toEqual({
        create: [
          {
            patientId: PATIENT_ID,
            caseId: CASE_ID,
            ownerId: ALICE,
            kind: 'follow-up',
            due: '2026-11-27',
            step: 0,
          },
        ],
        cancel: [],
      });
    },
  );

  it('follows the practice’s own cadence for the first follow-up', () => {
    const weekly: FollowUpCadence = { days: [7, 14], thenEveryDays: 30 };
    const plan = planTasksForStatus(theCase('pending'), [], weekly, TODAY);
    expect(plan.create.map((t) => t.due)).toEqual(['2026-12-02']);
  });

  it.each(['recommended', 'pending'] as const)(
    'keeps the open follow-up of a %s case rather than adding one, and closes its first-contact task',
    (status) => {
      const plan = planTasksForStatus(theCase(status), [followUp, firstContact], cadence, TODAY);
      expect(plan).toEqual({ create: [], cancel: [firstContact.id] });
    },
  );

  it('gives an observation case a recall task on its recall date and cancels its other open tasks', () => {
    const plan = planTasksForStatus(
      theCase('observation', '2027-05-01'),
      [followUp, firstContact, doneFollowUp, otherCasesFollowUp],
      cadence,
      TODAY,
    );
    expect(plan).toEqual({
      create: [
        {
          patientId: PATIENT_ID,
          caseId: CASE_ID,
          ownerId: ALICE,
          kind: 'recall',
          due: '2027-05-01',
          step: 0,
        },
      ],
      cancel: [followUp.id, firstContact.id],
    });
  });

  it('replaces an observation case’s open recall with one on the new recall date', () => {
    const plan = planTasksForStatus(theCase('observation', '2027-08-01'), [recall], cadence, TODAY);
    expect(plan.create.map((t) => [t.kind, t.due])).toEqual([['recall', '2027-08-01']]);
    expect(plan.cancel).toEqual([recall.id]);
  });

  it.each(['accepted', 'declined', 'started'] as const)(
    'closes every open task of a case that moved to %s and leaves other cases’ tasks alone',
    (status) => {
      const plan = planTasksForStatus(
        theCase(status),
        [followUp, firstContact, recall, reactivation, doneFollowUp, otherCasesFollowUp, patientWideTask],
        cadence,
        TODAY,
      );
      expect(plan).toEqual({
        create: [],
        cancel: [followUp.id, firstContact.id, recall.id, reactivation.id],
      });
    },
  );
});

describe('FUP-6: nextTaskAfter', () => {
  const completed = {
    patientId: PATIENT_ID,
    caseId: CASE_ID,
    kind: 'follow-up' as const,
    step: 0,
    ownerId: ALICE,
  };

  it('follows a follow-up done on time with the next step of the cadence on its planned day', () => {
    // Presented Nov 20: step 0 is planned for Nov 22, step 1 for Nov 25.
    expect(nextTaskAfter(completed, 'pending', '2026-11-20', cadence, '2026-11-22')).toEqual({
      patientId: PATIENT_ID,
      caseId: CASE_ID,
      ownerId: ALICE,
      kind: 'follow-up',
      due: '2026-11-25',
      step: 1,
    });
  });

  it('moves the next follow-up out by the lateness of the one just done', () => {
    const next = nextTaskAfter(completed, 'recommended', '2026-11-20', cadence, '2026-11-24');
    expect(next).toMatchObject({ due: '2026-11-27', step: 1 });
  });

  it('counts from today when the presentation date is not known', () => {
    // As if presented today: step 1 is planned 5 days after it.
    const next = nextTaskAfter(completed, 'pending', undefined, cadence, TODAY);
    expect(next).toMatchObject({ due: '2026-11-30', step: 1 });
  });

  it.each(['first-contact', 'recall', 'reactivation'] as const)('plans nothing after a %s task', (kind) => {
    expect(nextTaskAfter({ ...completed, kind }, 'pending', '2026-11-20', cadence, TODAY)).toBeNull();
  });

  it.each(['accepted', 'declined', 'started', 'observation'] as const)(
    'plans nothing once the case has moved on to %s',
    (status) => {
      expect(nextTaskAfter(completed, status, '2026-11-20', cadence, TODAY)).toBeNull();
    },
  );

  it('plans nothing when the case is gone', () => {
    expect(nextTaskAfter(completed, undefined, '2026-11-20', cadence, TODAY)).toBeNull();
  });
});

describe('FUP-6: snoozeTo', () => {
  it('moves a task to tomorrow by default, or the number of days asked', () => {
    expect(snoozeTo('2026-12-31')).toBe('2027-01-01');
    expect(snoozeTo(TODAY, 7)).toBe('2026-12-02');
  });
});
