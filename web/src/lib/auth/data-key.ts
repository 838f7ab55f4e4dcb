/**
 * Where a person's copy of the practice's data key comes from (docs/security.md, "Data at rest
 * (device)"; CRYPT-6). In order:
 *   1. their own wrap on this device (unlock with password or PIN, offline);
 *   2. the device's escrow wrap, opened with the escrow key the relay keeps for this device (a
 *      colleague's first sign-in here, or a wrap made stale by a key rotation);
 *   3. a new key, when the device has no replica yet, only one from before encryption (sealed in
 *      place), or one nobody can open any more and that holds no unsent changes (the relay has
 *      everything; the old copy is deleted and downloaded again).
 * A replica nobody here can open that still holds unsent changes is never deleted.
 */
import {
  generateDataKey,
  importWrappingKey,
  unwrapDataKey,
  wrapDataKey,
  type DataKey,
} from '@aligned/shared';
import type { DeviceAccounts } from './device-accounts.ts';

export const escrowPurpose = (deviceId: string) => `escrow:${deviceId}`;

/** What the key logic needs to know about the replica database, without opening it. */
export type ReplicaFacts = {
  /** The key the replica is sealed under; null when there is none yet or it predates encryption. */
  keyId(): Promise<string | null>;
  /** Rows in its outbox (unsent changes), countable without the key. */
  pendingChanges(): Promise<number>;
  discard(): Promise<void>;
};

export type KeyOutcome =
  | { ok: true; key: DataKey; fresh: boolean }
  /** Someone else's unsent changes are sealed here under a key this person cannot obtain. */
  | { ok: false; reason: 'held-by-others' }
  /** The key can come only from the relay, which did not answer. */
  | { ok: false; reason: 'unreachable' };

export type KeySource = {
  devices: DeviceAccounts;
  practiceId: string;
  deviceId: string;
  replica: ReplicaFacts;
  /** The relay's escrow key for this device (null: no session, unreachable, or an older relay). */
  escrowKey: () => Promise<Uint8Array | null>;
  /** The person's own existing wrap, if any (a sign-in with an unchanged password). */
  ownKey?: () => Promise<DataKey | null>;
};

export async function obtainDataKey(source: KeySource): Promise<KeyOutcome> {
  const { devices, practiceId, deviceId, replica } = source;
  const entry = await devices.keyring(practiceId);
  let escrow: Uint8Array | null | undefined;
  const escrowKey = async () => (escrow === undefined ? (escrow = await source.escrowKey()) : escrow);

  if (entry && !entry.development) {
    // The escrow first: at a sign-in the relay is there, and it costs no second slow derivation.
    const raw = entry.escrow ? await escrowKey() : null;
    if (raw && entry.escrow) {
      const opened = await unwrapDataKey(
        entry.escrow,
        await importWrappingKey(raw),
        practiceId,
        escrowPurpose(deviceId),
      );
      if (opened) return { ok: true, key: opened, fresh: false };
    }
    const own = await source.ownKey?.();
    if (own && own.id === entry.keyId) return { ok: true, key: own, fresh: false };
    if (entry.escrow && raw === null) return { ok: false, reason: 'unreachable' };
  }

  // No key to be had for what is stored: start over, unless that would lose someone's changes.
  const sealedUnder = await replica.keyId();
  if (sealedUnder !== null) {
    if ((await replica.pendingChanges()) > 0) return { ok: false, reason: 'held-by-others' };
    await replica.discard();
  }
  const key = await generateDataKey();
  await devices.setKeyring({ practiceId, keyId: key.id, escrow: await escrowWrap(source, key, escrowKey) });
  return { ok: true, key, fresh: true };
}

async function escrowWrap(source: KeySource, key: DataKey, escrowKey: () => Promise<Uint8Array | null>) {
  const raw = await escrowKey();
  if (!raw) return null;
  return wrapDataKey(key, await importWrappingKey(raw), source.practiceId, escrowPurpose(source.deviceId));
}

/**
 * Adds the escrow wrap to a device whose key has none (made offline, or against a relay without
 * escrow), once the relay answers; a best effort, safe to repeat.
 */
export async function ensureEscrow(source: KeySource, key: DataKey): Promise<void> {
  const entry = await source.devices.keyring(source.practiceId);
  if (!entry || entry.development || entry.escrow || entry.keyId !== key.id) return;
  const escrow = await escrowWrap(source, key, source.escrowKey);
  if (escrow) await source.devices.setKeyring({ ...entry, escrow });
}
