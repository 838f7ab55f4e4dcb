/** The device side of sync: the replica store interface and the sync client. */
export * from './replica-store.ts';
export * from './sync-client.ts';
