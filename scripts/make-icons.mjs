// Renders the app icons (PNG) from the SVG mark with Chromium. Run once when the mark changes:
//   node scripts/make-icons.mjs
import { createRequire } from 'node:module';
const require = createRequire(new URL('../tests/package.json', import.meta.url));
const { chromium } = require('@playwright/test');
const svg = (
  pad,
  rounded,
) => `<html><body style="margin:0;background:transparent"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="100%" height="100%" style="display:block">
<rect width="64" height="64" rx="${rounded ? 14 : 0}" fill="#0f5c63"/>
<g transform="translate(32 32) scale(${pad}) translate(-32 -32)">
<path d="M14 38c6-10 30-10 36 0" fill="none" stroke="#fff" stroke-width="5" stroke-linecap="round"/>
<path d="M18 30h28" stroke="#9fe0e4" stroke-width="4" stroke-linecap="round"/>
<g fill="#fff"><rect x="19" y="24" width="6" height="12" rx="2"/><rect x="29" y="23" width="6" height="12" rx="2"/><rect x="39" y="24" width="6" height="12" rx="2"/></g></g></svg></body></html>`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
for (const [name, size, pad, rounded] of [
  ['icon-192', 192, 1, true],
  ['icon-512', 512, 1, true],
  ['icon-maskable-512', 512, 0.72, false],
  ['apple-touch-icon', 180, 0.85, false],
]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(svg(pad, rounded));
  await page.screenshot({ path: `web/static/icons/${name}.png`, omitBackground: true });
  await page.close();
}
await browser.close();
