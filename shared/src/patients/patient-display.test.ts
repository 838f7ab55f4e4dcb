import { describe, expect, it } from 'vitest';
import { birthDateWithAge, greetingName, initials, listName } from './patient-display.ts';

describe('PAT-3: how people are named on screen', () => {
  const sofia = { firstName: 'Sofia', lastName: 'Garcia', preferredName: 'Sofi' };

  it('lists the last name first, with the preferred name only when it differs', () => {
    expect(listName(sofia)).toBe('Garcia, Sofia “Sofi”');
    expect(listName({ ...sofia, preferredName: 'Sofia' })).toBe('Garcia, Sofia');
    expect(listName({ firstName: 'Mateo', lastName: 'Ruiz' })).toBe('Ruiz, Mateo');
  });

  it('greets by the preferred name, and shows its initials', () => {
    expect(greetingName(sofia)).toBe('Sofi Garcia');
    expect(greetingName({ firstName: 'Mateo', lastName: 'Ruiz' })).toBe('Mateo Ruiz');
    expect(initials(sofia)).toBe('SG');
  });

  it('shows a birth date with the age when today is known', () => {
    expect(birthDateWithAge('2012-03-04', '2026-11-25')).toBe('03/04/2012 (14 y)');
    expect(birthDateWithAge('2012-03-04')).toBe('03/04/2012');
  });
});
