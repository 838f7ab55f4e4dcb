/** The device side of sync: the replica store interface, its encryption at rest and the sync client. */
export * from './replica-store.ts';
export * from './replica-crypto.ts';
export * from './sync-client.ts';
