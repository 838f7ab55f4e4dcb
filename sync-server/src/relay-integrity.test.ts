/**
 * Integrity at the relay, attacked the way issue reports did: a client of our own making speaks the
 * sync protocol with real tickets from the sign-in API, one per role, and tries to erase or rewrite
 * money and clinical history, to write outside its role's collections, to claim another device's
 * audit trail, to hijack presence, and to keep writing after a demotion. Every refusal leaves the
 * stored document byte for byte as it was and lands in the security log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import {
  addOption,
  appendAudit,
  appendRecord,
  auditDocName,
  CASE_EVENTS,
  changeCaseStatus,
  chartDocName,
  commsDocName,
  contractsDocName,
  insuranceDocName,
  ledgerDocName,
  localOrigin,
  openCase,
  placeLabOrder,
  postLedgerEntry,
  recordLabStep,
  type DocKind,
  type WriteContext,
} from '@aligned/shared';
import { CLOSE, FRAME, MESSAGE, REFUSAL, encodeFrame, type SignedIn } from '@aligned/shared/protocol';
import {
  craftUpdate,
  keyItemId,
  arrayElementIds,
  lowestClientBelow,
} from './test-support/crafted-updates.ts';
import {
  craftedClient,
  startAccountsRelay,
  type AccountsRelay,
  type CraftedClient,
} from './test-support/accounts-relay.ts';
import { within } from './test-support/relay-harness.ts';

const PATIENT = 'pat_integrity0000001';
const FAMILY = 'fam_integrity0000001';

let r: AccountsRelay;
let people: Record<'owner' | 'coordinator' | 'billing' | 'doctor' | 'desk' | 'assistant', SignedIn>;
const clients: CraftedClient[] = [];

beforeAll(async () => {
  r = await startAccountsRelay();
  people = {
    owner: r.owner,
    coordinator: await r.staff('treatment-coordinator', 'tc@example.com'),
    billing: await r.staff('billing', 'bill@example.com'),
    doctor: await r.staff('doctor', 'doc@example.com'),
    desk: await r.staff('front-desk', 'desk@example.com'),
    assistant: await r.staff('assistant', 'asst@example.com'),
  };
});

afterAll(async () => {
  for (const c of clients) c.ws.close();
  await r.stop();
});

function context(): WriteContext {
  let ms = Date.parse('2026-11-25T15:00:00.000Z');
  return {
    origin: localOrigin(r.owner.user.id, 'dev_ownerdevice00001'),
    now: () => new Date((ms += 1000)).toISOString(),
  };
}

async function connect(who: SignedIn): Promise<CraftedClient> {
  const client = craftedClient(r.base, who.token);
  clients.push(client);
  await client.opened;
  return client;
}

/** Stores a document as if written earlier, and returns a device copy of it plus its ids. */
async function stored(name: string, build: (doc: Y.Doc) => void): Promise<Y.Doc> {
  const doc = new Y.Doc();
  build(doc);
  await r.storage.append(name, Y.encodeStateAsUpdate(doc));
  return doc;
}

async function storedBytes(name: string): Promise<Uint8Array | null> {
  return (await r.storage.load(name))?.update ?? null;
}

/** The update a device's edit of its copy sends. */
function edit(copy: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const before = Y.encodeStateVector(copy);
  const device = new Y.Doc();
  Y.applyUpdate(device, Y.encodeStateAsUpdate(copy));
  change(device);
  return Y.encodeStateAsUpdate(device, before);
}

/** Sends one update as `who` and returns the refusal (or undefined), after the relay handled it. */
async function attempt(who: SignedIn, doc: string, update: Uint8Array) {
  const client = await connect(who);
  client.update(doc, update);
  await client.handled(doc, 1);
  const refusal = client.refusals(doc)[0];
  client.ws.close();
  return refusal;
}

async function securityLog(): Promise<{ kind: string; accountId: string | null; detail: string | null }[]> {
  const answer = await r.api('/api/security-events', undefined, r.owner.token);
  return answer.json as unknown as { kind: string; accountId: string | null; detail: string | null }[];
}

describe('APPEND: history cannot be erased or rewritten, whoever sends it', () => {
  let ledger: string;
  let ledgerCopy: Y.Doc;
  let paymentId: string;
  let chargeId: string;

  beforeAll(async () => {
    ledger = ledgerDocName(r.owner.practiceId, FAMILY);
    ledgerCopy = await stored(ledger, (doc) => {
      const ctx = context();
      const charge = postLedgerEntry(doc, ctx, {
        familyId: FAMILY,
        kind: 'charge',
        payer: 'patient',
        chargeKind: 'initial-fee',
        amountCents: 120_000,
        postedOn: '2026-11-25',
      });
      const payment = postLedgerEntry(doc, ctx, {
        familyId: FAMILY,
        kind: 'payment',
        payer: 'patient',
        method: 'card',
        reference: '4242',
        amountCents: 50_000,
        postedOn: '2026-11-25',
      });
      if (!charge.ok || !payment.ok) throw new Error('seed failed');
      chargeId = charge.value.id;
      paymentId = payment.value.id;
    });
  });

  it('APPEND-3: billing can neither delete a posted $500 payment nor rewrite a charge to $50,000', async () => {
    const before = await storedBytes(ledger);
    const deleted = await attempt(
      people.billing,
      ledger,
      edit(ledgerCopy, (d) => d.getMap('entries').delete(paymentId)),
    );
    expect(deleted).toMatchObject({ code: REFUSAL.APPEND_ONLY });
    const rewritten = await attempt(
      people.billing,
      ledger,
      edit(ledgerCopy, (d) => {
        const charge = d.getMap('entries').get(chargeId) as Record<string, unknown>;
        d.getMap('entries').set(chargeId, { ...charge, amountCents: 5_000_000 });
      }),
    );
    expect(rewritten).toMatchObject({ code: REFUSAL.APPEND_ONLY });
    expect(await storedBytes(ledger)).toEqual(before);
    const log = await securityLog();
    expect(
      log.some(
        (e) =>
          e.kind === 'permission-refused' &&
          e.accountId === people.billing.user.id &&
          /^ledger: .*removed/.test(e.detail ?? ''),
      ),
    ).toBe(true);
  });

  it('APPEND-3: neither a coordinator nor the owner can delete a ledger charge', async () => {
    const before = await storedBytes(ledger);
    for (const who of [people.coordinator, people.owner]) {
      const refusal = await attempt(
        who,
        ledger,
        edit(ledgerCopy, (d) => d.getMap('entries').delete(chargeId)),
      );
      expect(refusal, who.user.role).toMatchObject({ code: REFUSAL.APPEND_ONLY });
    }
    expect(await storedBytes(ledger)).toEqual(before);
  });

  it('APPEND-3: a crafted entry with the charge’s id and no origin (no deletion in it) is refused too', async () => {
    const before = await storedBytes(ledger);
    const crafted = craftUpdate([
      {
        client: 99,
        clock: 0,
        parent: 'entries',
        parentSub: chargeId,
        value: { id: chargeId, amountCents: 1 },
      },
    ]);
    expect(await attempt(people.owner, ledger, crafted)).toMatchObject({ code: REFUSAL.APPEND_ONLY });
    expect(await storedBytes(ledger)).toEqual(before);
  });

  it('APPEND-3: a new payment is still stored and reaches the others', async () => {
    const watcher = await connect(people.coordinator);
    watcher.read(ledger);
    await within(
      3000,
      () => watcher.frames.some((f) => f.type === FRAME.DOC && f.doc === ledger),
      'watching',
    );
    const update = edit(ledgerCopy, (d) =>
      postLedgerEntry(d, context(), {
        familyId: FAMILY,
        kind: 'payment',
        payer: 'patient',
        method: 'cash',
        amountCents: 2_000,
        postedOn: '2026-11-26',
      }),
    );
    expect(await attempt(people.billing, ledger, update)).toBeUndefined();
    await within(
      3000,
      () => watcher.frames.some((f) => f.type === FRAME.UPDATE && f.doc === ledger),
      'fan-out',
    );
    Y.applyUpdate(ledgerCopy, update);
  });

  it('APPEND-4: a doctor can neither delete a case status event nor rewrite one to declined', async () => {
    const chart = chartDocName(r.owner.practiceId, PATIENT);
    let eventId = '';
    const copy = await stored(chart, (doc) => {
      const opened = openCase(doc, context(), { patientId: PATIENT, type: 'comprehensive' });
      if (!opened.ok) throw new Error('seed failed');
      eventId = [...doc.getMap('caseEvents').keys()][0]!;
    });
    const before = await storedBytes(chart);
    expect(
      await attempt(
        people.doctor,
        chart,
        edit(copy, (d) => d.getMap('caseEvents').delete(eventId)),
      ),
    ).toMatchObject({ code: REFUSAL.APPEND_ONLY });
    const declined = edit(copy, (d) => {
      const event = d.getMap('caseEvents').get(eventId) as Record<string, unknown>;
      d.getMap('caseEvents').set(eventId, { ...event, to: 'declined' });
    });
    expect(await attempt(people.doctor, chart, declined)).toMatchObject({ code: REFUSAL.APPEND_ONLY });
    expect(await storedBytes(chart)).toEqual(before);
  });

  it('APPEND-12: an assistant can neither delete a lab order’s received step nor rewrite it to another day', async () => {
    const patient = 'pat_integritylab0001';
    const chart = chartDocName(r.owner.practiceId, patient);
    let stepId = '';
    const copy = await stored(chart, (doc) => {
      const opened = openCase(doc, context(), { patientId: patient, type: 'aligners' });
      if (!opened.ok) throw new Error('seed failed');
      const placed = placeLabOrder(doc, context(), {
        caseId: opened.value.id,
        item: 'aligners',
        vendor: 'ClearCo Lab',
        turnaroundDays: 14,
        orderedOn: '2026-11-20',
      });
      if (!placed.ok) throw new Error('seed failed');
      const received = recordLabStep(doc, context(), placed.value.id, { step: 'received', on: '2026-12-01' });
      if (!received.ok) throw new Error('seed failed');
      stepId = received.value.id;
    });
    const before = await storedBytes(chart);
    expect(
      await attempt(
        people.assistant,
        chart,
        edit(copy, (d) => d.getMap('labSteps').delete(stepId)),
      ),
    ).toMatchObject({ code: REFUSAL.APPEND_ONLY });
    const redated = edit(copy, (d) => {
      const step = d.getMap('labSteps').get(stepId) as Record<string, unknown>;
      d.getMap('labSteps').set(stepId, { ...step, on: '2026-11-21' });
    });
    expect(await attempt(people.assistant, chart, redated)).toMatchObject({ code: REFUSAL.APPEND_ONLY });
    expect(await storedBytes(chart)).toEqual(before);
  });

  it('APPEND-6 / APPEND-7: front desk can delete neither communication log entries nor claim events', async () => {
    const comms = commsDocName(r.owner.practiceId, PATIENT);
    const insurance = insuranceDocName(r.owner.practiceId, PATIENT);
    const commsCopy = await stored(comms, (doc) => {
      doc.getMap('entries').set('com_0000000000000001', { id: 'com_0000000000000001', channel: 'call' });
      doc.getMap('entries').set('com_0000000000000002', { id: 'com_0000000000000002', channel: 'text' });
    });
    const insuranceCopy = await stored(insurance, (doc) => {
      doc.getMap('claimEvents').set('clv_0000000000000001', { id: 'clv_0000000000000001', status: 'sent' });
    });
    const before = [await storedBytes(comms), await storedBytes(insurance)];
    expect(
      await attempt(
        people.desk,
        comms,
        edit(commsCopy, (d) => {
          d.getMap('entries').delete('com_0000000000000001');
          d.getMap('entries').delete('com_0000000000000002');
        }),
      ),
    ).toMatchObject({ code: REFUSAL.APPEND_ONLY });
    expect(
      await attempt(
        people.desk,
        insurance,
        edit(insuranceCopy, (d) => d.getMap('claimEvents').delete('clv_0000000000000001')),
      ),
    ).toMatchObject({ code: REFUSAL.APPEND_ONLY });
    expect([await storedBytes(comms), await storedBytes(insurance)]).toEqual(before);
  });

  it('APPEND-8: billing cannot delete a contract amendment', async () => {
    const contracts = contractsDocName(r.owner.practiceId, FAMILY);
    const copy = await stored(contracts, (doc) => {
      doc
        .getMap('amendments')
        .set('amd_0000000000000001', { id: 'amd_0000000000000001', reason: 'new plan' });
    });
    const before = await storedBytes(contracts);
    expect(
      await attempt(
        people.billing,
        contracts,
        edit(copy, (d) => d.getMap('amendments').delete('amd_0000000000000001')),
      ),
    ).toMatchObject({ code: REFUSAL.APPEND_ONLY });
    expect(await storedBytes(contracts)).toEqual(before);
  });

  it('APPEND-9: every log of every kind refuses a crafted insert between two entries and before the first', async () => {
    const logs: [DocKind, string, string][] = [
      ['chart', chartDocName(r.owner.practiceId, 'pat_integrity0000002'), 'signatures'],
      ['comms', commsDocName(r.owner.practiceId, 'pat_integrity0000002'), 'entries'],
      ['insurance', insuranceDocName(r.owner.practiceId, 'pat_integrity0000002'), 'verifications'],
      ['contracts', contractsDocName(r.owner.practiceId, 'fam_integrity0000002'), 'amendments'],
      ['ledger', ledgerDocName(r.owner.practiceId, 'fam_integrity0000002'), 'entries'],
    ];
    for (const [kind, name, root] of logs) {
      const copy = await stored(name, (doc) => {
        for (const n of [1, 2, 3]) doc.getMap(root).set(`ent_000000000000000${n}`, { n });
      });
      const before = await storedBytes(name);
      const middle = craftUpdate([
        {
          client: 77,
          clock: 0,
          origin: keyItemId(copy, root, 'ent_0000000000000001'),
          rightOrigin: keyItemId(copy, root, 'ent_0000000000000003'),
          value: { forged: true },
        },
      ]);
      const front = craftUpdate([
        {
          client: 78,
          clock: 0,
          rightOrigin: keyItemId(copy, root, 'ent_0000000000000001'),
          value: { forged: true },
        },
      ]);
      for (const update of [middle, front]) {
        expect(await attempt(people.owner, name, update), kind).toMatchObject({ code: REFUSAL.APPEND_ONLY });
      }
      expect(await storedBytes(name), kind).toEqual(before);
    }
  });
});

describe('PERM-2 / APPEND-1: audit trails belong to the device bound to the session', () => {
  it('gives a claim of the doctor’s device id a device of its own: the doctor’s trail stays closed', async () => {
    const doctorDevice = people.doctor.device!.id;
    const trail = auditDocName(r.owner.practiceId, doctorDevice);
    await stored(trail, (doc) =>
      appendAudit(doc, localOrigin(people.doctor.user.id, doctorDevice), {
        action: 'view',
        entity: 'patient',
        entityId: PATIENT,
        at: '2026-11-25T10:00:00.000Z',
      }),
    );
    const before = await storedBytes(trail);
    // Front desk signs in claiming the doctor's device id, without its secret.
    const claimed = await r.signIn('desk@example.com', doctorDevice);
    expect(claimed.device?.id).not.toBe(doctorDevice);
    const client = await connect(claimed);
    client.read(trail);
    client.update(trail, craftUpdate([{ client: 5, clock: 0, parent: 'entries', value: { forged: true } }]));
    // Not even a document it may open: both are refused as if the trail did not exist.
    await within(3000, () => client.refusals(trail).length === 2, 'two refusals');
    expect(client.refusals(trail).map((f) => f.code)).toEqual([REFUSAL.FORBIDDEN, REFUSAL.FORBIDDEN]);
    expect(client.frames.some((f) => f.type === FRAME.DOC && f.doc === trail)).toBe(false);
    expect(await storedBytes(trail)).toEqual(before);
  });

  it('PERM-2: lets front desk add to its own device’s trail but not read it back; owners read every trail', async () => {
    const deskDevice = people.desk.device!;
    const trail = auditDocName(r.owner.practiceId, deskDevice.id);
    const origin = localOrigin(people.desk.user.id, deskDevice.id);
    const copy = await stored(trail, (doc) =>
      appendAudit(doc, origin, {
        action: 'view',
        entity: 'patient',
        entityId: PATIENT,
        at: '2026-11-25T10:00:00.000Z',
      }),
    );
    const desk = await connect(people.desk);
    desk.read(trail);
    await within(3000, () => desk.frames.some((f) => f.type === FRAME.DOC && f.doc === trail), 'an answer');
    expect(desk.received(trail).getArray('entries').length).toBe(0);
    const appended = edit(copy, (d) =>
      appendAudit(d, origin, {
        action: 'view',
        entity: 'patient',
        entityId: PATIENT,
        at: '2026-11-25T10:05:00.000Z',
      }),
    );
    desk.update(trail, appended);
    await desk.handled(trail, 1);
    expect(desk.refusals(trail)).toEqual([]);

    const owner = await connect(r.owner);
    owner.read(trail);
    await within(3000, () => owner.frames.some((f) => f.type === FRAME.DOC && f.doc === trail), 'an answer');
    expect(owner.received(trail).getArray('entries').length).toBe(2);
    // Reading is not writing: the owner's device is another device.
    owner.update(
      trail,
      edit(copy, (d) => d.getArray('entries').push([{ forged: true }])),
    );
    await owner.handled(trail, 1);
    expect(owner.refusals(trail).map((f) => f.code)).toEqual([REFUSAL.READ_ONLY]);
  });

  it('APPEND-1: the device’s own trail refuses an entry crafted into the middle or the front', async () => {
    const assistantDevice = people.assistant.device!.id;
    const trail = auditDocName(r.owner.practiceId, assistantDevice);
    const copy = await stored(trail, (doc) => {
      for (let i = 0; i < 3; i += 1)
        appendAudit(doc, localOrigin(people.assistant.user.id, assistantDevice), {
          action: 'view',
          entity: 'patient',
          entityId: PATIENT,
          at: `2026-11-25T10:0${i}:00.000Z`,
        });
    });
    const before = await storedBytes(trail);
    const ids = arrayElementIds(copy, 'entries');
    const low = lowestClientBelow(copy);
    const middle = craftUpdate([{ client: low, clock: 0, origin: ids[0]!, value: { forged: true } }]);
    const front = craftUpdate([{ client: low, clock: 0, parent: 'entries', value: { forged: true } }]);
    const removal = craftUpdate([], [{ client: ids[2]!.client, clock: ids[2]!.clock, len: 1 }]);
    for (const update of [middle, front, removal]) {
      const refusal = await attempt(people.assistant, trail, update);
      expect([REFUSAL.APPEND_ONLY, REFUSAL.READ_ONLY]).toContain(refusal?.code);
    }
    expect(await storedBytes(trail)).toEqual(before);
  });
});

describe('PERM-6: front desk does front-desk work in documents it otherwise reads', () => {
  it('opens an inquiry in a chart and posts a cash payment; both are stored', async () => {
    const chart = chartDocName(r.owner.practiceId, 'pat_integrity0000003');
    const ledger = ledgerDocName(r.owner.practiceId, 'fam_integrity0000003');
    const inquiry = edit(new Y.Doc(), (d) =>
      openCase(d, context(), { patientId: 'pat_integrity0000003', type: 'comprehensive' }),
    );
    const payment = edit(new Y.Doc(), (d) =>
      postLedgerEntry(d, context(), {
        familyId: 'fam_integrity0000003',
        kind: 'payment',
        payer: 'patient',
        method: 'check',
        reference: '1042',
        amountCents: 25_000,
        postedOn: '2026-11-25',
      }),
    );
    expect(await attempt(people.desk, chart, inquiry)).toBeUndefined();
    expect(await attempt(people.desk, ledger, payment)).toBeUndefined();
    const check = new Y.Doc();
    Y.applyUpdate(check, (await storedBytes(ledger))!);
    expect(check.getMap('entries').size).toBe(1);
  });

  it('cannot add a treatment option, move a case, reverse a payment or adjust a balance', async () => {
    const chart = chartDocName(r.owner.practiceId, 'pat_integrity0000004');
    const ledger = ledgerDocName(r.owner.practiceId, 'fam_integrity0000004');
    let caseId = '';
    let paymentId = '';
    const chartCopy = await stored(chart, (doc) => {
      const opened = openCase(doc, context(), {
        patientId: 'pat_integrity0000004',
        type: 'comprehensive',
        status: 'recommended',
      });
      if (opened.ok) caseId = opened.value.id;
    });
    const ledgerCopy = await stored(ledger, (doc) => {
      const paid = postLedgerEntry(doc, context(), {
        familyId: 'fam_integrity0000004',
        kind: 'payment',
        payer: 'patient',
        method: 'cash',
        amountCents: 10_000,
        postedOn: '2026-11-25',
      });
      if (paid.ok) paymentId = paid.value.id;
    });
    const before = [await storedBytes(chart), await storedBytes(ledger)];
    const option = edit(chartCopy, (d) =>
      d.getMap('options').set('opt_0000000000000001', { caseId, feeCents: 1 }),
    );
    const move = edit(chartCopy, (d) =>
      (d.getMap('cases').get(caseId) as Y.Map<unknown>).set('status', 'started'),
    );
    const reversal = edit(ledgerCopy, (d) =>
      postLedgerEntry(d, context(), {
        familyId: 'fam_integrity0000004',
        kind: 'reversal',
        payer: 'patient',
        reversesId: paymentId,
        reason: 'oops',
        amountCents: 10_000,
        postedOn: '2026-11-25',
      }),
    );
    const adjustment = edit(ledgerCopy, (d) =>
      postLedgerEntry(d, context(), {
        familyId: 'fam_integrity0000004',
        kind: 'adjustment',
        payer: 'patient',
        adjustmentKind: 'courtesy',
        reason: 'friend',
        amountCents: 5_000,
        postedOn: '2026-11-25',
      }),
    );
    for (const [doc, update] of [
      [chart, option],
      [chart, move],
      [ledger, reversal],
      [ledger, adjustment],
    ] as const) {
      expect(await attempt(people.desk, doc, update)).toMatchObject({ code: REFUSAL.READ_ONLY });
    }
    expect([await storedBytes(chart), await storedBytes(ledger)]).toEqual(before);
    const log = await securityLog();
    expect(
      log.some(
        (e) => e.accountId === people.desk.user.id && e.detail === 'chart: this role may not write there',
      ),
    ).toBe(true);
  });
});

describe('PERM-10: front desk adds the opening of its inquiries and visit notes on its cases, no other case event', () => {
  const PATIENT_10 = 'pat_integrity0000010';
  const RULED = 'caseEvents: this role may not add this entry';
  const VISIT = {
    appointmentId: 'apt_integrity0000010',
    stage: 'adjustment',
    what: 'arrived',
    start: '2026-11-25T15:00:00.000Z',
  } as const;
  let chart: string;
  let chartCopy: Y.Doc;
  let caseId = '';

  beforeAll(async () => {
    chart = chartDocName(r.owner.practiceId, PATIENT_10);
    // The coordinator's case, moved through to treatment, stored earlier.
    chartCopy = await stored(chart, (doc) => {
      const ctx = context();
      const opened = openCase(doc, ctx, { patientId: PATIENT_10, type: 'comprehensive' });
      if (!opened.ok) throw new Error('seed failed');
      caseId = opened.value.id;
      const option = addOption(doc, ctx, {
        caseId,
        name: 'Braces',
        appliance: 'metal-braces',
        months: 24,
        feeCents: 600_000,
        recommended: true,
      });
      if (!option.ok) throw new Error('seed failed');
      for (const change of [
        { to: 'exam' as const },
        { to: 'recommended' as const, examOutcome: 'treatment-recommended' as const },
        { to: 'accepted' as const, optionId: option.value.id },
        { to: 'started' as const, startDate: '2026-11-20' },
      ]) {
        if (!changeCaseStatus(doc, ctx, caseId, change).ok) throw new Error('seed failed');
      }
    });
  });

  /** A case event as a crafted front-desk client sends it, on its copy of the stored chart. */
  const event = (fields: Record<string, unknown>) =>
    edit(chartCopy, (d) => {
      const added = appendRecord(d, CASE_EVENTS, context(), {
        caseId,
        at: '2026-11-25T15:00:00.000Z',
        by: people.desk.user.id,
        ...fields,
      } as never);
      if (!added.ok) throw new Error(JSON.stringify(added.error));
    });

  it('refuses a to-inquiry move on a started case, a visit note posing as a move and an event for no case; nothing is stored', async () => {
    const before = await storedBytes(chart);
    const attempts = {
      'planted move': event({ to: 'inquiry' }),
      'planted move with from': event({ from: 'started', to: 'inquiry' }),
      'note posing as a move': event({ from: 'started', to: 'inquiry', visit: VISIT }),
      'note for no case': event({ caseId: 'cas_nosuchcase000010', to: 'started', visit: VISIT }),
    };
    for (const [what, update] of Object.entries(attempts)) {
      expect(await attempt(people.desk, chart, update), what).toMatchObject({ code: REFUSAL.READ_ONLY });
    }
    expect(await storedBytes(chart)).toEqual(before);
    const log = await securityLog();
    expect(log.some((e) => e.accountId === people.desk.user.id && e.detail === `chart: ${RULED}`)).toBe(true);
  });

  it('keeps the connection open after the refusal, as for other refusals, and stores its next visit note at started', async () => {
    const client = await connect(people.desk);
    client.update(chart, event({ to: 'inquiry' }));
    await client.handled(chart, 1);
    expect(client.refusals(chart).map((f) => f.code)).toEqual([REFUSAL.READ_ONLY]);
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    const note = event({ to: 'started', visit: VISIT });
    client.update(chart, note);
    await client.handled(chart, 2);
    expect(client.refusals(chart)).toHaveLength(1);
    client.ws.close();
    const check = new Y.Doc();
    Y.applyUpdate(check, (await storedBytes(chart))!);
    const notes = [...check.getMap('caseEvents').values()].filter(
      (e) => (e as { visit?: unknown }).visit !== undefined,
    );
    expect(notes).toMatchObject([{ caseId, to: 'started', visit: { what: 'arrived', stage: 'adjustment' } }]);
    expect(notes[0]).not.toHaveProperty('from');
  });

  it('stores an inquiry opened with its event in a chart nobody has written', async () => {
    const fresh = chartDocName(r.owner.practiceId, 'pat_integrity0000011');
    const inquiry = edit(new Y.Doc(), (d) =>
      openCase(d, context(), { patientId: 'pat_integrity0000011', type: 'comprehensive' }),
    );
    expect(await attempt(people.desk, fresh, inquiry)).toBeUndefined();
    const check = new Y.Doc();
    Y.applyUpdate(check, (await storedBytes(fresh))!);
    expect([...check.getMap('caseEvents').values()]).toMatchObject([{ to: 'inquiry' }]);
    expect(check.getMap('cases').size).toBe(1);
  });
});

describe('PERM-8: presence', () => {
  /** An awareness message for one client id with a state (or null to remove it). */
  function presence(clientId: number, clock: number, state: unknown): Uint8Array {
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, clientId);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, JSON.stringify(state));
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE.AWARENESS);
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
    return encoding.toUint8Array(e);
  }
  /** The presence states an observer sees for a document after asking. */
  async function seen(doc: string): Promise<Map<number, unknown>> {
    const observer = await connect(r.owner);
    observer.ws.send(
      encodeFrame({ type: FRAME.DOC, doc, message: new Uint8Array([MESSAGE.QUERY_AWARENESS]) }),
    );
    await within(3000, () => observer.frames.some((f) => f.type === FRAME.DOC && f.doc === doc), 'presence');
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    for (const f of observer.frames) {
      if (f.type !== FRAME.DOC || f.doc !== doc) continue;
      const d = decoding.createDecoder(f.message);
      if (decoding.readVarUint(d) !== MESSAGE.AWARENESS) continue;
      awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(d), 'relay');
    }
    observer.ws.close();
    return awareness.getStates();
  }

  it('lets a connection publish and remove only its own client ids', async () => {
    const doc = chartDocName(r.owner.practiceId, PATIENT);
    const doctor = await connect(people.doctor);
    const desk = await connect(people.desk);
    doctor.ws.send(encodeFrame({ type: FRAME.DOC, doc, message: presence(4242, 1, { viewing: 'chart' }) }));
    await within(3000, () => desk.frames.some((f) => f.type === FRAME.DOC && f.doc === doc), 'doctor seen');
    // Front desk overwrites the doctor's presence under the doctor's client id, then removes it.
    desk.ws.send(encodeFrame({ type: FRAME.DOC, doc, message: presence(4242, 5, { viewing: 'ledger' }) }));
    desk.ws.send(encodeFrame({ type: FRAME.DOC, doc, message: presence(4242, 6, null) }));
    desk.ws.send(encodeFrame({ type: FRAME.DOC, doc, message: presence(777, 1, { viewing: 'schedule' }) }));
    const states = await (async () => {
      for (;;) {
        const now = await seen(doc);
        if (now.has(777)) return now;
      }
    })();
    expect(states.get(4242)).toMatchObject({ viewing: 'chart', user: { id: people.doctor.user.id } });
    expect(states.get(777)).toMatchObject({ user: { id: people.desk.user.id } });
    doctor.ws.close();
    desk.ws.close();
  });
});

describe('PERM-7: a role change reaches open connections at once', () => {
  it('closes a billing connection demoted to read-only (4409); reconnected, its ledger writes are refused', async () => {
    const billing = await r.staff('billing', 'bill2@example.com');
    const ledger = ledgerDocName(r.owner.practiceId, 'fam_integrity0000005');
    const client = await connect(billing);
    const payment = (cents: number) =>
      edit(new Y.Doc(), (d) =>
        postLedgerEntry(d, context(), {
          familyId: 'fam_integrity0000005',
          kind: 'payment',
          payer: 'patient',
          method: 'cash',
          amountCents: cents,
          postedOn: '2026-11-25',
        }),
      );
    client.update(ledger, payment(1_000));
    await client.handled(ledger, 1);
    expect(client.refusals(ledger)).toEqual([]);

    const demoted = await r.api(`/api/staff/${billing.user.id}`, { role: 'read-only' }, r.owner.token, {
      method: 'PATCH',
    });
    expect(demoted.status).toBe(200);
    expect(await client.closed).toBe(CLOSE.ACCESS_CHANGED);

    const again = await connect(billing);
    again.update(ledger, payment(2_000));
    await again.handled(ledger, 1);
    expect(again.refusals(ledger).map((f) => f.code)).toEqual([REFUSAL.READ_ONLY]);
    const check = new Y.Doc();
    Y.applyUpdate(check, (await storedBytes(ledger))!);
    expect(check.getMap('entries').size).toBe(1);
  });
});
