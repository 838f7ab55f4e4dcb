/**
 * Templates a new practice can start from (Communications → "Add the starter templates").
 * Our own wording; practices edit them. Every one is checked by a test against the template
 * schema and the merge-field list, so a typo in a field name cannot ship.
 */
import type { TemplateInput } from '../practice/practice-doc.ts';
import { DEFAULT_REMINDER_BODY } from '../schedule/reminders.ts';

export const STARTER_TEMPLATES: readonly TemplateInput[] = [
  {
    name: 'Consult follow-up (day 2)',
    purpose: 'consult-follow-up',
    channel: 'text',
    body: 'Hi {{party.firstName}}, this is {{coordinator.name}} from {{practice.name}}. Thank you for bringing {{patient.firstName}} in! Do you have any questions about the treatment plan? We are happy to help: {{practice.phone}}',
    active: true,
  },
  {
    name: 'Financial options recap',
    purpose: 'financial',
    channel: 'email',
    subject: '{{patient.firstName}}’s treatment options at {{practice.name}}',
    body: 'Hi {{party.firstName}},\n\nThank you for visiting {{practice.name}}. Here is a summary of the option we discussed for {{patient.firstName}}:\n\n{{option.name}}, about {{option.months}} months\nTreatment fee: {{option.fee}}\nEstimated insurance: {{option.insurance}}\nYour portion: {{option.patientPortion}}\nDown payment {{option.downPayment}}, then {{option.monthly}} a month\n\nInsurance amounts are estimates until the insurer pays. Call me at {{practice.phone}} with any question.\n\n{{coordinator.name}}',
    active: true,
  },
  {
    name: 'Pending check-in call',
    purpose: 'consult-follow-up',
    channel: 'script',
    body: 'Hi, this is {{coordinator.name}} from {{practice.name}}, calling about {{patient.firstName}}. Have you had a chance to think about the treatment plan? Is there anything holding you back: timing, cost, insurance? (Note the blocker and the next follow-up date.)',
    active: true,
  },
  {
    name: 'Come back when ready',
    purpose: 'reactivation',
    channel: 'letter',
    body: 'Dear {{party.firstName}} {{party.lastName}},\n\nWe enjoyed meeting {{patient.firstName}}. If now is a better time to start treatment, we would love to help, and we can review payment options that fit your family. Call us at {{practice.phone}}.\n\nWarm regards,\n{{coordinator.name}}\n{{practice.name}}',
    active: true,
  },
  {
    name: 'Claim appeal',
    purpose: 'insurance',
    channel: 'letter',
    subject:
      'Appeal: {{patient.firstName}} {{patient.lastName}}, {{claim.procedure}} of {{claim.serviceDate}}',
    body: '{{claim.carrier}}\nAttn: Claims appeals\n\nPatient: {{patient.firstName}} {{patient.lastName}}, date of birth {{patient.dateOfBirth}}\nSubscriber: {{claim.subscriber}}, member id {{claim.memberId}}, group {{claim.groupNumber}}\nClaim: {{claim.procedure}}, date of service {{claim.serviceDate}}, {{claim.amount}} (your reference {{claim.reference}})\n\nTo whom it may concern,\n\nWe ask you to review this claim for orthodontic treatment again. It was not paid in full for this reason: {{claim.deniedReason}}. {{claim.unpaid}} is still unpaid.\n\nThe appliance was placed on {{case.startDate}} for {{case.months}} months of treatment. Why the treatment should be covered, and what is enclosed (records, x-rays, the treatment plan): \n\nPlease call {{practice.phone}} with any question.\n\nSincerely,\n{{coordinator.name}}\n{{practice.name}}',
    active: true,
  },
  {
    name: 'Appointment reminder',
    purpose: 'reminder',
    channel: 'text',
    body: DEFAULT_REMINDER_BODY,
    active: true,
  },
];
