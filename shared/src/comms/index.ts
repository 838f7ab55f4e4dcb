/** The communication log, follow-up tasks' document, and message templates. */
export * from './comms-commands.ts';
export * from './comms-doc.ts';
export * from './comms.schema.ts';
export * from './starter-templates.ts';
export * from './template.ts';
