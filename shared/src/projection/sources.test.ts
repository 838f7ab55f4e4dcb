import { afterEach, describe, expect, it } from 'vitest';
import { ProjectionEngine } from './projection-engine.ts';
import { Device, PRACTICE, projectFromScratch } from './projection-test-fixtures.ts';
import { PRACTICE_SOURCES } from './sources.ts';
import { casesSource } from './cases-source.ts';
import { accountsSource } from './accounts-source.ts';
import { insuranceSource } from './insurance-source.ts';
import { appointmentsKey, appointmentsSource } from './appointments-source.ts';
import { openCase } from '../pipeline/chart-doc.ts';
import { logCommunication } from '../comms/comms-doc.ts';
import { postLedgerEntry } from '../billing/ledger-doc.ts';
import { bookAppointment, scheduleWeekOf } from '../schedule/schedule-doc.ts';
import {
  chartDocName,
  commsDocName,
  contractsDocName,
  ledgerDocName,
  scheduleDocName,
} from '../documents/doc-names.ts';
import { userContext } from '../test-support/fixtures.ts';
import type { ProjectionContext } from './projection-source.ts';

const SOFIA = 'pat_sofia0000000000';
const FAMILY = 'fam_garcia000000000';
const MAIN = 'loc_main00000000000';
const ZONE = 'America/Chicago';
const START = '2026-11-30T15:00:00.000Z';
const WEEK = scheduleWeekOf(START, ZONE);
const CONTEXT: ProjectionContext = { today: '2026-11-25', paymentSettings: {} };
const ctx = userContext();

const must = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
};

let engine: ProjectionEngine | null = null;
afterEach(() => engine?.destroy());

async function practiceDevice() {
  const device = new Device();
  device.feed.setStatus({ connection: 'online' });
  await device.write(chartDocName(PRACTICE, SOFIA), (doc) =>
    must(openCase(doc, ctx, { patientId: SOFIA, type: 'comprehensive' })),
  );
  await device.write(commsDocName(PRACTICE, SOFIA), (doc) =>
    must(
      logCommunication(doc, ctx, {
        patientId: SOFIA,
        channel: 'call',
        direction: 'outbound',
        outcome: 'reached',
        summary: 'Called about the consult',
        at: '2026-11-20T15:00:00.000Z',
        by: 'stf_alice0000000000',
      }),
    ),
  );
  await device.write(ledgerDocName(PRACTICE, FAMILY), (doc) =>
    must(
      postLedgerEntry(doc, ctx, {
        familyId: FAMILY,
        kind: 'charge',
        chargeKind: 'other',
        payer: 'patient',
        amountCents: 12_500,
        postedOn: '2026-10-01',
        note: 'Retainer replacement',
      }),
    ),
  );
  await device.write(scheduleDocName(PRACTICE, MAIN, WEEK), (doc) =>
    must(
      bookAppointment(doc, ctx, {
        patientId: SOFIA,
        locationId: MAIN,
        chairId: 'chr_one000000000000',
        typeId: 'apt_adjust000000000',
        start: START,
        minutes: 20,
        status: 'scheduled',
      }),
    ),
  );
  device.feed.catchUp();
  return device;
}

async function startedOn(device: Device, context: () => ProjectionContext) {
  const started = new ProjectionEngine({
    store: device.store,
    feed: device.feed,
    practiceId: PRACTICE,
    build: 'test',
    sources: PRACTICE_SOURCES,
    context,
  });
  await started.start();
  return started;
}

describe('the practice sources', () => {
  it('PROJ-1: project the real documents of a practice as computing them from scratch does', async () => {
    const device = await practiceDevice();
    engine = await startedOn(device, () => CONTEXT);
    const held = engine.retain(appointmentsSource, [appointmentsKey(MAIN, WEEK)]);
    await held.loaded;
    await engine.whenIdle();
    for (const source of PRACTICE_SOURCES) {
      const expected = await projectFromScratch(device.store, source, CONTEXT);
      expect(Object.fromEntries(engine.values(source)), source.name).toEqual(Object.fromEntries(expected));
    }
    expect(engine.values(casesSource).get(SOFIA)).toMatchObject([
      { patientId: SOFIA, status: 'inquiry', lastContactAt: '2026-11-20T15:00:00.000Z' },
    ]);
    expect(engine.values(accountsSource).get(FAMILY)?.state.balanceCents).toBe(12_500);
    expect(engine.values(appointmentsSource).get(appointmentsKey(MAIN, WEEK))).toEqual([
      expect.objectContaining({ patientId: SOFIA, start: START, status: 'scheduled', minutes: 20 }),
    ]);
    // A patient with no policy has no insurance summary; a family with no documents no account.
    expect(engine.values(insuranceSource).size).toBe(0);
    expect(engine.values(accountsSource).has('fam_nobody000000000')).toBe(false);
  });

  it('PROJ-5: an account is aged as of the context’s day', async () => {
    const device = await practiceDevice();
    await device.write(contractsDocName(PRACTICE, FAMILY), () => undefined);
    let today = '2026-11-25';
    engine = await startedOn(device, () => ({ today, paymentSettings: {} }));
    await engine.whenIdle();
    expect(engine.values(accountsSource).get(FAMILY)?.state.asOf).toBe('2026-11-25');
    today = '2026-12-01';
    engine.contextChanged();
    await engine.whenIdle();
    expect(engine.values(accountsSource).get(FAMILY)?.state.asOf).toBe('2026-12-01');
  });
});
