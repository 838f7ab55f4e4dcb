export * from './mux.ts';
export * from './close-codes.ts';
export * from './session.ts';
export * from './batcher.ts';
export * from './accounts-api.ts';
export * from './ticket.ts';
