/** Audit trails: hash-chained, append-only, one document per device. */
export * from './audit-chain.ts';
export * from './audit-doc.ts';
