/** The document layer: typed record collections in Yjs documents, document names, schema stamps, typed origins, undo and migrations. */
export * from './append-only.ts';
export * from './collection.ts';
export * from './doc-meta.ts';
export * from './doc-names.ts';
export * from './migrations.ts';
export * from './origins.ts';
export * from './undo.ts';
