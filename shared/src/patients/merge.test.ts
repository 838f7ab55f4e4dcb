import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  aliasesOf,
  conflictingFields,
  mayMergeInto,
  mergeFieldRows,
  defaultChoices,
  lateEdits,
  PATIENT_MERGE_FIELDS,
  resolveMerges,
  resolveId,
} from './merge.ts';
import { MERGE_PATIENTS, carryOver, mergeFamilies, mergePatients } from './merge.workflow.ts';
import { createCommands, recordingEnv } from '../documents/commands.ts';
import { deniedReason } from '../identity/permissions.ts';
import { MERGES, readPatientsData, registerPatient, updatePatient, familyView } from './patients-doc.ts';
import { readAll } from '../documents/collection.ts';
import { localOrigin } from '../documents/origins.ts';
import type { WriteContext } from '../documents/collection.ts';
import { patientInput } from '../test-support/fixtures.ts';
import { openCase, readChart, changeCaseStatus } from '../pipeline/chart-doc.ts';
import { logCommunication, readComms } from '../comms/comms-doc.ts';
import { postLedgerEntry, readLedger } from '../billing/ledger-doc.ts';

function context(actor: string, device: string, at: string): WriteContext {
  let ms = Date.parse(at);
  return { origin: localOrigin(actor, device), now: () => new Date((ms += 1000)).toISOString() };
}

const merge = (id: string, fromId: string, intoId: string, at = '2026-06-01T10:00:00.000Z') => ({
  id,
  fromId,
  intoId,
  at,
});

describe('resolveMerges', () => {
  it('PAT-102: a merged id leads to its survivor, through chains', () => {
    const resolved = resolveMerges([merge('mrg_1', 'pat_a', 'pat_b'), merge('mrg_2', 'pat_b', 'pat_c')]);
    expect(resolveId(resolved, 'pat_a')).toBe('pat_c');
    expect(resolveId(resolved, 'pat_b')).toBe('pat_c');
    expect(resolveId(resolved, 'pat_c')).toBe('pat_c');
    expect(aliasesOf(resolved, 'pat_c')).toEqual(['pat_a', 'pat_b']);
  });

  it('PAT-102: two devices that merged two records into each other agree on the smallest id', () => {
    const both = [merge('mrg_1', 'pat_b', 'pat_a'), merge('mrg_2', 'pat_a', 'pat_b')];
    for (const order of [both, [...both].reverse()]) {
      const resolved = resolveMerges(order);
      expect(resolveId(resolved, 'pat_b')).toBe('pat_a');
      expect(resolveId(resolved, 'pat_a')).toBe('pat_a');
    }
  });

  it('PAT-102: a record merged into two others on two devices follows the earlier merge', () => {
    const both = [
      merge('mrg_2', 'pat_a', 'pat_c', '2026-06-01T10:05:00.000Z'),
      merge('mrg_1', 'pat_a', 'pat_b'),
    ];
    for (const order of [both, [...both].reverse()])
      expect(resolveId(resolveMerges(order), 'pat_a')).toBe('pat_b');
  });
});

describe('choosing field by field', () => {
  it('PAT-101: the survivor’s values are proposed, the merged record’s where only it has one', () => {
    const from = { firstName: 'Sofia', phone: '+15125550100', email: 'old@example.com' };
    const into = { firstName: 'Sofía', phone: undefined, email: 'new@example.com' };
    expect(defaultChoices(['firstName', 'phone', 'email', 'notes'], from, into)).toEqual({
      firstName: 'into',
      phone: 'from',
      email: 'into',
    });
    expect(conflictingFields(['firstName', 'phone', 'email'], from, into)).toEqual(['firstName', 'email']);
  });

  it('PAT-101: the tool lists each field either record has, marking those whose values differ', () => {
    const from = { firstName: 'Sofia', phone: '+15125550100', email: 'old@example.com' };
    const into = { firstName: 'Sofía', phone: undefined, email: 'new@example.com' };
    expect(mergeFieldRows(['firstName', 'phone', 'email', 'notes'], from, into)).toEqual([
      { field: 'firstName', differs: true },
      { field: 'phone', differs: false },
      { field: 'email', differs: true },
    ]);
  });

  it('PAT-101, FAM-101: a record is never offered to merge into itself or after it was merged away', () => {
    const mergedAway = new Set(['pat_old']);
    expect(mayMergeInto('pat_a', 'pat_b', mergedAway)).toBe(true);
    expect(mayMergeInto('pat_a', 'pat_a', mergedAway)).toBe(false);
    expect(mayMergeInto('pat_a', 'pat_old', mergedAway)).toBe(false);
  });
});

/** A device's copies of the patients index and of two patients' chart and comms documents. */
class Device {
  patients = new Y.Doc();
  chart = { a: new Y.Doc(), b: new Y.Doc() };
  comms = { a: new Y.Doc(), b: new Y.Doc() };
  constructor(readonly ctx: WriteContext) {}
  docs() {
    return [this.patients, this.chart.a, this.chart.b, this.comms.a, this.comms.b];
  }
  copy(ctx: WriteContext): Device {
    const copy = new Device(ctx);
    this.docs().forEach((doc, i) => Y.applyUpdate(copy.docs()[i]!, Y.encodeStateAsUpdate(doc)));
    return copy;
  }
  /** What the survivor's page does on open: carry what the merged-away documents hold. */
  carry() {
    carryOver(this.chart.a, this.chart.b, this.ctx.origin);
    carryOver(this.comms.a, this.comms.b, this.ctx.origin);
  }
}

function mergeBothOrders(base: Device, x: Device, y: Device): [Device, Device] {
  const diff = (from: Device) =>
    from.docs().map((doc, i) => Y.encodeStateAsUpdate(doc, Y.encodeStateVector(base.docs()[i]!)));
  const [fx, fy] = [diff(x), diff(y)];
  const xy = base.copy(x.ctx);
  const yx = base.copy(y.ctx);
  xy.docs().forEach((doc, i) => (Y.applyUpdate(doc, fx[i]!), Y.applyUpdate(doc, fy[i]!)));
  yx.docs().forEach((doc, i) => (Y.applyUpdate(doc, fy[i]!), Y.applyUpdate(doc, fx[i]!)));
  return [xy, yx];
}

/** Sofia registered twice: once by the front desk with the parent, once as an inquiry with her own email. */
function twoRecords() {
  const device = new Device(context('stf_tc0000000000000', 'dev_tc000000000000', '2026-06-01T09:00:00.000Z'));
  const a = registerPatient(device.patients, device.ctx, {
    patient: patientInput({
      firstName: 'Sofia',
      lastName: 'Garcia',
      phone: undefined,
      email: 'sofia@example.com',
    }),
    family: { create: { name: 'Garcia family' } },
    parties: [
      {
        firstName: 'Ana',
        lastName: 'Garcia',
        phone: '+15125550190',
        relationship: 'mother',
        isGuarantor: true,
      },
    ],
  });
  const b = registerPatient(device.patients, device.ctx, {
    patient: patientInput({
      firstName: 'Sofía',
      lastName: 'Garcia',
      phone: '+15125550123',
      email: undefined,
    }),
  });
  if (!a.ok || !b.ok) throw new Error('setup');
  const opened = openCase(device.chart.a, device.ctx, {
    patientId: a.value.patient.id,
    type: 'comprehensive',
  });
  if (!opened.ok) throw new Error('setup');
  logCommunication(device.comms.a, device.ctx, {
    patientId: a.value.patient.id,
    channel: 'call',
    direction: 'inbound',
    outcome: 'reached',
    at: '2026-06-01T09:30:00.000Z',
    by: 'stf_tc0000000000000',
  });
  return {
    device,
    a: a.value.patient,
    b: b.value.patient,
    caseId: opened.value.id,
    familyId: a.value.familyId!,
  };
}

describe('mergePatients', () => {
  it('PAT-101, PAT-103: the survivor takes the chosen fields, the parents, the case and the log; both ids lead to it', () => {
    const { device, a, b, caseId, familyId } = twoRecords();
    const result = mergePatients(device.patients, device.ctx, {
      fromId: a.id,
      intoId: b.id,
      choices: { email: 'from', familyId: 'from' },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    device.carry();
    const data = readPatientsData(device.patients);
    const survivor = data.patients.get(b.id)!;
    expect(survivor).toMatchObject({
      firstName: 'Sofía',
      phone: '+15125550123',
      email: 'sofia@example.com',
      familyId,
    });
    expect(familyView(survivor, data).parties.map((p) => p.party.firstName)).toEqual(['Ana']);
    const resolved = resolveMerges(readAll(device.patients, MERGES).records);
    expect(resolveId(resolved, a.id)).toBe(b.id);
    expect(readChart(device.chart.b).cases.map((c) => c.id)).toEqual([caseId]);
    expect(readComms(device.comms.b).entries).toHaveLength(1);
    expect(result.value.merge).toMatchObject({ kind: 'patient', taken: ['email', 'familyId'] });
    expect(result.value.changes.map((c) => `${c.action} ${c.entity}`)).toEqual([
      'update patient',
      'create link',
      'update patient',
    ]);
  });

  it('PAT-101: through the executor a merge is audited per patient and refused to a read-only role', () => {
    const { device, a, b } = twoRecords();
    const readOnly = recordingEnv(
      () => device.ctx,
      (kind) => deniedReason('read-only', kind, 'write'),
    );
    const refused = createCommands(readOnly).workflow(
      MERGE_PATIENTS,
      { patients: device.patients },
      { fromId: a.id, intoId: b.id, choices: {} },
    );
    expect(refused.ok ? null : refused.error.kind).toBe('denied');
    expect(readOnly.notes).toEqual([]);

    const env = recordingEnv(() => device.ctx);
    const merged = createCommands(env).workflow(
      MERGE_PATIENTS,
      { patients: device.patients },
      { fromId: a.id, intoId: b.id, choices: {} },
    );
    expect(merged.ok && merged.value.merge.intoId).toBe(b.id);
    const patientNotes = env.notes.filter((n) => n.entity === 'patient');
    expect(patientNotes.length).toBeGreaterThan(0);
    expect(patientNotes.every((n) => n.patientId === n.entityId)).toBe(true);
  });

  it('PAT-101: refuses merging a record into itself or one already merged away', () => {
    const { device, a, b } = twoRecords();
    expect(
      mergePatients(device.patients, device.ctx, { fromId: a.id, intoId: a.id, choices: {} }),
    ).toMatchObject({
      ok: false,
    });
    mergePatients(device.patients, device.ctx, { fromId: a.id, intoId: b.id, choices: {} });
    expect(
      mergePatients(device.patients, device.ctx, { fromId: b.id, intoId: a.id, choices: {} }),
    ).toMatchObject({
      ok: false,
      error: { issues: [{ message: 'That record was already merged into another' }] },
    });
  });

  it('PAT-103, PAT-104: one device merges while another edits the old record: both converge, nothing is lost', () => {
    const { device: base, a, b, caseId } = twoRecords();
    const merger = base.copy(
      context('stf_tc0000000000000', 'dev_tc000000000000', '2026-06-02T09:00:00.000Z'),
    );
    const editor = base.copy(context('stf_front000000000', 'dev_front000000000', '2026-06-02T09:05:00.000Z'));
    const merged = mergePatients(merger.patients, merger.ctx, {
      fromId: a.id,
      intoId: b.id,
      choices: { email: 'from' },
    });
    if (!merged.ok) throw new Error('merge failed');
    merger.carry();
    // Offline, the front desk still sees the old record: a new phone, a call logged, the case moved.
    updatePatient(editor.patients, editor.ctx, a.id, { altPhone: '+15125550177' });
    logCommunication(editor.comms.a, editor.ctx, {
      patientId: a.id,
      channel: 'call',
      direction: 'outbound',
      outcome: 'left-message',
      at: '2026-06-02T09:06:00.000Z',
      by: 'stf_front000000000',
    });
    changeCaseStatus(editor.chart.a, editor.ctx, caseId, { to: 'exam' });

    const [xy, yx] = mergeBothOrders(base, merger, editor);
    for (const device of [xy, yx]) device.carry();
    xy.docs().forEach((doc, i) => expect(doc.toJSON()).toEqual(yx.docs()[i]!.toJSON()));
    for (const device of [xy, yx]) {
      expect(readComms(device.comms.b).entries).toHaveLength(2);
      expect(readChart(device.chart.b).cases[0]!.status).toBe('exam');
      const data = readPatientsData(device.patients);
      const record = readAll(device.patients, MERGES).records[0]!;
      expect(lateEdits(record, data.patients.get(a.id)!, PATIENT_MERGE_FIELDS)).toEqual([
        { field: 'altPhone', value: '+15125550177' },
      ]);
    }
  });

  it('PAT-102, PAT-103: two devices merge the two records into each other: one survivor with everything', () => {
    const { device: base, a, b } = twoRecords();
    const one = base.copy(context('stf_tc0000000000000', 'dev_tc000000000000', '2026-06-02T09:00:00.000Z'));
    const two = base.copy(context('stf_mgr0000000000000', 'dev_mgr00000000000', '2026-06-02T09:00:30.000Z'));
    mergePatients(one.patients, one.ctx, { fromId: a.id, intoId: b.id, choices: {} });
    one.carry();
    mergePatients(two.patients, two.ctx, { fromId: b.id, intoId: a.id, choices: {} });
    carryOver(two.chart.b, two.chart.a, two.ctx.origin);
    carryOver(two.comms.b, two.comms.a, two.ctx.origin);
    const [xy, yx] = mergeBothOrders(base, one, two);
    const survivor = [a.id, b.id].sort()[0]!;
    for (const device of [xy, yx]) {
      const resolved = resolveMerges(readAll(device.patients, MERGES).records);
      expect(resolveId(resolved, a.id)).toBe(survivor);
      expect(resolveId(resolved, b.id)).toBe(survivor);
      // The survivor's page carries every alias's documents into its own.
      const docs =
        survivor === a.id
          ? { chart: device.chart.a, comms: device.comms.a }
          : { chart: device.chart.b, comms: device.comms.b };
      const other =
        survivor === a.id
          ? { chart: device.chart.b, comms: device.comms.b }
          : { chart: device.chart.a, comms: device.comms.a };
      carryOver(other.chart, docs.chart, device.ctx.origin);
      carryOver(other.comms, docs.comms, device.ctx.origin);
      expect(readChart(docs.chart).cases).toHaveLength(1);
      expect(readComms(docs.comms).entries).toHaveLength(1);
    }
    xy.docs().forEach((doc, i) => expect(doc.toJSON()).toEqual(yx.docs()[i]!.toJSON()));
  });

  it('PAT-103: carrying over twice changes nothing the second time', () => {
    const { device } = twoRecords();
    expect(carryOver(device.chart.a, device.chart.b, device.ctx.origin)).toBe(true);
    const after = device.chart.b.toJSON();
    expect(carryOver(device.chart.a, device.chart.b, device.ctx.origin)).toBe(false);
    expect(device.chart.b.toJSON()).toEqual(after);
  });
});

describe('mergeFamilies', () => {
  it('FAM-101: the merged household’s patients, parents and ledger move to the survivor', () => {
    const ctx = context('stf_tc0000000000000', 'dev_tc000000000000', '2026-06-01T09:00:00.000Z');
    const patients = new Y.Doc();
    const one = registerPatient(patients, ctx, {
      patient: patientInput({ firstName: 'Leo', lastName: 'Park' }),
      family: { create: { name: 'Park family' } },
      parties: [{ firstName: 'Maria', lastName: 'Park', relationship: 'mother', isGuarantor: true }],
    });
    const two = registerPatient(patients, ctx, {
      patient: patientInput({ firstName: 'Mia', lastName: 'Park' }),
      family: {
        create: {
          name: 'Park household',
          address: { line1: '1 Main St', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' },
        },
      },
      parties: [{ firstName: 'Sam', lastName: 'Park', relationship: 'father', isGuarantor: true }],
    });
    if (!one.ok || !two.ok) throw new Error('setup');
    const [ledgerFrom, ledgerInto] = [new Y.Doc(), new Y.Doc()];
    const posted = postLedgerEntry(ledgerFrom, ctx, {
      familyId: two.value.familyId!,
      kind: 'payment',
      payer: 'patient',
      amountCents: 25_000,
      postedOn: '2026-06-01',
      method: 'cash',
    });
    if (!posted.ok) throw new Error(JSON.stringify(posted.error));
    const result = mergeFamilies(patients, ctx, {
      fromId: two.value.familyId!,
      intoId: one.value.familyId!,
      choices: { address: 'from' },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    carryOver(ledgerFrom, ledgerInto, ctx.origin);
    const data = readPatientsData(patients);
    const survivor = data.families.get(one.value.familyId!)!;
    expect(survivor).toMatchObject({ name: 'Park family', address: { line1: '1 Main St' } });
    expect(
      familyView(data.patients.get(one.value.patient.id)!, data).siblings.map((s) => s.firstName),
    ).toEqual(['Mia']);
    expect([...data.parties.values()].every((p) => p.familyId === one.value.familyId)).toBe(true);
    expect(readLedger(ledgerInto).entries.map((e) => e.amountCents)).toEqual([25_000]);
  });
});
