import { describe, expect, it } from 'vitest';
import { derivePatientStatus, type StatusCase } from './patient-status.ts';

const c = (status: StatusCase['status'], startDate?: string): StatusCase => ({ status, startDate });

describe('derivePatientStatus', () => {
  it('STATUS-101: a patient with no case is a prospect', () => {
    expect(derivePatientStatus([])).toBe('prospect');
  });

  it('STATUS-101: an inquiry or a booked exam is a prospect', () => {
    expect(derivePatientStatus([c('inquiry')])).toBe('prospect');
    expect(derivePatientStatus([c('exam')])).toBe('prospect');
  });

  it('STATUS-101: recommended, presented and accepted are pending', () => {
    for (const status of ['recommended', 'pending', 'accepted'] as const)
      expect(derivePatientStatus([c(status)])).toBe('pending');
  });

  it('STATUS-101: a started case is in treatment, whatever else the patient has', () => {
    expect(derivePatientStatus([c('declined'), c('started', '2026-01-05'), c('observation')])).toBe('active');
  });

  it('STATUS-101: a debond held after the start puts the patient in retention before the case moves', () => {
    expect(derivePatientStatus([c('started', '2026-01-05')], { lastDebondOn: '2027-06-01' })).toBe(
      'retention',
    );
    // A debond of an earlier treatment does not end this one.
    expect(derivePatientStatus([c('started', '2026-01-05')], { lastDebondOn: '2025-03-01' })).toBe('active');
  });

  it('STATUS-101: a retention case is retention; completed is completed; all closed is inactive', () => {
    expect(derivePatientStatus([c('retention'), c('completed')])).toBe('retention');
    expect(derivePatientStatus([c('completed'), c('declined')])).toBe('completed');
    expect(derivePatientStatus([c('declined'), c('discontinued'), c('transferred')])).toBe('inactive');
  });

  it('STATUS-101: observation comes after pending and before a new inquiry', () => {
    expect(derivePatientStatus([c('observation'), c('inquiry')])).toBe('observation');
    expect(derivePatientStatus([c('observation'), c('pending')])).toBe('pending');
  });

  it('STATUS-101: a reactivated patient (a new inquiry after a decline) is a prospect again', () => {
    expect(derivePatientStatus([c('declined'), c('inquiry')])).toBe('prospect');
  });
});
