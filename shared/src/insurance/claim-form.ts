/**
 * A claim as the 2024 ADA Dental Claim Form lays it out (CLAIM-13): every numbered item the
 * orthodontic claim uses, filled from the case, the policies and the practice, and every item
 * the practice has not recorded shown as a labelled blank (never guessed). The form is plain
 * data; the screen draws it and prints it.
 *
 * Orthodontic items: 40 (treatment is for orthodontics), 41 (date appliance placed: the case's
 * start), 42 (months of treatment: the total estimated months); the months remaining as of the
 * claim's date go in 35 (Remarks), with the continuation number.
 *
 * What each claim bills (items 24–32): the initial claim bills the option's procedure code; a
 * plan paid per fee slice bills the slice billed then (the initial slice, then each month's or
 * quarter's slices), any other plan bills the whole fee at banding. Continuation claims bill the
 * periodic orthodontic visit (D8670) with the fee of their slice, or for plans that pay their own
 * installments, the installment the plan's schedule expects.
 */
import type { Address } from '../core/common.schema.ts';
import type { Case } from '../pipeline/case.schema.ts';
import type { ClaimView } from './claims.ts';
import { currentVerification, type InsuranceData } from './insurance-doc.ts';
import type { Carrier, PaymentTerms, Policy, SubscriberRelationship } from './insurance.schema.ts';
import { addMonthsClamped, percentOfCentsDown, splitEqually } from './insurer-schedule.ts';
import { daysBetween, displayLocalDate } from '../core/calendar.ts';
import { formatCents } from '../core/money.ts';

/** The version of the ADA Dental Claim Form these items follow. */
export const ADA_CLAIM_FORM_VERSION = '2024';

/** Periodic orthodontic treatment visit: the code continuation claims bill. */
export const PERIODIC_ORTHO_VISIT_CODE = 'D8670';

/** Orthodontics and dentofacial orthopedics (provider taxonomy), for item 56a. */
export const ORTHODONTIST_TAXONOMY = '1223X0400X';

export type ClaimFormPerson = {
  firstName: string;
  lastName: string;
  dateOfBirth?: string | undefined;
  address?: Address | undefined;
};

export type ClaimFormCoverage = {
  policy: Pick<Policy, 'memberId' | 'groupNumber' | 'employer' | 'relationship'>;
  carrier: Pick<Carrier, 'name' | 'payerId'>;
  subscriber: ClaimFormPerson;
};

export type ClaimFormInput = {
  claim: Pick<ClaimView, 'kind' | 'paymentNumber' | 'dueOn' | 'expectedCents'>;
  /** How many claims the schedule has after the initial one (for "continuation 3 of 20"). */
  continuations: number;
  coverage: ClaimFormCoverage;
  /** Another plan that also covers the patient (items 4–11). */
  otherCoverage?: ClaimFormCoverage | undefined;
  patient: ClaimFormPerson & { accountNumber: string };
  /** The case's start (banding): the date the appliance was placed. */
  startDate?: string | undefined;
  option: { name: string; feeCents: number; months: number; cdtCode?: string | undefined };
  /** The plan's payout terms in force: per-slice plans bill fee slices. */
  terms?: PaymentTerms | undefined;
  /** An approved pre-authorization's number (item 2). */
  preauthNumber?: string | undefined;
  /** The location billing (LOC-3): its address, phone, tax id and organization NPI. */
  billing: {
    name: string;
    address?: Address | undefined;
    phone?: string | undefined;
    taxId?: string | undefined;
    npi?: string | undefined;
  };
  treatingDentist?: { name: string } | undefined;
};

export type ClaimFormItem = {
  /** The item number as printed on the form: `3a`, `24`, `41`. */
  item: string;
  label: string;
  /** What is filled in; null for a blank. */
  value: string | null;
  /** Why it is blank, when it should not be (the practice has not recorded it). */
  missing?: string;
};

export type ClaimFormLine = {
  procedureDate: string;
  areaOfOralCavity: string;
  procedureCode: string | null;
  description: string;
  quantity: number;
  feeCents: number;
};

export type ClaimFormSection = { title: string; items: ClaimFormItem[] };

export type AdaClaimForm = {
  version: typeof ADA_CLAIM_FORM_VERSION;
  /** In the form's order: header, insurance, other coverage, subscriber, patient. */
  top: ClaimFormSection[];
  lines: ClaimFormLine[];
  totalFeeCents: number;
  remarks: string;
  /** Authorizations, ancillary (orthodontic) information, billing and treating dentist. */
  bottom: ClaimFormSection[];
  /** Months of treatment in all, and left as of the claim's date. */
  months: { total: number; remaining: number };
};

const RELATIONSHIP_ON_FORM: Record<SubscriberRelationship, string> = {
  self: 'Self',
  spouse: 'Spouse',
  child: 'Dependent child',
  other: 'Other',
};

function nameOf(person: ClaimFormPerson): string {
  return `${person.lastName}, ${person.firstName}`;
}

function addressOf(address: Address | undefined): string | null {
  if (!address) return null;
  const street = [address.line1, address.line2].filter(Boolean).join(', ');
  return `${street}, ${address.city}, ${address.region} ${address.postalCode}`;
}

function filled(
  item: string,
  label: string,
  value: string | null | undefined,
  missing?: string,
): ClaimFormItem {
  if (value !== undefined && value !== null && value.trim() !== '') return { item, label, value };
  return missing ? { item, label, value: null, missing } : { item, label, value: null };
}

const NOT_RECORDED = 'Not recorded in Aligned: fill in by hand';

/**
 * Months in treatment on `on` since `start`: whole months, a partial month of 15 days or more
 * counting as one. Never negative.
 */
export function monthsInTreatment(start: string, on: string): number {
  if (on <= start) return 0;
  let whole = 0;
  while (addMonthsClamped(start, whole + 1) <= on) whole += 1;
  const partialDays = daysBetween(addMonthsClamped(start, whole), on);
  return whole + (partialDays >= 15 ? 1 : 0);
}

/**
 * The fee a claim bills (items 31 and 32), by the rule in the module comment. Per fee slice: the
 * initial slice is the plan's share of the fee rounded down, then one slice a month (equal,
 * rounded down, the last takes the remainder), a quarter's claim billing its months' slices.
 */
export function claimFeeCents(input: Pick<ClaimFormInput, 'claim' | 'option' | 'terms'>): number {
  const { claim, option, terms } = input;
  if (terms?.mode === 'per-slice') {
    const initial = percentOfCentsDown(option.feeCents, terms.initialSlicePercent);
    if (claim.paymentNumber === 0) return initial;
    const slices = splitEqually(option.feeCents - initial, option.months);
    const per = terms.frequency === 'quarterly' ? 3 : 1;
    const from = (claim.paymentNumber - 1) * per;
    return slices.slice(from, from + per).reduce((a, b) => a + b, 0);
  }
  return claim.paymentNumber === 0 ? option.feeCents : claim.expectedCents;
}

/** The 2024 ADA Dental Claim Form for one claim (CLAIM-13). */
export function adaClaimForm(input: ClaimFormInput): AdaClaimForm {
  const { claim, coverage, otherCoverage, patient, option, billing } = input;
  const total = option.months;
  const elapsed = input.startDate ? monthsInTreatment(input.startDate, claim.dueOn) : 0;
  const remaining = Math.max(0, total - elapsed);
  const initial = claim.paymentNumber === 0;
  const feeCents = claimFeeCents(input);
  const code = initial ? (option.cdtCode ?? null) : PERIODIC_ORTHO_VISIT_CODE;
  const lines: ClaimFormLine[] = [
    {
      procedureDate: displayLocalDate(claim.dueOn),
      areaOfOralCavity: '00',
      procedureCode: code,
      description: initial ? option.name : 'Periodic orthodontic treatment visit',
      quantity: 1,
      feeCents,
    },
  ];
  const remarks = [
    input.startDate
      ? `Orthodontic treatment began ${displayLocalDate(input.startDate)}: ${total} months in all, ${remaining} remaining.`
      : `Orthodontic treatment of ${total} months: the start date is not recorded.`,
    initial ? 'Initial claim.' : `Continuation claim ${claim.paymentNumber} of ${input.continuations}.`,
    `The plan's schedule expects ${formatCents(claim.expectedCents)} on this claim.`,
  ].join(' ');

  const top: ClaimFormSection[] = [
    {
      title: 'Header information',
      items: [
        filled('1', 'Type of transaction', 'Statement of Actual Services'),
        filled('2', 'Predetermination/Preauthorization number', input.preauthNumber),
      ],
    },
    {
      title: 'Insurance company/dental benefit plan information',
      items: [
        filled('3', 'Company/plan name, address, city, state, zip', coverage.carrier.name),
        filled('3', 'Company address', null, 'The carrier’s claims address is not recorded'),
        filled('3a', 'Payer ID', coverage.carrier.payerId, 'The carrier’s payer id is not recorded'),
      ],
    },
    {
      title: 'Other coverage',
      items: otherCoverage
        ? [
            filled('4', 'Dental? Medical?', 'Dental'),
            filled('5', 'Name of policyholder/subscriber in #4', nameOf(otherCoverage.subscriber)),
            filled(
              '6',
              'Date of birth',
              otherCoverage.subscriber.dateOfBirth && displayLocalDate(otherCoverage.subscriber.dateOfBirth),
              NOT_RECORDED,
            ),
            filled('7', 'Gender', null, NOT_RECORDED),
            filled('8', 'Policyholder/subscriber ID', otherCoverage.policy.memberId),
            filled('9', 'Plan/group number', otherCoverage.policy.groupNumber),
            filled(
              '10',
              'Patient’s relationship to person named in #5',
              RELATIONSHIP_ON_FORM[otherCoverage.policy.relationship],
            ),
            filled('11', 'Other insurance company/dental benefit plan name', otherCoverage.carrier.name),
            filled('11a', 'Other payer ID', otherCoverage.carrier.payerId),
          ]
        : [filled('4', 'Dental? Medical?', 'None')],
    },
    {
      title: 'Policyholder/subscriber information',
      items: [
        filled('12', 'Policyholder/subscriber name, address', nameOf(coverage.subscriber)),
        filled('12', 'Address', addressOf(coverage.subscriber.address), NOT_RECORDED),
        filled(
          '13',
          'Date of birth',
          coverage.subscriber.dateOfBirth && displayLocalDate(coverage.subscriber.dateOfBirth),
          NOT_RECORDED,
        ),
        filled('14', 'Gender', null, NOT_RECORDED),
        filled('15', 'Policyholder/subscriber ID', coverage.policy.memberId),
        filled('16', 'Plan/group number', coverage.policy.groupNumber),
        filled('17', 'Employer name', coverage.policy.employer),
      ],
    },
    {
      title: 'Patient information',
      items: [
        filled(
          '18',
          'Relationship to policyholder/subscriber in #12',
          RELATIONSHIP_ON_FORM[coverage.policy.relationship],
        ),
        filled('20', 'Name (last, first), address', nameOf(patient)),
        filled('20', 'Address', addressOf(patient.address), NOT_RECORDED),
        filled(
          '21',
          'Date of birth',
          patient.dateOfBirth && displayLocalDate(patient.dateOfBirth),
          NOT_RECORDED,
        ),
        filled('22', 'Gender', null, NOT_RECORDED),
        filled('23', 'Patient ID/account # (assigned by dentist)', patient.accountNumber),
      ],
    },
  ];

  const bottom: ClaimFormSection[] = [
    {
      title: 'Authorizations',
      items: [
        filled('36', 'Patient/guardian signature and date', null),
        filled('37', 'Subscriber signature and date', null),
      ],
    },
    {
      title: 'Ancillary claim/treatment information',
      items: [
        filled('38', 'Place of treatment', '11 (office)'),
        filled('39', 'Enclosures (Y or N)', 'N'),
        filled('40', 'Is treatment for orthodontics?', 'Yes'),
        filled(
          '41',
          'Date appliance placed',
          input.startDate && displayLocalDate(input.startDate),
          'The case has no start date',
        ),
        filled('42', 'Months of treatment', String(total)),
        filled('43', 'Replacement of prosthesis', 'No'),
        filled('45', 'Treatment resulting from', 'None of these'),
      ],
    },
    {
      title: 'Billing dentist or dental entity',
      items: [
        filled('48', 'Name, address, city, state, zip', billing.name),
        filled('48', 'Address', addressOf(billing.address), 'The location’s address is not recorded'),
        filled('49', 'NPI', billing.npi, 'The location’s NPI is not recorded'),
        filled('50', 'License number', null, NOT_RECORDED),
        filled('51', 'SSN or TIN', billing.taxId, 'The location’s tax id is not recorded'),
        filled('52', 'Phone number', billing.phone, 'The practice’s phone is not recorded'),
      ],
    },
    {
      title: 'Treating dentist and treatment location information',
      items: [
        filled('53', 'Treating dentist (signature and date)', input.treatingDentist?.name),
        filled('54', 'NPI', null, NOT_RECORDED),
        filled('55', 'License number', null, NOT_RECORDED),
        filled(
          '56',
          'Address, city, state, zip',
          addressOf(billing.address),
          'The location’s address is not recorded',
        ),
        filled('56a', 'Provider specialty code', ORTHODONTIST_TAXONOMY),
        filled('57', 'Phone number', billing.phone, 'The practice’s phone is not recorded'),
      ],
    },
  ];

  return {
    version: ADA_CLAIM_FORM_VERSION,
    top,
    lines,
    totalFeeCents: feeCents,
    remarks,
    bottom,
    months: { total, remaining },
  };
}

// ---------------------------------------------------------------------------------------------
// From what is stored

export type ClaimFormSources = {
  claim: ClaimView;
  insurance: Pick<InsuranceData, 'policies' | 'verifications' | 'preauths' | 'schedules'>;
  carrierOf: (carrierId: string) => Pick<Carrier, 'name' | 'payerId'> | undefined;
  patient: ClaimFormPerson & { id: string };
  /** The responsible party who holds a policy, by id. */
  partyOf: (partyId: string) => ClaimFormPerson | undefined;
  /** The family's address: the subscriber's and patient's when they have none of their own. */
  familyAddress?: Address | undefined;
  theCase?: Pick<Case, 'startDate'> | undefined;
  option?: ClaimFormInput['option'] | undefined;
  billing: ClaimFormInput['billing'];
  treatingDentist?: ClaimFormInput['treatingDentist'];
};

const ORDER_RANK = { primary: 0, secondary: 1, tertiary: 2 } as const;

/**
 * The form's input from the patient's stored records: the claim's policy and its subscriber,
 * the other plan in force on the claim's date (the primary for a secondary claim, otherwise the
 * next plan), the payout terms verified when the schedule was fixed, and an approved
 * pre-authorization's number. Null when the claim's policy, carrier or option is missing.
 */
export function claimFormInputOf(sources: ClaimFormSources): ClaimFormInput | null {
  const { claim, insurance, patient } = sources;
  const policy = insurance.policies.find((p) => p.id === claim.policyId);
  const carrier = policy && sources.carrierOf(policy.carrierId);
  if (!policy || !carrier || !sources.option) return null;
  const personOf = (held: Policy): ClaimFormPerson | undefined => {
    const person = held.subscriber.kind === 'patient' ? patient : sources.partyOf(held.subscriber.partyId);
    return person && { ...person, address: person.address ?? sources.familyAddress };
  };
  const subscriber = personOf(policy);
  if (!subscriber) return null;
  const inForce = (p: Policy) =>
    p.id !== policy.id &&
    p.effectiveDate <= claim.dueOn &&
    (p.endDate === undefined || p.endDate >= claim.dueOn);
  const other = insurance.policies
    .filter(inForce)
    .sort((a, b) => ORDER_RANK[a.order] - ORDER_RANK[b.order])[0];
  const otherCarrier = other && sources.carrierOf(other.carrierId);
  const otherSubscriber = other && personOf(other);
  const schedule = insurance.schedules.find((s) => s.id === claim.scheduleId);
  const fixedOn = schedule?.effectiveFrom ?? claim.dueOn;
  const verified =
    insurance.verifications.filter((v) => v.policyId === policy.id && v.verifiedOn <= fixedOn).at(-1) ??
    currentVerification(insurance, policy.id);
  const preauth = insurance.preauths.find(
    (p) =>
      p.policyId === policy.id && p.caseId === claim.caseId && p.status === 'approved' && p.referenceNumber,
  );
  return {
    claim,
    continuations: Math.max(0, ...(schedule?.payments.map((p) => p.number) ?? [0])),
    coverage: { policy, carrier, subscriber },
    otherCoverage:
      other && otherCarrier && otherSubscriber
        ? { policy: other, carrier: otherCarrier, subscriber: otherSubscriber }
        : undefined,
    patient: {
      ...patient,
      address: patient.address ?? sources.familyAddress,
      accountNumber: patient.id,
    },
    startDate: sources.theCase?.startDate,
    option: sources.option,
    terms: verified?.payment,
    preauthNumber: preauth?.referenceNumber,
    billing: sources.billing,
    treatingDentist: sources.treatingDentist,
  };
}
