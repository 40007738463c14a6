// Takes the README's screenshot from the real demo: `npm run build && node scripts/screenshot-demo.mjs`.
// Starts the demo shop on a free port, opens it in Chromium as a first-time visitor (so the banner
// shows) and writes docs/screenshots/demo.png.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../test/browsers.mjs';
import { startDemo } from '../demo/server.mjs';

const out = fileURLToPath(new URL('../docs/screenshots/demo.png', import.meta.url));
// The usual port, so the placeholder names the host a visitor of `npm start` sees (another one if busy).
const demo = await startDemo({ port: 8080, log: () => {} });
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 920 }, colorScheme: 'light', locale: 'en-GB' });
  await page.goto(`${demo.url}/`);
  await page.getByRole('button', { name: 'Accept all', exact: true }).waitFor();
  await page.waitForLoadState('networkidle');
  await mkdir(fileURLToPath(new URL('../docs/screenshots/', import.meta.url)), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await demo.close();
}
