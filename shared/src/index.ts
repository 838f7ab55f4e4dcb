/**
 * The domain package. One folder per feature, each owning its schemas (`*.schema.ts`), document
 * commands (`*-doc.ts`), rules, workflows, read models and form readers (`*-form(s).ts`), with
 * tests beside them; `core/` holds what every feature stands on. See docs/architecture.md.
 */
export * from './core/index.ts';
export * from './documents/index.ts';
export * from './identity/index.ts';
export * from './audit/index.ts';
export * from './practice/index.ts';
export * from './patients/index.ts';
export * from './comms/index.ts';
export * from './pipeline/index.ts';
export * from './insurance/index.ts';
export * from './billing/index.ts';
export * from './records/index.ts';
export * from './schedule/index.ts';
export * from './sync/index.ts';
export * from './projection/index.ts';
export * from './reports/index.ts';
