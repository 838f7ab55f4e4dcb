/** Policies, benefit verification, pre-authorizations, the estimate engine, insurer schedules and claims. */
export * from './carrier-form.ts';
export * from './claims.schema.ts';
export * from './claims.ts';
export * from './coverage-change.ts';
export * from './estimate-for-option.ts';
export * from './insurance-commands.ts';
export * from './insurance-doc.ts';
export * from './insurance-estimate.ts';
export * from './insurance-forms.ts';
export * from './insurance-summary.ts';
export * from './insurance.schema.ts';
export * from './insurer-schedules.workflow.ts';
export * from './verification-worklist.ts';
