/** The small core every feature stands on: results, ids, money, the calendar, phones, form-field helpers. */
export * from './calendar.ts';
export * from './common.schema.ts';
export * from './form-fields.ts';
export * from './group-by.ts';
export * from './ids.ts';
export * from './money.ts';
export * from './phone.ts';
export * from './result.ts';
