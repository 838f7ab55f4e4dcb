/**
 * Budgets (docs/benchmarks.md): practice-wide patient A/R aging and the past-due list on the large
 * fixture (60,000 stored ledger entries): ≤ 300 ms cold, ≤ 50 ms after a single new payment. In
 * Node on the large synthetic practice, by the path the app takes (AGING-101):
 *
 * - **Cold**, from the stored documents: every family's contracts and ledger documents are
 *   loaded and read into plain records (`readContracts`, `readLedger`; timed as "read"), then
 *   every family account is computed as the device's projection computes it (`familyAccount`:
 *   its contracts' charges and its state), and the Billing screen's receivables are built from
 *   those states (`createReceivables(…).update`, an aging index for the day and the grace
 *   days), with the practice totals and the past-due list (`pastDueList`, the practice's late
 *   policy) (timed as "compute"). Cold is read + compute of the same run.
 * - **After a single new payment**, with the receivables built: one payment is posted to one
 *   past-due family's open ledger document (`postLedgerEntry`), that family only is read again
 *   and its account recomputed (`familyAccount`), the receivables updated from the accounts map
 *   in which only that family's state changed (as the screen is handed it), and the totals and
 *   past-due list produced. Each run pays off a different family, so every run changes the list.
 *
 * Median and p95 over `--runs`, after one warm-up run; the figures are printed, never asserted.
 */
import * as Y from 'yjs';
import {
  AGING_BUCKETS,
  agingBucket,
  contractCharges,
  createReceivables,
  DEFAULT_LATE_POLICY,
  familyAccount,
  localOrigin,
  parseDocName,
  pastDueList,
  postLedgerEntry,
  practiceDocName,
  readContracts,
  readLedger,
  readPractice,
  type AccountState,
  type AgingTotals,
  type Amendment,
  type Contract,
  type LatePolicy,
  type LedgerEntry,
  type PastDueRow,
  type PaymentSettings,
} from '@aligned/shared';
import { writePracticeDocuments } from '../fixtures/practice-documents.ts';
import { generatePractice } from '../fixtures/practice-generator.ts';
import { fmt, median, percentile, printTable } from './stats.ts';

type FamilyRecords = { contracts: Contract[]; amendments: Amendment[]; entries: LedgerEntry[] };

export type BillingBenchResult = {
  runs: number;
  families: number;
  contracts: number;
  amendments: number;
  storedEntries: number;
  entriesByKind: Record<string, number>;
  /** Charges computed from the contracts: all of them, and those due by asOf. */
  computedCharges: number;
  computedDue: number;
  problems: number;
  accountsByStanding: Record<string, number>;
  totals: AgingTotals;
  pastDue: number;
  pastDueBySteps: Record<string, number>;
  readMs: number[];
  /** Of the read: decoding the documents (Y.applyUpdate); the rest is readContracts + readLedger. */
  loadMs: number[];
  computeMs: number[];
  chargesMs: number[];
  coldMs: number[];
  incrementalMs: number[];
  postMs: number[];
  rereadMs: number[];
  recomputeMs: number[];
  listMs: number[];
};

function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Loads and reads every family's contracts and ledger documents into plain records. */
function readAllFamilies(docs: ReadonlyMap<string, { contracts?: Uint8Array; ledger?: Uint8Array }>) {
  const families = new Map<string, FamilyRecords>();
  let needsAttention = 0;
  let loadMs = 0;
  for (const [familyId, own] of docs) {
    const t0 = performance.now();
    const contractsDoc = new Y.Doc();
    const ledgerDoc = new Y.Doc();
    if (own.contracts) Y.applyUpdate(contractsDoc, own.contracts);
    if (own.ledger) Y.applyUpdate(ledgerDoc, own.ledger);
    loadMs += performance.now() - t0;
    const contracts = readContracts(contractsDoc);
    const ledger = readLedger(ledgerDoc);
    needsAttention += contracts.needsAttention.length + ledger.needsAttention.length;
    families.set(familyId, {
      contracts: contracts.contracts,
      amendments: contracts.amendments,
      entries: ledger.entries,
    });
    contractsDoc.destroy();
    ledgerDoc.destroy();
  }
  if (needsAttention > 0) throw new Error(`${needsAttention} records need attention`);
  return { families, loadMs };
}

/** One family's contract charges, as `familyAccount` computes them (problems counted). */
function chargesOf(records: FamilyRecords, settings: PaymentSettings) {
  const charges: LedgerEntry[] = [];
  let problems = 0;
  for (const contract of records.contracts) {
    const made = contractCharges(contract, records.amendments, settings);
    if (made.ok) charges.push(...made.value);
    else problems += 1;
  }
  return { charges, problems };
}

type Accounts = Map<string, { state: AccountState }>;

/** One family's account as the projection computes it. */
function accountOf(records: FamilyRecords, settings: PaymentSettings, asOf: string) {
  return familyAccount({ ...records, settings }, asOf);
}

/** Every account as the projection holds them, into new receivables, then the totals and the past-due list. */
function computeAll(
  families: ReadonlyMap<string, FamilyRecords>,
  asOf: string,
  settings: PaymentSettings,
  policy: LatePolicy,
) {
  let problems = 0;
  let computedCharges = 0;
  const t0 = performance.now();
  const accounts: Accounts = new Map();
  for (const [familyId, records] of families) {
    const account = accountOf(records, settings, asOf);
    problems += account.problems.length;
    computedCharges += account.charges.length;
    accounts.set(familyId, { state: account.state });
  }
  const chargesMs = performance.now() - t0;
  const receivables = createReceivables(asOf, policy.graceDays);
  receivables.update(accounts);
  const totals = receivables.index.totals();
  const list = pastDueList(receivables.index, asOf, policy);
  return { receivables, accounts, totals, list, chargesMs, problems, computedCharges };
}

export async function runBillingBench(options: {
  runs: number;
  log: (line: string) => void;
}): Promise<BillingBenchResult> {
  const runs = Math.max(1, options.runs);
  const data = generatePractice('large', { seed: 1 });
  const asOf = data.asOf;
  const docs = new Map<string, { contracts?: Uint8Array; ledger?: Uint8Array }>();
  let practiceUpdate: Uint8Array | undefined;
  let bytes = 0;
  await writePracticeDocuments(data, (name, update) => {
    const address = parseDocName(name);
    if (name === practiceDocName(data.practice.id)) practiceUpdate = update;
    if (!address?.key || (address.kind !== 'contracts' && address.kind !== 'ledger')) return;
    const own = docs.get(address.key) ?? {};
    own[address.kind] = update;
    docs.set(address.key, own);
    bytes += update.byteLength;
  });
  options.log(
    `large practice: ${docs.size} family accounts, contracts + ledger documents ${(bytes / 1_048_576).toFixed(1)} MB`,
  );

  // The practice's settings and late policy, as a device holds them (read once, not timed).
  const practiceDoc = new Y.Doc();
  if (practiceUpdate) Y.applyUpdate(practiceDoc, practiceUpdate);
  const practice = readPractice(practiceDoc).practice;
  const settings = practice?.paymentSettings ?? {};
  const policy = practice?.latePolicy ?? DEFAULT_LATE_POLICY;

  // Cold: one warm-up run (the first call compiles the plan engine), then the timed runs.
  const cold = () => {
    const read = time(() => readAllFamilies(docs));
    const compute = time(() => computeAll(read.value.families, asOf, settings, policy));
    return { read, compute };
  };
  let last = cold();
  const readMs: number[] = [];
  const computeMs: number[] = [];
  const loadMs: number[] = [];
  const chargesMs: number[] = [];
  const coldMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc?.();
    last = cold();
    readMs.push(last.read.ms);
    loadMs.push(last.read.value.loadMs);
    computeMs.push(last.compute.ms);
    chargesMs.push(last.compute.value.chargesMs);
    coldMs.push(last.read.ms + last.compute.ms);
  }
  const families = last.read.value.families;
  const { receivables, accounts, totals, list, problems, computedCharges } = last.compute.value;
  const index = receivables.index;

  // What the fixture holds (reported beside the figures).
  const entriesByKind: Record<string, number> = {};
  let storedEntries = 0;
  let contracts = 0;
  let amendments = 0;
  for (const records of families.values()) {
    contracts += records.contracts.length;
    amendments += records.amendments.length;
    storedEntries += records.entries.length;
    for (const e of records.entries) {
      const key =
        e.kind === 'payment'
          ? `payment (${e.method})`
          : e.kind === 'charge'
            ? `charge (${e.chargeKind})`
            : e.kind === 'adjustment'
              ? `adjustment (${e.adjustmentKind})`
              : e.kind;
      entriesByKind[key] = (entriesByKind[key] ?? 0) + 1;
    }
  }
  const accountsByStanding: Record<string, number> = { current: 0, 'in credit': 0 };
  for (const bucket of AGING_BUCKETS) accountsByStanding[bucket] = 0;
  let computedDue = 0;
  for (const row of index.rows()) {
    if (row.pastDueCents > 0) accountsByStanding[agingBucket(row.daysPastDue)]! += 1;
    else if (row.creditCents > 0) accountsByStanding['in credit']! += 1;
    else accountsByStanding.current! += 1;
  }
  for (const records of families.values()) {
    for (const c of chargesOf(records, settings).charges)
      if ((c.dueOn ?? c.postedOn) <= asOf) computedDue += 1;
  }
  const pastDueBySteps: Record<string, number> = {};
  for (const row of list) {
    const step = row.step?.label ?? 'before the first step';
    pastDueBySteps[step] = (pastDueBySteps[step] ?? 0) + 1;
  }

  // After a single new payment: each run pays off a different past-due family. Its documents are
  // open on the device (loaded before timing, as a live provider holds them).
  const owner = data.staff.find((s) => s.role === 'billing') ?? data.staff[0]!;
  const ctx = { origin: localOrigin(owner.id, 'dev_benchbilling0000'), now: () => `${asOf}T18:00:00.000Z` };
  const targets = list.slice(0, runs + 1).map((row) => row.familyId);
  const incremental = (familyId: string) => {
    const own = docs.get(familyId)!;
    const contractsDoc = new Y.Doc();
    const ledgerDoc = new Y.Doc();
    if (own.contracts) Y.applyUpdate(contractsDoc, own.contracts);
    if (own.ledger) Y.applyUpdate(ledgerDoc, own.ledger);
    const owed = index.account(familyId)?.pastDueCents ?? 0;
    const t0 = performance.now();
    const posted = postLedgerEntry(ledgerDoc, ctx, {
      familyId,
      kind: 'payment',
      payer: 'patient',
      amountCents: Math.max(1, owed),
      postedOn: asOf,
      method: 'card',
      reference: '4242',
    });
    const t1 = performance.now();
    if (!posted.ok) throw new Error(`The payment was refused: ${JSON.stringify(posted.error)}`);
    const records: FamilyRecords = {
      ...readContracts(contractsDoc),
      entries: readLedger(ledgerDoc).entries,
    };
    const t2 = performance.now();
    const state = accountOf(records, settings, asOf).state;
    accounts.set(familyId, { state });
    receivables.update(accounts);
    const t3 = performance.now();
    const after = { totals: index.totals(), list: pastDueList(index, asOf, policy) as PastDueRow[] };
    const t4 = performance.now();
    contractsDoc.destroy();
    ledgerDoc.destroy();
    if (state.pastDueCents !== 0 || after.list.some((r) => r.familyId === familyId))
      throw new Error(`Family ${familyId} is still past due after paying what it owed`);
    return { postMs: t1 - t0, rereadMs: t2 - t1, recomputeMs: t3 - t2, listMs: t4 - t3, ms: t4 - t0 };
  };
  incremental(targets[0]!); // warm-up
  const incrementalMs: number[] = [];
  const postMs: number[] = [];
  const rereadMs: number[] = [];
  const recomputeMs: number[] = [];
  const listMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc?.();
    const run = incremental(targets[(i + 1) % targets.length]!);
    incrementalMs.push(run.ms);
    postMs.push(run.postMs);
    rereadMs.push(run.rereadMs);
    recomputeMs.push(run.recomputeMs);
    listMs.push(run.listMs);
  }

  return {
    runs,
    families: families.size,
    contracts,
    amendments,
    storedEntries,
    entriesByKind,
    computedCharges,
    computedDue,
    problems,
    accountsByStanding,
    totals,
    pastDue: list.length,
    pastDueBySteps,
    readMs,
    loadMs,
    computeMs,
    chargesMs,
    coldMs,
    incrementalMs,
    postMs,
    rereadMs,
    recomputeMs,
    listMs,
  };
}

const dollars = (cents: number) => `$${Math.round(cents / 100).toLocaleString('en-US')}`;

export function reportBillingBench(r: BillingBenchResult) {
  const kinds = Object.entries(r.entriesByKind)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`)
    .join(', ');
  const standing = Object.entries(r.accountsByStanding)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const aging = AGING_BUCKETS.map((b) => `${b} ${dollars(r.totals.aging[b])}`).join(', ');
  const steps = Object.entries(r.pastDueBySteps)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  console.log(
    `  ${r.families.toLocaleString('en-US')} family accounts, ${r.contracts.toLocaleString('en-US')} contracts ` +
      `(${r.amendments} amendments); ${r.storedEntries.toLocaleString('en-US')} stored ledger entries ` +
      `+ ${r.computedCharges.toLocaleString('en-US')} computed contract charges ` +
      `(${r.computedDue.toLocaleString('en-US')} due by asOf); ${r.problems} problems`,
  );
  console.log(`  stored entries: ${kinds}`);
  console.log(`  accounts: ${standing}`);
  console.log(
    `  patient A/R past due ${dollars(r.totals.pastDueCents)} (${aging}); balance ${dollars(r.totals.balanceCents)}, ` +
      `credits ${dollars(r.totals.creditCents)}, scheduled ${dollars(r.totals.futureScheduledCents)}`,
  );
  console.log(`  past-due list: ${r.pastDue} accounts beyond the grace days (${steps})`);
  const samples = (values: readonly number[]) => values.map((v) => v.toFixed(1)).join(', ');
  const coldMedian = median(r.coldMs);
  const incrementalMedian = median(r.incrementalMs);
  printTable(`Billing: patient A/R aging and the past-due list (${r.runs} runs; median, p95 in brackets)`, [
    {
      metric: 'cold: read + compute, whole practice',
      value: fmt(coldMedian, 'ms', 1),
      target: '≤ 300 ms',
      met: coldMedian <= 300,
      samples: `p95 ${percentile(r.coldMs, 95).toFixed(1)} ms; ${samples(r.coldMs)}`,
    },
    {
      metric: '  read contracts + ledger documents',
      value: fmt(median(r.readMs), 'ms', 1),
      target: '-',
      met: null,
      samples: `p95 ${percentile(r.readMs, 95).toFixed(1)} ms; load + readContracts + readLedger, ${r.families} families`,
    },
    {
      metric: '    of which decoding (Y.applyUpdate)',
      value: fmt(median(r.loadMs), 'ms', 1),
      target: '-',
      met: null,
      samples: `p95 ${percentile(r.loadMs, 95).toFixed(1)} ms; the rest validates records (zod)`,
    },
    {
      metric: '  compute accounts, totals, past-due list',
      value: fmt(median(r.computeMs), 'ms', 1),
      target: '-',
      met: null,
      samples: `p95 ${percentile(r.computeMs, 95).toFixed(1)} ms`,
    },
    {
      metric: '    of which family accounts',
      value: fmt(median(r.chargesMs), 'ms', 1),
      target: '-',
      met: null,
      samples: `p95 ${percentile(r.chargesMs, 95).toFixed(1)} ms; familyAccount for ${r.families} families (${r.contracts} contracts)`,
    },
    {
      metric: 'after a single new payment',
      value: fmt(incrementalMedian, 'ms', 2),
      target: '≤ 50 ms',
      met: incrementalMedian <= 50,
      samples: `p95 ${percentile(r.incrementalMs, 95).toFixed(2)} ms; ${samples(r.incrementalMs)}`,
    },
    {
      metric: '  post the payment',
      value: fmt(median(r.postMs), 'ms', 2),
      target: '-',
      met: null,
      samples: `p95 ${percentile(r.postMs, 95).toFixed(2)} ms; postLedgerEntry into the open ledger document`,
    },
    {
      metric: '  re-read the family (contracts + ledger)',
      value: fmt(median(r.rereadMs), 'ms', 2),
      target: '-',
      met: null,
      samples: `p95 ${percentile(r.rereadMs, 95).toFixed(2)} ms`,
    },
    {
      metric: '  recompute the account, update the receivables',
      value: fmt(median(r.recomputeMs), 'ms', 2),
      target: '-',
      met: null,
      samples: `p95 ${percentile(r.recomputeMs, 95).toFixed(2)} ms`,
    },
    {
      metric: '  totals + past-due list',
      value: fmt(median(r.listMs), 'ms', 2),
      target: '-',
      met: null,
      samples: `p95 ${percentile(r.listMs, 95).toFixed(2)} ms`,
    },
  ]);
}
