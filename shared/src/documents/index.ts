/** The document layer: typed record collections in Yjs documents, document names, schema stamps, typed origins, undo, migrations and the command executor. */
export * from './append-only.ts';
export * from './collection.ts';
export * from './commands.ts';
export * from './doc-meta.ts';
export * from './doc-names.ts';
export * from './migrations.ts';
export * from './origins.ts';
export * from './undo.ts';
