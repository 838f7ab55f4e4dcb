/**
 * Readiness checks shown on an appointment and on Today: what must be in place before a visit,
 * each saying what is missing and where to fix it. Before a bonding or aligner start: the
 * financial agreement signed, the down payment received, pre-authorization approved when a plan
 * requires it, records taken, and for aligners the aligners back from the lab. Before any visit
 * within 7 days: insurance benefits verified (READY-2; the rule is the verification worklist's,
 * VERIFY-3, reused here).
 *
 * Pure, over plain facts the screen gathers from the patient's chart, insurance, contracts and
 * ledger documents. Messages name no one (the screen shows the patient): only what is missing.
 */
import type { CaseStatus, CaseType } from '../pipeline/case.schema.ts';
import type { Contract, ContractStatus } from '../billing/contract.schema.ts';
import type { PolicyOrder } from '../insurance/insurance.schema.ts';
import type { Preauth, PreauthStatus } from '../insurance/claims.schema.ts';
import type { LedgerEntry } from '../billing/ledger.schema.ts';
import type { OrthoStage } from './schedule.schema.ts';
import { accountState } from '../billing/ledger.ts';
import { dayNumberOf, displayLocalDate } from '../core/calendar.ts';
import { formatCents } from '../core/money.ts';
import {
  DEFAULT_STALE_AFTER_DAYS,
  DEFAULT_VISIT_SOON_DAYS,
  verificationWorklist,
  type CurrentVerifications,
  type VerificationPolicy,
} from '../insurance/verification-worklist.ts';

export type ReadinessCheckId =
  | 'consent-signed'
  | 'contract-signed'
  | 'down-payment'
  | 'preauth-approved'
  | 'records-taken'
  | 'aligners-received'
  | 'retainers-received'
  | 'insurance-verified';

/** Where the fix is: the screen turns it into a link. */
export type ReadinessFix = {
  area: 'billing' | 'insurance' | 'patient' | 'schedule' | 'lab';
  familyId?: string;
  patientId?: string;
  contractId?: string;
  policyId?: string;
};

export type ReadinessCheck = {
  id: ReadinessCheckId;
  ready: boolean;
  label: string;
  /** A plain sentence: what is missing. Only when not ready. */
  missing?: string;
  fix: ReadinessFix;
};

/** A lab order as the checks see it (aligners for a start, retainers for a delivery). */
export type LabOrderStatus = {
  ordered: boolean;
  received: boolean;
  /** LAB-3: received work is ready once someone checked it; absent means nobody tracks checking. */
  checked?: boolean;
  dueOn?: string;
};

/** The informed consent for the case: signed and current, signed but void (the terms changed), or none. */
export type ConsentState = 'signed' | 'void' | 'missing';

/** A contract as the checks see it (a `Contract` record plus what was paid toward its down payment). */
export type ReadinessContract = Pick<Contract, 'id' | 'caseId' | 'status'> & {
  terms: { downPaymentCents: number };
  /**
   * What the family has paid toward the down payment (`downPaymentReceivedCents` works it out
   * from the ledger). Absent counts as nothing received.
   */
  downPaymentReceivedCents?: number;
};

/** A policy as the checks see it (a `Policy` record fits, plus whether its plan needs pre-authorization). */
export type ReadinessPolicy = VerificationPolicy & {
  order?: PolicyOrder;
  /**
   * The plan requires a pre-authorization approved before treatment starts. Not a field of the
   * policy or the verification yet: the caller supplies it.
   */
  preauthRequired?: boolean;
};

export type ReadinessFacts = {
  /** The practice's local date. */
  today: string;
  patientId: string;
  familyId?: string;
  /** The case the appointment belongs to; null when it has none (then any contract or pre-authorization of the patient counts). */
  case: { id: string; type: CaseType; status?: CaseStatus } | null;
  /** The family's contracts; those of other cases are ignored. */
  contracts: readonly ReadinessContract[];
  policies: readonly ReadinessPolicy[];
  /** The verification in force per policy (a stored summary, a Map or a lookup function). */
  verifications: CurrentVerifications;
  preauths: readonly Pick<Preauth, 'id' | 'policyId' | 'caseId' | 'status'>[];
  /**
   * Records (photos, x-rays, scans): the local date they were taken (a completed records visit
   * or a recorded flag) and the date of a records visit on the book, if any.
   */
  records: { takenOn?: string | undefined; bookedOn?: string | undefined };
  /**
   * The lab order the visit waits for: the aligners for an aligner start, the retainers for a
   * retainer delivery. Null when there is none (and until the app has lab orders): not ready.
   */
  lab: LabOrderStatus | null;
  /** The case's informed consent (READY-101). Absent counts as missing. */
  consent?: ConsentState;
  /** A verification older than this many days is stale. Default 90 (VERIFY-3). */
  staleDays?: number;
};

const LABELS: Record<ReadinessCheckId, string> = {
  'consent-signed': 'Informed consent signed',
  'contract-signed': 'Financial agreement signed',
  'down-payment': 'Down payment received',
  'preauth-approved': 'Pre-authorization approved',
  'records-taken': 'Records taken',
  'aligners-received': 'Aligners received',
  'retainers-received': 'Retainers received',
  'insurance-verified': 'Insurance benefits verified',
};

/** The visits that start treatment: the ones with the full readiness checks. */
export const START_STAGES: ReadonlySet<OrthoStage> = new Set(['bonding', 'aligner-start']);
const SIGNED: ReadonlySet<ContractStatus> = new Set(['signed', 'active', 'completed']);
/** Contracts that no longer stand for the case. */
const VOID: ReadonlySet<ContractStatus> = new Set(['cancelled', 'transferred']);

const ORDER_WORDS: Record<PolicyOrder, string> = {
  primary: 'primary',
  secondary: 'secondary',
  tertiary: 'tertiary',
};
const policyName = (policy: ReadinessPolicy | undefined) =>
  policy?.order ? `the ${ORDER_WORDS[policy.order]} policy` : 'a policy';
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The checks for an appointment of `stage` on `appointmentOn` (local date), in a fixed order.
 *
 * - A bonding or aligner start gets `consent-signed` (READY-101), `contract-signed`,
 *   `down-payment`, `records-taken`, and `preauth-approved` when a policy still in force on that
 *   day requires pre-authorization. `aligners-received` is added for an aligner start, and for a
 *   bonding of an aligner case (practices book attachment bonding as a start).
 * - A retainer delivery gets `retainers-received` (READY-102).
 * - Every appointment between today and 7 days from today gets `insurance-verified` when the
 *   patient has a policy in force on that day: ready unless a policy was never verified or its
 *   verification will be older than `staleDays` on the appointment day.
 * - Otherwise there is nothing to check: `[]`.
 *
 * READY-102: `aligners-received` and `retainers-received` with `lab: null` are not ready and say
 * there is no lab order: a visit that needs the lab's work must not look ready when nothing
 * says the work exists (until the app keeps lab orders, the coordinator starts anyway with a reason).
 */
export function readinessChecks(
  stage: OrthoStage,
  appointmentOn: string,
  facts: ReadinessFacts,
): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [];
  const forCase = (caseId: string) => facts.case === null || caseId === facts.case.id;
  const inForce = facts.policies.filter((p) => p.endDate === undefined || p.endDate >= appointmentOn);
  const family = facts.familyId === undefined ? {} : { familyId: facts.familyId };
  const check = (id: ReadinessCheckId, missing: string | null, fix: ReadinessFix): ReadinessCheck =>
    missing === null
      ? { id, ready: true, label: LABELS[id], fix }
      : { id, ready: false, label: LABELS[id], missing, fix };

  if (START_STAGES.has(stage)) {
    const consent = facts.consent ?? 'missing';
    checks.push(
      check(
        'consent-signed',
        consent === 'signed'
          ? null
          : consent === 'void'
            ? 'The informed consent was signed for terms that have changed since: sign it again.'
            : 'The informed consent is not signed yet.',
        { area: 'patient', patientId: facts.patientId },
      ),
    );

    const mine = facts.contracts.filter((c) => forCase(c.caseId) && !VOID.has(c.status));
    // The signed contract when there is one, else the one still to sign.
    const contract = mine.find((c) => SIGNED.has(c.status)) ?? mine[0];
    const billing: ReadinessFix = {
      area: 'billing',
      ...family,
      ...(contract ? { contractId: contract.id } : {}),
    };

    checks.push(
      check(
        'contract-signed',
        !contract
          ? 'There is no financial agreement for this case yet.'
          : SIGNED.has(contract.status)
            ? null
            : 'The financial agreement is not signed yet.',
        billing,
      ),
    );

    const due = contract?.terms.downPaymentCents ?? 0;
    const received = contract?.downPaymentReceivedCents ?? 0;
    checks.push(
      check(
        'down-payment',
        !contract
          ? 'No down payment is set: there is no financial agreement yet.'
          : received >= due
            ? null
            : `${formatCents(due - received)} of the ${formatCents(due)} down payment is still due.`,
        billing,
      ),
    );

    const needing = inForce.filter((p) => p.preauthRequired);
    if (needing.length > 0) {
      const problems: { policy: ReadinessPolicy; sentence: string }[] = [];
      for (const policy of needing) {
        const statuses = new Set<PreauthStatus>(
          facts.preauths.filter((p) => p.policyId === policy.id && forCase(p.caseId)).map((p) => p.status),
        );
        if (statuses.has('approved')) continue;
        const name = policyName(policy);
        const sentence = statuses.has('appeal')
          ? `The pre-authorization for ${name} was denied and is under appeal.`
          : statuses.has('denied')
            ? `The pre-authorization for ${name} was denied.`
            : statuses.size > 0
              ? `The pre-authorization for ${name} is submitted, not approved yet.`
              : `No pre-authorization was submitted for ${name}, which requires one.`;
        problems.push({ policy, sentence });
      }
      const first = problems[0]?.policy ?? needing[0]!;
      checks.push(
        check('preauth-approved', problems.length ? problems.map((p) => p.sentence).join(' ') : null, {
          area: 'insurance',
          patientId: facts.patientId,
          policyId: first.id,
        }),
      );
    }

    const { takenOn, bookedOn } = facts.records;
    checks.push(
      check(
        'records-taken',
        takenOn !== undefined
          ? null
          : bookedOn === undefined
            ? 'No records are taken or booked.'
            : bookedOn > appointmentOn
              ? `Records are booked for ${displayLocalDate(bookedOn)}, after this appointment.`
              : `Records are booked for ${displayLocalDate(bookedOn)}, not taken yet.`,
        { area: 'schedule', patientId: facts.patientId },
      ),
    );

    if (stage === 'aligner-start' || facts.case?.type === 'aligners')
      checks.push(labCheck('aligners-received', 'aligners', facts, appointmentOn));
  }
  if (stage === 'retainer-delivery')
    checks.push(labCheck('retainers-received', 'retainers', facts, appointmentOn));

  const insurance = insuranceCheck(appointmentOn, facts, inForce);
  if (insurance) checks.push(insurance);
  return checks;
}

/** READY-102: the lab's work for the visit: received, ordered and due, not ordered, or no lab order. */
function labCheck(
  id: 'aligners-received' | 'retainers-received',
  what: 'aligners' | 'retainers',
  facts: ReadinessFacts,
  appointmentOn: string,
): ReadinessCheck {
  const fix: ReadinessFix = { area: 'lab', patientId: facts.patientId };
  const lab = facts.lab;
  const The = what === 'aligners' ? 'The aligners' : 'The retainers';
  if (lab === null)
    return { id, ready: false, label: LABELS[id], missing: `No lab order: ${what} are not ordered.`, fix };
  if (lab.received && lab.checked !== false) return { id, ready: true, label: LABELS[id], fix };
  if (lab.received) {
    return { id, ready: false, label: LABELS[id], missing: `${The} are in, not checked yet.`, fix };
  }
  const dueText =
    lab.dueOn === undefined
      ? ''
      : lab.dueOn > appointmentOn
        ? ` They are due ${displayLocalDate(lab.dueOn)}, after this appointment.`
        : ` They are due ${displayLocalDate(lab.dueOn)}.`;
  return {
    id,
    ready: false,
    label: LABELS[id],
    missing: lab.ordered ? `${The} are ordered, not received yet.${dueText}` : `${The} are not ordered yet.`,
    fix,
  };
}

function insuranceCheck(
  appointmentOn: string,
  facts: ReadinessFacts,
  inForce: readonly ReadinessPolicy[],
): ReadinessCheck | null {
  const daysAway = dayNumberOf(appointmentOn) - dayNumberOf(facts.today);
  if (daysAway < 0 || daysAway > DEFAULT_VISIT_SOON_DAYS || inForce.length === 0) return null;
  const staleDays = facts.staleDays ?? DEFAULT_STALE_AFTER_DAYS;
  const items = verificationWorklist({
    patients: [
      {
        patientId: facts.patientId,
        policies: inForce,
        current: facts.verifications,
        // The worklist names the visit only to echo it back; its rule is the same for any visit.
        upcoming: [{ kind: 'start', at: appointmentOn }],
      },
    ],
    today: facts.today,
    staleAfterDays: staleDays,
    soonDays: DEFAULT_VISIT_SOON_DAYS,
  }).filter((item) => item.reason === 'visit-soon');
  const byId = new Map(inForce.map((p) => [p.id, p]));
  const sentences = items.map((item) => {
    const name = policyName(byId.get(item.policyId));
    return item.verifiedOn === undefined
      ? `${capitalize(name)} was never verified.`
      : `${capitalize(name)} was last verified ${displayLocalDate(item.verifiedOn)}, more than ${staleDays} days before this appointment.`;
  });
  return {
    id: 'insurance-verified',
    ready: items.length === 0,
    label: LABELS['insurance-verified'],
    ...(items.length ? { missing: sentences.join(' ') } : {}),
    fix: {
      area: 'insurance',
      patientId: facts.patientId,
      policyId: items[0]?.policyId ?? inForce[0]!.id,
    },
  };
}

/** Every check ready. True for no checks. */
export function isReady(checks: readonly ReadinessCheck[]): boolean {
  return checks.every((c) => c.ready);
}

/**
 * What the family has paid toward a contract's down payment, by the ledger's own rule (credits
 * pay debits oldest first, billing/ledger.ts): the down payment gets what credits are left after
 * every debit that comes before it. `entries` are the family account's ledger entries and its
 * contracts' computed charges (`familyAccount(...).charges`).
 *
 * The account is worked out twice, with and without the down-payment charge and without any
 * debit that comes after it: the difference in what is past due is the part of the down payment
 * still unpaid. A reversed down payment therefore counts as nothing owed. Until the contract
 * charges its down payment (a proposed contract), money paid ahead counts toward it.
 */
export function downPaymentReceivedCents(
  contract: Pick<Contract, 'id' | 'terms'>,
  entries: readonly LedgerEntry[],
  today: string,
): number {
  const due = contract.terms.downPaymentCents;
  if (due === 0) return 0;
  const charge = entries.find(
    (e) => e.kind === 'charge' && e.chargeKind === 'initial-fee' && e.contractId === contract.id,
  );
  if (!charge) return Math.min(due, accountState(entries, today).creditCents);
  const chargeDue = charge.dueOn ?? charge.postedOn;
  const comesAfter = (e: LedgerEntry) => {
    if (e.kind !== 'charge' && e.kind !== 'refund') return false;
    const on = e.kind === 'charge' ? (e.dueOn ?? e.postedOn) : e.postedOn;
    return on > chargeDue || (on === chargeDue && e.id > charge.id);
  };
  const before = entries.filter((e) => !comesAfter(e));
  // As of the down payment's due day at the earliest, so a contract dated ahead still counts it as due.
  const asOf = chargeDue > today ? chargeDue : today;
  const withIt = accountState(before, asOf).pastDueCents;
  const without = accountState(
    before.filter((e) => e.id !== charge.id),
    asOf,
  ).pastDueCents;
  return charge.amountCents - (withIt - without);
}
