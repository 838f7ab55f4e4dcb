export * from './file-kind.ts';
