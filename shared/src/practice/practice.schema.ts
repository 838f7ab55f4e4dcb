/** The practice and its locations. Both live in the practice document (owner/manager write). */
import { z } from 'zod';
import { Address, AuditStamps, Email, Id, Phone, TimeZone } from '../core/common.schema.ts';
import { PaymentSettings } from '../billing/payment-settings.schema.ts';
import { LatePolicy } from '../billing/ledger.schema.ts';
import { LocationScheduleFields } from '../schedule/schedule.schema.ts';

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
});
export type PracticeFields = z.infer<typeof PracticeFields>;

export const Practice = z.looseObject({ id: Id, ...PracticeFields.shape, ...AuditStamps });
export type Practice = z.infer<typeof Practice>;

export const LocationFields = z.object({
  name: z.string().trim().min(1, { error: 'Required' }).max(80),
  /** Overrides the practice's time zone for a location in another zone. */
  timeZone: TimeZone.optional(),
  address: Address.optional(),
  phone: Phone.optional(),
  active: z.boolean(),
  ...LocationScheduleFields,
});
export type LocationFields = z.infer<typeof LocationFields>;

export const Location = z.looseObject({ id: Id, ...LocationFields.shape, ...AuditStamps });
export type Location = z.infer<typeof Location>;
