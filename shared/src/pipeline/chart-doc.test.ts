import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  collectionMap,
  readAll,
  readRecord,
  updateRecord,
  type WriteContext,
} from '../documents/collection.ts';
import {
  CASE_EVENTS,
  CASES,
  CHART_DOC_COLLECTIONS,
  OPTIONS,
  SIGNATURES,
  addOption,
  addSignature,
  changeCaseStatus,
  openCase,
  readChart,
  removeOption,
  updateCase,
  updateOption,
  type CasePatch,
  type NewCaseInput,
  type OptionInput,
} from './chart-doc.ts';
import { createUndoHistory } from '../documents/undo.ts';
import { REMOTE } from '../documents/origins.ts';
import { checkStatusChange, type StatusChange } from './case-status.ts';
import { signatureState, termsHash } from './signature.ts';
import { TYPED_SIGNATURE_INTENT } from './signer.ts';
import { buildTermsV1 as buildTerms, type TermsInput } from './signed-terms-v1.ts';
import type { Case, CaseStatus, TreatmentOption } from './case.schema.ts';
import { syncBoth, userContext } from '../test-support/fixtures.ts';

const PATIENT_ID = 'pat_sofia0000000000';
const ALICE = 'stf_alice0000000000';
const BOB = 'stf_bob000000000000';

/** A context whose clock always says `iso`. */
function at(ctx: WriteContext, iso: string): WriteContext {
  return { ...ctx, now: () => iso };
}

function mustOpen(doc: Y.Doc, ctx: WriteContext, input: Partial<NewCaseInput> = {}): Case {
  const opened = openCase(doc, ctx, { patientId: PATIENT_ID, type: 'comprehensive', ...input });
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  return opened.value;
}

function mustAddOption(
  doc: Y.Doc,
  ctx: WriteContext,
  caseId: string,
  input: Partial<OptionInput> = {},
): TreatmentOption {
  const added = addOption(doc, ctx, {
    caseId,
    name: 'Metal braces',
    appliance: 'metal-braces',
    feeCents: 550000,
    months: 24,
    recommended: false,
    ...input,
  });
  if (!added.ok) throw new Error(JSON.stringify(added.error));
  return added.value;
}

function mustMove(
  doc: Y.Doc,
  ctx: WriteContext,
  caseId: string,
  change: StatusChange & { startDate?: string },
): Case {
  const moved = changeCaseStatus(doc, ctx, caseId, change);
  if (!moved.ok) throw new Error(JSON.stringify(moved.error));
  return moved.value;
}

function caseOf(doc: Y.Doc, id: string): Case {
  const read = readRecord(doc, CASES, id);
  if (read.status !== 'ok') throw new Error(`case ${id} is ${read.status}`);
  return read.record;
}

function optionOf(doc: Y.Doc, id: string): TreatmentOption {
  const read = readRecord(doc, OPTIONS, id);
  if (read.status !== 'ok') throw new Error(`option ${id} is ${read.status}`);
  return read.record;
}

function eventsOf(doc: Y.Doc, caseId: string) {
  return readChart(doc).events.filter((e) => e.caseId === caseId);
}

function stateOf(doc: Y.Doc) {
  return Y.encodeStateVector(doc);
}

describe('opening a case', () => {
  it('CASE-4, APPEND-2: creates the case and its first event in one transaction, one Yjs update that undo leaves alone', () => {
    const doc = new Y.Doc();
    const ctx = at(userContext(ALICE), '2026-11-25T15:00:00.000Z');
    const history = createUndoHistory(doc, CHART_DOC_COLLECTIONS, ctx.origin as never);
    let updates = 0;
    doc.on('update', () => updates++);

    const opened = mustOpen(doc, ctx);

    expect(updates).toBe(1);
    expect(opened).toMatchObject({
      patientId: PATIENT_ID,
      status: 'inquiry',
      statusAt: '2026-11-25T15:00:00.000Z',
      createdBy: ALICE,
    });
    const events = eventsOf(doc, opened.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ to: 'inquiry', at: '2026-11-25T15:00:00.000Z', by: ALICE });
    expect(events[0]).not.toHaveProperty('from');

    // Undo would delete the recorded event (refused at the relay): opening is not undoable.
    expect(history.canUndo).toBe(false);
    expect(history.undo()).toBe(false);
    expect(collectionMap(doc, CASES).size).toBe(1);
    expect(collectionMap(doc, CASE_EVENTS).size).toBe(1);
  });

  it('CASE-4: starts the case at a booked exam when asked, and refuses to start it past the presentation', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    expect(mustOpen(doc, ctx, { status: 'exam' }).status).toBe('exam');
    const refused = openCase(doc, ctx, { patientId: PATIENT_ID, type: 'phase-1', status: 'accepted' });
    expect(!refused.ok && refused.error.kind === 'invalid' && refused.error.issues[0]?.path).toBe('status');
    expect(readAll(doc, CASES).records).toHaveLength(1);
  });

  it('CASE-5: refuses a second open comprehensive case for the patient and writes nothing', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    mustOpen(doc, ctx);
    const before = stateOf(doc);
    const second = openCase(doc, ctx, { patientId: PATIENT_ID, type: 'comprehensive' });
    expect(second).toEqual({
      ok: false,
      error: {
        kind: 'invalid',
        issues: [
          {
            path: 'type',
            message:
              'This patient already has an open comprehensive case (Inquiry). Close it before opening another.',
          },
        ],
      },
    });
    expect(stateOf(doc)).toEqual(before);
  });

  it('CASE-5: allows another type of case beside the open comprehensive one', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    mustOpen(doc, ctx);
    expect(openCase(doc, ctx, { patientId: PATIENT_ID, type: 'phase-1' }).ok).toBe(true);
  });

  it('CASE-5: allows a new comprehensive case once the first one was declined', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    const first = mustOpen(doc, ctx);
    mustMove(doc, ctx, first.id, { to: 'declined', reason: 'Cost' });
    const second = openCase(doc, ctx, { patientId: PATIENT_ID, type: 'comprehensive' });
    expect(second.ok).toBe(true);
    expect(readAll(doc, CASES).records).toHaveLength(2);
  });

  it('CASE-5: allows a new comprehensive case once the first one was completed', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    const first = mustOpen(doc, ctx, { status: 'exam' });
    mustMove(doc, ctx, first.id, { to: 'recommended', examOutcome: 'treatment-recommended' });
    const option = mustAddOption(doc, ctx, first.id);
    mustMove(doc, ctx, first.id, { to: 'accepted', optionId: option.id });
    mustMove(doc, ctx, first.id, { to: 'started', startDate: '2026-12-01' });
    mustMove(doc, ctx, first.id, { to: 'completed' });
    expect(openCase(doc, ctx, { patientId: PATIENT_ID, type: 'comprehensive' }).ok).toBe(true);
  });
});

describe('CASE-6: moving a case', () => {
  it('a legal move sets the status and statusAt and appends an event with from, to, by and at', () => {
    const doc = new Y.Doc();
    const opened = mustOpen(doc, at(userContext(ALICE), '2026-11-25T15:00:00.000Z'));
    const moved = mustMove(doc, at(userContext(BOB), '2026-11-26T09:30:00.000Z'), opened.id, { to: 'exam' });

    expect(moved).toMatchObject({ status: 'exam', statusAt: '2026-11-26T09:30:00.000Z', updatedBy: BOB });
    expect(caseOf(doc, opened.id).status).toBe('exam');
    const events = eventsOf(doc, opened.id);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({
      caseId: opened.id,
      from: 'inquiry',
      to: 'exam',
      by: BOB,
      at: '2026-11-26T09:30:00.000Z',
    });
  });

  it('an illegal move is refused with the shared rule’s message and writes nothing', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    const opened = mustOpen(doc, ctx);
    const before = stateOf(doc);
    const change: StatusChange = { to: 'started' };
    const rule = checkStatusChange('inquiry', change, { optionIds: [] });
    expect(rule.ok).toBe(false);

    const result = changeCaseStatus(doc, ctx, opened.id, change);

    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'invalid',
        issues: [{ path: 'to', message: !rule.ok ? rule.error.message : '' }],
      },
    });
    expect(!rule.ok && rule.error.message).toBe('From Inquiry, a case cannot move to In treatment');
    expect(stateOf(doc)).toEqual(before);
    expect(caseOf(doc, opened.id).status).toBe('inquiry');
  });

  it('moving a case that does not exist returns not-found', () => {
    const ctx = userContext();
    const result = changeCaseStatus(new Y.Doc(), ctx, 'cas_missing000000000', { to: 'exam' });
    expect(result).toEqual({ ok: false, error: { kind: 'not-found', id: 'cas_missing000000000' } });
  });

  it('a decline needs a reason, and the reason is kept on the case and the event', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    const opened = mustOpen(doc, ctx);
    const before = stateOf(doc);
    const noReason = changeCaseStatus(doc, ctx, opened.id, { to: 'declined', reason: '  ' });
    expect(noReason).toEqual({
      ok: false,
      error: { kind: 'invalid', issues: [{ path: 'reason', message: 'Say why they declined' }] },
    });
    expect(stateOf(doc)).toEqual(before);

    const declined = mustMove(doc, ctx, opened.id, { to: 'declined', reason: 'Going with another practice' });
    expect(declined.declineReason).toBe('Going with another practice');
    expect(eventsOf(doc, opened.id).at(-1)).toMatchObject({
      to: 'declined',
      reason: 'Going with another practice',
    });
  });

  it('observation needs a recall date, which is stored on the case and the event', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    const opened = mustOpen(doc, ctx, { status: 'recommended' });
    const refused = changeCaseStatus(doc, ctx, opened.id, { to: 'observation' });
    expect(!refused.ok && refused.error.kind === 'invalid' && refused.error.issues[0]?.path).toBe(
      'recallDate',
    );

    const observed = mustMove(doc, ctx, opened.id, { to: 'observation', recallDate: '2027-05-01' });
    expect(observed).toMatchObject({ status: 'observation', recallDate: '2027-05-01' });
    expect(eventsOf(doc, opened.id).at(-1)).toMatchObject({ to: 'observation', recallDate: '2027-05-01' });
  });

  it('leaving the exam needs its outcome, which is stored on the case and the event', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    const opened = mustOpen(doc, ctx, { status: 'exam' });
    const before = stateOf(doc);
    const refused = changeCaseStatus(doc, ctx, opened.id, { to: 'recommended' });
    expect(refused).toEqual({
      ok: false,
      error: {
        kind: 'invalid',
        issues: [{ path: 'examOutcome', message: 'Record the outcome of the exam' }],
      },
    });
    expect(stateOf(doc)).toEqual(before);

    const moved = mustMove(doc, ctx, opened.id, { to: 'recommended', examOutcome: 'treatment-recommended' });
    expect(moved.examOutcome).toBe('treatment-recommended');
    expect(eventsOf(doc, opened.id).at(-1)).toMatchObject({
      from: 'exam',
      to: 'recommended',
      examOutcome: 'treatment-recommended',
    });
  });

  it('moving to pending stamps presentedAt the first time only', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    const opened = mustOpen(doc, ctx, { status: 'recommended' });
    mustAddOption(doc, ctx, opened.id);
    const first = mustMove(doc, at(ctx, '2026-11-26T10:00:00.000Z'), opened.id, { to: 'pending' });
    expect(first.presentedAt).toBe('2026-11-26T10:00:00.000Z');
    mustMove(doc, at(ctx, '2026-11-27T10:00:00.000Z'), opened.id, { to: 'recommended' });
    const again = mustMove(doc, at(ctx, '2026-11-28T10:00:00.000Z'), opened.id, { to: 'pending' });
    expect(again).toMatchObject({
      presentedAt: '2026-11-26T10:00:00.000Z',
      statusAt: '2026-11-28T10:00:00.000Z',
    });
  });

  it('accepting an option marks it accepted and the others declined, and records the choice', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    const opened = mustOpen(doc, ctx, { status: 'recommended' });
    const braces = mustAddOption(doc, ctx, opened.id, { name: 'Metal braces' });
    const aligners = mustAddOption(doc, ctx, opened.id, {
      name: 'Clear aligners',
      appliance: 'clear-aligners',
    });
    const ceramic = mustAddOption(doc, ctx, opened.id, {
      name: 'Ceramic braces',
      appliance: 'ceramic-braces',
    });
    mustMove(doc, ctx, opened.id, { to: 'pending' });

    const accepted = mustMove(doc, at(ctx, '2026-11-30T16:00:00.000Z'), opened.id, {
      to: 'accepted',
      optionId: aligners.id,
    });

    expect(accepted).toMatchObject({ acceptedOptionId: aligners.id, acceptedAt: '2026-11-30T16:00:00.000Z' });
    expect(optionOf(doc, aligners.id).status).toBe('accepted');
    expect(optionOf(doc, braces.id).status).toBe('declined');
    expect(optionOf(doc, ceramic.id).status).toBe('declined');
    expect(eventsOf(doc, opened.id).at(-1)).toMatchObject({ to: 'accepted', optionId: aligners.id });
  });

  it('accepting needs one of the case’s own options', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    const opened = mustOpen(doc, ctx, { status: 'recommended' });
    mustAddOption(doc, ctx, opened.id);
    const other = mustOpen(doc, ctx, { type: 'phase-1', status: 'recommended' });
    const foreign = mustAddOption(doc, ctx, other.id);
    const result = changeCaseStatus(doc, ctx, opened.id, { to: 'accepted', optionId: foreign.id });
    expect(!result.ok && result.error.kind === 'invalid' && result.error.issues[0]?.path).toBe('optionId');
    expect(optionOf(doc, foreign.id).status).toBe('open');
  });

  it('moving back to pending reopens every option and forgets the accepted choice', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    const opened = mustOpen(doc, ctx, { status: 'recommended' });
    const braces = mustAddOption(doc, ctx, opened.id, { recommended: true });
    const aligners = mustAddOption(doc, ctx, opened.id, {
      name: 'Clear aligners',
      appliance: 'clear-aligners',
    });
    mustMove(doc, ctx, opened.id, { to: 'accepted', optionId: aligners.id });

    const back = mustMove(doc, ctx, opened.id, { to: 'pending' });

    expect(optionOf(doc, braces.id).status).toBe('open');
    expect(optionOf(doc, aligners.id).status).toBe('open');
    expect(back).not.toHaveProperty('acceptedOptionId');
    expect(back).not.toHaveProperty('acceptedAt');
    // The history still says which option was accepted, and when.
    expect(eventsOf(doc, opened.id).map((e) => [e.to, e.optionId])).toEqual([
      ['recommended', undefined],
      ['accepted', aligners.id],
      ['pending', undefined],
    ]);
  });

  it('APPEND-2: a status move is not undone (its history is kept); moving back is a new event', () => {
    const doc = new Y.Doc();
    const ctx = userContext();
    const opened = mustOpen(doc, ctx, { status: 'recommended' });
    const option = mustAddOption(doc, ctx, opened.id);
    const history = createUndoHistory(doc, CHART_DOC_COLLECTIONS, ctx.origin as never);
    mustMove(doc, ctx, opened.id, { to: 'accepted', optionId: option.id });

    expect(history.canUndo).toBe(false);
    expect(history.undo()).toBe(false);
    expect(caseOf(doc, opened.id).status).toBe('accepted');

    mustMove(doc, ctx, opened.id, { to: 'pending' });
    expect(eventsOf(doc, opened.id).map((e) => e.to)).toEqual(['recommended', 'accepted', 'pending']);
  });

  it('keeps undo for edits that append nothing (an option’s name)', () => {
    const doc = new Y.Doc();
    const ctx = userContext();
    const opened = mustOpen(doc, ctx, { status: 'recommended' });
    const option = mustAddOption(doc, ctx, opened.id);
    const history = createUndoHistory(doc, CHART_DOC_COLLECTIONS, ctx.origin as never);
    const renamed = updateOption(doc, ctx, option.id, { name: 'Renamed' });
    expect(renamed.ok).toBe(true);
    expect(history.undo()).toBe(true);
    expect(optionOf(doc, option.id).name).toBe(option.name);
  });
});

describe('editing a case', () => {
  it('CASE-7: refuses status and statusAt patches: they change only by moving the case', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    const opened = mustOpen(doc, ctx);
    const before = stateOf(doc);
    const patch = { status: 'accepted', statusAt: '2026-12-01T00:00:00.000Z', notes: 'x' } as CasePatch;
    const result = updateCase(doc, ctx, opened.id, patch);
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'invalid',
        issues: [
          { path: 'status', message: 'Changed only by moving the case' },
          { path: 'statusAt', message: 'Changed only by moving the case' },
        ],
      },
    });
    expect(stateOf(doc)).toEqual(before);
  });

  it('CASE-7: edits the editable details', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    const opened = mustOpen(doc, ctx);
    const result = updateCase(doc, ctx, opened.id, { notes: 'Mom prefers texts', blocker: 'cost' });
    expect(result.ok && result.value).toMatchObject({ notes: 'Mom prefers texts', blocker: 'cost' });
  });

  it('CASE-5: refuses to change a case into a second open comprehensive case', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    mustOpen(doc, ctx);
    const phase1 = mustOpen(doc, ctx, { type: 'phase-1' });
    const result = updateCase(doc, ctx, phase1.id, { type: 'comprehensive' });
    expect(!result.ok && result.error.kind === 'invalid' && result.error.issues[0]?.path).toBe('type');
    expect(caseOf(doc, phase1.id).type).toBe('phase-1');
  });
});

describe('CASE-9: treatment options', () => {
  it('only one option of a case is recommended at a time; other cases are left alone', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    const opened = mustOpen(doc, ctx, { status: 'recommended' });
    const other = mustOpen(doc, ctx, { type: 'phase-1', status: 'recommended' });
    const otherRecommended = mustAddOption(doc, ctx, other.id, { recommended: true });
    const braces = mustAddOption(doc, ctx, opened.id, { recommended: true });
    const aligners = mustAddOption(doc, ctx, opened.id, {
      name: 'Clear aligners',
      appliance: 'clear-aligners',
      recommended: true,
    });

    expect(optionOf(doc, braces.id).recommended).toBe(false);
    expect(optionOf(doc, aligners.id).recommended).toBe(true);

    const updated = updateOption(doc, ctx, braces.id, { recommended: true });
    expect(updated.ok).toBe(true);
    expect(optionOf(doc, braces.id).recommended).toBe(true);
    expect(optionOf(doc, aligners.id).recommended).toBe(false);
    expect(optionOf(doc, otherRecommended.id).recommended).toBe(true);
  });

  it('numbers new options after the existing ones', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    const opened = mustOpen(doc, ctx, { status: 'recommended' });
    const first = mustAddOption(doc, ctx, opened.id);
    const second = mustAddOption(doc, ctx, opened.id);
    expect([first.sortOrder, second.sortOrder]).toEqual([0, 1]);
  });

  it('refuses to remove the accepted option but removes the others', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    const opened = mustOpen(doc, ctx, { status: 'recommended' });
    const chosen = mustAddOption(doc, ctx, opened.id);
    const other = mustAddOption(doc, ctx, opened.id, { name: 'Aligners', appliance: 'clear-aligners' });
    mustMove(doc, ctx, opened.id, { to: 'accepted', optionId: chosen.id });

    const refused = removeOption(doc, ctx, chosen.id);
    expect(!refused.ok && refused.error.kind === 'invalid' && refused.error.issues[0]?.path).toBe('status');
    expect(readRecord(doc, OPTIONS, chosen.id).status).toBe('ok');

    expect(removeOption(doc, ctx, other.id)).toEqual({ ok: true, value: true });
    expect(readRecord(doc, OPTIONS, other.id).status).toBe('missing');
  });

  it('refuses status and caseId edits of an option', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    const opened = mustOpen(doc, ctx, { status: 'recommended' });
    const option = mustAddOption(doc, ctx, opened.id);
    const result = updateOption(doc, ctx, option.id, { status: 'accepted' } as never);
    expect(result.ok).toBe(false);
    expect(optionOf(doc, option.id).status).toBe('open');
  });
});

describe('signatures', () => {
  function termsFor(option: TreatmentOption, kind: TermsInput['kind'] = 'consent') {
    return buildTerms({
      kind,
      practiceName: 'Bright Smiles Orthodontics',
      patientName: 'Sofia Garcia',
      caseType: 'comprehensive',
      option,
    });
  }

  function signatureInput(caseId: string, option: TreatmentOption, hash?: string) {
    const terms = termsFor(option);
    return {
      caseId,
      optionId: option.id,
      kind: 'consent' as const,
      terms,
      termsHash: hash ?? termsHash(terms),
      signerName: 'Maria Garcia',
      signerRole: 'parent' as const,
      signaturePath: 'M10 10 L20 20 L30 15',
      signedAt: '2026-11-30T16:05:00.000Z',
      witnessId: ALICE,
    };
  }

  it('SIG-5: refuses a signature whose hash is not the hash of its terms, and writes nothing', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    const opened = mustOpen(doc, ctx, { status: 'recommended' });
    const option = mustAddOption(doc, ctx, opened.id);
    const otherTermsHash = termsHash(termsFor(option, 'financial-agreement'));

    const result = addSignature(doc, ctx, signatureInput(opened.id, option, otherTermsHash));

    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'invalid',
        issues: [{ path: 'termsHash', message: 'The signature does not match these terms' }],
      },
    });
    expect(collectionMap(doc, SIGNATURES).size).toBe(0);
  });

  it('SIG-7: keeps a typed signature with its statement of intent, recorded as typed', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    const opened = mustOpen(doc, ctx, { status: 'recommended' });
    const option = mustAddOption(doc, ctx, opened.id);
    const { signaturePath: _drawn, ...typedInput } = signatureInput(opened.id, option);
    const result = addSignature(doc, ctx, {
      ...typedInput,
      typed: { name: 'Maria Garcia', intent: TYPED_SIGNATURE_INTENT },
    });
    expect(result.ok).toBe(true);
    const [stored] = readChart(doc).signatures;
    expect(stored?.typed).toEqual({ name: 'Maria Garcia', intent: TYPED_SIGNATURE_INTENT });
    expect(stored?.signaturePath).toBeUndefined();
  });

  it('SIG-7: refuses a signature neither drawn nor typed, and one both drawn and typed', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    const opened = mustOpen(doc, ctx, { status: 'recommended' });
    const option = mustAddOption(doc, ctx, opened.id);
    const { signaturePath: _drawn, ...unsigned } = signatureInput(opened.id, option);
    const neither = addSignature(doc, ctx, unsigned);
    const both = addSignature(doc, ctx, {
      ...signatureInput(opened.id, option),
      typed: { name: 'Maria Garcia', intent: TYPED_SIGNATURE_INTENT },
    });
    expect(neither.ok ? null : neither.error).toMatchObject({
      kind: 'invalid',
      issues: [{ path: 'signaturePath', message: 'Draw or type a signature' }],
    });
    expect(both.ok ? null : both.error).toMatchObject({
      kind: 'invalid',
      issues: [{ path: 'typed', message: 'A signature is drawn or typed, not both' }],
    });
    expect(collectionMap(doc, SIGNATURES).size).toBe(0);
  });

  it('SIG-7: a stored signature with no mark at all is shown as needing attention, not as signed', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    const opened = mustOpen(doc, ctx, { status: 'recommended' });
    const option = mustAddOption(doc, ctx, opened.id);
    const kept = addSignature(doc, ctx, signatureInput(opened.id, option));
    if (!kept.ok) throw new Error('not kept');
    // A crafted or broken write strips the drawing from the stored record.
    const stored = collectionMap(doc, SIGNATURES).get(kept.value.id);
    if (stored instanceof Y.Map) stored.delete('signaturePath');
    else {
      const { signaturePath: _gone, ...rest } = stored as Record<string, unknown>;
      collectionMap(doc, SIGNATURES).set(kept.value.id, rest);
    }
    const chart = readChart(doc);
    expect(chart.signatures).toHaveLength(0);
    expect(chart.needsAttention.map((n) => n.id)).toContain(kept.value.id);
  });

  it('SIG-5: keeps a signature whose hash matches its terms', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    const opened = mustOpen(doc, ctx, { status: 'recommended' });
    const option = mustAddOption(doc, ctx, opened.id);
    const result = addSignature(doc, ctx, signatureInput(opened.id, option));
    expect(result.ok).toBe(true);
    const stored = readChart(doc).signatures;
    expect(stored).toHaveLength(1);
    expect(signatureState(stored[0]!, termsFor(optionOf(doc, option.id)))).toEqual({ state: 'valid' });
  });

  it('SIG-5: refuses a signature for a case that does not exist', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    const opened = mustOpen(doc, ctx, { status: 'recommended' });
    const option = mustAddOption(doc, ctx, opened.id);
    const result = addSignature(doc, ctx, signatureInput('cas_missing000000000', option));
    expect(!result.ok && result.error.kind === 'invalid' && result.error.issues[0]?.path).toBe('caseId');
  });

  it('SIG-4: a signature is void once the option’s fee is edited, because the rebuilt terms changed', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    const opened = mustOpen(doc, ctx, { status: 'recommended' });
    const option = mustAddOption(doc, ctx, opened.id);
    const signed = addSignature(doc, ctx, signatureInput(opened.id, option));
    if (!signed.ok) throw new Error(JSON.stringify(signed.error));

    updateOption(doc, ctx, option.id, { feeCents: 600000 });

    const stored = readChart(doc).signatures[0]!;
    expect(signatureState(stored, termsFor(optionOf(doc, option.id)))).toMatchObject({
      state: 'void',
      reason: 'terms-changed',
    });
  });
});

describe('two devices', () => {
  function replicaOf(source: Y.Doc): Y.Doc {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(source), REMOTE);
    return copy;
  }

  it('SYNC-10: a status move on one device and a note edited offline on another both survive the sync', () => {
    const alice = userContext(ALICE);
    const bob = userContext(BOB, 'dev_tablet000000000');
    const a = new Y.Doc();
    const opened = mustOpen(a, alice, { status: 'recommended' });
    const option = mustAddOption(a, alice, opened.id);
    const b = replicaOf(a);

    mustMove(a, alice, opened.id, { to: 'accepted', optionId: option.id });
    const noted = updateCase(b, bob, opened.id, { notes: 'Grandma pays the down payment' });
    expect(noted.ok).toBe(true);
    syncBoth(a, b);

    for (const doc of [a, b]) {
      expect(caseOf(doc, opened.id)).toMatchObject({
        status: 'accepted',
        acceptedOptionId: option.id,
        notes: 'Grandma pays the down payment',
      });
      expect(optionOf(doc, option.id).status).toBe('accepted');
    }
    expect(readChart(a)).toEqual(readChart(b));
  });

  it('CASE-8: two devices moving the same case offline both keep their event in the history', () => {
    const alice = userContext(ALICE);
    const bob = userContext(BOB, 'dev_tablet000000000');
    const a = new Y.Doc();
    const opened = mustOpen(a, alice, { status: 'recommended' });
    mustAddOption(a, alice, opened.id);
    const b = replicaOf(a);

    mustMove(a, at(alice, '2026-11-26T10:00:00.000Z'), opened.id, { to: 'pending' });
    mustMove(b, at(bob, '2026-11-26T10:05:00.000Z'), opened.id, { to: 'declined', reason: 'Cost' });
    syncBoth(a, b);

    for (const doc of [a, b]) {
      const moves = eventsOf(doc, opened.id).map((e) => `${e.from ?? ''}>${e.to}:${e.by}`);
      expect(moves).toEqual([
        `>recommended:${ALICE}`,
        `recommended>pending:${ALICE}`,
        `recommended>declined:${BOB}`,
      ]);
    }
    const status: CaseStatus = caseOf(a, opened.id).status;
    expect(['pending', 'declined']).toContain(status);
    expect(caseOf(b, opened.id)).toEqual(caseOf(a, opened.id));
  });
});

describe('CASE-8: case events', () => {
  it('APPEND-2: are append-only: updating one is refused as append-only', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    const opened = mustOpen(doc, ctx);
    const event = eventsOf(doc, opened.id)[0]!;
    const before = stateOf(doc);
    const result = updateRecord(doc, CASE_EVENTS, ctx, event.id, { reason: 'rewritten' });
    expect(result).toEqual({ ok: false, error: { kind: 'append-only', id: event.id } });
    expect(stateOf(doc)).toEqual(before);
  });

  it('SYNC-12: are stored as one plain value each, not as an editable map', () => {
    const ctx = userContext();
    const doc = new Y.Doc();
    const opened = mustOpen(doc, ctx);
    const event = eventsOf(doc, opened.id)[0]!;
    const stored = collectionMap(doc, CASE_EVENTS).get(event.id);
    expect(stored).not.toBeInstanceOf(Y.AbstractType);
    expect(stored).toMatchObject({ caseId: opened.id, to: 'inquiry' });
  });
});
