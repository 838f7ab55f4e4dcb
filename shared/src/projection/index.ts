/** The device projection: the values practice-wide lists read, computed on the device from stored documents. */
export * from './accounts-source.ts';
export * from './appointments-source.ts';
export * from './cases-source.ts';
export * from './insurance-source.ts';
export * from './lab-source.ts';
export * from './list-progress.ts';
export * from './merged-values.ts';
export * from './projection-engine.ts';
export * from './projection-source.ts';
export * from './report-sources.ts';
export * from './sources.ts';
