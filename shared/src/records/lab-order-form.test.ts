import { describe, expect, it } from 'vitest';
import { emptyLabOrderForm, readLabOrderForm } from './lab-order-form.ts';

describe('the lab order form (LAB-1)', () => {
  it('LAB-1: reads a filled form into an order, trimming text and leaving out an empty description', () => {
    const form = {
      ...emptyLabOrderForm('2026-12-08', 'cas_case00000000001'),
      vendor: '  ClearCo Lab ',
      turnaroundDays: '21',
    };
    expect(readLabOrderForm(form)).toEqual({
      ok: true,
      value: {
        caseId: 'cas_case00000000001',
        item: 'aligners',
        vendor: 'ClearCo Lab',
        turnaroundDays: 21,
        orderedOn: '2026-12-08',
      },
    });
  });

  it('LAB-1: says what is wrong beside each field', () => {
    const read = readLabOrderForm({
      caseId: '',
      item: 'braces',
      vendor: ' ',
      turnaroundDays: '2.5',
      orderedOn: '2026-02-30',
      description: '',
    });
    expect(read).toEqual({
      ok: false,
      errors: {
        caseId: 'Choose the case',
        item: 'Choose what the lab makes',
        vendor: 'Name the lab',
        turnaroundDays: 'Whole days, 0 to 120',
        orderedOn: 'The day it was sent',
      },
    });
    expect(
      readLabOrderForm({ ...emptyLabOrderForm('2026-12-08', 'cas_x'), vendor: 'Lab', turnaroundDays: '121' }),
    ).toMatchObject({
      ok: false,
      errors: { turnaroundDays: 'Whole days, 0 to 120' },
    });
  });
});
