/**
 * Syncing pauses while the device is offline or the screen is locked, and resumes when neither
 * holds. CRYPT-8: while the screen is locked the key is gone: no reading, writing or syncing.
 */
import type { DataKey, SyncClient } from '@aligned/shared';
import type { EncryptedReplicaStore } from '../sync/idb-store.ts';

/** Pauses and resumes `sync` (and locks `store`) as the device goes offline or the screen locks; returns the stop. */
export function pauseSyncWhileAway(
  sync: SyncClient,
  store: EncryptedReplicaStore,
  lock: { onLockChange(listener: (key: DataKey | null) => void): () => void } | null,
): () => void {
  let locked = false;
  const stopLock = lock?.onLockChange((key) => {
    locked = key === null;
    if (key === null) {
      sync.pause();
      store.lock();
    } else {
      store.unlock(key);
      if (navigator.onLine) sync.resume();
    }
  });
  const onOffline = () => sync.pause();
  const onOnline = () => !locked && sync.resume();
  addEventListener('offline', onOffline);
  addEventListener('online', onOnline);
  return () => {
    stopLock?.();
    removeEventListener('offline', onOffline);
    removeEventListener('online', onOnline);
  };
}
