import { describe, expect, it } from 'vitest';
import { CaseStatus, ExamOutcome } from './case.schema.ts';
import {
  CASE_TRANSITIONS,
  CLOSED_STATUSES,
  checkOneActiveComprehensive,
  checkStatusChange,
  isOpenCase,
  mayMarkPresented,
  statusForExamOutcome,
  type StatusChange,
} from './case-status.ts';

const options = { optionIds: ['opt_aaaaaaaa', 'opt_bbbbbbbb'] };
const noOptions = { optionIds: [] };

/** Everything any move could need, so only legality is being tested. */
function complete(from: CaseStatus, to: CaseStatus): StatusChange {
  const outcome = ExamOutcome.options.find((o) => statusForExamOutcome(o) === to);
  return {
    to,
    reason: 'Cost',
    recallDate: '2027-03-01',
    optionId: 'opt_aaaaaaaa',
    ...(from === 'exam' && outcome ? { examOutcome: outcome } : {}),
  };
}

describe('CASE-1: case status transitions', () => {
  it('names every status exactly once as a source', () => {
    expect(Object.keys(CASE_TRANSITIONS).sort()).toEqual([...CaseStatus.options].sort());
  });

  it('never lists a status as a move to itself, nor twice', () => {
    for (const [from, targets] of Object.entries(CASE_TRANSITIONS)) {
      expect(targets).not.toContain(from);
      expect(new Set(targets).size).toBe(targets.length);
    }
  });

  it('makes completed, transferred and discontinued terminal', () => {
    expect(CASE_TRANSITIONS.completed).toEqual([]);
    expect(CASE_TRANSITIONS.transferred).toEqual([]);
    expect(CASE_TRANSITIONS.discontinued).toEqual([]);
  });

  it('lets a declined family be reactivated', () => {
    expect(CASE_TRANSITIONS.declined).toEqual(['inquiry', 'exam', 'recommended', 'pending']);
  });

  it('reaches every status from a new inquiry', () => {
    const seen = new Set<CaseStatus>(['inquiry']);
    const queue: CaseStatus[] = ['inquiry'];
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
      for (const next of CASE_TRANSITIONS[s]) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    expect([...seen].sort()).toEqual([...CaseStatus.options].sort());
  });

  it('accepts every listed move when it carries what it needs, and refuses every other', () => {
    for (const from of CaseStatus.options) {
      for (const to of CaseStatus.options) {
        const result = checkStatusChange(from, complete(from, to), options);
        expect(result.ok, `${from} → ${to}`).toBe(CASE_TRANSITIONS[from].includes(to));
      }
    }
  });
});

describe('CASE-5: open and closed cases', () => {
  it('treats completed, declined, transferred and discontinued as closed', () => {
    expect([...CLOSED_STATUSES].sort()).toEqual(['completed', 'declined', 'discontinued', 'transferred']);
    for (const status of CLOSED_STATUSES) expect(isOpenCase(status)).toBe(false);
  });

  it('treats observation, pending and treatment as open', () => {
    for (const status of [
      'inquiry',
      'exam',
      'pending',
      'accepted',
      'started',
      'retention',
      'observation',
    ] as const) {
      expect(isOpenCase(status)).toBe(true);
    }
  });
});

describe('checking a status change', () => {
  it('CASE-1: refuses a move out of a closed case with both labels', () => {
    expect(checkStatusChange('completed', { to: 'pending' }, options)).toEqual({
      ok: false,
      error: { message: 'A completed case cannot move to Presented, pending', field: 'to' },
    });
  });

  it('CASE-1: refuses an unlisted move from an open case', () => {
    expect(checkStatusChange('inquiry', { to: 'started' }, options)).toEqual({
      ok: false,
      error: { message: 'From Inquiry, a case cannot move to In treatment', field: 'to' },
    });
  });

  it('CASE-1: says when the case is already where it would move', () => {
    expect(checkStatusChange('pending', { to: 'pending' }, options)).toEqual({
      ok: false,
      error: { message: 'The case is already Presented, pending', field: 'to' },
    });
  });

  it('CASE-2: requires a reason to decline', () => {
    for (const reason of [undefined, '', '   ']) {
      expect(checkStatusChange('pending', { to: 'declined', reason }, options)).toEqual({
        ok: false,
        error: { message: 'Say why they declined', field: 'reason' },
      });
    }
    expect(checkStatusChange('pending', { to: 'declined', reason: 'Went elsewhere' }, options).ok).toBe(true);
  });

  it('CASE-2: refuses a decline reason longer than the event can store', () => {
    expect(checkStatusChange('pending', { to: 'declined', reason: 'x'.repeat(201) }, options)).toEqual({
      ok: false,
      error: { message: 'At most 200 characters', field: 'reason' },
    });
    expect(checkStatusChange('pending', { to: 'declined', reason: 'x'.repeat(200) }, options).ok).toBe(true);
  });

  it('CASE-2: requires a real recall date for observation', () => {
    expect(checkStatusChange('pending', { to: 'observation' }, options)).toEqual({
      ok: false,
      error: { message: 'Choose when to see them again', field: 'recallDate' },
    });
    expect(checkStatusChange('pending', { to: 'observation', recallDate: '2027-02-30' }, options)).toEqual({
      ok: false,
      error: { message: 'Not a real calendar date', field: 'recallDate' },
    });
    expect(checkStatusChange('pending', { to: 'observation', recallDate: '2027-02-28' }, options).ok).toBe(
      true,
    );
  });

  it('CASE-2: requires the exam outcome when the exam was held', () => {
    for (const to of ['recommended', 'discontinued', 'transferred'] as const) {
      expect(checkStatusChange('exam', { to }, options)).toEqual({
        ok: false,
        error: { message: 'Record the outcome of the exam', field: 'examOutcome' },
      });
    }
    expect(checkStatusChange('exam', { to: 'observation', recallDate: '2027-01-04' }, options)).toEqual({
      ok: false,
      error: { message: 'Record the outcome of the exam', field: 'examOutcome' },
    });
  });

  it('CASE-2: accepts an exam outcome that leads to the target', () => {
    expect(
      checkStatusChange('exam', { to: 'recommended', examOutcome: 'treatment-recommended' }, options).ok,
    ).toBe(true);
    expect(checkStatusChange('exam', { to: 'discontinued', examOutcome: 'no-treatment' }, options).ok).toBe(
      true,
    );
    expect(checkStatusChange('exam', { to: 'transferred', examOutcome: 'refer-out' }, options).ok).toBe(true);
    expect(
      checkStatusChange(
        'exam',
        { to: 'observation', examOutcome: 'observation', recallDate: '2027-01-04' },
        options,
      ).ok,
    ).toBe(true);
  });

  it('CASE-2: refuses an exam outcome that contradicts the target', () => {
    expect(checkStatusChange('exam', { to: 'recommended', examOutcome: 'refer-out' }, options)).toEqual({
      ok: false,
      error: { message: 'That exam outcome does not lead to Treatment recommended', field: 'examOutcome' },
    });
    expect(
      checkStatusChange('exam', { to: 'declined', reason: 'Cost', examOutcome: 'observation' }, options).ok,
    ).toBe(false);
  });

  it('CASE-2: does not require an outcome when the exam is cancelled or refused', () => {
    expect(checkStatusChange('exam', { to: 'inquiry' }, options).ok).toBe(true);
    expect(checkStatusChange('exam', { to: 'declined', reason: 'No-show, not interested' }, options).ok).toBe(
      true,
    );
    expect(
      checkStatusChange(
        'exam',
        { to: 'declined', reason: 'Cost', examOutcome: 'treatment-recommended' },
        options,
      ).ok,
    ).toBe(true);
  });

  it('CASE-2: needs a treatment option before presenting', () => {
    expect(checkStatusChange('recommended', { to: 'pending' }, noOptions)).toEqual({
      ok: false,
      error: { message: 'Add a treatment option before presenting', field: 'to' },
    });
    expect(checkStatusChange('recommended', { to: 'pending' }, options).ok).toBe(true);
  });

  it('CASE-2: needs the accepted option to be one of the case’s options', () => {
    const missing = { ok: false, error: { message: 'Choose the option they accepted', field: 'optionId' } };
    expect(checkStatusChange('pending', { to: 'accepted' }, options)).toEqual(missing);
    expect(checkStatusChange('pending', { to: 'accepted', optionId: 'opt_cccccccc' }, options)).toEqual(
      missing,
    );
    expect(checkStatusChange('pending', { to: 'accepted', optionId: 'opt_bbbbbbbb' }, options)).toEqual({
      ok: true,
      value: true,
    });
  });

  it('CASE-2: asks for an option first when a case without options is accepted', () => {
    expect(checkStatusChange('recommended', { to: 'accepted', optionId: 'opt_aaaaaaaa' }, noOptions)).toEqual(
      {
        ok: false,
        error: { message: 'Add a treatment option before accepting', field: 'to' },
      },
    );
  });
});

describe('CASE-3: exam outcomes', () => {
  it('maps each outcome to the status it leads to', () => {
    expect(statusForExamOutcome('treatment-recommended')).toBe('recommended');
    expect(statusForExamOutcome('observation')).toBe('observation');
    expect(statusForExamOutcome('no-treatment')).toBe('discontinued');
    expect(statusForExamOutcome('refer-out')).toBe('transferred');
  });

  it('leads only to statuses an exam may move to', () => {
    for (const outcome of ExamOutcome.options) {
      expect(CASE_TRANSITIONS.exam).toContain(statusForExamOutcome(outcome));
    }
  });
});

describe('CASE-5: one active comprehensive case', () => {
  const cases = [
    { id: 'cas_00000001', type: 'comprehensive', status: 'pending' },
    { id: 'cas_00000002', type: 'phase-1', status: 'started' },
    { id: 'cas_00000003', type: 'comprehensive', status: 'completed' },
  ] as const;

  it('refuses a second open comprehensive case', () => {
    const result = checkOneActiveComprehensive(cases, { type: 'comprehensive', status: 'inquiry' });
    expect(result).toEqual({
      ok: false,
      error: {
        message:
          'This patient already has an open comprehensive case (Presented, pending). Close it before opening another.',
      },
    });
  });

  it('lets the open case itself be saved', () => {
    expect(
      checkOneActiveComprehensive(cases, { id: 'cas_00000001', type: 'comprehensive', status: 'accepted' })
        .ok,
    ).toBe(true);
  });

  it('allows a new comprehensive case when the others are closed', () => {
    const closed = cases.filter((c) => c.id !== 'cas_00000001');
    expect(checkOneActiveComprehensive(closed, { type: 'comprehensive', status: 'inquiry' }).ok).toBe(true);
  });

  it('allows other case types and closed candidates beside an open comprehensive case', () => {
    expect(checkOneActiveComprehensive(cases, { type: 'phase-2', status: 'inquiry' }).ok).toBe(true);
    expect(checkOneActiveComprehensive(cases, { type: 'comprehensive', status: 'declined' }).ok).toBe(true);
  });

  it('refuses reopening a closed comprehensive case while another is open', () => {
    expect(
      checkOneActiveComprehensive(cases, { id: 'cas_00000003', type: 'comprehensive', status: 'pending' }).ok,
    ).toBe(false);
  });
});

describe('CASE-2: marking a case presented', () => {
  it('CASE-1, CASE-2: a recommended case with an option to present may be marked presented; nothing else', () => {
    expect(mayMarkPresented('recommended', 1)).toBe(true);
    expect(mayMarkPresented('recommended', 0)).toBe(false);
    expect(mayMarkPresented('pending', 2)).toBe(false);
    expect(mayMarkPresented('exam', 2)).toBe(false);
  });
});
