/** Contracts, payment plans, the ledger, charges, aging and collections. */
export * from './billing-commands.ts';
export * from './contract-charges.ts';
export * from './contract.schema.ts';
export * from './contracts-doc.ts';
export * from './ledger-doc.ts';
export * from './ledger-form.ts';
export * from './ledger.schema.ts';
export * from './ledger.ts';
export * from './payment-plan.ts';
export * from './payment-settings-form.ts';
export * from './payment-settings.schema.ts';
export * from './split-form.ts';
