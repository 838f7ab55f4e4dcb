// Vitest runs without the sveltekit() plugin: it resolves svelte.config.js from process.cwd()
// and silently skips the project when run from the root (toolchain.md, pitfall 7).
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineProject } from 'vitest/config';

export default defineProject({
  plugins: [svelte()],
  resolve: {
    alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) },
    conditions: ['browser'],
  },
  test: {
    name: 'web',
    environment: 'node',
    include: ['src/**/*.test.ts'],
    // Property tests run thousands of cases; a busy two-core CI machine takes several times as long.
    // The timeout only says when a test is hung, never how fast it must be.
    testTimeout: 30_000,
  },
});
