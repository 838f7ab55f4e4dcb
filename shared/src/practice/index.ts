/** The practice document: locations, settings, templates, chairs and appointment types. */
export * from './getting-started.ts';
export * from './location-details.ts';
export * from './practice-commands.ts';
export * from './practice-doc.ts';
export * from './practice.schema.ts';
