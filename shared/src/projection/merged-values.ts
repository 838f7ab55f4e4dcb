/**
 * PAT-105: practice-wide lists show a merged record once, as its survivor. A merge carries the
 * merged record's documents into the survivor's (PAT-103) but cannot empty the old ones (history
 * is kept), so the projection still holds values under the old keys: read raw, the board would
 * list a carried case twice and A/R would count a carried ledger twice. These read models fold
 * the old keys into the survivors'.
 */
import type { PipelineItem } from '../pipeline/pipeline.ts';
import type { AccountSummary } from './accounts-source.ts';

/**
 * Every case once, under the survivor: a merged-away patient's cases that the survivor's chart
 * already holds (carried) are the survivor's copy; one not carried yet (added on a device that
 * had not heard of the merge) is listed under the survivor until the next carry brings it over.
 */
export function itemsAfterMerges(
  byPatient: ReadonlyMap<string, readonly PipelineItem[]>,
  resolved: ReadonlyMap<string, string>,
): PipelineItem[] {
  if (resolved.size === 0) return [...byPatient.values()].flat();
  const items: PipelineItem[] = [];
  const seen = new Set<string>();
  const add = (item: PipelineItem, patientId: string) => {
    if (seen.has(item.caseId)) return;
    seen.add(item.caseId);
    items.push(item.patientId === patientId ? item : { ...item, patientId });
  };
  // Survivors (and records never merged) first: their copy of a carried case wins.
  for (const [patientId, list] of byPatient)
    if (!resolved.has(patientId)) for (const item of list) add(item, patientId);
  for (const [patientId, list] of byPatient) {
    const survivor = resolved.get(patientId);
    if (survivor !== undefined) for (const item of list) add(item, survivor);
  }
  return items;
}

/**
 * One patient's cases once each (PAT-107): the survivor's and those of every record merged into it
 * (`aliases`), with the survivor's copy of a carried case, as its status is derived from them.
 */
export function casesUnderSurvivor(
  byPatient: ReadonlyMap<string, readonly PipelineItem[]>,
  survivorId: string,
  aliases: readonly string[],
): PipelineItem[] {
  const byCase = new Map<string, PipelineItem>();
  for (const key of [survivorId, ...aliases])
    for (const item of byPatient.get(key) ?? []) if (!byCase.has(item.caseId)) byCase.set(item.caseId, item);
  return [...byCase.values()];
}

/**
 * Accounts without the merged-away families: the survivor's ledger and contracts hold what was
 * carried (FAM-101), so counting the old account too would count its cents twice. An old family
 * whose survivor has no account yet (nothing carried so far) is listed as the survivor's.
 */
export function accountsAfterMerges(
  accounts: ReadonlyMap<string, AccountSummary>,
  resolved: ReadonlyMap<string, string>,
): Map<string, AccountSummary> {
  if (resolved.size === 0) return new Map(accounts);
  const out = new Map<string, AccountSummary>();
  for (const [familyId, account] of accounts) if (!resolved.has(familyId)) out.set(familyId, account);
  for (const [familyId, account] of accounts) {
    const survivor = resolved.get(familyId);
    if (survivor !== undefined && !out.has(survivor)) out.set(survivor, { ...account, familyId: survivor });
  }
  return out;
}
