import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { generateDataKey, randomBytes } from '@aligned/shared';
import { createDeviceAccounts } from './device-accounts.ts';
import { ensureEscrow, obtainDataKey, type KeySource, type ReplicaFacts } from './data-key.ts';

const PRACTICE = 'prc_datakeytest00001';
const DEVICE = 'dev_datakeytest00001';

function replica(state: { keyId: string | null; pending: number }): ReplicaFacts & { discarded: number } {
  const facts = {
    discarded: 0,
    keyId: async () => state.keyId,
    pendingChanges: async () => state.pending,
    discard: async () => {
      facts.discarded += 1;
      state.keyId = null;
      state.pending = 0;
    },
  };
  return facts;
}

function device(escrow: { key: Uint8Array | null }, state = { keyId: null as string | null, pending: 0 }) {
  const devices = createDeviceAccounts(new IDBFactory(), { password: 1_000, pin: 1_000 });
  const facts = replica(state);
  const source: KeySource = {
    devices,
    practiceId: PRACTICE,
    deviceId: DEVICE,
    replica: facts,
    escrowKey: async () => escrow.key,
  };
  return { devices, facts, source, state };
}

describe('where the data key comes from', () => {
  it('CRYPT-6: the first sign-in on a device makes a key and leaves an escrow wrap, not the key', async () => {
    const { devices, source } = device({ key: randomBytes(32) });
    const first = await obtainDataKey(source);
    expect(first).toMatchObject({ ok: true, fresh: true });
    const entry = await devices.keyring(PRACTICE);
    expect(entry?.keyId).toBe(first.ok && first.key.id);
    expect(entry?.escrow).not.toBeNull();
    expect(entry?.development).toBeUndefined();
  });

  it('CRYPT-6: a colleague’s first sign-in on the device opens the same key through the escrow', async () => {
    const { source, state } = device({ key: randomBytes(32) });
    const first = await obtainDataKey(source);
    state.keyId = first.ok ? first.key.id : null;
    state.pending = 3;
    const second = await obtainDataKey(source);
    expect(second).toMatchObject({ ok: true, fresh: false });
    expect(second.ok && second.key.id).toBe(first.ok && first.key.id);
  });

  it('CRYPT-6: the person’s own wrap is used when it is of the current key', async () => {
    const escrow = { key: randomBytes(32) as Uint8Array | null };
    const { source } = device(escrow);
    const first = await obtainDataKey(source);
    escrow.key = null;
    const own = await obtainDataKey({ ...source, ownKey: async () => (first.ok ? first.key : null) });
    expect(own).toMatchObject({ ok: true, fresh: false });
  });

  it('CRYPT-6: with the escrow unreachable and no wrap of their own, the person is told to connect', async () => {
    const escrow = { key: randomBytes(32) as Uint8Array | null };
    const { source, state, facts } = device(escrow);
    const first = await obtainDataKey(source);
    state.keyId = first.ok ? first.key.id : null;
    escrow.key = null;
    expect(await obtainDataKey(source)).toEqual({ ok: false, reason: 'unreachable' });
    expect(facts.discarded).toBe(0);
  });

  it('CRYPT-6: a replica nobody can open any more is never deleted while it holds unsent changes', async () => {
    const escrow = { key: randomBytes(32) as Uint8Array | null };
    const { source, state, facts } = device(escrow);
    const first = await obtainDataKey(source);
    state.keyId = first.ok ? first.key.id : null;
    state.pending = 2;
    // The relay forgot this device's escrow key (the device was reported lost, say).
    escrow.key = randomBytes(32);
    expect(await obtainDataKey(source)).toEqual({ ok: false, reason: 'held-by-others' });
    expect(facts.discarded).toBe(0);
    // Once nothing is waiting to be sent, the copy is dropped and downloaded again under a new key.
    state.pending = 0;
    const fresh = await obtainDataKey(source);
    expect(fresh).toMatchObject({ ok: true, fresh: true });
    expect(facts.discarded).toBe(1);
    expect(fresh.ok && fresh.key.id).not.toBe(first.ok && first.key.id);
  });

  it('CRYPT-7: a replica from before encryption keeps its contents (it is sealed in place)', async () => {
    const { source, facts } = device({ key: randomBytes(32) }, { keyId: null, pending: 5 });
    expect(await obtainDataKey(source)).toMatchObject({ ok: true, fresh: true });
    expect(facts.discarded).toBe(0);
  });

  it('CRYPT-6: a key made while the relay was away gets its escrow wrap once it answers', async () => {
    const escrow = { key: null as Uint8Array | null };
    const { devices, source } = device(escrow);
    const first = await obtainDataKey(source);
    expect((await devices.keyring(PRACTICE))?.escrow).toBeNull();
    escrow.key = randomBytes(32);
    if (first.ok) await ensureEscrow(source, first.key);
    expect((await devices.keyring(PRACTICE))?.escrow).not.toBeNull();
    // …and a colleague can now open it.
    const colleague = await obtainDataKey(source);
    expect(colleague.ok && colleague.key.id).toBe(first.ok && first.key.id);
    // A key that is not the device's current one never gets an escrow wrap.
    const stranger = await generateDataKey();
    await ensureEscrow(source, stranger);
    expect((await devices.keyring(PRACTICE))?.keyId).toBe(first.ok && first.key.id);
  });
});
