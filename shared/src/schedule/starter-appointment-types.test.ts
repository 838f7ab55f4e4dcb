import { describe, expect, it } from 'vitest';
import { AppointmentTypeFields, OrthoStage } from './schedule.schema.ts';
import { contrastRatio, STARTER_APPOINTMENT_TYPES } from './starter-appointment-types.ts';

describe('BOOK-1: starter appointment types', () => {
  it.each(STARTER_APPOINTMENT_TYPES.map((t) => [t.name, t] as const))(
    '“%s” is a valid, active appointment type',
    (_, type) => {
      expect(AppointmentTypeFields.parse(type)).toEqual(type);
      expect(type.active).toBe(true);
    },
  );

  it('cover every ortho stage once, except “other”, which practices fill themselves', () => {
    const stages = STARTER_APPOINTMENT_TYPES.map((t) => t.stage);
    expect(new Set(stages).size).toBe(stages.length);
    expect([...stages].sort()).toEqual(OrthoStage.options.filter((s) => s !== 'other').sort());
  });

  it('have distinct names and colors, so the day view tells them apart', () => {
    const names = STARTER_APPOINTMENT_TYPES.map((t) => t.name.toLowerCase());
    const colors = STARTER_APPOINTMENT_TYPES.map((t) => t.color.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(colors).size).toBe(colors.length);
  });

  it.each(STARTER_APPOINTMENT_TYPES.map((t) => [t.name, t.color] as const))(
    '“%s” (%s) is dark enough for white text (WCAG AA, 4.5:1)',
    (_, color) => {
      expect(contrastRatio(color, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('leave the doctor out only where an assistant does the work', () => {
    const withoutDoctor = STARTER_APPOINTMENT_TYPES.filter((t) => !t.needsDoctor).map((t) => t.stage);
    expect(withoutDoctor.sort()).toEqual(['emergency', 'records', 'retainer-delivery']);
  });
});

describe('BOOK-1: the contrast ratio', () => {
  it('matches the WCAG reference values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#3366cc', '#3366CC')).toBe(1);
    // #767676 is the lightest gray that passes on white; #777777 just fails.
    expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5);
  });

  it('is null for something that is not a #rrggbb color', () => {
    expect(contrastRatio('red', '#ffffff')).toBeNull();
    expect(contrastRatio('#fff', '#ffffff')).toBeNull();
    expect(contrastRatio('#ffffff', '#gggggg')).toBeNull();
  });
});
