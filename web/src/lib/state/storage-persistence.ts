/**
 * Asks the browser to keep this device's storage (the replica, with changes not yet synced) through
 * its clean-up under storage pressure. The sync status and the device settings show the answer.
 */

/** Whether storage is persistent (asking for it if not yet); null where the browser cannot say. */
export async function requestPersistence(): Promise<boolean | null> {
  if (!navigator.storage?.persist) return null;
  try {
    return (await navigator.storage.persisted()) || (await navigator.storage.persist());
  } catch {
    return false;
  }
}
