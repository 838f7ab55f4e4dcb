/** The follow-up cadence setting as people type it: "2, 5, 10" days, then every N days. */
import { PracticeFields } from '../practice/practice.schema.ts';

export function cadenceToText(days: readonly number[]): string {
  return days.join(', ');
}

export function readCadenceForm(
  daysText: string,
  thenText: string,
): {
  value?: { followUpCadenceDays: number[]; followUpThenEveryDays: number };
  errors: { days?: string; then?: string };
} {
  const errors: { days?: string; then?: string } = {};
  const parts = daysText
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const days = parts.map(Number);
  if (parts.length === 0) errors.days = 'At least one follow-up day, such as 2, 5, 10';
  else if (days.some((d) => !Number.isInteger(d))) errors.days = 'Whole days, separated by commas';
  else {
    const check = PracticeFields.shape.followUpCadenceDays.safeParse(days);
    if (!check.success) errors.days = check.error.issues[0]?.message ?? 'Not a valid cadence';
    if (days.some((d) => d < 1 || d > 365)) errors.days = 'Each day between 1 and 365';
  }
  const then = Number(thenText.trim());
  if (!Number.isInteger(then) || then < 1 || then > 365) errors.then = 'Between 1 and 365 days';
  if (errors.days || errors.then) return { errors };
  return { value: { followUpCadenceDays: days, followUpThenEveryDays: then }, errors };
}
