/** Patients, families and responsible parties: schemas, the patients document, search, display and forms. */
export * from './family-form.ts';
export * from './family.schema.ts';
export * from './languages.ts';
export * from './patient-display.ts';
export * from './patient-form.ts';
export * from './patient-search.ts';
export * from './patient.schema.ts';
export * from './patients-commands.ts';
export * from './patients-doc.ts';
export * from './duplicates.ts';
export * from './merge.ts';
export * from './merge.workflow.ts';
export * from './merge-carry.ts';
export * from './who-to-call.ts';
