import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'tooling',
    environment: 'node',
    include: ['*.test.ts'],
    // These run the type checker and linter over sample files: seconds, more on a busy CI machine.
    // The timeout only says when a test is hung.
    testTimeout: 60_000,
  },
});
