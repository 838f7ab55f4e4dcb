import { defineProject } from 'vitest/config';

// Unit tests of the test tooling itself (the synthetic practice generator) and the chaos test of
// sync (chaos/); Playwright owns e2e/.
export default defineProject({
  test: {
    name: 'tests',
    environment: 'node',
    include: ['fixtures/**/*.test.ts', 'bench/**/*.test.ts', 'chaos/**/*.test.ts'],
    // Generating a whole practice takes seconds; on a busy two-core CI machine several times that.
    // This only says when a test is hung, never how fast it must be.
    testTimeout: 60_000,
  },
});
