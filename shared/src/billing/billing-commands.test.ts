/**
 * The money writes as the app runs them: the workflows through the command table, with the
 * permission check, the audit trail and the undo scope applied once by the executor.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createCommands, recordingEnv } from '../documents/commands.ts';
import { createUndoHistory } from '../documents/undo.ts';
import { deniedReason } from '../identity/permissions.ts';
import { userContext } from '../test-support/fixtures.ts';
import { LEDGER_COMMANDS } from './billing-commands.ts';
import { LEDGER_ENTRIES, readLedger } from './ledger-doc.ts';
import { emptyLedgerForm } from './ledger-form.ts';

const FAMILY = 'fam_0000000000000001';
const TODAY = '2026-03-02';

function setUp(denied?: Parameters<typeof recordingEnv>[1]) {
  const ctx = userContext();
  const env = recordingEnv(() => ctx, denied);
  return { ctx, env, commands: createCommands(env) };
}

describe('the ledger commands', () => {
  it('LEDGER-102: a payment from the form is posted once, audited by id, and undo cannot take it back', () => {
    const { ctx, env, commands } = setUp();
    const doc = new Y.Doc();
    if (ctx.origin.kind !== 'local') throw new Error('local origin');
    const history = createUndoHistory(doc, [LEDGER_ENTRIES], ctx.origin);

    const paid = commands.run(
      LEDGER_COMMANDS.postForm,
      doc,
      { ...emptyLedgerForm(TODAY), amount: '125.50', reference: '4242' },
      { familyId: FAMILY },
    );
    if (!paid.ok) throw new Error('posted');

    expect(paid.value).toMatchObject({ kind: 'payment', amountCents: 12_550 });
    expect(env.notes).toEqual([{ action: 'create', entity: 'ledger-entry', entityId: paid.value.id }]);
    expect(history.undo()).toBe(false);
    expect(readLedger(doc).entries.map((e) => e.id)).toEqual([paid.value.id]);
  });

  it('LEDGER-102: a bad form posts nothing, records nothing and names the field', () => {
    const { env, commands } = setUp();
    const doc = new Y.Doc();
    const bad = commands.run(
      LEDGER_COMMANDS.postForm,
      doc,
      { ...emptyLedgerForm(TODAY), amount: '0' },
      { familyId: FAMILY },
    );
    expect(bad).toEqual({
      ok: false,
      error: { kind: 'invalid', issues: [{ path: 'amount', message: 'More than $0.00' }] },
    });
    expect(readLedger(doc).entries).toEqual([]);
    expect(env.notes).toEqual([]);
  });

  it('PERM-1: a role that only reads the ledger cannot post or reverse, and is told why', () => {
    const { env, commands } = setUp((kind) => deniedReason('read-only', kind, 'write'));
    const doc = new Y.Doc();
    const paid = commands.run(
      LEDGER_COMMANDS.postForm,
      doc,
      { ...emptyLedgerForm(TODAY), amount: '10' },
      { familyId: FAMILY },
    );
    expect(paid).toMatchObject({ ok: false, error: { kind: 'denied' } });
    const reversed = commands.run(LEDGER_COMMANDS.reverse, doc, {
      entryId: 'led_00000000000000001',
      reason: 'Wrong family',
      today: TODAY,
    });
    expect(reversed).toMatchObject({ ok: false, error: { kind: 'denied' } });
    expect(readLedger(doc).entries).toEqual([]);
    expect(env.notes).toEqual([]);
  });

  it('LEDGER-101: a reversal is a new audited entry; the same entry cannot be reversed twice', () => {
    const { env, commands } = setUp();
    const doc = new Y.Doc();
    const paid = commands.run(
      LEDGER_COMMANDS.postForm,
      doc,
      { ...emptyLedgerForm(TODAY), amount: '40' },
      { familyId: FAMILY },
    );
    if (!paid.ok) throw new Error('posted');
    const reverse = () =>
      commands.run(LEDGER_COMMANDS.reverse, doc, {
        entryId: paid.value.id,
        reason: 'Wrong family',
        today: TODAY,
      });
    const reversal = reverse();
    if (!reversal.ok) throw new Error('reversed');

    expect(reverse()).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    expect(env.notes.map((n) => n.entityId)).toEqual([paid.value.id, reversal.value.id]);
    expect(readLedger(doc).entries).toHaveLength(2);
  });
});
