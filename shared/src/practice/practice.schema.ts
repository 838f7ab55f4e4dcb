/** The practice and its locations. Both live in the practice document (owner/manager write). */
import { z } from 'zod';
import { Address, AuditStamps, Email, Id, IsoDateTime, Phone, TimeZone } from '../core/common.schema.ts';
import { PaymentSettings } from '../billing/payment-settings.schema.ts';
import { LatePolicy } from '../billing/ledger.schema.ts';
import { LocationScheduleFields } from '../schedule/schedule.schema.ts';
import { AdjustmentIntervals } from '../schedule/adjustment-interval.ts';

export const PracticeFields = z.object({
  name: z.string().trim().min(1, { error: 'Required' }).max(120),
  timeZone: TimeZone,
  phone: Phone.optional(),
  email: Email.optional(),
  /** Screens lock after this many minutes without use (HIPAA automatic logoff); 10 when absent. */
  autoLockMinutes: z.number().int().min(1).max(120).optional(),
  /**
   * Follow-up cadence for pending patients: days after the presentation for each follow-up
   * (default 2, 5, 10), then one every `followUpThenEveryDays` (default 30) until they decide.
   */
  followUpCadenceDays: z
    .array(z.number().int().min(1).max(365))
    .min(1)
    .max(12)
    .refine((days) => days.every((d, i) => i === 0 || d > days[i - 1]!), {
      error: 'Each follow-up must come after the previous one',
    })
    .optional(),
  followUpThenEveryDays: z.number().int().min(1).max(365).optional(),
  /** Payment plan rules (rounding, pay-in-full discount, down payment, months, due day, APR). */
  paymentSettings: PaymentSettings.optional(),
  /** Grace days, late fee and escalation steps for past-due accounts. */
  latePolicy: LatePolicy.optional(),
  /** Benefits verified longer ago than this are re-verified (default 90 days, VERIFY-3). */
  verificationStaleDays: z
    .number({ error: 'Enter a number of days' })
    .int({ error: 'Whole days' })
    .min(7, { error: 'At least 7 days' })
    .max(365, { error: 'At most 365 days' })
    .optional(),
  /** Weeks between adjustments per kind of appliance (CADENCE-101; braces 6, aligners 10 when absent). */
  adjustmentIntervals: AdjustmentIntervals.optional(),
  /** Declined or lapsed cases are worth a reactivation call for this many months (BOARD-101; 24 when absent). */
  reactivationMonths: z
    .number({ error: 'Enter a number of months' })
    .int({ error: 'Whole months' })
    .min(1, { error: 'At least 1 month' })
    .max(120, { error: 'At most 120 months' })
    .optional(),
  /**
   * Benefits are verified for patients with a consult or a start within this many days (VERIFY-101;
   * 30 when absent), besides everyone in treatment.
   */
  verificationWindowDays: z
    .number({ error: 'Enter a number of days' })
    .int({ error: 'Whole days' })
    .min(1, { error: 'At least 1 day' })
    .max(180, { error: 'At most 180 days' })
    .optional(),
  /** When an owner or manager put the getting-started checklist away (START-3); shown again from Settings. */
  gettingStartedDismissedAt: IsoDateTime.optional(),
});
export type PracticeFields = z.infer<typeof PracticeFields>;

export const Practice = z.looseObject({ id: Id, ...PracticeFields.shape, ...AuditStamps });
export type Practice = z.infer<typeof Practice>;

/**
 * A US taxpayer identification number as printed on claims and statements (LOC-2): nine digits
 * written `NN-NNNNNNN` (an employer identification number).
 */
export const TaxId = z.string().regex(/^\d{2}-\d{7}$/, { error: 'Use nine digits, as 12-3456789' });

/** A National Provider Identifier (LOC-2): ten digits whose last is the Luhn check digit. */
export const Npi = z
  .string()
  .regex(/^\d{10}$/, { error: 'Use the ten digits of the NPI' })
  .refine(isValidNpi, { error: 'Not a valid NPI: check the digits' });

/**
 * The NPI check digit: the Luhn algorithm over the first nine digits prefixed with the card
 * issuer code 80840, which adds a constant 24 to the sum.
 */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  let sum = 24;
  for (let i = 0; i < 9; i++) {
    const digit = Number(npi[8 - i]);
    const doubled = i % 2 === 0 ? digit * 2 : digit;
    sum += doubled > 9 ? doubled - 9 : doubled;
  }
  return (10 - (sum % 10)) % 10 === Number(npi[9]);
}

export const LocationFields = z.object({
  name: z.string().trim().min(1, { error: 'Required' }).max(80),
  /** Overrides the practice's time zone for a location in another zone. */
  timeZone: TimeZone.optional(),
  /** The details printed on agreements, statements, claim forms and reminders (LOC-1). */
  address: Address.optional(),
  phone: Phone.optional(),
  email: Email.optional(),
  taxId: TaxId.optional(),
  /** The location's organization NPI, where the practice bills with one. */
  npi: Npi.optional(),
  active: z.boolean(),
  ...LocationScheduleFields,
});
export type LocationFields = z.infer<typeof LocationFields>;

export const Location = z.looseObject({ id: Id, ...LocationFields.shape, ...AuditStamps });
export type Location = z.infer<typeof Location>;
