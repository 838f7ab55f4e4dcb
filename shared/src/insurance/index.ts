/** Policies, benefit verification, pre-authorizations, the estimate engine, insurer schedules and claims. */
export * from './claim-form.ts';
export * from './claim-forms.ts';
export * from './claim-letter.ts';
export * from './claim-resolution.ts';
export * from './claims.schema.ts';
export * from './claims.ts';
export * from './coverage-change.ts';
export * from './estimate-for-option.ts';
export * from './insurance-doc.ts';
export * from './insurance-estimate.ts';
export * from './insurance-forms.ts';
export * from './insurance-summary.ts';
export * from './insurance.schema.ts';
export * from './insurer-schedule.ts';
export * from './policy-checks.ts';
export * from './verification-worklist.ts';
