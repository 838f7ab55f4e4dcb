/**
 * Building blocks shared by every entity schema: ids, timestamps, calendar dates,
 * contact details and the audit stamps every stored record carries.
 *
 * Everything stored is JSON-compatible so it can live as a value in a Y.Map.
 */
import { z } from 'zod';
import { isValidLocalDate } from './calendar.ts';
import { E164_PATTERN } from './phone.ts';

/** Opaque record id: a short prefix naming the kind, then random base32 (see ids.ts). */
export const Id = z.string().regex(/^[a-z]{2,5}_[0-9a-z]{8,32}$/, { error: 'Not a valid record id' });

/** A staff member's id, or a system actor such as `system:migration`. */
export const ActorId = z.string().min(1).max(64);

/** An instant, always stored in UTC (`2026-11-25T14:03:00.000Z`), shown in the practice's time zone. */
export const IsoDateTime = z.iso.datetime({ offset: false, error: 'Not a UTC timestamp' });

/** A calendar date with no time zone (a birthday, a due date): `YYYY-MM-DD`. */
export const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Use the form YYYY-MM-DD' })
  .refine(isValidLocalDate, { error: 'Not a real calendar date' });

/** IANA time zone name such as `America/Chicago`. */
export const TimeZone = z
  .string()
  .min(1)
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { error: 'Unknown time zone' },
  );

/** A phone number normalized to E.164 (`+15125550123`); see core/phone.ts for parsing input. */
export const Phone = z.string().regex(E164_PATTERN, { error: 'Not a valid phone number' });

export const Email = z.email({ error: 'Not a valid email address' }).max(254);

/** A person's given or family name. */
export const PersonName = z
  .string()
  .trim()
  .min(1, { error: 'Required' })
  .max(80, { error: 'At most 80 characters' });

export const Notes = z.string().max(4000, { error: 'At most 4,000 characters' });

export const Address = z.object({
  line1: z.string().trim().min(1, { error: 'Required' }).max(120),
  line2: z.string().trim().max(120).optional(),
  city: z.string().trim().min(1, { error: 'Required' }).max(80),
  region: z.string().trim().min(1, { error: 'Required' }).max(40),
  postalCode: z.string().trim().min(3, { error: 'Too short' }).max(12),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, { error: 'Use a two-letter country code' })
    .default('US'),
});
export type Address = z.infer<typeof Address>;

/** How a person prefers to be contacted. */
export const ContactChannel = z.enum(['text', 'phone', 'email', 'mail', 'portal']);
export type ContactChannel = z.infer<typeof ContactChannel>;

export const CONTACT_CHANNEL_LABELS: Record<ContactChannel, string> = {
  text: 'Text message',
  phone: 'Phone call',
  email: 'Email',
  mail: 'Letter',
  portal: 'Patient portal',
};

/** BCP 47 language tag (`en`, `es`, `pt-BR`). */
export const Language = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, {
  error: 'Use a language code such as en or es',
});

/** Who created and last changed a record, and when. Stamped by every write command. */
export const AuditStamps = {
  createdAt: IsoDateTime,
  createdBy: ActorId,
  updatedAt: IsoDateTime,
  updatedBy: ActorId,
};

/** Field names written only by commands, never by forms. */
export const STAMP_FIELDS = ['id', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy'] as const;
