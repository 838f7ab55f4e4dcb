/**
 * How the tests and benchmarks launch Chromium: the system's (Debian's) binary, since
 * Playwright cannot download its own here, with the background services off: this machine's
 * closed network refuses them, and they add noise to measurements.
 */
export const CHROMIUM_LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};
