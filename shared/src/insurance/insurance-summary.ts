/**
 * One patient's insurance as the practice-wide worklists need it: small plain JSON kept in the
 * device projection (shared/src/projection/insurance-source.ts).
 */
import { currentVerification, type InsuranceData } from './insurance-doc.ts';
import type { PolicyOrder } from './insurance.schema.ts';
import type { PreauthStatus } from './claims.schema.ts';
import { claimsOf, outstandingCents, type ClaimView } from './claims.ts';
import { addDays } from '../core/calendar.ts';

export type InsuranceSummary = {
  patientId: string;
  policies: {
    id: string;
    carrierId: string;
    order: PolicyOrder;
    endDate?: string;
    verificationOwnerId?: string;
    verifiedOn?: string;
  }[];
  /**
   * Claims with something still outstanding (not paid, written off or moved to the family) that
   * are due by `horizon` (the projection is rebuilt at every start, so a few weeks ahead is
   * enough): their status is judged against the real today when shown.
   */
  claims: ClaimView[];
  horizon: string;
  /** Pre-authorizations still waiting for an answer. */
  openPreauths: {
    id: string;
    policyId: string;
    caseId: string;
    status: PreauthStatus;
    submittedOn: string;
    followUpOn?: string;
  }[];
};

/** How far ahead unpaid claims are kept in the projection. */
export const CLAIM_HORIZON_DAYS = 45;

export function insuranceSummaryOf(
  patientId: string,
  insurance: InsuranceData,
  today: string,
): InsuranceSummary | null {
  if (insurance.policies.length === 0) return null;
  const horizon = addDays(today, CLAIM_HORIZON_DAYS);
  // Judged as of the horizon so a claim falling due before the next rebuild is already listed.
  const claims = claimsOf(insurance.schedules, insurance.claimEvents, horizon).filter(
    (c) => outstandingCents(c) > 0 && c.dueOn <= horizon,
  );
  return {
    patientId,
    policies: insurance.policies.map((p) => {
      const verified = currentVerification(insurance, p.id);
      return {
        id: p.id,
        carrierId: p.carrierId,
        order: p.order,
        ...(p.endDate ? { endDate: p.endDate } : {}),
        ...(p.verificationOwnerId ? { verificationOwnerId: p.verificationOwnerId } : {}),
        ...(verified ? { verifiedOn: verified.verifiedOn } : {}),
      };
    }),
    claims,
    horizon,
    openPreauths: insurance.preauths
      .filter((p) => p.status === 'submitted' || p.status === 'pending' || p.status === 'appeal')
      .map((p) => ({
        id: p.id,
        policyId: p.policyId,
        caseId: p.caseId,
        status: p.status,
        submittedOn: p.submittedOn,
        ...(p.followUpOn ? { followUpOn: p.followUpOn } : {}),
      })),
  };
}

/** A summary's claims as of `today`: those not yet due are upcoming, not "to send". */
export function claimsAsOf(summary: Pick<InsuranceSummary, 'claims'>, today: string): ClaimView[] {
  return summary.claims.map((c) =>
    c.status === 'to-send' && c.dueOn > today ? { ...c, status: 'upcoming' } : c,
  );
}

/** Pre-authorizations to chase: follow-up date reached, or no answer two weeks after submission. */
export function preauthsToChase(
  summaries: readonly Pick<InsuranceSummary, 'patientId' | 'openPreauths'>[],
  today: string,
): (InsuranceSummary['openPreauths'][number] & { patientId: string })[] {
  const out: (InsuranceSummary['openPreauths'][number] & { patientId: string })[] = [];
  for (const summary of summaries) {
    for (const preauth of summary.openPreauths) {
      const due = preauth.followUpOn ?? addDays(preauth.submittedOn, 14);
      if (due <= today) out.push({ ...preauth, patientId: summary.patientId });
    }
  }
  return out.sort((a, b) => (a.followUpOn ?? a.submittedOn).localeCompare(b.followUpOn ?? b.submittedOn));
}
