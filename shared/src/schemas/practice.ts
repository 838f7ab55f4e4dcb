/** The practice and its locations. Both live in the practice document (owner/manager write). */
import { z } from 'zod';
import { Address, AuditStamps, Email, Id, Phone, TimeZone } from './common.ts';

export const PracticeFields = z.object({
  name: z.string().trim().min(1, { error: 'Required' }).max(120),
  timeZone: TimeZone,
  phone: Phone.optional(),
  email: Email.optional(),
  /** Screens lock after this many minutes without use (HIPAA automatic logoff); 10 when absent. */
  autoLockMinutes: z.number().int().min(1).max(120).optional(),
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
});
export type LocationFields = z.infer<typeof LocationFields>;

export const Location = z.looseObject({ id: Id, ...LocationFields.shape, ...AuditStamps });
export type Location = z.infer<typeof Location>;
