import { describe, expect, it } from 'vitest';
import {
  contactNotice,
  copiedTemplateEntry,
  mayContactPatient,
  mayMessage,
  outboundEntry,
  outboundOutcomes,
  type ContactFlag,
} from './do-not-contact.ts';
import { CommEntryFields } from './comms.schema.ts';

const ana: ContactFlag = { id: 'pat_ana', firstName: 'Ana', lastName: 'Ruiz' };
const mom: ContactFlag = { id: 'rp_mom', firstName: 'Lucia', lastName: 'Ruiz' };

describe('do not contact', () => {
  it('COMM-101: a flagged patient is contacted by no one; a flagged parent is not the one messaged', () => {
    expect(mayContactPatient(ana)).toBe(true);
    expect(mayContactPatient({ ...ana, doNotContact: true })).toBe(false);
    expect(mayMessage(mom, ana)).toBe(true);
    expect(mayMessage({ ...mom, doNotContact: true }, ana)).toBe(false);
    expect(mayMessage(mom, { ...ana, doNotContact: true })).toBe(false);
  });

  it('COMM-102: screens that could send show who is flagged, and whether the patient is blocked', () => {
    expect(contactNotice(ana, [mom])).toBeNull();
    expect(
      contactNotice(ana, [{ ...mom, doNotContact: true, doNotContactReason: 'asked by phone' }]),
    ).toEqual({
      blocked: false,
      lines: ['Do not contact: Lucia Ruiz (asked by phone)'],
    });
    expect(contactNotice({ ...ana, doNotContact: true }, [mom])).toEqual({
      blocked: true,
      lines: ['Do not contact: Ana Ruiz'],
    });
  });
});

describe('the outbound log', () => {
  it('COMM-103: a call asks for its outcome; a text or email is recorded as sent at once', () => {
    expect(outboundOutcomes('call')).toEqual({
      record: null,
      offer: ['reached', 'left-message', 'no-answer', 'booked'],
    });
    expect(outboundOutcomes('reminder-text').record).toBe('sent');
    expect(outboundOutcomes('email').record).toBe('sent');
  });

  it('COMM-103: the entry names what was sent, never the message, and is a valid log entry', () => {
    const entry = outboundEntry({
      patientId: 'pat_0000000000000001',
      kind: 'reminder-text',
      outcome: 'sent',
      at: '2026-06-01T15:00:00.000Z',
      by: 'stf_0000000000000001',
      what: 'Appointment reminder',
    });
    expect(entry).toEqual({
      patientId: 'pat_0000000000000001',
      channel: 'text',
      direction: 'outbound',
      outcome: 'sent',
      at: '2026-06-01T15:00:00.000Z',
      by: 'stf_0000000000000001',
      summary: 'Appointment reminder',
    });
    expect(CommEntryFields.safeParse(entry).success).toBe(true);
  });

  it('COMM-103: a copied template is logged as sent by its own channel, naming the template', () => {
    const base = {
      patientId: 'pat_0000000000000001',
      caseId: 'cas_0000000000000001',
      at: '2026-06-01T15:00:00.000Z',
      by: 'stf_0000000000000001',
    };
    const letter = copiedTemplateEntry({
      ...base,
      template: { id: 'tpl_0000000000000001', name: 'Welcome letter', channel: 'letter' },
    });
    expect(letter).toEqual({
      ...base,
      channel: 'letter',
      direction: 'outbound',
      outcome: 'sent',
      templateId: 'tpl_0000000000000001',
      summary: 'Welcome letter',
    });
    expect(CommEntryFields.safeParse(letter).success).toBe(true);
    const script = copiedTemplateEntry({
      ...base,
      template: { id: 'tpl_0000000000000002', name: 'Consult call', channel: 'script' },
    });
    expect(script.channel).toBe('call');
  });
});
