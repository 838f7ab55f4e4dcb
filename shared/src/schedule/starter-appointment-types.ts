/**
 * The appointment types a new practice starts with (Settings → Schedule → "Add the starter types"),
 * one per ortho stage, because readiness, cadence and recovery rules key on the stage: a practice
 * that renames "Adjustment" to "Wire change" keeps those rules. 'other' has no starter: it is for
 * what a practice adds itself. Lengths are typical starting points; practices edit them.
 *
 * Colors are the block backgrounds in the day view with white text on them, so each one reaches
 * the WCAG AA contrast of 4.5:1 against white (checked by the test with contrastRatio below).
 */
import type { AppointmentTypeFields } from './schedule.schema.ts';

export const STARTER_APPOINTMENT_TYPES: readonly AppointmentTypeFields[] = [
  {
    name: 'New patient exam',
    stage: 'consult',
    minutes: 60,
    color: '#1d4ed8',
    needsDoctor: true,
    active: true,
  },
  // Photos, scans and x-rays are taken by an assistant; the doctor reads them later.
  { name: 'Records', stage: 'records', minutes: 30, color: '#0f766e', needsDoctor: false, active: true },
  {
    name: 'Bonding (braces on)',
    stage: 'bonding',
    minutes: 90,
    color: '#7e22ce',
    needsDoctor: true,
    active: true,
  },
  {
    name: 'Aligner start',
    stage: 'aligner-start',
    minutes: 60,
    color: '#a21caf',
    needsDoctor: true,
    active: true,
  },
  { name: 'Adjustment', stage: 'adjustment', minutes: 20, color: '#15803d', needsDoctor: true, active: true },
  // A poking wire or loose bracket is usually handled by an assistant; the doctor is called if needed.
  {
    name: 'Emergency / repair',
    stage: 'emergency',
    minutes: 20,
    color: '#b91c1c',
    needsDoctor: false,
    active: true,
  },
  {
    name: 'Debond (braces off)',
    stage: 'debond',
    minutes: 60,
    color: '#c2410c',
    needsDoctor: true,
    active: true,
  },
  {
    name: 'Retainer delivery',
    stage: 'retainer-delivery',
    minutes: 30,
    color: '#0369a1',
    needsDoctor: false,
    active: true,
  },
  {
    name: 'Retainer check',
    stage: 'retainer-check',
    minutes: 15,
    color: '#be185d',
    needsDoctor: true,
    active: true,
  },
  // Growth observation is a doctor's judgement, however short the visit.
  {
    name: 'Observation recall',
    stage: 'observation',
    minutes: 15,
    color: '#475569',
    needsDoctor: true,
    active: true,
  },
];

/** WCAG 2 relative luminance of a `#rrggbb` color. */
function relativeLuminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/**
 * WCAG 2 contrast ratio between two `#rrggbb` colors, from 1 (same) to 21 (black on white); null
 * for anything else. Text on an appointment block needs at least 4.5.
 */
export function contrastRatio(a: string, b: string): number | null {
  const hex = /^#[0-9a-f]{6}$/i;
  if (!hex.test(a) || !hex.test(b)) return null;
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [
    number,
    number,
  ];
  return (light + 0.05) / (dark + 0.05);
}
