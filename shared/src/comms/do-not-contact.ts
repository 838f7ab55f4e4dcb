/**
 * Do not contact (docs/spec/comms.md COMM-101, COMM-102): a flag on a patient and on a responsible
 * party, set by whoever hears the request. A flagged patient is contacted by no one about
 * anything; a flagged party is never the person a message goes to (another linked person may
 * be). Reminders, reactivation, recalls and templates all ask here, and every place a message
 * could be sent shows the flag.
 *
 * And the outbound log (COMM-103): a reminder, template or call link opened from the app becomes
 * an entry in the patient's communication log, the outcome asked for or recorded at once.
 */
import type { CommChannel, CommOutcome, TemplateChannel } from './comms.schema.ts';
import type { CommInput } from './comms-doc.ts';

/** The flag as records carry it (a `Patient` or `ResponsibleParty` fits). */
export type ContactFlag = {
  id: string;
  firstName: string;
  lastName: string;
  doNotContact?: boolean | undefined;
  doNotContactReason?: string | undefined;
};

/** COMM-101: the patient may be contacted at all (about anything, through anyone). */
export const mayContactPatient = (patient: Pick<ContactFlag, 'doNotContact'> | undefined) =>
  patient?.doNotContact !== true;

/** COMM-101: a message may go to this person (and the patient it is about is not flagged). */
export const mayMessage = (
  person: Pick<ContactFlag, 'doNotContact'>,
  about: Pick<ContactFlag, 'doNotContact'> | undefined,
) => person.doNotContact !== true && mayContactPatient(about);

export type ContactNotice = {
  /** Everyone is flagged: nothing may be sent about this patient. */
  blocked: boolean;
  /** "Do not contact: Ana Ruiz (asked 3/2)", for each flagged person, patient first. */
  lines: string[];
};

/**
 * COMM-102: what a screen that could send a message shows: the flagged people, and whether the
 * patient is blocked altogether. Null when no one is flagged.
 */
export function contactNotice(
  patient: ContactFlag | undefined,
  parties: readonly ContactFlag[] = [],
): ContactNotice | null {
  const flagged = [...(patient ? [patient] : []), ...parties].filter((p) => p.doNotContact === true);
  if (flagged.length === 0) return null;
  return {
    blocked: !mayContactPatient(patient),
    lines: flagged.map(
      (p) =>
        `Do not contact: ${p.firstName} ${p.lastName}${p.doNotContactReason ? ` (${p.doNotContactReason})` : ''}`,
    ),
  };
}

/** How an outbound message left the app. */
export type OutboundKind = 'call' | 'text' | 'email' | 'reminder-text' | 'reminder-email' | 'copy';

const CHANNEL: Record<OutboundKind, CommChannel> = {
  call: 'call',
  text: 'text',
  email: 'email',
  'reminder-text': 'text',
  'reminder-email': 'email',
  copy: 'text',
};

/**
 * COMM-103: outcomes the app offers after a link is opened. A call's outcome is not known until it
 * ends, so it is asked for (one click among these); a text or email handed to the phone or mail
 * program is recorded as sent at once, with the other outcomes offered to correct it.
 */
export function outboundOutcomes(kind: OutboundKind): { record: CommOutcome | null; offer: CommOutcome[] } {
  if (kind === 'call') return { record: null, offer: ['reached', 'left-message', 'no-answer', 'booked'] };
  return { record: 'sent', offer: ['sent', 'replied', 'other'] };
}

/**
 * COMM-103: the log entry for a message opened from the app. The summary names what was sent
 * (the template's name or "Appointment reminder"), never its text: the log is read by the whole
 * team and the message itself went to the family.
 */
export function outboundEntry(input: {
  patientId: string;
  caseId?: string | undefined;
  kind: OutboundKind;
  outcome: CommOutcome;
  at: string;
  by: string;
  templateId?: string | undefined;
  what?: string | undefined;
}): CommInput {
  const what = input.what?.trim();
  return {
    patientId: input.patientId,
    ...(input.caseId ? { caseId: input.caseId } : {}),
    channel: CHANNEL[input.kind],
    direction: 'outbound',
    outcome: input.outcome,
    at: input.at,
    by: input.by,
    ...(input.templateId ? { templateId: input.templateId } : {}),
    ...(what ? { summary: what.slice(0, 200) } : {}),
  };
}

/** COMM-103: the channel a template's message goes by (a call script is said on a call). */
export function templateChannelOf(channel: TemplateChannel): CommChannel {
  return channel === 'script' ? 'call' : channel;
}

/**
 * COMM-103: the log entry for a template copied to be sent by hand (pasted into a portal, a
 * message app, a letter), recorded as sent when the person says it went: by the template's own
 * channel, naming the template, never the text.
 */
export function copiedTemplateEntry(input: {
  patientId: string;
  caseId?: string | undefined;
  at: string;
  by: string;
  template: { id: string; name: string; channel: TemplateChannel };
}): CommInput {
  const { template, ...rest } = input;
  return {
    ...outboundEntry({
      ...rest,
      kind: 'copy',
      outcome: 'sent',
      templateId: template.id,
      what: template.name,
    }),
    channel: templateChannelOf(template.channel),
  };
}
