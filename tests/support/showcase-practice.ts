/**
 * A small practice with every kind of record, for end-to-end checks that visit every screen: the
 * generated practice (as of today, so the book has this week's visits) cut down to a few dozen
 * families chosen to cover what screens show (a day's visits in several chairs, a minor with a
 * parent and open options, a family with a contract, payments and insurance claims). Seeded into a relay database once per day and generator version, cached in
 * tests/.cache; the relay runs it with the development identity (an owner).
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { addSignature, chartDocName, localDateInZone, localOrigin, termsHash } from '@aligned/shared';
import { createSqliteStorage } from '../../sync-server/src/storage/sqlite-storage.ts';
import { GENERATOR_VERSION, PRACTICE_TIME_ZONE, generatePractice } from '../fixtures/practice-generator.ts';
import { DEV_PRACTICE_SETTING, seedStorage } from '../fixtures/seed-storage.ts';
import type { GeneratedPractice } from '../fixtures/practice-types.ts';
import { repoRoot, tempDataDir } from './relay.ts';

/** Records the screens are opened with. */
export type ShowcaseIds = {
  practiceId: string;
  today: string;
  /** The first day from today on with visits in the book (today, unless the practice is closed). */
  bookDay: string;
  /** Every name of every patient and responsible party: none may show in a title or an address. */
  names: string[];
  /** A patient under 18 with a parent, a case with several options still open. */
  minor: { patientId: string; caseId: string; familyId: string };
  /** A patient in treatment: a contract on the family account, its payments, insurance claims. */
  treated: {
    patientId: string;
    caseId: string;
    familyId: string;
    contractId: string;
    /** A signed consent. */
    signatureId: string;
    /** A payment posted to the family's ledger (its receipt). */
    paymentId: string;
  };
  /** Another kept patient (the other side of a merge). */
  sibling: { patientId: string };
};

const FAMILIES_WITH_VISITS = 14;
/** Bump when the showcase keeps different records, so cached copies are made again. */
const SHOWCASE_VERSION = 3;

function ageOn(dateOfBirth: string, today: string): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
}

/** The families the showcase keeps, and the records the screens are opened with. */
function choose(data: GeneratedPractice, today: string): { families: Set<string>; ids: ShowcaseIds } {
  const families = new Set<string>();
  const patients = new Map(data.patients.map((p) => [p.id, p]));
  const familyOf = (patientId: string) => patients.get(patientId)?.familyId;

  const dayOf = (start: string) => localDateInZone(new Date(start), PRACTICE_TIME_ZONE);
  const bookDay = data.appointments
    .map((a) => dayOf(a.start))
    .filter((d) => d >= today)
    .sort()[0];
  if (!bookDay) throw new Error('showcase: the generated practice has no visits from today on');
  for (const visit of data.appointments) {
    if (families.size >= FAMILIES_WITH_VISITS) break;
    if (dayOf(visit.start) !== bookDay) continue;
    const family = familyOf(visit.patientId);
    if (family) families.add(family);
  }

  const optionsOf = new Map<string, number>();
  for (const option of data.options) optionsOf.set(option.caseId, (optionsOf.get(option.caseId) ?? 0) + 1);
  const parented = new Set(data.links.filter((l) => l.relationship !== 'self').map((l) => l.patientId));
  const minorCase = data.cases.find((c) => {
    const patient = patients.get(c.patientId);
    return (
      patient?.familyId &&
      c.status === 'pending' &&
      (optionsOf.get(c.id) ?? 0) >= 2 &&
      parented.has(c.patientId) &&
      ageOn(patient.dateOfBirth, today) < 18
    );
  });
  if (!minorCase) throw new Error('showcase: the generated practice has no pending minor with options');

  const claimedSchedules = new Set(data.claimEvents.map((e) => e.scheduleId));
  const claimedCases = new Set(
    data.insurerSchedules.filter((s) => claimedSchedules.has(s.id)).map((s) => s.caseId),
  );
  const paid = new Set(data.ledger.map((e) => e.contractId).filter(Boolean));
  const contract = data.contracts.find(
    (c) => c.status === 'active' && claimedCases.has(c.caseId) && paid.has(c.id),
  );
  if (!contract) throw new Error('showcase: the generated practice has no active contract with claims');

  const minorFamily = familyOf(minorCase.patientId)!;
  const payment = data.ledger.find((e) => e.contractId === contract.id && e.kind === 'payment');
  if (!payment) throw new Error('showcase: the chosen contract has no payment');

  families.add(minorFamily);
  families.add(contract.familyId);
  // Any other kept patient: the merge screen is opened with the minor and it.
  const sibling = data.patients.find(
    (p) => p.familyId !== undefined && families.has(p.familyId) && p.id !== minorCase.patientId,
  );
  if (!sibling) throw new Error('showcase: no second patient to open the merge with');
  return {
    families,
    ids: {
      practiceId: data.practice.id,
      today,
      bookDay,
      names: [],
      minor: { patientId: minorCase.patientId, caseId: minorCase.id, familyId: minorFamily },
      treated: {
        patientId: contract.patientId,
        caseId: contract.caseId,
        familyId: contract.familyId,
        contractId: contract.id,
        signatureId: '',
        paymentId: payment.id,
      },
      sibling: { patientId: sibling.id },
    },
  };
}

/** The generated practice with only `families` and what belongs to them. */
function trim(data: GeneratedPractice, families: ReadonlySet<string>): GeneratedPractice {
  const patients = data.patients.filter((p) => p.familyId && families.has(p.familyId));
  const patientIds = new Set(patients.map((p) => p.id));
  const ofPatient = <R extends { patientId: string }>(records: R[]) =>
    records.filter((r) => patientIds.has(r.patientId));
  const policies = ofPatient(data.policies);
  const policyIds = new Set(policies.map((p) => p.id));
  const schedules = data.insurerSchedules.filter((s) => policyIds.has(s.policyId));
  const scheduleIds = new Set(schedules.map((s) => s.id));
  const cases = ofPatient(data.cases);
  const caseIds = new Set(cases.map((c) => c.id));
  const contracts = data.contracts.filter((c) => families.has(c.familyId));
  const contractIds = new Set(contracts.map((c) => c.id));
  return {
    ...data,
    families: data.families.filter((f) => families.has(f.id)),
    parties: data.parties.filter((p) => families.has(p.familyId)),
    links: ofPatient(data.links),
    patients,
    exams: ofPatient(data.exams),
    cases,
    caseEvents: data.caseEvents.filter((e) => caseIds.has(e.caseId)),
    options: data.options.filter((o) => caseIds.has(o.caseId)),
    appointments: ofPatient(data.appointments),
    contracts,
    amendments: data.amendments.filter((a) => contractIds.has(a.contractId)),
    ledger: data.ledger.filter((e) => families.has(e.familyId)),
    comms: ofPatient(data.comms),
    tasks: ofPatient(data.tasks),
    policies,
    verifications: data.verifications.filter((v) => policyIds.has(v.policyId)),
    preauths: data.preauths.filter((p) => policyIds.has(p.policyId)),
    insurerSchedules: schedules,
    claimEvents: data.claimEvents.filter((e) => scheduleIds.has(e.scheduleId)),
  };
}

/** A consent the treated patient's parent signed, drawn, in the chart document. */
async function signConsent(
  storage: ReturnType<typeof createSqliteStorage>,
  data: GeneratedPractice,
  ids: ShowcaseIds,
): Promise<string> {
  const name = chartDocName(ids.practiceId, ids.treated.patientId);
  const doc = new Y.Doc();
  const stored = await storage.load(name);
  if (stored) Y.applyUpdate(doc, stored.update);
  const before = Y.encodeStateVector(doc);
  const owner = data.staff.find((s) => s.role === 'owner') ?? data.staff[0]!;
  const terms = {
    title: 'Informed consent for orthodontic treatment',
    paragraphs: ['The treatment, its risks and its alternatives have been explained to me.'],
    figures: [{ label: 'Estimated time', value: '24 months' }],
  };
  const signed = addSignature(
    doc,
    { origin: localOrigin(owner.id, 'dev_showcase000000'), now: () => new Date().toISOString() },
    {
      caseId: ids.treated.caseId,
      kind: 'consent',
      terms,
      termsHash: termsHash(terms),
      signerName: 'A. Parent',
      signerRole: 'parent',
      signaturePath: 'M10 10 L120 60 L240 20',
      signedAt: new Date().toISOString(),
      witnessId: owner.id,
    },
  );
  if (!signed.ok) throw new Error(`showcase: signing failed: ${JSON.stringify(signed.error)}`);
  const update = Y.encodeStateAsUpdate(doc, before);
  await storage.append(name, update, Y.encodeStateVector(doc));
  return signed.value.id;
}

const sqliteFiles = (file: string) => [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];

/**
 * A fresh relay data directory holding the showcase practice, and the ids to open screens with.
 * The first call of a day generates it (about half a minute); later ones copy the cached file.
 */
export async function showcaseDataDir(): Promise<{ dataDir: string; ids: ShowcaseIds }> {
  const today = localDateInZone(new Date(), PRACTICE_TIME_ZONE);
  const cache = join(repoRoot, 'tests', '.cache');
  mkdirSync(cache, { recursive: true });
  const file = join(cache, `showcase-v${SHOWCASE_VERSION}-g${GENERATOR_VERSION}-${today}.db`);
  const idsFile = `${file}.json`;
  if (!existsSync(file) || !existsSync(idsFile)) {
    const data = generatePractice('typical', { asOf: today });
    const { families, ids } = choose(data, today);
    const kept = trim(data, families);
    ids.names = [
      ...new Set([...kept.patients, ...kept.parties].flatMap((p) => [p.firstName, p.lastName])),
    ].sort();
    const temporary = `${file}.seeding-${process.pid}`;
    for (const path of sqliteFiles(temporary)) rmSync(path, { force: true });
    const storage = createSqliteStorage({ file: temporary, synchronous: 'NORMAL' });
    await seedStorage(storage, kept);
    ids.treated.signatureId = await signConsent(storage, data, ids);
    await storage.setSetting(DEV_PRACTICE_SETTING, data.practice.id);
    await storage.close();
    writeFileSync(idsFile, JSON.stringify(ids));
    renameSync(temporary, file);
  }
  const dataDir = tempDataDir('e2e-showcase');
  copyFileSync(file, join(dataDir, 'aligned.db'));
  return { dataDir, ids: JSON.parse(readFileSync(idsFile, 'utf8')) as ShowcaseIds };
}
