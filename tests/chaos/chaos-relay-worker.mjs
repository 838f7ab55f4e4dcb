// Starts the TypeScript relay worker through tsx: a worker thread does not inherit the loader
// that runs the tests (vitest's or tsx's), so it brings its own.
import { tsImport } from 'tsx/esm/api';

await tsImport('./chaos-relay-worker.ts', import.meta.url);
