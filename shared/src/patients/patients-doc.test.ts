import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { collectionMap, readAll, readRecord, changedFields } from '../documents/collection.ts';
import {
  FAMILIES,
  LINKS,
  PARTIES,
  PATIENTS,
  createPatient,
  familyOf,
  linkResponsibleParty,
  registerPatient,
  updatePatient,
  addResponsibleParty,
  createFamily,
} from './patients-doc.ts';
import { isTransactionOrigin, localOrigin, REMOTE } from '../documents/origins.ts';
import { metaMap, schemaVersionOf, SCHEMA_VERSIONS } from '../documents/doc-meta.ts';
import { connectedPair, patientInput, syncBoth, userContext } from '../test-support/fixtures.ts';

function mustCreate(doc: Y.Doc, ctx = userContext(), overrides = {}) {
  const created = createPatient(doc, ctx, patientInput(overrides));
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return created.value;
}

describe('PAT-4, SYNC-11: patient commands', () => {
  it('create stores every field, an id and who created it, in one transaction with the typed origin', () => {
    const doc = new Y.Doc();
    const ctx = userContext('stf_alice0000000000');
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    const patient = mustCreate(doc, ctx);
    expect(patient.id).toMatch(/^pat_[0-9a-z]{16}$/);
    expect(patient).toMatchObject({
      firstName: 'Sofia',
      lastName: 'Garcia',
      createdBy: 'stf_alice0000000000',
    });
    expect(patient.updatedAt).toBe(patient.createdAt);
    expect(origins).toHaveLength(1);
    expect(isTransactionOrigin(origins[0]) && origins[0].kind).toBe('local');
  });

  it('create refuses invalid input, says which fields, and writes nothing', () => {
    const doc = new Y.Doc();
    const result = createPatient(doc, userContext(), patientInput({ lastName: '', email: 'nope' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('invalid');
    expect(result.error.kind === 'invalid' && result.error.issues.map((i) => i.path).sort()).toEqual([
      'email',
      'lastName',
    ]);
    expect(collectionMap(doc, PATIENTS).size).toBe(0);
  });

  it('update writes only the changed fields and stamps updatedAt/updatedBy', () => {
    const doc = new Y.Doc();
    const patient = mustCreate(doc);
    const bob = { ...userContext('stf_bob000000000000'), now: () => '2026-11-26T10:00:00.000Z' };
    const updated = updatePatient(doc, bob, patient.id, { phone: '+15125550000', firstName: 'Sofia' });
    expect(updated.ok && updated.value).toMatchObject({
      phone: '+15125550000',
      updatedBy: 'stf_bob000000000000',
    });
    expect(updated.ok && updated.value?.updatedAt).toBe('2026-11-26T10:00:00.000Z');
    expect(updated.ok && updated.value?.createdBy).toBe(patient.createdBy);
  });

  it('an update that changes nothing does not stamp or produce a Yjs update', () => {
    const doc = new Y.Doc();
    const patient = mustCreate(doc);
    let updates = 0;
    doc.on('update', () => updates++);
    const result = updatePatient(doc, userContext('stf_bob000000000000'), patient.id, { firstName: 'Sofia' });
    expect(result.ok && result.value?.updatedBy).toBe(patient.updatedBy);
    expect(updates).toBe(0);
  });

  it('update clears an optional field given as undefined but refuses to clear a required one', () => {
    const doc = new Y.Doc();
    const patient = mustCreate(doc);
    const cleared = updatePatient(doc, userContext(), patient.id, { email: undefined });
    expect(cleared.ok && cleared.value).not.toHaveProperty('email');
    const refused = updatePatient(doc, userContext(), patient.id, { lastName: undefined });
    expect(refused).toEqual({
      ok: false,
      error: { kind: 'invalid', issues: [{ path: 'lastName', message: 'Required' }] },
    });
  });

  it('update names the bad field inside a nested value', () => {
    const doc = new Y.Doc();
    const patient = mustCreate(doc);
    const result = updatePatient(doc, userContext(), patient.id, {
      address: { line1: '1 Main', city: 'Austin', region: 'TX', postalCode: '1', country: 'US' },
    });
    expect(!result.ok && result.error.kind === 'invalid' && result.error.issues[0]?.path).toBe(
      'address.postalCode',
    );
  });

  it('update of a missing patient returns not-found', () => {
    const result = updatePatient(new Y.Doc(), userContext(), 'pat_doesnotexist0000', { firstName: 'X' });
    expect(result).toEqual({ ok: false, error: { kind: 'not-found', id: 'pat_doesnotexist0000' } });
  });

  it('SYNC-10: changedFields turns a form before/after into the patch, undefined for emptied fields', () => {
    expect(
      changedFields(
        { firstName: 'Sofia', email: 'a@b.co', phone: '+15125550123' },
        { firstName: 'Sofia', email: undefined, phone: '+15125550124' },
      ),
    ).toEqual({ email: undefined, phone: '+15125550124' });
  });
});

describe('SYNC-10: field-level merging between devices', () => {
  it('two people editing different fields of the same patient offline both keep their edits', () => {
    const a = new Y.Doc();
    const patient = mustCreate(a);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a), REMOTE);

    updatePatient(a, userContext('stf_alice0000000000'), patient.id, { phone: '+15125551111' });
    updatePatient(b, userContext('stf_bob000000000000'), patient.id, {
      email: 'new@example.com',
      notes: 'Prefers mornings',
    });
    syncBoth(a, b);

    for (const doc of [a, b]) {
      const read = readRecord(doc, PATIENTS, patient.id);
      expect(read.status === 'ok' && read.record).toMatchObject({
        phone: '+15125551111',
        email: 'new@example.com',
        notes: 'Prefers mornings',
      });
    }
  });

  it('two people editing the same field converge to one value on both devices', () => {
    const a = new Y.Doc();
    const patient = mustCreate(a);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a), REMOTE);
    updatePatient(a, userContext('stf_alice0000000000'), patient.id, { preferredName: 'Sofi' });
    updatePatient(b, userContext('stf_bob000000000000'), patient.id, { preferredName: 'Fifi' });
    syncBoth(a, b);
    const fromA = readRecord(a, PATIENTS, patient.id);
    const fromB = readRecord(b, PATIENTS, patient.id);
    expect(fromA.status === 'ok' && fromA.record.preferredName).toMatch(/^(Sofi|Fifi)$/);
    expect(fromA).toEqual(fromB);
  });

  it('a record created on one device appears on a connected one immediately', () => {
    const [a, b] = connectedPair();
    const patient = mustCreate(a);
    expect(readRecord(b, PATIENTS, patient.id).status).toBe('ok');
  });

  it('fields written by a newer version survive an edit by this version', () => {
    const newer = new Y.Doc();
    const patient = mustCreate(newer);
    newer.transact(() => {
      const record = collectionMap(newer, PATIENTS).get(patient.id) as Y.Map<unknown>;
      record.set('pronouns', 'she/her');
      record.set('portalInvite', { sentAt: '2026-11-01T00:00:00.000Z' });
    }, REMOTE);
    const older = new Y.Doc();
    Y.applyUpdate(older, Y.encodeStateAsUpdate(newer), REMOTE);

    updatePatient(older, userContext(), patient.id, { phone: '+15125552222' });
    syncBoth(older, newer);

    const read = readRecord(newer, PATIENTS, patient.id);
    expect(read.status === 'ok' && read.record).toMatchObject({
      phone: '+15125552222',
      pronouns: 'she/her',
      portalInvite: { sentAt: '2026-11-01T00:00:00.000Z' },
    });
  });
});

describe('SYNC-13: invalid records from other devices', () => {
  it('are listed as needing attention with what is wrong, and never rewritten on read', () => {
    const doc = new Y.Doc();
    const good = mustCreate(doc);
    const bad = mustCreate(doc, userContext(), { firstName: 'Mateo' });
    doc.transact(() => {
      const record = collectionMap(doc, PATIENTS).get(bad.id) as Y.Map<unknown>;
      record.set('status', 'teleported');
      record.set('dateOfBirth', '2014-02-30');
    }, REMOTE);
    const before = Y.encodeStateAsUpdate(doc);

    const { records, needsAttention } = readAll(doc, PATIENTS);
    expect(records.map((r) => r.id)).toEqual([good.id]);
    expect(needsAttention).toHaveLength(1);
    expect(needsAttention[0]?.id).toBe(bad.id);
    expect(needsAttention[0]?.raw).toMatchObject({ firstName: 'Mateo', status: 'teleported' });
    expect(needsAttention[0]?.issues.map((i) => i.path).sort()).toEqual(['dateOfBirth', 'status']);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('a value that is not a record at all is reported, not thrown', () => {
    const doc = new Y.Doc();
    collectionMap(doc, PATIENTS).set('pat_garbage000000000', 42);
    const read = readRecord(doc, PATIENTS, 'pat_garbage000000000');
    expect(read.status).toBe('needs-attention');
    expect(read.status === 'needs-attention' && read.issues[0]?.message).toBe('Stored value is not a record');
  });

  it('can be repaired by an edit of the wrong field', () => {
    const doc = new Y.Doc();
    const patient = mustCreate(doc);
    (collectionMap(doc, PATIENTS).get(patient.id) as Y.Map<unknown>).set('status', 'teleported');
    expect(updatePatient(doc, userContext(), patient.id, { status: 'active' }).ok).toBe(true);
    expect(readRecord(doc, PATIENTS, patient.id).status).toBe('ok');
  });
});

describe('families and responsible parties', () => {
  it('FAM-2: registers a patient with a new family, a guarantor parent and the link, in one transaction', () => {
    const doc = new Y.Doc();
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    const result = registerPatient(doc, userContext(), {
      patient: patientInput(),
      family: {
        create: {
          name: 'Garcia family',
          address: { line1: '12 Oak St', city: 'Austin', region: 'TX', postalCode: '78701' },
        },
      },
      parties: [
        {
          firstName: 'Maria',
          lastName: 'Garcia',
          phone: '+15125550100',
          relationship: 'mother',
          isGuarantor: true,
        },
      ],
    });
    expect(result.ok).toBe(true);
    expect(transactions).toBe(1);
    if (!result.ok) return;
    const view = familyOf(doc, result.value.patient);
    expect(view.family?.name).toBe('Garcia family');
    expect(view.parties).toHaveLength(1);
    expect(view.parties[0]).toMatchObject({
      link: { relationship: 'mother', isGuarantor: true },
      party: { firstName: 'Maria' },
    });
  });

  it('FAM-2: refuses a registration with a bad parent phone and writes nothing at all', () => {
    const doc = new Y.Doc();
    const result = registerPatient(doc, userContext(), {
      patient: patientInput(),
      family: { create: { name: 'Garcia family' } },
      parties: [
        { firstName: 'Maria', lastName: 'Garcia', phone: '555', relationship: 'mother', isGuarantor: true },
      ],
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.section).toBe('party.0');
    expect(
      collectionMap(doc, PATIENTS).size +
        collectionMap(doc, FAMILIES).size +
        collectionMap(doc, PARTIES).size,
    ).toBe(0);
  });

  it('FAM-3: lists siblings and household members not linked to the patient', () => {
    const doc = new Y.Doc();
    const ctx = userContext();
    const family = createFamily(doc, ctx, { name: 'Garcia family' });
    if (!family.ok) throw new Error('family');
    const sofia = mustCreate(doc, ctx, { familyId: family.value.id });
    const mateo = mustCreate(doc, ctx, { firstName: 'Mateo', familyId: family.value.id });
    mustCreate(doc, ctx, { firstName: 'Unrelated', lastName: 'Person' });
    const mom = addResponsibleParty(doc, ctx, {
      familyId: family.value.id,
      firstName: 'Maria',
      lastName: 'Garcia',
    });
    const dad = addResponsibleParty(doc, ctx, {
      familyId: family.value.id,
      firstName: 'Luis',
      lastName: 'Garcia',
    });
    if (!mom.ok || !dad.ok) throw new Error('parties');
    linkResponsibleParty(doc, ctx, {
      patientId: sofia.id,
      partyId: mom.value.id,
      relationship: 'mother',
      isGuarantor: true,
    });

    const view = familyOf(doc, sofia);
    expect(view.siblings.map((p) => p.id)).toEqual([mateo.id]);
    expect(view.parties.map((p) => p.party.id)).toEqual([mom.value.id]);
    expect(view.otherParties.map((p) => p.id)).toEqual([dad.value.id]);
  });

  it('FAM-1: refuses to link a party that does not exist', () => {
    const doc = new Y.Doc();
    const patient = mustCreate(doc);
    const result = linkResponsibleParty(doc, userContext(), {
      patientId: patient.id,
      partyId: 'rp_missing000000000',
      relationship: 'father',
      isGuarantor: false,
    });
    expect(!result.ok && result.error.kind === 'invalid' && result.error.issues[0]?.path).toBe('partyId');
    expect(collectionMap(doc, LINKS).size).toBe(0);
  });

  it('FAM-1: refuses a party for a family that does not exist', () => {
    const result = addResponsibleParty(new Y.Doc(), userContext(), {
      familyId: 'fam_missing00000000',
      firstName: 'A',
      lastName: 'B',
    });
    expect(result.ok).toBe(false);
  });
});

describe('SYNC-14: schema version', () => {
  it('is stamped by the first write, not by reading', () => {
    const doc = new Y.Doc();
    readAll(doc, PATIENTS);
    expect(schemaVersionOf(doc)).toBe(0);
    mustCreate(doc);
    expect(schemaVersionOf(doc)).toBe(SCHEMA_VERSIONS.patients);
    expect(metaMap(doc).get('kind')).toBe('patients');
  });

  it('a document written by a newer version is read but not written', () => {
    const doc = new Y.Doc();
    const patient = mustCreate(doc);
    metaMap(doc).set('schemaVersion', SCHEMA_VERSIONS.patients + 1);
    expect(readRecord(doc, PATIENTS, patient.id).status).toBe('ok');
    const result = updatePatient(doc, userContext(), patient.id, { firstName: 'Changed' });
    expect(result).toEqual({ ok: false, error: { kind: 'read-only', reason: 'too-new' } });
    const read = readRecord(doc, PATIENTS, patient.id);
    expect(read.status === 'ok' && read.record.firstName).toBe('Sofia');
  });
});

describe('SYNC-11: origins', () => {
  it('one user session has one origin object that carries who and which device', () => {
    const origin = localOrigin('stf_alice0000000000', 'dev_laptop000000000');
    expect(origin).toEqual({ kind: 'local', actor: 'stf_alice0000000000', deviceId: 'dev_laptop000000000' });
    expect(Object.isFrozen(origin)).toBe(true);
  });
});
