/**
 * The merge values of a claim letter (an appeal, CLAIM-8): the claim, its policy and subscriber,
 * the case, on top of the usual patient and practice values. The letter is a practice template
 * (purpose "insurance letter") rendered as text (comms/template.ts).
 */
import type { MergeValues } from '../comms/template.ts';
import type { ClaimView } from './claims.ts';
import { outstandingCents } from './claims.ts';
import { claimFeeCents, PERIODIC_ORTHO_VISIT_CODE, type ClaimFormInput } from './claim-form.ts';
import { displayLocalDate } from '../core/calendar.ts';
import { formatCents } from '../core/money.ts';

export function claimLetterValues(
  input: ClaimFormInput,
  claim: Pick<
    ClaimView,
    'expectedCents' | 'paidCents' | 'writtenOffCents' | 'transferredCents' | 'deniedReason' | 'reference'
  >,
): MergeValues {
  const { coverage, patient, option } = input;
  return {
    'patient.dateOfBirth': patient.dateOfBirth && displayLocalDate(patient.dateOfBirth),
    'claim.carrier': coverage.carrier.name,
    'claim.memberId': coverage.policy.memberId,
    'claim.groupNumber': coverage.policy.groupNumber,
    'claim.subscriber': `${coverage.subscriber.firstName} ${coverage.subscriber.lastName}`,
    'claim.serviceDate': displayLocalDate(input.claim.dueOn),
    'claim.procedure': input.claim.paymentNumber === 0 ? option.cdtCode : PERIODIC_ORTHO_VISIT_CODE,
    'claim.amount': formatCents(claimFeeCents(input)),
    'claim.unpaid': formatCents(outstandingCents(claim)),
    'claim.deniedReason': claim.deniedReason,
    'claim.reference': claim.reference,
    'case.startDate': input.startDate && displayLocalDate(input.startDate),
    'case.months': String(option.months),
  };
}
