/**
 * Measured trade-offs behind docs/data-model.md, in Node on the large synthetic practice:
 * - the patients document (the practice-wide index) with one Y.Map per record (the design)
 *   against one JSON value per record (the alternative that loses field-level merging);
 * - what partitioning buys: a patient's own documents against one practice-wide document
 *   holding the same kind of data for everyone.
 */
import * as Y from 'yjs';
import { FAMILIES, LINKS, PARTIES, PATIENTS, parseDocName, readAll } from '@aligned/shared';
import { generatePractice } from '../fixtures/practice-generator.ts';
import { writePracticeDocuments } from '../fixtures/practice-documents.ts';
import { fmt, median, printTable } from './stats.ts';

const gc = (globalThis as { gc?: () => void }).gc;

function heapMb(): number {
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

function loadStats(update: Uint8Array, read: (doc: Y.Doc) => unknown, repeats = 5) {
  const loads: number[] = [];
  const reads: number[] = [];
  let heap = 0;
  for (let i = 0; i < repeats; i++) {
    const before = heapMb();
    const doc = new Y.Doc();
    loads.push(time(() => Y.applyUpdate(doc, update)).ms);
    reads.push(time(() => read(doc)).ms);
    heap = heapMb() - before;
    doc.destroy();
  }
  return { loadMs: median(loads), readMs: median(reads), heapMb: heap };
}

export type DataModelResult = {
  documents: number;
  bytesByKind: Map<string, { docs: number; bytes: number; largest: number }>;
  patientsMap: { bytes: number; loadMs: number; readMs: number; heapMb: number };
  patientsJson: { bytes: number; loadMs: number; readMs: number; heapMb: number };
  patientDocsOpenMs: number;
  /** Time to generate the large practice in memory (tests and benchmarks pay it on every run). */
  generateMs: number;
  allCommsDoc: { bytes: number; loadMs: number; heapMb: number };
};

export async function runDataModelBench(options: { log: (line: string) => void }): Promise<DataModelResult> {
  if (!gc) options.log('(run node with --expose-gc for heap figures)');
  const generateStarted = performance.now();
  const data = generatePractice('large', { seed: 1 });
  const generateMs = performance.now() - generateStarted;
  const docs = new Map<string, Uint8Array>();
  await writePracticeDocuments(data, (name, update) => {
    docs.set(name, update);
  });
  const bytesByKind = new Map<string, { docs: number; bytes: number; largest: number }>();
  for (const [name, update] of docs) {
    const kind = parseDocName(name)?.kind ?? 'unknown';
    const entry = bytesByKind.get(kind) ?? { docs: 0, bytes: 0, largest: 0 };
    entry.docs += 1;
    entry.bytes += update.length;
    entry.largest = Math.max(entry.largest, update.length);
    bytesByKind.set(kind, entry);
  }

  const patientsName = [...docs.keys()].find((n) => parseDocName(n)?.kind === 'patients')!;
  const patientsUpdate = docs.get(patientsName)!;
  const readPatients = (doc: Y.Doc) => [PATIENTS, FAMILIES, PARTIES, LINKS].map((spec) => readAll(doc, spec));
  const patientsMap = { bytes: patientsUpdate.length, ...loadStats(patientsUpdate, readPatients) };

  // The alternative: the same records as one JSON value each.
  const source = new Y.Doc();
  Y.applyUpdate(source, patientsUpdate);
  const alt = new Y.Doc();
  alt.transact(() => {
    for (const name of ['patients', 'families', 'parties', 'links']) {
      const target = alt.getMap(name);
      source.getMap<Y.Map<unknown>>(name).forEach((record, id) => target.set(id, record.toJSON()));
    }
  });
  const altUpdate = Y.encodeStateAsUpdate(alt);
  const patientsJson = {
    bytes: altUpdate.length,
    ...loadStats(altUpdate, (doc) => ['patients', 'families', 'parties', 'links'].map((n) => doc.getMap(n).toJSON())),
  };

  // Opening one patient: their chart, communications and insurance documents.
  const patientIds = data.patients.slice(0, 50).map((p) => p.id);
  const opens: number[] = [];
  for (const id of patientIds) {
    const own = [...docs.entries()].filter(([name]) => parseDocName(name)?.key === id);
    opens.push(
      time(() => {
        for (const [, update] of own) Y.applyUpdate(new Y.Doc(), update);
      }).ms,
    );
  }

  // The alternative: every patient's communications in one practice-wide document.
  const comms = new Y.Doc();
  comms.transact(() => {
    const entries = comms.getMap('entries');
    for (const entry of data.comms) entries.set(entry.id, entry);
  });
  const commsUpdate = Y.encodeStateAsUpdate(comms);
  const before = heapMb();
  const loaded = new Y.Doc();
  const allCommsLoad = time(() => Y.applyUpdate(loaded, commsUpdate)).ms;
  const allCommsHeap = heapMb() - before;

  return {
    documents: docs.size,
    bytesByKind,
    patientsMap,
    patientsJson,
    patientDocsOpenMs: median(opens),
    generateMs,
    allCommsDoc: { bytes: commsUpdate.length, loadMs: allCommsLoad, heapMb: allCommsHeap },
  };
}

export function reportDataModelBench(r: DataModelResult) {
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(2)} MB`;
  console.log(`  large practice generated in ${r.generateMs.toFixed(0)} ms; ${r.documents} documents`);
  for (const [kind, e] of [...r.bytesByKind.entries()].sort()) {
    console.log(`    ${kind.padEnd(10)} ${String(e.docs).padStart(6)} docs  ${mb(e.bytes).padStart(10)}  largest ${(e.largest / 1024).toFixed(1)} KB`);
  }
  printTable('Patients document (3,000 patients + families, parties, links)', [
    { metric: 'Y.Map per record (design): size', value: mb(r.patientsMap.bytes), target: '-', met: null },
    { metric: '  load / read+validate / heap', value: fmt(r.patientsMap.loadMs, 'ms'), target: '-', met: null, samples: `read ${r.patientsMap.readMs.toFixed(0)} ms, heap ${r.patientsMap.heapMb.toFixed(1)} MB` },
    { metric: 'JSON per record (alternative): size', value: mb(r.patientsJson.bytes), target: '-', met: null },
    { metric: '  load / toJSON / heap', value: fmt(r.patientsJson.loadMs, 'ms'), target: '-', met: null, samples: `read ${r.patientsJson.readMs.toFixed(0)} ms, heap ${r.patientsJson.heapMb.toFixed(1)} MB` },
  ]);
  printTable('Partitioning', [
    { metric: "open one patient's own documents", value: fmt(r.patientDocsOpenMs, 'ms', 2), target: '-', met: null },
    { metric: 'one document with all 120,000 comms: load', value: fmt(r.allCommsDoc.loadMs, 'ms'), target: '-', met: null, samples: `${mb(r.allCommsDoc.bytes)}, heap ${r.allCommsDoc.heapMb.toFixed(1)} MB` },
  ]);
}
