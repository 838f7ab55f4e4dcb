/**
 * The benefit verification worklist (VERIFY-3: re-verify after 90 days by default, and before a
 * consult or start within 7 days if the last verification is stale): which policies
 * need a call to the carrier (or a portal check), and why, most urgent first.
 *
 * Pure, over plain data. The app keeps one small summary per patient (policy ids, end dates and
 * owners, the date each policy was last verified, the patient's next consult or start) in its
 * practice-wide projection, so the list never opens every patient's insurance document.
 * `verificationPatientOf` builds that summary from a patient's insurance data.
 */
import { currentVerification, type InsuranceData } from './insurance-doc.ts';
import type { Policy } from './insurance.schema.ts';
import { daysBetween } from '../core/calendar.ts';

/** A verification older than this many days is stale: verify again. */
export const DEFAULT_STALE_AFTER_DAYS = 90;
/** A consult or start within this many days needs a fresh verification before it. */
export const DEFAULT_VISIT_SOON_DAYS = 7;

/** The policy fields the worklist reads (a `Policy` record fits). */
export type VerificationPolicy = Pick<Policy, 'id'> & {
  endDate?: string | undefined;
  verificationOwnerId?: string | undefined;
};

/** What the worklist needs of a verification: when it was done (a `BenefitVerification` fits). */
export type VerificationSummary = { verifiedOn: string };

/**
 * The verification in force for each policy, null (or absent) when it was never verified:
 * - a plain object keyed by policy id (what a stored per-patient summary holds: plain JSON);
 * - a Map keyed by policy id;
 * - or a function, e.g. `(id) => currentVerification(insurance, id)`.
 */
export type CurrentVerifications =
  | Readonly<Record<string, VerificationSummary | null | undefined>>
  | ReadonlyMap<string, VerificationSummary | null | undefined>
  | ((policyId: string) => VerificationSummary | null | undefined);

export type VisitKind = 'consult' | 'start';

/** A booked visit that needs verified benefits: a consult (the estimate) or the start (claims). */
export type UpcomingVisit = {
  kind: VisitKind;
  /** The visit's local date (`YYYY-MM-DD`) in the practice's time zone. */
  at: string;
};

/** One patient as the worklist sees them. Plain JSON when `current` is a plain object. */
export type VerificationPatient = {
  patientId: string;
  policies: readonly VerificationPolicy[];
  current: CurrentVerifications;
  upcoming?: readonly UpcomingVisit[] | undefined;
};

export type VerificationWorklistInput = {
  patients: readonly VerificationPatient[];
  today: string;
  /** Default 90 (VERIFY-3). */
  staleAfterDays?: number;
  /** Default 7 (VERIFY-3). */
  soonDays?: number;
};

export type VerificationReason = 'never-verified' | 'stale' | 'visit-soon';

export type VerificationWorkItem = {
  patientId: string;
  policyId: string;
  /**
   * - `visit-soon`: a consult or start within `soonDays` days, and the benefits were never
   *   verified or will be stale on the visit day;
   * - `never-verified`: no verification recorded;
   * - `stale`: last verified more than `staleAfterDays` days ago.
   */
  reason: VerificationReason;
  /** The last verification's date, when there is one. */
  verifiedOn?: string;
  /** Days from the last verification to today. */
  daysSince?: number;
  /** The visit that makes it urgent (`visit-soon` only). */
  upcoming?: UpcomingVisit;
  /** Who should verify (the policy's `verificationOwnerId`). */
  ownerId?: string;
};

function lookup(current: CurrentVerifications, policyId: string): VerificationSummary | null {
  if (typeof current === 'function') return current(policyId) ?? null;
  if (current instanceof Map) return current.get(policyId) ?? null;
  const record = current as Readonly<Record<string, VerificationSummary | null | undefined>>;
  return Object.hasOwn(record, policyId) ? (record[policyId] ?? null) : null;
}

const REASON_RANK: Record<VerificationReason, number> = { 'visit-soon': 0, 'never-verified': 1, stale: 2 };

function compareItems(a: VerificationWorkItem, b: VerificationWorkItem): number {
  const byReason = REASON_RANK[a.reason] - REASON_RANK[b.reason];
  if (byReason !== 0) return byReason;
  const byUrgency =
    a.reason === 'visit-soon'
      ? a.upcoming!.at.localeCompare(b.upcoming!.at)
      : a.reason === 'stale'
        ? a.verifiedOn!.localeCompare(b.verifiedOn!)
        : 0;
  return (
    byUrgency ||
    (a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : 0) ||
    (a.policyId < b.policyId ? -1 : a.policyId > b.policyId ? 1 : 0)
  );
}

/**
 * The policies whose benefits need verifying, in this order:
 * 1. `visit-soon`: the patient has a consult or start between today and `soonDays` days from
 *    now (both included), and the policy was never verified or its verification will be more
 *    than `staleAfterDays` days old on the day of that visit. Soonest visit first. This reason
 *    takes precedence over the other two.
 * 2. `never-verified`, by patient.
 * 3. `stale`: verified more than `staleAfterDays` days ago; oldest verification first.
 *
 * Policies whose coverage has ended (`endDate` before today) are skipped: there is nothing left
 * to verify. Visits before today are ignored. A policy appears at most once.
 */
export function verificationWorklist({
  patients,
  today,
  staleAfterDays = DEFAULT_STALE_AFTER_DAYS,
  soonDays = DEFAULT_VISIT_SOON_DAYS,
}: VerificationWorklistInput): VerificationWorkItem[] {
  const items: VerificationWorkItem[] = [];
  for (const patient of patients) {
    const visits = (patient.upcoming ?? [])
      .filter((v) => {
        const days = daysBetween(today, v.at);
        return days >= 0 && days <= soonDays;
      })
      .sort((a, b) => a.at.localeCompare(b.at) || a.kind.localeCompare(b.kind));
    for (const policy of patient.policies) {
      if (policy.endDate !== undefined && policy.endDate < today) continue;
      const verification = lookup(patient.current, policy.id);
      const base: VerificationWorkItem = {
        patientId: patient.patientId,
        policyId: policy.id,
        reason: 'stale',
      };
      if (policy.verificationOwnerId !== undefined) base.ownerId = policy.verificationOwnerId;
      if (verification) {
        base.verifiedOn = verification.verifiedOn;
        base.daysSince = daysBetween(verification.verifiedOn, today);
      }
      // The first visit the verification would be missing or stale for.
      const visit = visits.find(
        (v) => !verification || daysBetween(verification.verifiedOn, v.at) > staleAfterDays,
      );
      if (visit) items.push({ ...base, reason: 'visit-soon', upcoming: { kind: visit.kind, at: visit.at } });
      else if (!verification) items.push({ ...base, reason: 'never-verified' });
      else if (base.daysSince! > staleAfterDays) items.push(base);
    }
  }
  return items.sort(compareItems);
}

/**
 * The worklist's summary of one patient, from their insurance data: every policy and the date
 * of the verification in force for it (`currentVerification`: the newest by date verified,
 * then by when it was recorded). Plain JSON, to keep in a practice-wide projection.
 * `upcoming` comes from the schedule (or the case's booked exam and start dates), as local dates.
 */
export function verificationPatientOf(
  patientId: string,
  insurance: Pick<InsuranceData, 'policies' | 'verifications'>,
  upcoming: readonly UpcomingVisit[] = [],
): VerificationPatient & { current: Record<string, VerificationSummary | null> } {
  const current: Record<string, VerificationSummary | null> = {};
  const policies: VerificationPolicy[] = [];
  for (const policy of insurance.policies) {
    const found = currentVerification(insurance, policy.id);
    current[policy.id] = found ? { verifiedOn: found.verifiedOn } : null;
    const summary: VerificationPolicy = { id: policy.id };
    if (policy.endDate !== undefined) summary.endDate = policy.endDate;
    if (policy.verificationOwnerId !== undefined) summary.verificationOwnerId = policy.verificationOwnerId;
    policies.push(summary);
  }
  return { patientId, policies, current, upcoming: upcoming.map((v) => ({ kind: v.kind, at: v.at })) };
}
