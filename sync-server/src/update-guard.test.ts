import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  APPEND_ONLY,
  CASE_EVENTS,
  DEFAULT_FOLLOW_UP_CADENCE,
  FOLLOW_VISIT,
  appendAudit,
  appendRecord,
  createCommands,
  deniedReason,
  mayAdd,
  readChart,
  recordingEnv,
  docPermission,
  localOrigin,
  openCase,
  changeCaseStatus,
  addOption,
  postLedgerEntry,
  updateCase,
  type DocKind,
  type WriteContext,
  type WriteScope,
} from '@aligned/shared';
import { guardUpdate } from './update-guard.ts';
import {
  arrayElementIds,
  craftUpdate,
  keyItemId,
  lowestClientBelow,
} from './test-support/crafted-updates.ts';

const PRACTICE = 'prc_guardtest000001';
const FAMILY = 'fam_guardtest000001';
const PATIENT = 'pat_guardtest000001';
const DEVICE = 'dev_guardtest000001';

function context(): WriteContext {
  let ms = Date.parse('2026-11-25T15:00:00.000Z');
  return {
    origin: localOrigin('stf_guardtester00001', DEVICE),
    now: () => new Date((ms += 1000)).toISOString(),
  };
}

/** The relay's stored copy and a device holding the same state. */
function replicas(seed: (doc: Y.Doc) => void): { relay: Y.Doc; device: Y.Doc } {
  const device = new Y.Doc();
  seed(device);
  const relay = new Y.Doc();
  Y.applyUpdate(relay, Y.encodeStateAsUpdate(device));
  return { relay, device };
}

/** What the device's edit sends to the relay. */
function edit(relay: Y.Doc, device: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const before = Y.encodeStateVector(relay);
  change(device);
  return Y.encodeStateAsUpdate(device, before);
}

function check(relay: Y.Doc, update: Uint8Array, kind: DocKind, scope: WriteScope = 'all') {
  return guardUpdate(relay, Y.decodeUpdate(update), kind, scope);
}

const APPLIANCE = 'metal-braces' as const;
const entry = (n: number) => ({ id: `ent_${String(n).padStart(16, '0')}`, note: `entry ${n}` });

/** Every keyed append-only collection of every kind, seeded with three entries as appendRecord stores them. */
const KEYED = (Object.entries(APPEND_ONLY) as [DocKind, Record<string, string>][]).flatMap(([kind, roots]) =>
  Object.entries(roots)
    .filter(([, layout]) => layout === 'keyed')
    .map(([root]) => ({ kind, root })),
);

/** The rule each keyed log's tests prove. */
const RULE: Record<string, string> = {
  'ledger/entries': 'APPEND-3',
  'chart/caseEvents': 'APPEND-4',
  'chart/signatures': 'APPEND-5',
  'comms/entries': 'APPEND-6',
  'insurance/verifications': 'APPEND-7',
  'insurance/claimEvents': 'APPEND-7',
  'insurance/schedules': 'APPEND-7',
  'contracts/amendments': 'APPEND-8',
  'practice/documentTemplates': 'APPEND-10',
  'patients/merges': 'APPEND-11',
  'chart/labSteps': 'APPEND-12',
};

describe('APPEND-9: keyed logs only grow, for every kind that has one', () => {
  it('covers the logs the spec names', () => {
    expect(Object.keys(RULE).sort()).toEqual(KEYED.map((k) => `${k.kind}/${k.root}`).sort());
    expect(KEYED.map((k) => `${k.kind}/${k.root}`).sort()).toEqual(
      [
        'chart/caseEvents',
        'chart/labSteps',
        'chart/signatures',
        'comms/entries',
        'contracts/amendments',
        'insurance/claimEvents',
        'insurance/schedules',
        'insurance/verifications',
        'ledger/entries',
        'patients/merges',
        'practice/documentTemplates',
      ].sort(),
    );
  });

  for (const { kind, root } of KEYED) {
    const rule = `${RULE[`${kind}/${root}`]}: ${kind}/${root}`;
    const seeded = () =>
      replicas((doc) => {
        for (const n of [1, 2, 3]) doc.getMap(root).set(entry(n).id, entry(n));
      });

    it(`${rule}: accepts a new entry`, () => {
      const { relay, device } = seeded();
      const update = edit(relay, device, (d) => d.getMap(root).set(entry(4).id, entry(4)));
      expect(check(relay, update, kind)).toBeNull();
    });

    it(`${rule}: refuses deleting an entry`, () => {
      const { relay, device } = seeded();
      const update = edit(relay, device, (d) => d.getMap(root).delete(entry(2).id));
      expect(check(relay, update, kind)).toMatchObject({ code: 'append-only', reason: /removed/ });
    });

    it(`${rule}: refuses overwriting an entry's id (a rewrite)`, () => {
      const { relay, device } = seeded();
      const update = edit(relay, device, (d) =>
        d.getMap(root).set(entry(2).id, { ...entry(2), note: 'changed' }),
      );
      expect(check(relay, update, kind)).toMatchObject({ code: 'append-only' });
    });

    it(`${rule}: refuses a crafted item for an existing id with no origin and no deletion`, () => {
      const { relay } = seeded();
      const update = craftUpdate([
        { client: 7, clock: 0, parent: root, parentSub: entry(2).id, value: { ...entry(2), note: 'forged' } },
      ]);
      expect(check(relay, update, kind)).toMatchObject({ code: 'append-only', reason: /rewritten/ });
    });

    it(`${rule}: refuses an item inserted in the middle, between two entries`, () => {
      const { relay } = seeded();
      const update = craftUpdate([
        {
          client: 7,
          clock: 0,
          origin: keyItemId(relay, root, entry(1).id),
          rightOrigin: keyItemId(relay, root, entry(3).id),
          value: { forged: true },
        },
      ]);
      expect(check(relay, update, kind)).toMatchObject({ code: 'append-only' });
    });

    it(`${rule}: refuses an item inserted at the front, before an entry`, () => {
      const { relay } = seeded();
      const update = craftUpdate([
        { client: 7, clock: 0, rightOrigin: keyItemId(relay, root, entry(1).id), value: { forged: true } },
      ]);
      expect(check(relay, update, kind)).toMatchObject({ code: 'append-only' });
    });

    it(`${rule}: refuses an item in the root's list, which is no entry`, () => {
      const { relay } = seeded();
      const update = craftUpdate([{ client: 7, clock: 0, parent: root, value: { forged: true } }]);
      expect(check(relay, update, kind)).toMatchObject({ code: 'append-only' });
    });
  }

  it('APPEND-5: refuses changing a field of an entry stored as a Y.Map by an older version', () => {
    const { relay, device } = replicas((doc) => {
      const signature = new Y.Map<unknown>();
      signature.set('signedAt', '2026-11-25T15:00:00.000Z');
      signature.set('printedName', 'Maria Garcia');
      doc.getMap('signatures').set('sig_0000000000000001', signature);
    });
    const map = () => device.getMap('signatures').get('sig_0000000000000001') as Y.Map<unknown>;
    expect(
      check(
        relay,
        edit(relay, device, () => map().set('printedName', 'Someone else')),
        'chart',
      ),
    ).toMatchObject({ code: 'append-only', reason: /changed/ });
    const { relay: again, device: other } = replicas((doc) => {
      const signature = new Y.Map<unknown>();
      signature.set('printedName', 'Maria Garcia');
      doc.getMap('signatures').set('sig_0000000000000001', signature);
    });
    const removeField = edit(again, other, (d) =>
      (d.getMap('signatures').get('sig_0000000000000001') as Y.Map<unknown>).delete('printedName'),
    );
    expect(check(again, removeField, 'chart')).toMatchObject({ code: 'append-only', reason: /removed/ });
  });

  it('accepts a new entry stored as a Y.Map with its fields, and edits elsewhere in the document', () => {
    const { relay, device } = replicas((doc) => {
      doc.getMap('caseEvents').set(entry(1).id, entry(1));
      doc.getMap('cases').set('cas_0000000000000001', new Y.Map());
    });
    const update = edit(relay, device, (d) => {
      const signature = new Y.Map<unknown>();
      signature.set('printedName', 'Maria Garcia');
      d.getMap('signatures').set('sig_0000000000000002', signature);
      (d.getMap('cases').get('cas_0000000000000001') as Y.Map<unknown>).set('status', 'declined');
      d.getMap('cases').delete('cas_0000000000000001');
      d.getMap('meta').set('schemaVersion', 1);
    });
    expect(check(relay, update, 'chart')).toBeNull();
  });

  it('APPEND-3: refuses deleting a posted payment and rewriting a charge made by the real commands', () => {
    const ctx = context();
    let paymentId = '';
    let chargeId = '';
    const { relay, device } = replicas((doc) => {
      const charge = postLedgerEntry(doc, ctx, {
        familyId: FAMILY,
        kind: 'charge',
        payer: 'patient',
        chargeKind: 'other',
        amountCents: 50_000,
        postedOn: '2026-11-25',
      });
      const payment = postLedgerEntry(doc, ctx, {
        familyId: FAMILY,
        kind: 'payment',
        payer: 'patient',
        method: 'cash',
        amountCents: 50_000,
        postedOn: '2026-11-25',
      });
      if (!charge.ok || !payment.ok) throw new Error('seed failed');
      chargeId = charge.value.id;
      paymentId = payment.value.id;
    });
    const deleted = edit(relay, device, (d) => d.getMap('entries').delete(paymentId));
    expect(check(relay, deleted, 'ledger')).toMatchObject({ code: 'append-only' });
    const rewritten = edit(relay, device, (d) => {
      const charge = d.getMap('entries').get(chargeId) as Record<string, unknown>;
      d.getMap('entries').set(chargeId, { ...charge, amountCents: 5_000_000 });
    });
    expect(check(relay, rewritten, 'ledger')).toMatchObject({ code: 'append-only' });
  });

  it('accepts a device sending again what the relay already has (a repeated sync step 2)', () => {
    const { relay, device } = replicas((doc) => {
      for (const n of [1, 2, 3]) doc.getMap('entries').set(entry(n).id, entry(n));
    });
    expect(check(relay, Y.encodeStateAsUpdate(device), 'ledger')).toBeNull();
  });
});

describe('APPEND-1: the audit trail only grows at its end', () => {
  const ctx = context();
  const view = (n: number) => ({
    action: 'view' as const,
    entity: 'patient' as const,
    entityId: `pat_${String(n).padStart(16, '0')}`,
    at: '2026-11-25T10:00:00.000Z',
  });
  const trail = (n: number) =>
    replicas((doc) => {
      for (let i = 0; i < n; i += 1) appendAudit(doc, ctx.origin as never, view(i));
    });
  const own: WriteScope = { add: { entries: { fields: {} } } };

  it('accepts entries added at the end, one or several, with a whole or a partial scope', () => {
    const { relay, device } = trail(3);
    const update = edit(relay, device, (d) => {
      appendAudit(d, ctx.origin as never, view(10));
      appendAudit(d, ctx.origin as never, view(11));
    });
    expect(check(relay, update, 'audit')).toBeNull();
    expect(check(relay, update, 'audit', own)).toBeNull();
    expect(check(new Y.Doc(), Y.encodeStateAsUpdate(device), 'audit', own)).toBeNull();
  });

  it('accepts an entry from a second tab exactly when Yjs places it after one stored meanwhile', () => {
    const outcomes = new Set<boolean>();
    for (let round = 0; round < 12; round += 1) {
      const { relay, device } = trail(2);
      const tab = new Y.Doc();
      Y.applyUpdate(tab, Y.encodeStateAsUpdate(device));
      const fromTab = edit(relay, tab, (d) => appendAudit(d, ctx.origin as never, view(20)));
      Y.applyUpdate(
        relay,
        edit(relay, device, (d) => appendAudit(d, ctx.origin as never, view(21))),
      );
      const verdict = check(relay, fromTab, 'audit');
      // What Yjs does with it: concurrent inserts after one entry are ordered by client id.
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(relay));
      Y.applyUpdate(copy, fromTab);
      const last = copy.getArray('entries').toArray().at(-1) as { entityId: string };
      const landsLast = last.entityId === view(20).entityId;
      expect(verdict === null, `tab ${tab.clientID} device ${device.clientID}`).toBe(landsLast);
      outcomes.add(landsLast);
    }
    // Both cases happen over random client ids (1 in 2048 runs would see only one).
    expect(outcomes.size).toBe(2);
  });

  it('refuses cutting the newest entries off, and removing one in the middle', () => {
    const { relay, device } = trail(5);
    expect(
      check(
        relay,
        edit(relay, device, (d) => d.getArray('entries').delete(3, 2)),
        'audit',
      ),
    ).toMatchObject({
      code: 'append-only',
      reason: /removed/,
    });
    const again = trail(5);
    expect(
      check(
        again.relay,
        edit(again.relay, again.device, (d) => d.getArray('entries').delete(2, 1)),
        'audit',
        own,
      ),
    ).toMatchObject({ code: 'not-permitted' });
  });

  it('refuses an entry inserted in the middle, by a Yjs insert and by a crafted origin alone', () => {
    const { relay, device } = trail(4);
    expect(
      check(
        relay,
        edit(relay, device, (d) => d.getArray('entries').insert(2, [{ forged: true }])),
        'audit',
      ),
    ).toMatchObject({ code: 'append-only', reason: /at the end/ });
    // No right neighbour named: only Yjs's tie-break by client id puts it before the next entry.
    const ids = arrayElementIds(relay, 'entries');
    const crafted = craftUpdate([
      { client: lowestClientBelow(relay), clock: 0, origin: ids[1]!, value: { forged: true } },
    ]);
    expect(check(relay, crafted, 'audit')).toMatchObject({ code: 'append-only', reason: /at the end/ });
    expect(check(relay, crafted, 'audit', own)).toMatchObject({ code: 'append-only' });
  });

  it('refuses an entry inserted at the front, with or without naming the first entry', () => {
    const { relay, device } = trail(3);
    expect(
      check(
        relay,
        edit(relay, device, (d) => d.getArray('entries').insert(0, [{ forged: true }])),
        'audit',
      ),
    ).toMatchObject({ code: 'append-only' });
    const crafted = craftUpdate([
      { client: lowestClientBelow(relay), clock: 0, parent: 'entries', value: { forged: true } },
    ]);
    expect(check(relay, crafted, 'audit')).toMatchObject({ code: 'append-only', reason: /at the end/ });
  });

  it('refuses rewriting an entry in place (a delete and an insert at its position)', () => {
    const { relay, device } = trail(3);
    const update = edit(relay, device, (d) => {
      d.getArray('entries').delete(1, 1);
      d.getArray('entries').insert(1, [{ forged: true }]);
    });
    expect(check(relay, update, 'audit')).toMatchObject({ code: 'append-only' });
  });
});

describe('PERM-6: front desk adds inquiries and counter payments, nothing else', () => {
  const desk = (kind: 'chart' | 'ledger') =>
    docPermission({ role: 'front-desk', locationIds: [] }, { practiceId: PRACTICE, kind, key: FAMILY }).write;

  const chart = () =>
    replicas((doc) => {
      const ctx = context();
      const opened = openCase(doc, ctx, { patientId: PATIENT, type: 'comprehensive', status: 'recommended' });
      if (!opened.ok) throw new Error('seed failed');
      doc.getMap('seed').set('caseId', opened.value.id);
    });
  const caseIdOf = (doc: Y.Doc) => doc.getMap('seed').get('caseId') as string;

  it('accepts a new inquiry: the case at status inquiry and its first event', () => {
    const { relay, device } = chart();
    const update = edit(relay, device, (d) => {
      const opened = openCase(d, context(), { patientId: PATIENT, type: 'phase-1' });
      expect(opened.ok).toBe(true);
    });
    expect(check(relay, update, 'chart', desk('chart'))).toBeNull();
  });

  it('accepts the first inquiry on a chart nobody has written yet (schema stamp included)', () => {
    const relay = new Y.Doc();
    const device = new Y.Doc();
    const update = edit(relay, device, (d) =>
      openCase(d, context(), { patientId: PATIENT, type: 'comprehensive' }),
    );
    expect(check(relay, update, 'chart', desk('chart'))).toBeNull();
  });

  it('refuses a case opened at any other status, a status move, a case edit and a treatment option', () => {
    const attempts: [string, (d: Y.Doc) => void][] = [
      [
        'open at exam',
        (d) => openCase(d, context(), { patientId: PATIENT, type: 'phase-1', status: 'exam' }),
      ],
      ['move', (d) => changeCaseStatus(d, context(), caseIdOf(d), { to: 'declined', reason: 'cost' })],
      ['edit', (d) => updateCase(d, context(), caseIdOf(d), { notes: 'changed' })],
      [
        'option',
        (d) =>
          addOption(d, context(), {
            caseId: caseIdOf(d),
            name: 'Braces',
            appliance: APPLIANCE,
            months: 24,
            feeCents: 600_000,
            recommended: true,
          }),
      ],
    ];
    for (const [what, change] of attempts) {
      const { relay, device } = chart();
      const update = edit(relay, device, change);
      expect(Y.encodeStateVector(device), `${what} changed something`).not.toEqual(
        Y.encodeStateVector(relay),
      );
      expect(check(relay, update, 'chart', desk('chart')), what).toMatchObject({ code: 'not-permitted' });
    }
  });

  it('refuses a crafted case record whose status is set twice in one update', () => {
    const { relay, device } = chart();
    const update = edit(relay, device, (d) => {
      d.transact(() => {
        const record = new Y.Map<unknown>();
        d.getMap('cases').set('cas_0000000000000009', record);
        record.set('status', 'inquiry');
        record.set('status', 'started');
      });
    });
    expect(check(relay, update, 'chart', desk('chart'))).toMatchObject({ code: 'not-permitted' });
  });

  const ledgerWith = () =>
    replicas((doc) => {
      const charge = postLedgerEntry(doc, context(), {
        familyId: FAMILY,
        kind: 'charge',
        payer: 'patient',
        chargeKind: 'other',
        amountCents: 10_000,
        postedOn: '2026-11-25',
      });
      if (!charge.ok) throw new Error('seed failed');
      doc.getMap('seed').set('chargeId', charge.value.id);
    });

  it('accepts a cash, check or card payment from the patient', () => {
    for (const method of ['cash', 'check', 'card'] as const) {
      const { relay, device } = ledgerWith();
      const update = edit(relay, device, (d) =>
        postLedgerEntry(d, context(), {
          familyId: FAMILY,
          kind: 'payment',
          payer: 'patient',
          method,
          amountCents: 2_500,
          postedOn: '2026-11-25',
          ...(method === 'cash' ? {} : { reference: '4242' }),
        }),
      );
      expect(check(relay, update, 'ledger', desk('ledger')), method).toBeNull();
    }
  });

  it('refuses a reversal, an adjustment, a charge and an insurance payment', () => {
    const inputs = [
      { kind: 'reversal', reason: 'oops' },
      { kind: 'adjustment', adjustmentKind: 'courtesy', reason: 'nice' },
      { kind: 'charge', chargeKind: 'other' },
      { kind: 'payment', method: 'check', payer: 'insurance', reference: '1001' },
    ] as const;
    for (const input of inputs) {
      const { relay, device } = ledgerWith();
      const update = edit(relay, device, (d) => {
        const posted = postLedgerEntry(d, context(), {
          familyId: FAMILY,
          payer: 'patient',
          amountCents: 10_000,
          postedOn: '2026-11-25',
          ...input,
          ...(input.kind === 'reversal' ? { reversesId: d.getMap('seed').get('chargeId') as string } : {}),
        } as never);
        expect(posted.ok, JSON.stringify(posted)).toBe(true);
      });
      expect(check(relay, update, 'ledger', desk('ledger')), input.kind).toMatchObject({
        code: 'not-permitted',
      });
    }
  });

  it('refuses new roots named like Object’s own properties (no grant found on the prototype)', () => {
    for (const root of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const { relay } = ledgerWith();
      const update = craftUpdate([
        { client: 9, clock: 0, parent: root, parentSub: 'x', value: { kind: 'payment' } },
      ]);
      expect(check(relay, update, 'ledger', desk('ledger')), root).toMatchObject({
        code: 'not-permitted',
        reason: 'this role may not write there',
      });
    }
  });

  it('refuses any write to a collection it has no grant for, and any removal', () => {
    const { relay, device } = ledgerWith();
    expect(
      check(
        relay,
        edit(relay, device, (d) => d.getMap('notes').set('x', 'y')),
        'ledger',
        desk('ledger'),
      ),
    ).toMatchObject({ code: 'not-permitted' });
    const again = ledgerWith();
    const schema = edit(again.relay, again.device, (d) => d.getMap('meta').set('schemaVersion', 99));
    expect(check(again.relay, schema, 'ledger', desk('ledger'))).toMatchObject({ code: 'not-permitted' });
  });
});

describe('PERM-10: front desk’s case events: the opening of an inquiry it opens, visit notes on its cases', () => {
  const desk = () =>
    docPermission(
      { role: 'front-desk', locationIds: [] },
      { practiceId: PRACTICE, kind: 'chart', key: PATIENT },
    ).write;
  const RULED = 'caseEvents: this role may not add this entry';
  const VISIT = {
    appointmentId: 'apt_guardtest000001',
    stage: 'adjustment',
    what: 'arrived',
    start: '2026-11-25T15:00:00.000Z',
  } as const;

  /** A chart whose case the coordinator moved through to treatment (started). */
  const startedChart = () =>
    replicas((doc) => {
      const ctx = context();
      const must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
        if (!r.ok) throw new Error(JSON.stringify(r.error));
        return r.value;
      };
      const theCase = must(openCase(doc, ctx, { patientId: PATIENT, type: 'comprehensive' }));
      const option = must(
        addOption(doc, ctx, {
          caseId: theCase.id,
          name: 'Braces',
          appliance: APPLIANCE,
          months: 24,
          feeCents: 600_000,
          recommended: true,
        }),
      );
      for (const change of [
        { to: 'exam' as const },
        { to: 'recommended' as const, examOutcome: 'treatment-recommended' as const },
        { to: 'accepted' as const, optionId: option.id },
        { to: 'started' as const, startDate: '2026-11-20' },
      ])
        must(changeCaseStatus(doc, ctx, theCase.id, change));
      doc.getMap('seed').set('caseId', theCase.id);
    });
  const caseIdOf = (doc: Y.Doc) => doc.getMap('seed').get('caseId') as string;
  const event = (d: Y.Doc, fields: Record<string, unknown>) =>
    appendRecord(d, CASE_EVENTS, context(), {
      caseId: caseIdOf(d),
      at: '2026-11-25T15:00:00.000Z',
      by: 'stf_guardtester00001',
      ...fields,
    } as never);

  it('refuses a to-inquiry status move planted in the history of a case in treatment', () => {
    for (const fields of [{ to: 'inquiry' }, { from: 'started', to: 'inquiry' }]) {
      const { relay, device } = startedChart();
      const update = edit(relay, device, (d) => expect(event(d, fields).ok).toBe(true));
      expect(check(relay, update, 'chart', desk()), JSON.stringify(fields)).toMatchObject({
        code: 'not-permitted',
        reason: RULED,
      });
    }
  });

  it('accepts a visit note written on a copy a move behind the case (its to is not a status)', () => {
    const { relay, device } = startedChart();
    const update = edit(relay, device, (d) =>
      expect(event(d, { to: 'accepted', visit: VISIT }).ok).toBe(true),
    );
    expect(check(relay, update, 'chart', desk())).toBeNull();
  });

  it('refuses a visit note that names a from, as a status move in disguise', () => {
    for (const fields of [{ from: 'started', to: 'started', visit: VISIT }]) {
      const { relay, device } = startedChart();
      const update = edit(relay, device, (d) => expect(event(d, fields).ok).toBe(true));
      expect(check(relay, update, 'chart', desk()), JSON.stringify(fields)).toMatchObject({
        code: 'not-permitted',
        reason: RULED,
      });
    }
  });

  it('refuses an event naming a case the chart does not have, a visit note or an opening', () => {
    for (const fields of [
      { caseId: 'cas_nosuchcase000001', to: 'started', visit: VISIT },
      { caseId: 'cas_nosuchcase000001', to: 'inquiry' },
    ]) {
      const { relay, device } = startedChart();
      const update = edit(relay, device, (d) => expect(event(d, fields).ok).toBe(true));
      expect(check(relay, update, 'chart', desk()), JSON.stringify(fields)).toMatchObject({
        code: 'not-permitted',
        reason: RULED,
      });
    }
  });

  it('accepts a visit note at started on a case in treatment (an adjustment checked in)', () => {
    const { relay, device } = startedChart();
    const update = edit(relay, device, (d) =>
      expect(event(d, { to: 'started', visit: VISIT }).ok).toBe(true),
    );
    expect(check(relay, update, 'chart', desk())).toBeNull();
  });

  it('refuses an opening event for an inquiry already stored, and a second opening in the update that creates it', () => {
    const stored = chartWithInquiry();
    const late = edit(stored.relay, stored.device, (d) => expect(event(d, { to: 'inquiry' }).ok).toBe(true));
    expect(check(stored.relay, late, 'chart', desk())).toMatchObject({
      code: 'not-permitted',
      reason: RULED,
    });

    const { relay, device } = startedChart();
    const twice = edit(relay, device, (d) =>
      d.transact(() => {
        const opened = openCase(d, context(), { patientId: PATIENT, type: 'phase-1' });
        if (!opened.ok) throw new Error('open failed');
        expect(event(d, { caseId: opened.value.id, to: 'inquiry' }).ok).toBe(true);
      }),
    );
    expect(check(relay, twice, 'chart', desk())).toMatchObject({ code: 'not-permitted', reason: RULED });
  });

  it('accepts an inquiry opened and its consult noted in one update (offline)', () => {
    for (const [to, accepted] of [
      ['inquiry', true],
      // A note's `to` is what the device saw, not a status: not judged.
      ['exam', true],
    ] as const) {
      const { relay, device } = startedChart();
      const update = edit(relay, device, (d) => {
        const opened = openCase(d, context(), { patientId: PATIENT, type: 'phase-1' });
        if (!opened.ok) throw new Error('open failed');
        expect(event(d, { caseId: opened.value.id, to, visit: { ...VISIT, stage: 'consult' } }).ok).toBe(
          true,
        );
      });
      const verdict = check(relay, update, 'chart', desk());
      if (accepted) expect(verdict, to).toBeNull();
      else expect(verdict, to).toMatchObject({ code: 'not-permitted', reason: RULED });
    }
  });

  it('refuses a case event written as a map of fields rather than one plain value', () => {
    const { relay, device } = startedChart();
    const update = edit(relay, device, (d) => {
      const record = new Y.Map<unknown>();
      d.getMap('caseEvents').set('cev_guardtest000001', record);
      record.set('caseId', caseIdOf(d));
      record.set('to', 'started');
      record.set('visit', VISIT);
    });
    expect(check(relay, update, 'chart', desk())).toMatchObject({ code: 'not-permitted' });
  });

  it('accepts what the app’s front-desk check-in writes (the shared mirror and the relay agree)', () => {
    const { relay, device } = startedChart();
    const caseId = caseIdOf(device);
    const env = recordingEnv(
      () => context(),
      (kind) => deniedReason('front-desk', kind, 'write'),
    );
    const update = edit(relay, device, (d) => {
      const result = createCommands({
        ...env,
        mayAdd: (kind, collection, entry, related) => mayAdd('front-desk', kind, collection, entry, related),
      }).workflow(
        FOLLOW_VISIT,
        { chart: d, comms: new Y.Doc() },
        {
          visit: {
            id: VISIT.appointmentId,
            patientId: PATIENT,
            locationId: 'loc_guardtest000001',
            caseId,
            stage: 'adjustment',
            start: VISIT.start,
            status: 'arrived',
            createdAt: '2026-11-25T14:00:00.000Z',
          },
          what: 'arrived',
          visits: [],
          visitOn: '2026-11-25',
        },
        { cadence: DEFAULT_FOLLOW_UP_CADENCE, today: '2026-11-25' },
      );
      expect(result.ok).toBe(true);
    });
    expect(readChart(device).events.filter((e) => e.visit)).toMatchObject([{ to: 'started' }]);
    expect(check(relay, update, 'chart', desk())).toBeNull();
  });

  it('leaves a whole-chart writer free to add any event', () => {
    const { relay, device } = startedChart();
    const update = edit(relay, device, (d) => expect(event(d, { to: 'inquiry' }).ok).toBe(true));
    expect(check(relay, update, 'chart', 'all')).toBeNull();
  });

  /** A chart holding an inquiry the front desk opened earlier (stored). */
  function chartWithInquiry() {
    return replicas((doc) => {
      const opened = openCase(doc, context(), { patientId: PATIENT, type: 'comprehensive' });
      if (!opened.ok) throw new Error('seed failed');
      doc.getMap('seed').set('caseId', opened.value.id);
    });
  }
});
