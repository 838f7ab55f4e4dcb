import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH } from './support/chromium.ts';

// Real Chromium (Debian's, found or installed by scripts/setup.mjs), a real relay started by
// global-setup.ts on a free port, one worker: this machine has 2 cores.
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.e2e.ts',
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: true,
  reporter: 'list',
  use: {
    headless: true,
    viewport: { width: 1280, height: 860 },
    serviceWorkers: 'allow',
    trace: 'retain-on-failure',
    launchOptions: CHROMIUM_LAUNCH,
  },
});
