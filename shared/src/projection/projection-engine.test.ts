import { afterEach, describe, expect, it } from 'vitest';
import { ProjectionEngine } from './projection-engine.ts';
import {
  COUNTER_SOURCES,
  Device,
  PRACTICE,
  counterName,
  datedSource,
  pairSource,
  projectFromScratch,
  push,
  settle,
  weekSource,
} from './projection-test-fixtures.ts';
import { MANIFEST_KEY, shardKey } from './projection-snapshot.ts';
import type { ProjectionContext } from './projection-source.ts';

const patient = (n: number) => `pat_${String(n).padStart(8, '0')}`;
const chart = (n: number) => counterName('chart', patient(n));
const comms = (n: number) => counterName('comms', patient(n));
const ledger = (n: number) => counterName('ledger', `fam_${String(n).padStart(8, '0')}`);
const week = (n: number) => counterName('insurance', `wk_${String(n).padStart(8, '0')}`);

let engines: ProjectionEngine[] = [];
afterEach(() => {
  for (const engine of engines) engine.destroy();
  engines = [];
});

function engineOn(device: Device, options: { build?: string; context?: () => ProjectionContext } = {}) {
  const engine = new ProjectionEngine({
    store: device.store,
    feed: device.feed,
    practiceId: PRACTICE,
    build: options.build ?? 'b1',
    sources: COUNTER_SOURCES,
    context: options.context ?? (() => ({ today: '2026-11-25', paymentSettings: {} })),
    batch: 3,
    saveDelayMs: 0,
    recheckDelayMs: 0,
  });
  engines.push(engine);
  return engine;
}

/** A device that has synced once: everything stored and caught up. */
async function caughtUpDevice(patients: number) {
  const device = new Device();
  device.feed.setStatus({ connection: 'online' });
  for (let n = 0; n < patients; n++) await device.write(chart(n), push(n + 1));
  device.feed.catchUp();
  return device;
}

describe('the projection engine', () => {
  it('PROJ-1: computes each key from its stored documents and follows every stored change', async () => {
    const device = await caughtUpDevice(3);
    const engine = engineOn(device);
    await engine.start();
    await engine.whenIdle();
    expect(engine.values(pairSource).get(patient(1))).toEqual({ chart: [2], comms: 0 });

    await device.write(comms(1), push(5));
    await engine.whenIdle();
    expect(engine.values(pairSource).get(patient(1))).toEqual({ chart: [2], comms: 5 });
    expect(engine.progress(pairSource)).toEqual({ state: 'complete' });
  });

  it('PROJ-1: a change stored during a re-check is computed before the keys the re-check has left', async () => {
    const device = await caughtUpDevice(30);
    const engine = engineOn(device);
    await engine.start();
    await engine.whenIdle();
    // The change lands once the re-check is computing (every key is dirty by then).
    const reads: string[] = [];
    const readDoc = device.store.readDoc.bind(device.store);
    let wrote: Promise<void> | null = null;
    device.store.readDoc = (name) => {
      reads.push(name);
      wrote ??= device.write(chart(40), push(7));
      return readDoc(name);
    };
    await engine.recheck();
    await wrote;
    await engine.whenIdle();
    expect(reads.length).toBeGreaterThan(60);
    // Batches of 3 keys, 2 documents each: in the second batch, not after the other 30 keys.
    expect(reads.indexOf(chart(40))).toBeGreaterThanOrEqual(0);
    expect(reads.indexOf(chart(40))).toBeLessThan(12);
    expect(engine.values(pairSource).get(patient(40))).toEqual({ chart: [7], comms: 0 });
  });

  it('PROJ-2: a re-check started during a first sync keeps what arrives and is projected meanwhile', async () => {
    // The failure this guards against: a re-check listed the stored documents early in a first
    // sync, then replaced the whole projection with what it saw, dropping the patients that
    // arrived (and were projected) while it ran.
    const device = new Device();
    device.feed.setStatus({ connection: 'online', replication: { total: 40, done: 0 } });
    for (let n = 0; n < 5; n++) await device.write(chart(n), push(1));
    const engine = engineOn(device);
    await engine.start();
    const recheck = engine.recheck();
    await settle();
    device.feed.setStatus({ replication: { total: 40, done: 20 } });
    for (let n = 5; n < 20; n++) await device.write(chart(n), push(1));
    // Connection lost mid-way: local work shows at once, the rest arrives later.
    device.feed.setStatus({ connection: 'offline' });
    await settle(3);
    device.feed.setStatus({ connection: 'online', replication: { total: 40, done: 30 } });
    for (let n = 20; n < 40; n++) await device.write(chart(n), push(1));
    device.feed.setStatus({ replication: { total: 40, done: 40 } });
    device.feed.catchUp();
    await recheck;
    await engine.whenIdle();
    expect(engine.values(pairSource).size).toBe(40);
    expect(engine.progress(pairSource)).toEqual({ state: 'complete' });
  });

  it('PROJ-2: a key is dropped only when its own documents compute to nothing', async () => {
    const device = await caughtUpDevice(2);
    const engine = engineOn(device);
    await engine.start();
    await engine.whenIdle();
    // A stale saved value for a patient with no documents on this device.
    await device.store.setMeta(MANIFEST_KEY, null);
    const again = engineOn(device);
    await again.start();
    await again.recheck();
    expect([...again.values(pairSource).keys()].sort()).toEqual([patient(0), patient(1)]);
  });

  it('PROJ-3: a first sync says how many records have arrived, then how many lists are computed, then complete', async () => {
    const device = new Device();
    device.feed.setStatus({ connection: 'online', replication: { total: 6, done: 0 } });
    const engine = engineOn(device);
    await engine.start();
    expect(engine.progress(pairSource)).toEqual({
      state: 'arriving',
      done: 0,
      total: 6,
      connection: 'online',
    });
    for (let n = 0; n < 6; n++) await device.write(chart(n), push(1));
    device.feed.setStatus({ replication: { total: 6, done: 4 } });
    expect(engine.progress(pairSource)).toMatchObject({ state: 'arriving', done: 4, total: 6 });
    // Held while arriving: nothing is computed, and nothing claims to be the whole practice.
    await settle(3);
    expect(engine.values(pairSource).size).toBe(0);
    device.feed.setStatus({ replication: { total: 6, done: 6 } });
    device.feed.catchUp();
    await settle(0);
    expect(engine.progress(pairSource)).toMatchObject({ state: 'preparing', total: 6 });
    await engine.whenIdle();
    expect(engine.progress(pairSource)).toEqual({ state: 'complete' });
    expect(engine.values(pairSource).size).toBe(6);
  });

  it('PROJ-3: offline before ever catching up, the lists wait for the connection', async () => {
    const device = new Device();
    const engine = engineOn(device);
    await engine.start();
    expect(engine.progress(pairSource)).toMatchObject({ state: 'arriving', connection: 'offline' });
  });

  it('PROJ-4: a device that caught up before is complete at once from its saved projection', async () => {
    const device = await caughtUpDevice(4);
    const first = engineOn(device);
    await first.start();
    await first.whenIdle();
    await first.saveNow();
    first.destroy();

    device.feed.reconnect();
    device.feed.setStatus({ connection: 'offline' });
    const second = engineOn(device);
    await second.start();
    expect(second.progress(pairSource)).toEqual({ state: 'complete' });
    expect(second.values(pairSource).size).toBe(4);
    // Live edits after that never make a list claim to be incomplete.
    await device.write(chart(9), push(1));
    expect(second.progress(pairSource)).toEqual({ state: 'complete' });
    await second.whenIdle();
    expect(second.values(pairSource).size).toBe(5);
  });

  it('PROJ-4: a device that synced before but has no saved projection computes it, owed, before it is complete', async () => {
    const device = await caughtUpDevice(5);
    device.feed.reconnect();
    device.feed.before = true;
    const engine = engineOn(device);
    await engine.start();
    expect(engine.progress(pairSource)).toMatchObject({ state: 'preparing' });
    await engine.whenIdle();
    expect(engine.progress(pairSource)).toEqual({ state: 'complete' });
    expect(engine.values(pairSource).size).toBe(5);
  });

  it('PROJ-5: values that depend on the day are computed again when it changes, the list waiting for them', async () => {
    const device = await caughtUpDevice(0);
    await device.write(ledger(1), push(7));
    let today = '2026-11-25';
    const engine = engineOn(device, { context: () => ({ today, paymentSettings: {} }) });
    await engine.start();
    await engine.whenIdle();
    expect(engine.values(datedSource).get('fam_00000001')).toEqual({ total: 7, asOf: '2026-11-25' });
    today = '2026-11-26';
    engine.contextChanged();
    expect(engine.progress(datedSource)).toMatchObject({ state: 'preparing' });
    await engine.whenIdle();
    expect(engine.values(datedSource).get('fam_00000001')).toEqual({ total: 7, asOf: '2026-11-26' });
  });

  it('PROJ-5: a saved projection of another day is brought up to today at start', async () => {
    const device = await caughtUpDevice(0);
    await device.write(ledger(1), push(7));
    const first = engineOn(device, { context: () => ({ today: '2026-11-25', paymentSettings: {} }) });
    await first.start();
    await first.whenIdle();
    await first.saveNow();
    first.destroy();
    const second = engineOn(device, { context: () => ({ today: '2026-11-27', paymentSettings: {} }) });
    await second.start();
    // Yesterday's values are not today's: the list waits for them; others are complete at once.
    expect(second.progress(datedSource)).toMatchObject({ state: 'preparing', total: 1 });
    expect(second.progress(pairSource)).toEqual({ state: 'complete' });
    await second.whenIdle();
    expect(second.progress(datedSource)).toEqual({ state: 'complete' });
    expect(second.values(datedSource).get('fam_00000001')?.asOf).toBe('2026-11-27');
  });

  it('PROJ-6: a per-key source keeps only what a screen retains, read from the saved projection', async () => {
    const device = await caughtUpDevice(0);
    for (let n = 0; n < 4; n++) await device.write(week(n), push(n));
    const first = engineOn(device);
    await first.start();
    await first.whenIdle();
    expect(first.values(weekSource).size).toBe(0);
    await first.saveNow();
    first.destroy();

    const second = engineOn(device);
    await second.start();
    const held = second.retain(weekSource, ['wk_00000001', 'wk_00000002', 'wk_00000009']);
    // A second holder of the same weeks is ready when the first read is.
    const also = second.retain(weekSource, ['wk_00000001']);
    await also.loaded;
    expect(second.values(weekSource).get('wk_00000001')).toEqual([1]);
    also.release();
    await held.loaded;
    expect(Object.fromEntries(second.values(weekSource))).toEqual({ wk_00000001: [1], wk_00000002: [2] });
    await device.write(week(1), push(10));
    await second.whenIdle();
    expect(second.values(weekSource).get('wk_00000001')).toEqual([1, 10]);
    held.release();
    expect(second.values(weekSource).size).toBe(0);
    // What changed while held was saved or is kept until saved: retaining again shows it.
    const again = second.retain(weekSource, ['wk_00000001']);
    await again.loaded;
    expect(second.values(weekSource).get('wk_00000001')).toEqual([1, 10]);
  });

  it('PROJ-6: a retained key whose saved value is stale is corrected from its document in the session re-check', async () => {
    const device = await caughtUpDevice(0);
    await device.write(week(1), push(1));
    const first = engineOn(device);
    await first.start();
    await first.whenIdle();
    await first.saveNow();
    first.destroy();
    // Stored, but the app was closed before the projection saw it (a crash).
    await device.write(week(1), push(2), { tell: false });

    const second = engineOn(device);
    await second.start();
    const held = second.retain(weekSource, ['wk_00000001']);
    await held.loaded;
    // Shown from the saved projection first, …
    expect(second.values(weekSource).get('wk_00000001')).toEqual([1]);
    // … then checked by the session's re-check.
    await second.recheck();
    const expected = await projectFromScratch(device.store, weekSource, {
      today: '2026-11-25',
      paymentSettings: {},
    });
    expect(second.values(weekSource).get('wk_00000001')).toEqual(expected.get('wk_00000001'));
  });

  it('PROJ-7: a damaged or foreign saved projection is computed again, owed', async () => {
    const device = await caughtUpDevice(3);
    const first = engineOn(device);
    await first.start();
    await first.whenIdle();
    await first.saveNow();
    first.destroy();
    await device.store.setMeta(shardKey('pairs', 0), { build: 'b1', entries: 'garbage' });

    const second = engineOn(device);
    await second.start();
    expect(second.progress(pairSource)).toMatchObject({ state: 'preparing' });
    await second.whenIdle();
    expect(second.values(pairSource).size).toBe(3);

    const other = engineOn(device, { build: 'b2' });
    await other.start();
    expect(other.progress(pairSource)).toMatchObject({ state: 'preparing' });
    await other.whenIdle();
    expect(other.values(pairSource).size).toBe(3);
  });

  it('PROJ-7: a save during a background re-check still leaves a complete projection for the next start', async () => {
    const device = await caughtUpDevice(30);
    const first = engineOn(device);
    await first.start();
    await first.whenIdle();
    void first.recheck();
    await settle();
    // Closed mid re-check, after a save.
    await first.saveNow();
    first.destroy();
    const second = engineOn(device);
    await second.start();
    expect(second.progress(pairSource)).toEqual({ state: 'complete' });
    expect(second.values(pairSource).size).toBe(30);
  });

  it('PROJ-7: the manifest says complete only when every value it covers is written', async () => {
    const device = await caughtUpDevice(3);
    const engine = engineOn(device);
    const saved: boolean[] = [];
    engine.onSaved((complete) => saved.push(complete));
    await engine.start();
    await engine.whenIdle();
    await engine.saveNow();
    expect(saved.at(-1)).toBe(true);
    expect(await device.store.getMeta(MANIFEST_KEY)).toMatchObject({ caughtUp: true, complete: true });
  });

  it('PROJ-8: a value that cannot be computed keeps the last good one and is counted', async () => {
    const device = await caughtUpDevice(1);
    const engine = engineOn(device);
    await engine.start();
    await engine.whenIdle();
    await device.store.append(chart(0), new Uint8Array([1, 2, 3, 250]));
    device.feed.stored(chart(0));
    await engine.whenIdle();
    expect(engine.values(pairSource).get(patient(0))).toEqual({ chart: [1], comms: 0 });
    expect(engine.errors).toBe(1);
    expect(engine.progress(pairSource)).toEqual({ state: 'complete' });
  });
});
