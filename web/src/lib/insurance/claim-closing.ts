/**
 * Moving a claim's unpaid part to the family (CLAIM-10, CLAIM-11) from a patient's screen: opens
 * the family's account, writes the charge or the amendment and the claim event through the
 * audited commands of both, and closes the account again.
 */
import { transferClaimToFamily, type ClaimSettlement, type Patient, type Result } from '@aligned/shared';
import type { AppState } from '$lib/state/app.svelte.ts';
import type { PatientCareState } from '$lib/state/care.svelte.ts';
import { accountFor } from '$lib/state/account-for.ts';
import { writeErrorText } from '$lib/write-error.ts';

export async function moveClaimToFamily(
  app: AppState,
  care: PatientCareState,
  patient: Patient,
  settlement: ClaimSettlement,
  to: 'charge' | 'amendment',
  carrier: string,
): Promise<Result<string, string>> {
  const familyId = patient.familyId;
  if (!familyId) return { ok: false, error: 'The patient has no family account to move it to' };
  const needs = to === 'charge' ? 'ledger' : 'contracts';
  const allowed = app.canWrite(needs);
  if (!allowed.allowed) return { ok: false, error: allowed.reason ?? 'Not allowed' };
  const account = accountFor(app, familyId);
  await account.open();
  try {
    const commands = {
      recordClaimEvent: care.recordClaimEvent,
      postLedgerEntry: account.post,
      amendContract: account.amend,
    };
    let result;
    if (to === 'charge') {
      const contract = account.contracts.contracts.find((c) => c.caseId === settlement.claim.caseId);
      result = transferClaimToFamily(
        commands,
        settlement,
        { to: 'charge', familyId, patientId: patient.id, contractId: contract?.id },
        { carrier },
      );
    } else {
      const contract = account.contracts.contracts.find(
        (c) => c.caseId === settlement.claim.caseId && c.status === 'active',
      );
      if (!contract)
        return { ok: false, error: 'The case has no active contract to amend: move it as a charge' };
      result = transferClaimToFamily(
        commands,
        settlement,
        {
          to: 'amendment',
          contract,
          amendments: account.contracts.amendments,
          settings: app.practice?.practice?.paymentSettings ?? {},
        },
        { carrier },
      );
    }
    if (!result.ok) return { ok: false, error: writeErrorText(result.error) };
    return {
      ok: true,
      value:
        to === 'charge'
          ? 'Moved to the family’s account as a charge'
          : 'Moved to the family: the contract is amended and its remaining payments re-planned',
    };
  } finally {
    account.close();
  }
}
