/**
 * What the relay's update guard (sync-server/src/update-guard.ts: append-only logs, partial write
 * scopes) adds to each write, in Node: per update, the guard's check against the stored document
 * next to what applying the update costs anyway (`Y.applyUpdate`, which the relay does for every
 * write). Cases: an append to a large ledger (whole-document writer), a front-desk counter payment
 * (partial scope), an append to a long audit trail (ordered log), and an edit of the patient index
 * (a document with no log: the guard returns at once). Median and p95 of `--runs` × 200 updates;
 * printed, never asserted.
 */
import * as Y from 'yjs';
import {
  appendAudit,
  docPermission,
  localOrigin,
  postLedgerEntry,
  type DocKind,
  type WriteScope,
} from '@aligned/shared';
import { guardUpdate } from '@aligned/sync-server/src/update-guard.ts';
import { fmt, median, percentile, printTable } from './stats.ts';

type Case = {
  name: string;
  kind: DocKind;
  scope: WriteScope;
  stored: Y.Doc;
  next: (device: Y.Doc, i: number) => void;
};

const origin = localOrigin('stf_benchguard000001', 'dev_benchguard000001');
const clock = () => {
  let ms = Date.parse('2026-11-25T15:00:00.000Z');
  return () => new Date((ms += 1000)).toISOString();
};

function ledger(entries: number): Y.Doc {
  const doc = new Y.Doc();
  const ctx = { origin, now: clock() };
  for (let i = 0; i < entries; i += 1) {
    postLedgerEntry(doc, ctx, {
      familyId: 'fam_benchguard000001',
      kind: i % 3 === 0 ? 'charge' : 'payment',
      payer: 'patient',
      ...(i % 3 === 0
        ? { chargeKind: 'installment' as const }
        : { method: 'card' as const, reference: '4242' }),
      amountCents: 10_000 + i,
      postedOn: '2026-11-25',
    });
  }
  return doc;
}

function trail(entries: number): Y.Doc {
  const doc = new Y.Doc();
  for (let i = 0; i < entries; i += 1)
    appendAudit(doc, origin, {
      action: 'view',
      entity: 'patient',
      entityId: 'pat_benchguard000001',
      at: '2026-11-25T10:00:00.000Z',
    });
  return doc;
}

function patients(records: number): Y.Doc {
  const doc = new Y.Doc();
  for (let i = 0; i < records; i += 1) {
    const record = new Y.Map<unknown>();
    record.set('lastName', `Name${i}`);
    doc.getMap('patients').set(`pat_${String(i).padStart(16, '0')}`, record);
  }
  return doc;
}

const payment = (device: Y.Doc, i: number) =>
  postLedgerEntry(
    device,
    { origin, now: clock() },
    {
      familyId: 'fam_benchguard000001',
      kind: 'payment',
      payer: 'patient',
      method: 'cash',
      amountCents: 100 + i,
      postedOn: '2026-11-26',
    },
  );

export type GuardBenchRow = { name: string; guardMs: number[]; applyMs: number[] };

export async function runGuardBench(options: {
  runs: number;
  log: (line: string) => void;
}): Promise<GuardBenchRow[]> {
  const desk = docPermission(
    { role: 'front-desk', locationIds: [] },
    { practiceId: 'prc_benchguard000001', kind: 'ledger', key: 'fam_benchguard000001' },
  ).write;
  const cases: Case[] = [
    {
      name: 'ledger of 3,000 entries: a payment (billing)',
      kind: 'ledger',
      scope: 'all',
      stored: ledger(3_000),
      next: payment,
    },
    {
      name: 'ledger of 3,000 entries: a cash payment (front desk)',
      kind: 'ledger',
      scope: desk,
      stored: ledger(3_000),
      next: payment,
    },
    {
      name: 'audit trail of 20,000 entries: one view (own device)',
      kind: 'audit',
      scope: { add: { entries: { fields: {} } } },
      stored: trail(20_000),
      next: (device, i) =>
        appendAudit(device, origin, {
          action: 'view',
          entity: 'patient',
          entityId: 'pat_benchguard000002',
          at: `2026-11-25T11:00:${String(i % 60).padStart(2, '0')}.000Z`,
        }),
    },
    {
      name: 'patient index of 5,000 records: one edit (no log)',
      kind: 'patients',
      scope: 'all',
      stored: patients(5_000),
      next: (device, i) =>
        (device.getMap('patients').get('pat_0000000000000001') as Y.Map<unknown>).set(
          'lastName',
          `Edited${i}`,
        ),
    },
  ];
  const rows: GuardBenchRow[] = [];
  for (const c of cases) {
    options.log(`${c.name}…`);
    const guardMs: number[] = [];
    const applyMs: number[] = [];
    const device = new Y.Doc();
    Y.applyUpdate(device, Y.encodeStateAsUpdate(c.stored));
    for (let i = 0; i < options.runs * 200; i += 1) {
      const before = Y.encodeStateVector(c.stored);
      c.next(device, i);
      const update = Y.encodeStateAsUpdate(device, before);
      let t = performance.now();
      const decoded = Y.decodeUpdate(update);
      const refusal = guardUpdate(c.stored, decoded, c.kind, c.scope);
      guardMs.push(performance.now() - t);
      if (refusal) throw new Error(`${c.name}: refused (${refusal.reason})`);
      t = performance.now();
      Y.applyUpdate(c.stored, update);
      applyMs.push(performance.now() - t);
    }
    rows.push({ name: c.name, guardMs, applyMs });
  }
  return rows;
}

export function reportGuardBench(rows: GuardBenchRow[]) {
  printTable(
    'Update guard per write: decode + check (median / p95), next to Y.applyUpdate (median)',
    rows.map((r) => ({
      metric: r.name,
      value: `${fmt(median(r.guardMs), 'ms', 3)} / ${fmt(percentile(r.guardMs, 95), 'ms', 3)}`,
      target: `— (apply ${fmt(median(r.applyMs), 'ms', 3)})`,
      met: null,
    })),
  );
}
