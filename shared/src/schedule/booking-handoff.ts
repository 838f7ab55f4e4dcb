/**
 * BOOK-109: a booking started for a new caller. The booking form hands what was chosen (day,
 * time, chair, type, provider, location, the name typed) to the inquiry form, which hands the new
 * patient back to the book, so nothing chosen is chosen twice. The hand-off travels in the address
 * (ids, a day and a time; the name typed is held in memory, never in the address), so every value
 * read back is checked: anything malformed is dropped, never trusted.
 */
import { Id, LocalDate } from '../core/common.schema.ts';
import { emptyBookingForm, type BookingForm } from './schedule-forms.ts';
import type { ScheduleSetup } from './schedule-conflicts.ts';

/** What the book remembers while the inquiry is taken. */
export type BookingHandoff = Partial<
  Pick<BookingForm, 'date' | 'time' | 'chairId' | 'typeId' | 'providerId'>
> & {
  locationId?: string;
};

type Check = { test: (value: string) => boolean };
const schema = (s: { safeParse: (v: unknown) => { success: boolean } }): Check => ({
  test: (value) => s.safeParse(value).success,
});
const DATE = schema(LocalDate);
const TIME: Check = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const ID = schema(Id);

const CHECKS: Record<keyof BookingHandoff, Check> = {
  date: DATE,
  time: TIME,
  chairId: ID,
  typeId: ID,
  providerId: ID,
  locationId: ID,
};

/** The hand-off as address parameters (`book.date`, `book.time`, …); empty values are left out. */
export function handoffParams(handoff: BookingHandoff): [string, string][] {
  return (Object.keys(CHECKS) as (keyof BookingHandoff)[]).flatMap((key) => {
    const value = handoff[key];
    return value && CHECKS[key].test(value) ? [[`book.${key}`, value] as [string, string]] : [];
  });
}

/**
 * The book's address once the inquiry is taken: the new patient, the location and day to show,
 * and the rest of the hand-off to reopen the booking with.
 */
export function handBackParams(patientId: string, handoff: BookingHandoff): [string, string][] {
  return [
    ['patient', patientId],
    ...(handoff.locationId ? [['location', handoff.locationId] as [string, string]] : []),
    ...(handoff.date ? [['date', handoff.date] as [string, string]] : []),
    ...handoffParams(handoff),
  ];
}

/** The hand-off read back from address parameters: only well-formed values. */
export function handoffFromParams(get: (name: string) => string | null): BookingHandoff {
  const handoff: BookingHandoff = {};
  for (const key of Object.keys(CHECKS) as (keyof BookingHandoff)[]) {
    const value = get(`book.${key}`);
    if (value && CHECKS[key].test(value)) handoff[key] = value;
  }
  return handoff;
}

/**
 * The first and last name of what was typed in the booking form's patient box: "Last, First" as
 * lists show names, else "First Last…" (the last word is the last name). Trimmed, at most 60
 * characters each.
 */
export function namesFromQuery(query: string): { firstName: string; lastName: string } {
  const clean = query.replace(/\s+/g, ' ').trim();
  const cut = (s: string) => s.trim().slice(0, 60);
  const comma = clean.indexOf(',');
  if (comma >= 0) return { firstName: cut(clean.slice(comma + 1)), lastName: cut(clean.slice(0, comma)) };
  const words = clean.split(' ').filter(Boolean);
  if (words.length <= 1) return { firstName: '', lastName: cut(words[0] ?? '') };
  return { firstName: cut(words.slice(0, -1).join(' ')), lastName: cut(words.at(-1)!) };
}

/**
 * The booking form the book reopens with for the new patient: the day (else `date`), time, type
 * (with its length), and the chair and provider when this location still has them.
 */
export function bookingFormFromHandoff(
  handoff: BookingHandoff,
  date: string,
  setup: Pick<ScheduleSetup, 'chairs' | 'providers' | 'types'>,
): BookingForm {
  const form = emptyBookingForm(handoff.date ?? date, handoff.time ?? '');
  const type = setup.types.find((t) => t.id === handoff.typeId);
  if (type) [form.typeId, form.minutes] = [type.id, String(type.minutes)];
  if (setup.chairs.some((c) => c.id === handoff.chairId)) form.chairId = handoff.chairId!;
  if (setup.providers.some((p) => p.id === handoff.providerId)) form.providerId = handoff.providerId!;
  return form;
}

/**
 * CADENCE-102: "Find next available" from a patient in treatment searches from their next visit's
 * due day, for its type (`find.from`, `find.type` in the address). Only a well-formed day, never
 * before today, and a type the practice books are taken; anything else is left to the finder's
 * defaults.
 */
export function finderSeedFromParams(
  get: (name: string) => string | null,
  context: { today: string; typeIds: ReadonlySet<string> },
): { from?: string; typeId?: string } {
  const seed: { from?: string; typeId?: string } = {};
  const from = get('find.from');
  if (from && LocalDate.safeParse(from).success) seed.from = from < context.today ? context.today : from;
  const type = get('find.type');
  if (type && context.typeIds.has(type)) seed.typeId = type;
  return seed;
}

/** The address parameters that seed the finder from a patient's next visit (see `finderSeedFromParams`). */
export const finderSeedParams = (next: { on: string; typeId: string }): [string, string][] => [
  ['find.from', next.on],
  ['find.type', next.typeId],
];
