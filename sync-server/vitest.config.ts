import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'sync-server',
    environment: 'node',
    include: ['src/**/*.test.ts'],
    // Property tests run thousands of cases; a busy two-core CI machine takes several times as long.
    // The timeout only says when a test is hung, never how fast it must be.
    testTimeout: 30_000,
  },
});
