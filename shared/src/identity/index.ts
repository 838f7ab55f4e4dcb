/** Staff, roles and the permission table; password policy. */
export * from './common-passwords.ts';
export * from './password-policy.ts';
export * from './permissions.ts';
export * from './entry-rules.ts';
export * from './staff.schema.ts';
export * from './location-scope.ts';
export * from './session-permissions.ts';
export * from './session-end.ts';
