import { describe, expect, it } from 'vitest';
import {
  ageOn,
  displayLocalDate,
  isValidLocalDate,
  localDateInZone,
  parseLocalDateInput,
} from './local-date.ts';

describe('local dates', () => {
  it('knows leap years', () => {
    expect(isValidLocalDate('2012-02-29')).toBe(true);
    expect(isValidLocalDate('2013-02-29')).toBe(false);
    expect(isValidLocalDate('1900-02-29')).toBe(false);
    expect(isValidLocalDate('2000-02-29')).toBe(true);
  });

  it('reads the ways people type a birthday', () => {
    expect(parseLocalDateInput('2012-03-04')).toBe('2012-03-04');
    expect(parseLocalDateInput('3/4/2012')).toBe('2012-03-04');
    expect(parseLocalDateInput('03-04-2012')).toBe('2012-03-04');
    expect(parseLocalDateInput('03042012')).toBe('2012-03-04');
    expect(parseLocalDateInput(' 12/31/1999 ')).toBe('1999-12-31');
  });

  it('refuses impossible and two-digit-year dates', () => {
    expect(parseLocalDateInput('2/30/2012')).toBeNull();
    expect(parseLocalDateInput('3/4/12')).toBeNull();
    expect(parseLocalDateInput('yesterday')).toBeNull();
  });

  it('computes age on a date, turning older on the birthday itself', () => {
    expect(ageOn('2012-03-04', '2026-03-03')).toBe(13);
    expect(ageOn('2012-03-04', '2026-03-04')).toBe(14);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });

  it('finds the practice-local date of an instant', () => {
    const lateEvening = new Date('2026-11-26T03:30:00Z');
    expect(localDateInZone(lateEvening, 'America/Chicago')).toBe('2026-11-25');
    expect(localDateInZone(lateEvening, 'Europe/Berlin')).toBe('2026-11-26');
  });

  it('shows dates in US order', () => {
    expect(displayLocalDate('2012-03-04')).toBe('03/04/2012');
  });
});
