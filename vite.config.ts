// Root Vitest entry: one `vitest run` runs the unit and integration tests of every package.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { projects: ['shared', 'sync-server', 'web', 'tests', 'scripts'] },
});
