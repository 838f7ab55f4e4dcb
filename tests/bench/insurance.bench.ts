/**
 * Budget (docs/benchmarks.md): estimating all options for all pending cases of the large fixture
 * in at most 200 ms. In Node on the large synthetic practice, the way the app does it:
 * each patient's chart and insurance documents are read once into plain records
 * (readChart, readInsurance; timed separately), then every option of every recommended or
 * pending case is estimated against the patient's policies and the verification in force
 * (`estimateAllOptions`, as the presentation page calls it, with today as the planned start).
 * Only the estimation is timed; accepted cases (waiting to start) are reported beside it.
 */
import * as Y from 'yjs';
import {
  estimateAllOptions,
  parseDocName,
  PATIENTS,
  patientsDocName,
  readAll,
  readChart,
  readInsurance,
  type ChartData,
  type InsuranceData,
  type TreatmentOption,
} from '@aligned/shared';
import { writePracticeDocuments } from '../fixtures/practice-documents.ts';
import { generatePractice } from '../fixtures/practice-generator.ts';
import { fmt, median, percentile, printTable } from './stats.ts';

type Job = {
  patientDateOfBirth: string | undefined;
  insurance: InsuranceData;
  options: TreatmentOption[];
};

export type InsuranceBenchResult = {
  runs: number;
  patients: number;
  pendingCases: number;
  pendingOptions: number;
  acceptedCases: number;
  acceptedOptions: number;
  /** Options whose estimate counts some insurance, and the insurance counted (pending cases). */
  insuredOptions: number;
  insuranceCents: number;
  readMs: number[];
  patientsReadMs: number;
  pendingMs: number[];
  acceptedMs: number[];
};

function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

function estimateAll(jobs: readonly Job[], today: string) {
  let options = 0;
  let insured = 0;
  let cents = 0;
  for (const job of jobs) {
    const estimates = estimateAllOptions(job.options, {
      startDate: today,
      patientDateOfBirth: job.patientDateOfBirth,
      insurance: job.insurance,
    });
    for (const estimate of estimates.values()) {
      options += 1;
      if (estimate.totalInsuranceCents > 0) insured += 1;
      cents += estimate.totalInsuranceCents;
    }
  }
  return { options, insured, cents };
}

export async function runInsuranceBench(options: {
  runs: number;
  log: (line: string) => void;
}): Promise<InsuranceBenchResult> {
  const runs = Math.max(1, options.runs);
  const data = generatePractice('large', { seed: 1 });
  const today = data.asOf;
  const docs = new Map<string, Uint8Array>();
  await writePracticeDocuments(data, (name, update) => {
    docs.set(name, update);
  });
  options.log(`large practice: ${docs.size} documents`);

  // The patients index (dates of birth), as the app holds it in memory.
  const patientsDoc = new Y.Doc();
  Y.applyUpdate(patientsDoc, docs.get(patientsDocName(data.practice.id))!);
  const { ms: patientsReadMs, value: patients } = time(
    () => new Map(readAll(patientsDoc, PATIENTS).records.map((p) => [p.id, p])),
  );

  // The board knows which patients have a case being decided; their documents are read once.
  const deciding = new Set(['recommended', 'pending', 'accepted']);
  const patientIds = [...new Set(data.cases.filter((c) => deciding.has(c.status)).map((c) => c.patientId))];
  const byPatient = new Map<string, { chart?: Uint8Array; insurance?: Uint8Array }>();
  for (const [name, update] of docs) {
    const address = parseDocName(name);
    if (!address?.key || (address.kind !== 'chart' && address.kind !== 'insurance')) continue;
    const entry = byPatient.get(address.key) ?? {};
    entry[address.kind] = update;
    byPatient.set(address.key, entry);
  }
  const readDocs = () => {
    const out = new Map<string, { chart: ChartData; insurance: InsuranceData }>();
    for (const id of patientIds) {
      const own = byPatient.get(id);
      const chartDoc = new Y.Doc();
      const insuranceDoc = new Y.Doc();
      if (own?.chart) Y.applyUpdate(chartDoc, own.chart);
      if (own?.insurance) Y.applyUpdate(insuranceDoc, own.insurance);
      out.set(id, { chart: readChart(chartDoc), insurance: readInsurance(insuranceDoc) });
      chartDoc.destroy();
      insuranceDoc.destroy();
    }
    return out;
  };
  const readMs: number[] = [];
  let read = readDocs();
  for (let i = 0; i < runs; i++) {
    const run = time(readDocs);
    readMs.push(run.ms);
    read = run.value;
  }

  // Plain records from here on: one job per case, its options grouped up front.
  const jobsFor = (statuses: ReadonlySet<string>) => {
    const jobs: Job[] = [];
    for (const [patientId, { chart, insurance }] of read) {
      for (const c of chart.cases) {
        if (!statuses.has(c.status)) continue;
        jobs.push({
          patientDateOfBirth: patients.get(patientId)?.dateOfBirth,
          insurance,
          options: chart.options.filter((o) => o.caseId === c.id),
        });
      }
    }
    return jobs;
  };
  const pending = jobsFor(new Set(['recommended', 'pending']));
  const accepted = jobsFor(new Set(['accepted']));

  // One warm-up pass each (the first call compiles the estimate engine), then the timed runs.
  const counted = estimateAll(pending, today);
  const acceptedCounted = estimateAll(accepted, today);
  const pendingMs: number[] = [];
  const acceptedMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    pendingMs.push(time(() => estimateAll(pending, today)).ms);
    acceptedMs.push(time(() => estimateAll(accepted, today)).ms);
  }

  return {
    runs,
    patients: patientIds.length,
    pendingCases: pending.length,
    pendingOptions: counted.options,
    acceptedCases: accepted.length,
    acceptedOptions: acceptedCounted.options,
    insuredOptions: counted.insured,
    insuranceCents: counted.cents,
    readMs,
    patientsReadMs,
    pendingMs,
    acceptedMs,
  };
}

export function reportInsuranceBench(r: InsuranceBenchResult) {
  const pendingMedian = median(r.pendingMs);
  const perOptionUs = (ms: number, options: number) => (options > 0 ? (ms * 1000) / options : Number.NaN);
  const samples = (values: readonly number[]) => values.map((v) => v.toFixed(1)).join(', ');
  console.log(
    `  ${r.pendingCases} recommended or pending cases, ${r.pendingOptions} options ` +
      `(${r.insuredOptions} with some insurance, $${Math.round(r.insuranceCents / 100).toLocaleString('en-US')} in all); ` +
      `${r.acceptedCases} accepted cases, ${r.acceptedOptions} options; ${r.patients} patients' documents`,
  );
  printTable(`Insurance estimates (${r.runs} runs; median, p95 in brackets)`, [
    {
      metric: 'estimate all options of all pending cases',
      value: fmt(pendingMedian, 'ms', 1),
      target: '≤ 200 ms',
      met: pendingMedian <= 200,
      samples: `p95 ${percentile(r.pendingMs, 95).toFixed(1)} ms; ${samples(r.pendingMs)}`,
    },
    {
      metric: '  per option',
      value: fmt(perOptionUs(pendingMedian, r.pendingOptions), 'µs', 1),
      target: '-',
      met: null,
    },
    {
      metric: 'estimate all options of accepted cases',
      value: fmt(median(r.acceptedMs), 'ms', 1),
      target: '-',
      met: null,
      samples: `p95 ${percentile(r.acceptedMs, 95).toFixed(1)} ms; ${fmt(perOptionUs(median(r.acceptedMs), r.acceptedOptions), 'µs', 1)} per option`,
    },
    {
      metric: 'read their chart + insurance documents (once)',
      value: fmt(median(r.readMs), 'ms', 1),
      target: '-',
      met: null,
      samples: `p95 ${percentile(r.readMs, 95).toFixed(1)} ms; load + readChart + readInsurance, ${r.patients} patients`,
    },
    {
      metric: 'read the patients index (dates of birth)',
      value: fmt(r.patientsReadMs, 'ms', 1),
      target: '-',
      met: null,
    },
  ]);
}
