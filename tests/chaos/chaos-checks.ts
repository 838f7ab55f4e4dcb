/**
 * What must be true once the chaos has healed (SYNC-21…SYNC-26, docs/spec/sync.md). Each check
 * returns the problems it found (empty when it holds), so a failure lists them all with the seed.
 */
import * as Y from 'yjs';
import {
  APPOINTMENTS,
  CHART_DOC_COLLECTIONS,
  COMMS_DOC_COLLECTIONS,
  LEDGER_ENTRIES,
  MERGES,
  PATIENTS_DOC_COLLECTIONS,
  PRACTICE_SOURCES,
  boardColumns,
  carriedDocNames,
  chartDocName,
  commsDocName,
  itemsAfterMerges,
  parseDocName,
  patientsDocName,
  pipelineItemsOf,
  practiceAging,
  readAll,
  readChart,
  readComms,
  readLedger,
  resolveMerges,
  type AnySource,
  type CollectionSpec,
  type DocKind,
  type LedgerEntry,
  type PipelineItem,
} from '@aligned/shared';
import { APPEND_ONLY, LEGACY_FIELD, type Registry } from './chaos-commands.ts';
import { AGING_AS_OF, PROJECTION_CONTEXT, type Device } from './chaos-device.ts';
import { PRACTICE, type ChaosWorld } from './chaos-world.ts';

const COLLECTIONS: Partial<Record<DocKind, readonly CollectionSpec[]>> = {
  patients: PATIENTS_DOC_COLLECTIONS,
  chart: CHART_DOC_COLLECTIONS,
  comms: COMMS_DOC_COLLECTIONS,
  ledger: [LEDGER_ENTRIES],
  schedule: [APPOINTMENTS],
};

export function docFrom(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates));
  return doc;
}

/** A document's content, every root map, as plain JSON (root types here are all maps). */
function contentOf(doc: Y.Doc): string {
  // Reading a collection creates its (empty) root: only roots with something in them count.
  const names = [...doc.share.keys()].filter((name) => doc.getMap(name).size > 0).sort();
  return JSON.stringify(names.map((name) => [name, doc.getMap(name).toJSON()]));
}

/** The relay's documents of the practice, as stored (read through a fresh handle on the file). */
export async function relayDocs(world: ChaosWorld): Promise<Map<string, Y.Doc>> {
  const storage = world.openStoredRelay();
  try {
    const { docs } = await storage.changedSince(PRACTICE, 0);
    const out = new Map<string, Y.Doc>();
    for (const name of docs) {
      const stored = await storage.load(name);
      out.set(name, docFrom(stored ? [stored.update] : []));
    }
    return out;
  } finally {
    await storage.close();
  }
}

export async function deviceDocs(device: Device): Promise<Map<string, Y.Doc>> {
  const out = new Map<string, Y.Doc>();
  for (const name of await device.idb.docNames()) out.set(name, docFrom(await device.idb.readDoc(name)));
  return out;
}

/** SYNC-21: every replica holds exactly the relay's documents, content, state and deletions alike. */
export function sameDocuments(relay: Map<string, Y.Doc>, device: Device, docs: Map<string, Y.Doc>): string[] {
  const problems: string[] = [];
  for (const [name, expected] of relay) {
    const actual = docs.get(name);
    if (!actual) {
      problems.push(`${device.name} lacks ${name}`);
      continue;
    }
    if (!Y.equalSnapshots(Y.snapshot(expected), Y.snapshot(actual)))
      problems.push(
        `${device.name}: ${name} differs in state or deletions (${describeDifference(expected, actual)})`,
      );
    else if (contentOf(expected) !== contentOf(actual))
      problems.push(`${device.name}: ${name} differs in content`);
  }
  for (const name of docs.keys()) {
    const empty = docs.get(name)!.store.clients.size === 0;
    if (!relay.has(name) && !empty) problems.push(`${device.name} has ${name}, the relay does not`);
  }
  return problems;
}

function describeDifference(relay: Y.Doc, device: Y.Doc): string {
  const sv = (doc: Y.Doc) =>
    JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(doc))].sort((a, b) => a[0] - b[0]));
  const pending = device.store.pendingStructs !== null || device.store.pendingDs !== null;
  return `relay ${sv(relay)}, device ${sv(device)}${pending ? ', device has pending structs' : ''}`;
}

/** SYNC-22: every update the relay confirmed to a device is in the relay's document. */
export function confirmedPresent(relay: Map<string, Y.Doc>, device: Device): string[] {
  const problems: string[] = [];
  for (const { doc: name, update } of device.confirmed) {
    const stored = relay.get(name);
    if (!stored) {
      problems.push(`${device.name}: confirmed update to ${name}, which the relay does not have`);
      continue;
    }
    const probe = docFrom([Y.encodeStateAsUpdate(stored)]);
    let changed = false;
    probe.on('update', () => (changed = true));
    Y.applyUpdate(probe, update);
    if (changed || probe.store.pendingStructs !== null || probe.store.pendingDs !== null)
      problems.push(`${device.name}: a confirmed update to ${name} is missing at the relay`);
    probe.destroy();
  }
  return problems;
}

/** SYNC-23: nothing is left to send. */
export async function outboxEmpty(device: Device): Promise<string[]> {
  const stored = await device.idb.readOutbox();
  const status = device.sync.status;
  const problems: string[] = [];
  if (stored.length > 0) problems.push(`${device.name}: ${stored.length} stored outbox entries remain`);
  if (status.unconfirmed + status.unconfirmedBookkeeping > 0)
    problems.push(`${device.name}: status says ${status.unconfirmed} unconfirmed`);
  return problems;
}

/**
 * SYNC-24: no record fails validation except the ones written invalid on purpose (each of those
 * is reported), and records carrying a field this version does not know still validate and keep it.
 */
export function validation(relay: Map<string, Y.Doc>, registry: Registry): string[] {
  const problems: string[] = [];
  const corruptedAnywhere = new Set([...registry.corrupted.values()].flatMap((ids) => [...ids]));
  for (const [name, doc] of relay) {
    const kind = parseDocName(name)?.kind;
    const specs = kind ? (COLLECTIONS[kind] ?? []) : [];
    const expected = registry.corrupted.get(name) ?? new Set<string>();
    const found = new Set<string>();
    for (const spec of specs) for (const n of readAll(doc, spec).needsAttention) found.add(n.id);
    // A record written on a device that crashed before saving or sending it never existed
    // anywhere: only what reached the relay is expected (SYNC-21 proves nothing else exists).
    const stored = (id: string) =>
      [...doc.share.keys()].map((root) => doc.getMap(root).get(id)).find((value) => value !== undefined);
    // A merge carries a record written invalid into the survivor's document too (PAT-103).
    for (const id of found)
      if (!expected.has(id) && !corruptedAnywhere.has(id)) problems.push(`${name}: ${id} fails validation`);
    for (const id of expected)
      if (!found.has(id) && stored(id) !== undefined) problems.push(`${name}: corrupted ${id} not reported`);
    for (const id of registry.legacy.get(name) ?? []) {
      const record = stored(id);
      if (record instanceof Y.Map && record.get(LEGACY_FIELD) === undefined)
        problems.push(`${name}: ${id} lost its ${LEGACY_FIELD}`);
    }
  }
  return problems;
}

type Figures = { aging: string; board: string };

/** The practice's figures computed from scratch from a set of documents. */
export function figuresOf(docs: Map<string, Y.Doc>): Figures {
  const ledgers = new Map<string, readonly LedgerEntry[]>();
  const patients = new Set<string>();
  for (const [name, doc] of docs) {
    const address = parseDocName(name);
    if (address?.kind === 'ledger' && address.key) ledgers.set(address.key, readLedger(doc).entries);
    if (address?.kind === 'chart' && address.key) patients.add(address.key);
  }
  const aging = practiceAging(ledgers, AGING_AS_OF);
  const empty = new Y.Doc();
  const byPatient = new Map<string, PipelineItem[]>();
  for (const patientId of [...patients].sort())
    byPatient.set(
      patientId,
      pipelineItemsOf(
        readChart(docs.get(chartDocName(PRACTICE, patientId)) ?? empty),
        readComms(docs.get(commsDocName(PRACTICE, patientId)) ?? empty),
      ),
    );
  // The board as the app shows it: merged-away patients' cases once, under their survivors (PAT-105).
  const items = itemsAfterMerges(byPatient, mergesOf(docs));
  const board = boardColumns(items).map((c) => ({
    stage: c.stage,
    count: c.items.length,
    valueCents: c.valueCents,
    cases: c.items.map((i) => i.caseId).sort(),
  }));
  return { aging: JSON.stringify(aging), board: JSON.stringify(board) };
}

/**
 * SYNC-25: balances, aging and the board are the same on every device as from scratch at the
 * relay, and the aging each device kept current change by change equals its from-scratch value.
 */
export function sameFigures(relay: Figures, device: Device, docs: Map<string, Y.Doc>): string[] {
  const problems: string[] = [];
  const own = figuresOf(docs);
  if (own.aging !== relay.aging) problems.push(`${device.name}: aging differs from the relay's`);
  if (own.board !== relay.board) problems.push(`${device.name}: the board differs from the relay's`);
  const kept = JSON.stringify({ totals: device.aging.totals(), rows: device.aging.rows() });
  const scratch = JSON.parse(relay.aging) as { totals: unknown; rows: unknown };
  if (kept !== JSON.stringify({ totals: scratch.totals, rows: scratch.rows }))
    problems.push(`${device.name}: the aging it kept current differs from a from-scratch computation`);
  return problems;
}

/** Merged-away ids → survivors, from a set of documents (PAT-102). */
export function mergesOf(docs: Map<string, Y.Doc>): Map<string, string> {
  const patients = docs.get(patientsDocName(PRACTICE));
  return patients ? resolveMerges(readAll(patients, MERGES).records) : new Map();
}

/**
 * PAT-103: once every survivor has been opened after the faults, everything any device added to a
 * merged-away record (cases, events, messages, tasks, policies, contracts, ledger entries) is in
 * its survivor's documents, and the board lists each case once.
 */
export function carriedEverything(relay: Map<string, Y.Doc>): string[] {
  const problems: string[] = [];
  for (const [alias, survivor] of mergesOf(relay)) {
    const kind = survivor.startsWith('fam_') ? 'family' : 'patient';
    const into = carriedDocNames(PRACTICE, kind, survivor);
    for (const [i, name] of carriedDocNames(PRACTICE, kind, alias).entries()) {
      const from = relay.get(name);
      if (!from) continue;
      const target = relay.get(into[i]!);
      for (const root of from.share.keys()) {
        const keys = [...from.getMap(root).keys()];
        const missing = keys.filter((key) => !target?.getMap(root).has(key));
        if (missing.length > 0)
          problems.push(`${name}: ${missing.length} ${root} not carried into ${into[i]}`);
      }
    }
  }
  const board = JSON.parse(figuresOf(relay).board) as { cases: string[] }[];
  const cases = board.flatMap((column) => column.cases);
  if (new Set(cases).size !== cases.length) problems.push('the board lists a case twice');
  return problems;
}

/** A projection source's values computed from scratch from a set of documents, by key, as JSON. */
export function projectionFromScratch(docs: Map<string, Y.Doc>, source: AnySource): Map<string, string> {
  const keys = new Set<string>();
  for (const name of docs.keys()) {
    const address = parseDocName(name);
    if (!address || address.practiceId !== PRACTICE || !source.kinds.includes(address.kind)) continue;
    const key = source.keyOf ? source.keyOf(address) : address.key;
    if (key) keys.add(key);
  }
  const out = new Map<string, string>();
  for (const key of [...keys].sort()) {
    const inputs = source.docsOf(PRACTICE, key).map((name) => docs.get(name) ?? new Y.Doc());
    const value = source.project(inputs, key, PROJECTION_CONTEXT);
    if (value !== null) out.set(key, JSON.stringify(value));
  }
  return out;
}

/** Wait for timers the engine set (a retained key's re-check runs on one). */
const turn = () => new Promise((resolve) => setTimeout(resolve, 1));

/**
 * SYNC-25, the projection: every list the app reads (board, Today, Billing, the worklists, the
 * recovery lists) is complete on each device and equals a from-scratch projection of the relay's
 * documents. The engine ran through the whole chaos, crashes and restarts from its saves included;
 * only the book's weeks, kept per key, are retained here first as a screen would retain them.
 */
export async function sameProjection(
  expected: ReadonlyMap<string, Map<string, string>>,
  device: Device,
): Promise<string[]> {
  const engine = device.projection;
  if (!engine) return [`${device.name}: no projection running`];
  const problems: string[] = [];
  for (const source of PRACTICE_SOURCES) {
    const want = expected.get(source.name) ?? new Map<string, string>();
    const perKey = source.storage.kind === 'per-key';
    const held = perKey ? engine.retain(source, want.keys()) : null;
    await held?.loaded;
    await turn();
    await engine.whenIdle();
    const progress = engine.progress(source);
    if (progress.state !== 'complete')
      problems.push(`${device.name}: the ${source.name} lists say ${JSON.stringify(progress)}`);
    const have = engine.values(source);
    for (const [key, value] of want) {
      const own = have.get(key);
      if (own === undefined) problems.push(`${device.name}: ${source.name} lacks ${key}`);
      else if (JSON.stringify(own) !== value)
        problems.push(`${device.name}: ${source.name} ${key} differs from a from-scratch projection`);
    }
    if (!perKey)
      for (const key of have.keys())
        if (!want.has(key)) problems.push(`${device.name}: ${source.name} has ${key}, which nothing feeds`);
    held?.release();
  }
  return problems;
}

/** The append-only logs' entries at the relay, by document and id, as JSON. */
export function appendOnlyEntries(relay: Map<string, Y.Doc>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, doc] of relay) {
    const kind = parseDocName(name)?.kind;
    for (const log of APPEND_ONLY) {
      if (log.kind !== kind) continue;
      for (const [id, value] of doc.getMap(log.collection))
        out.set(`${name}#${id}`, JSON.stringify(value instanceof Y.Map ? value.toJSON() : value));
    }
  }
  return out;
}

/** SYNC-26: every entry ever seen in an append-only log is still there, unchanged. */
export function onlyGrew(before: Map<string, string>, after: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const [key, value] of before) {
    const now = after.get(key);
    if (now === undefined) problems.push(`append-only entry ${key} disappeared`);
    else if (now !== value) problems.push(`append-only entry ${key} changed`);
  }
  return problems;
}
