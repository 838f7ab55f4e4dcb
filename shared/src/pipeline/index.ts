/** Cases from inquiry to start: status moves, follow-up cadence, the board, signatures, inquiry intake. */
export * from './cadence-form.ts';
export * from './case-status.ts';
export * from './case.schema.ts';
export * from './chart-commands.ts';
export * from './chart-doc.ts';
export * from './follow-up-plan.ts';
export * from './follow-up.ts';
export * from './follow-ups.workflow.ts';
export * from './inquiry-form.ts';
export * from './pipeline.ts';
export * from './signature.ts';
export * from './patient-status.ts';
export * from './document-templates.ts';
export * from './signed-documents.ts';
export * from './signer.ts';
export * from './signed-terms-v1.ts';
export * from './option-offers.ts';
