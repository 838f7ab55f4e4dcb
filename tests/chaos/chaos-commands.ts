/**
 * Random commands from the real domain for the chaos test: registering and editing patients,
 * opening cases and moving them, treatment options, ledger payments, charges and reversals,
 * appointments and the communication log. Each runs on a live document of one device through
 * its SyncClient, exactly as a screen would; a command the device cannot do with what it has
 * (a case it has not received yet) is refused by the domain and counted, not forced.
 *
 * Two deliberate oddities: an "old version" device leaves a field this version does not know on
 * records it writes, and now and then a device writes a record that fails validation on purpose
 * (the final checks expect exactly those to be reported as needing attention).
 */
import * as Y from 'yjs';
import {
  APPOINTMENTS,
  CASE_EVENTS,
  CASE_TRANSITIONS,
  CASES,
  COMM_ENTRIES,
  LEDGER_ENTRIES,
  MERGES,
  PATIENTS,
  PATIENT_MERGE_FIELDS,
  bookAppointment,
  carryMergedDocs,
  changeCaseStatus,
  chartDocName,
  collectionMap,
  commsDocName,
  addOption,
  ledgerDocName,
  localOrigin,
  logCommunication,
  mergeFamilies,
  mergePatients,
  openCase,
  patientsDocName,
  postLedgerEntry,
  readAll,
  readChart,
  readLedger,
  readSchedule,
  registerPatient,
  scheduleDocName,
  scheduleWeekOf,
  resolveMerges,
  untracked,
  updateAppointment,
  updatePatient,
  type CaseStatus,
  type StatusChange,
  type WriteContext,
} from '@aligned/shared';
import type { Rng } from '../fixtures/random.ts';
import type { Device } from './chaos-device.ts';

export const TIME_ZONE = 'America/Chicago';
export const LOCATION = 'loc_chaos0000000001';
const CHAIRS = ['chr_chaos0000000001', 'chr_chaos0000000002'];
const APPOINTMENT_TYPE = 'atp_chaos0000000001';
/** A field no version of the app knows: an older build's leftover, kept untouched by newer ones. */
export const LEGACY_FIELD = 'legacyChartNumber';

/** What every device could know about: ids made anywhere (a device may not have them yet). */
export type Registry = {
  patients: { id: string; familyId: string }[];
  cases: { id: string; patientId: string }[];
  appointments: { id: string; doc: string }[];
  /** Records written invalid on purpose: doc name → record ids. */
  corrupted: Map<string, Set<string>>;
  /** Records carrying the legacy field: doc name → record ids. */
  legacy: Map<string, Set<string>>;
};

export function emptyRegistry(): Registry {
  return { patients: [], cases: [], appointments: [], corrupted: new Map(), legacy: new Map() };
}

export type CommandTally = Record<string, { applied: number; refused: number }>;

const FIRST = ['Ana', 'Ben', 'Chloe', 'Dev', 'Elif', 'Farah', 'Gus', 'Hana', 'Ivo', 'June'];
const LAST = ['Adair', 'Brook', 'Cole', 'Dunn', 'Ellis', 'Frey', 'Gale', 'Hart', 'Ives', 'Jory'];

function note(map: Map<string, Set<string>>, doc: string, id: string) {
  let set = map.get(doc);
  if (!set) map.set(doc, (set = new Set()));
  set.add(id);
}

type Ctx = { device: Device; rng: Rng; registry: Registry; now: () => string; today: string };

/** Runs a command on a live document, in one transaction (an old build's extra field included). */
async function withDoc<T>(device: Device, name: string, run: (doc: Y.Doc) => T): Promise<T> {
  const live = await device.sync.open(name);
  try {
    let result: T | undefined;
    live.doc.transact(() => (result = run(live.doc)), localOrigin(device.userId, device.deviceId));
    return result as T;
  } finally {
    live.release();
  }
}

function writeContext(c: Ctx): WriteContext {
  return { origin: localOrigin(c.device.userId, c.device.deviceId), now: c.now };
}

/** Leaves the legacy field on a record (an old build writes it with every record it saves). */
function markLegacy(c: Ctx, doc: Y.Doc, docName: string, collection: string, id: string) {
  if (!c.device.oldVersion) return;
  const record = doc.getMap(collection).get(id);
  if (!(record instanceof Y.Map)) return;
  doc.transact(() => record.set(LEGACY_FIELD, `L-${id.slice(-4)}`), writeContext(c).origin);
  note(c.registry.legacy, docName, id);
}

const commands: Record<string, { weight: number; run: (c: Ctx) => Promise<boolean> }> = {
  registerPatient: {
    weight: 12,
    async run(c) {
      const name = patientsDocName(c.device.practiceId);
      const result = await withDoc(c.device, name, (doc) => {
        const registered = registerPatient(doc, writeContext(c), {
          patient: {
            firstName: c.rng.pick(FIRST),
            lastName: c.rng.pick(LAST),
            dateOfBirth: `20${String(c.rng.int(5, 18)).padStart(2, '0')}-0${c.rng.int(1, 9)}-1${c.rng.int(0, 9)}`,
            phone: `+1512555${String(c.rng.int(1000, 9999))}`,
            preferredChannel: 'text',
            language: 'en',
            locationId: LOCATION,
            status: 'prospect',
          },
          family: { create: { name: `${c.rng.pick(LAST)} family` } },
        });
        if (registered.ok) markLegacy(c, doc, name, PATIENTS.name, registered.value.patient.id);
        return registered;
      });
      if (!result.ok || !result.value.familyId) return false;
      c.registry.patients.push({ id: result.value.patient.id, familyId: result.value.familyId });
      return true;
    },
  },
  editPatient: {
    weight: 10,
    async run(c) {
      if (c.registry.patients.length === 0) return false;
      const patient = c.rng.pick(c.registry.patients);
      const patch = c.rng.chance(0.5)
        ? { phone: `+1512555${String(c.rng.int(1000, 9999))}` }
        : { notes: `Called ${c.today} (${c.device.name})` };
      const result = await withDoc(c.device, patientsDocName(c.device.practiceId), (doc) =>
        updatePatient(doc, writeContext(c), patient.id, patch),
      );
      return result.ok;
    },
  },
  openCase: {
    weight: 8,
    async run(c) {
      if (c.registry.patients.length === 0) return false;
      const patient = c.rng.pick(c.registry.patients);
      const name = chartDocName(c.device.practiceId, patient.id);
      const result = await withDoc(c.device, name, (doc) => {
        const opened = openCase(doc, writeContext(c), {
          patientId: patient.id,
          type: c.rng.pick(['comprehensive', 'phase-1', 'limited', 'aligners'] as const),
          locationId: LOCATION,
          ownerId: c.device.userId,
        });
        if (opened.ok) markLegacy(c, doc, name, CASES.name, opened.value.id);
        return opened;
      });
      if (!result.ok) return false;
      c.registry.cases.push({ id: result.value.id, patientId: patient.id });
      return true;
    },
  },
  addOption: {
    weight: 8,
    async run(c) {
      if (c.registry.cases.length === 0) return false;
      const target = c.rng.pick(c.registry.cases);
      const result = await withDoc(c.device, chartDocName(c.device.practiceId, target.patientId), (doc) =>
        addOption(doc, writeContext(c), {
          caseId: target.id,
          name: c.rng.pick(['Braces', 'Aligners', 'Phase I']),
          appliance: c.rng.pick(['metal-braces', 'clear-aligners'] as const),
          feeCents: c.rng.int(30, 80) * 10_000,
          months: c.rng.int(6, 30),
          recommended: c.rng.chance(0.4),
        }),
      );
      return result.ok;
    },
  },
  moveCase: {
    weight: 14,
    async run(c) {
      if (c.registry.cases.length === 0) return false;
      const target = c.rng.pick(c.registry.cases);
      const result = await withDoc(c.device, chartDocName(c.device.practiceId, target.patientId), (doc) => {
        const chart = readChart(doc);
        const current = chart.cases.find((k) => k.id === target.id);
        if (!current) return { ok: false };
        const to = c.rng.pick([...CASE_TRANSITIONS[current.status], 'accepted' as CaseStatus]);
        const options = chart.options.filter((o) => o.caseId === target.id);
        const change: StatusChange = { to };
        if (current.status === 'exam' && to === 'recommended') change.examOutcome = 'treatment-recommended';
        if (current.status === 'exam' && to === 'observation') change.examOutcome = 'observation';
        if (current.status === 'exam' && to === 'discontinued') change.examOutcome = 'no-treatment';
        if (current.status === 'exam' && to === 'transferred') change.examOutcome = 'refer-out';
        if (to === 'declined') change.reason = 'Cost';
        if (to === 'observation') change.recallDate = '2027-01-15';
        if (to === 'accepted' && options.length > 0) change.optionId = c.rng.pick(options).id;
        return changeCaseStatus(doc, writeContext(c), target.id, change);
      });
      return result.ok;
    },
  },
  postPayment: {
    weight: 10,
    async run(c) {
      if (c.registry.patients.length === 0) return false;
      const { id: patientId, familyId } = c.rng.pick(c.registry.patients);
      const charge = c.rng.chance(0.5);
      const result = await withDoc(c.device, ledgerDocName(c.device.practiceId, familyId), (doc) =>
        postLedgerEntry(
          doc,
          writeContext(c),
          charge
            ? {
                familyId,
                patientId,
                kind: 'charge',
                chargeKind: 'other',
                payer: 'patient',
                amountCents: c.rng.int(1, 500) * 100,
                postedOn: c.today,
              }
            : {
                familyId,
                patientId,
                kind: 'payment',
                method: c.rng.pick(['cash', 'check', 'card'] as const),
                payer: 'patient',
                amountCents: c.rng.int(1, 300) * 100,
                postedOn: c.today,
              },
        ),
      );
      return result.ok;
    },
  },
  reverseEntry: {
    weight: 5,
    async run(c) {
      if (c.registry.patients.length === 0) return false;
      const { familyId } = c.rng.pick(c.registry.patients);
      const result = await withDoc(c.device, ledgerDocName(c.device.practiceId, familyId), (doc) => {
        const entries = readLedger(doc).entries.filter((e) => e.kind !== 'reversal');
        if (entries.length === 0) return { ok: false };
        const target = c.rng.pick(entries);
        return postLedgerEntry(doc, writeContext(c), {
          familyId,
          kind: 'reversal',
          payer: target.payer,
          amountCents: target.amountCents,
          postedOn: c.today,
          reversesId: target.id,
          reason: 'Posted in error',
        });
      });
      return result.ok;
    },
  },
  bookAppointment: {
    weight: 8,
    async run(c) {
      if (c.registry.patients.length === 0) return false;
      const patient = c.rng.pick(c.registry.patients);
      const day = new Date(Date.parse(`${c.today}T15:00:00.000Z`) + c.rng.int(0, 20) * 86_400_000);
      const start = new Date(day.getTime() + c.rng.int(0, 12) * 30 * 60_000).toISOString();
      const name = scheduleDocName(c.device.practiceId, LOCATION, scheduleWeekOf(start, TIME_ZONE));
      const result = await withDoc(c.device, name, (doc) => {
        const booked = bookAppointment(doc, writeContext(c), {
          patientId: patient.id,
          locationId: LOCATION,
          chairId: c.rng.pick(CHAIRS),
          typeId: APPOINTMENT_TYPE,
          start,
          minutes: c.rng.pick([20, 30, 45, 60]),
          status: 'scheduled',
        });
        if (booked.ok) markLegacy(c, doc, name, APPOINTMENTS.name, booked.value.id);
        return booked;
      });
      if (!result.ok) return false;
      c.registry.appointments.push({ id: result.value.id, doc: name });
      return true;
    },
  },
  changeAppointment: {
    weight: 5,
    async run(c) {
      if (c.registry.appointments.length === 0) return false;
      const target = c.rng.pick(c.registry.appointments);
      const result = await withDoc(c.device, target.doc, (doc) => {
        if (!readSchedule(doc).appointments.some((a) => a.id === target.id)) return { ok: false };
        return c.rng.chance(0.5)
          ? updateAppointment(doc, writeContext(c), target.id, { minutes: c.rng.pick([30, 45, 90]) })
          : updateAppointment(doc, writeContext(c), target.id, {
              status: c.rng.pick(['confirmed', 'cancelled'] as const),
              statusAt: c.now(),
              ...(c.rng.chance(0.5) ? { notes: `Changed by ${c.device.name}` } : {}),
            });
      });
      return result.ok;
    },
  },
  logCall: {
    weight: 9,
    async run(c) {
      if (c.registry.patients.length === 0) return false;
      const patient = c.rng.pick(c.registry.patients);
      const caseOf = c.registry.cases.find((k) => k.patientId === patient.id);
      const result = await withDoc(c.device, commsDocName(c.device.practiceId, patient.id), (doc) =>
        logCommunication(doc, writeContext(c), {
          patientId: patient.id,
          ...(caseOf ? { caseId: caseOf.id } : {}),
          channel: c.rng.pick(['call', 'text', 'email'] as const),
          direction: c.rng.pick(['outbound', 'inbound'] as const),
          outcome: c.rng.pick(['reached', 'left-message', 'no-answer'] as const),
          at: c.now(),
          by: c.device.userId,
        }),
      );
      return result.ok;
    },
  },
  mergePatients: {
    weight: 2,
    async run(c) {
      // Two records of one patient (a duplicate made at intake): merged, then their documents
      // carried, as the merge tool does; other devices may still be editing the old record.
      if (c.registry.patients.length < 2) return false;
      const from = c.rng.pick(c.registry.patients).id;
      const into = c.rng.pick(c.registry.patients).id;
      const choices = Object.fromEntries(
        PATIENT_MERGE_FIELDS.filter(() => c.rng.chance(0.3)).map((f) => [f, 'from' as const]),
      );
      return mergeAndCarry(c, () =>
        withDoc(c.device, patientsDocName(c.device.practiceId), (doc) =>
          mergePatients(doc, writeContext(c), { fromId: from, intoId: into, choices }),
        ),
      );
    },
  },
  mergeFamilies: {
    weight: 1,
    async run(c) {
      if (c.registry.patients.length < 2) return false;
      const from = c.rng.pick(c.registry.patients).familyId;
      const into = c.rng.pick(c.registry.patients).familyId;
      return mergeAndCarry(c, () =>
        withDoc(c.device, patientsDocName(c.device.practiceId), (doc) =>
          mergeFamilies(doc, writeContext(c), { fromId: from, intoId: into, choices: {} }),
        ),
      );
    },
  },
  openSurvivor: {
    weight: 2,
    async run(c) {
      // A survivor's page is opened: what was added to its merged-away records meanwhile is carried.
      const merged = [...(await mergesOn(c.device))];
      if (merged.length === 0) return false;
      const [alias, survivor] = c.rng.pick(merged);
      return carryInto(c.device, survivor, [alias]);
    },
  },
  corruptRecord: {
    weight: 1,
    async run(c) {
      // A buggy or hostile build writes a record that does not validate: every device must
      // report it as needing attention, and nothing else.
      if (c.registry.patients.length === 0) return false;
      const patient = c.rng.pick(c.registry.patients);
      const ledger = c.rng.chance(0.5);
      const name = ledger
        ? ledgerDocName(c.device.practiceId, patient.familyId)
        : commsDocName(c.device.practiceId, patient.id);
      const id = `${ledger ? 'lge' : 'com'}_corrupt${String(c.rng.int(0, 1e9)).padStart(9, '0')}`;
      await withDoc(c.device, name, (doc) =>
        doc.transact(() => {
          const collection = collectionMap(doc, ledger ? LEDGER_ENTRIES : COMM_ENTRIES);
          collection.set(id, { id, kind: 'payment', amountCents: -5, note: 'corrupted on purpose' });
        }, writeContext(c).origin),
      );
      note(c.registry.corrupted, name, id);
      return true;
    },
  },
};

/** Merged-away ids → survivors, as this device knows them (PAT-102). */
export async function mergesOn(device: Device): Promise<Map<string, string>> {
  const live = await device.sync.open(patientsDocName(device.practiceId));
  try {
    return resolveMerges(readAll(live.doc, MERGES).records);
  } finally {
    live.release();
  }
}

/** PAT-103 through the app's own carrying code; patient and family ids tell their kind apart. */
export function carryInto(device: Device, survivor: string, aliases: string[]): Promise<boolean> {
  const kind = survivor.startsWith('fam_') ? 'family' : 'patient';
  const origin = untracked(localOrigin(device.userId, device.deviceId));
  return carryMergedDocs(
    (name) => device.sync.open(name),
    device.practiceId,
    kind,
    survivor,
    aliases,
    origin,
  );
}

async function mergeAndCarry(
  c: Ctx,
  merge: () => Promise<{ ok: true; value: { merge: { fromId: string; intoId: string } } } | { ok: false }>,
): Promise<boolean> {
  const result = await merge();
  if (!result.ok) return false;
  const { fromId, intoId } = result.value.merge;
  await carryInto(c.device, intoId, [fromId]);
  return true;
}

export const COMMAND_NAMES = Object.keys(commands);

/** Runs one random command on the device; true when the domain accepted it. */
export async function randomCommand(
  c: Ctx,
  tally: CommandTally,
): Promise<{ name: string; applied: boolean }> {
  const name = c.rng.weighted(Object.entries(commands).map(([n, k]) => [n, k.weight] as const));
  const applied = await commands[name]!.run(c);
  const t = (tally[name] ??= { applied: 0, refused: 0 });
  if (applied) t.applied += 1;
  else t.refused += 1;
  return { name, applied };
}

/** Collections whose entries are only ever added (their ids are checked to only grow). */
export const APPEND_ONLY = [
  { kind: 'ledger', collection: LEDGER_ENTRIES.name },
  { kind: 'chart', collection: CASE_EVENTS.name },
  { kind: 'comms', collection: COMM_ENTRIES.name },
] as const;
