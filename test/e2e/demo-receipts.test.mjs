// The demo shop keeps receipts in SQLite: a visitor's decision (and a GPC refusal) is recorded by the
// server, the shop's "What the server recorded" card shows it matching the cookie, and /stats counts it.
// Real Chromium against the built package; the demo runs in this process on a free port.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeChromium, openChromium } from './chromium.mjs';
import { startDemo } from '../../demo/server.mjs';

const dir = mkdtempSync(join(tmpdir(), 'cc-demo-receipts-'));
let demo;
let browser;

before(async () => {
  demo = await startDemo({ port: 0, log: () => {}, receiptsDb: join(dir, 'receipts.sqlite') });
  browser = await openChromium();
});
after(async () => {
  await closeChromium();
  await demo?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a decision is recorded by the server, matches the cookie and shows in the stats', async () => {
  // The three visitors side by side: most of each visit is waiting for its receipt to be stored.
  const visitors = [['/', 'Accept all', false], ['/csp', 'Reject all', false], ['/de', null, true]];
  await Promise.all(visitors.map(async ([path, choice, gpc]) => {
    const context = await browser.newContext(gpc ? { extraHTTPHeaders: { 'Sec-GPC': '1' } } : {});
    if (gpc) await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(demo.url + path);
    if (choice) await page.getByRole('button', { name: choice, exact: true }).click();
    const id = await page.evaluate(() => document.querySelector('cookie-consent').consent.id);
    // The receipt goes in a later task: the card asks again until it is there.
    await page.waitForFunction((id) => {
      const out = document.querySelector('#server-receipt');
      if (out.dataset.receiptId !== id) document.dispatchEvent(new CustomEvent('consent-change', { detail: { consent: document.querySelector('cookie-consent').consent } }));
      return out.dataset.receiptId === id;
    }, id, { polling: 300 });
    assert.match(await page.locator('#server-receipt').textContent(), /exactly|genau/);
    await context.close();
  }));
  const page = await browser.newPage();
  await page.goto(`${demo.url}/stats`);
  const rows = await page.locator('#stats-table tbody tr').allTextContents();
  assert.equal(rows.length, 1);
  assert.match(rows[0], /^\d{4}-\d{2}-\d{2}3.*1 \(33 %\).*0 \(0 %\).*2 \(67 %\).*banner 2, gpc 1/);
  assert.equal(await page.locator('#stats-chart rect').count(), 3);
  await page.close();
});

test('a decision is recorded also when the tab closes before the receipt sender has loaded', async () => {
  const context = await browser.newContext();
  // A slow network: the sender file, loaded only at the decision, arrives after the visitor has gone.
  await context.route('**/cookie-consent-receipts.js', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue().catch(() => {});
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(demo.url + '/');
  await page.getByRole('button', { name: 'Accept all', exact: true }).click();
  await page.waitForTimeout(100);
  await page.close();
  const id = /id=([^&]+)/.exec((await context.cookies()).find((cookie) => cookie.name === 'cookie_consent')?.value ?? '')?.[1];
  assert.ok(id, 'the decision is in the cookie');
  // The next page view (which shows no banner) sends what the closed tab left.
  await context.unroute('**/cookie-consent-receipts.js');
  const next = await context.newPage();
  await next.goto(demo.url + '/');
  let recorded;
  for (const end = Date.now() + 15_000; recorded !== id && Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 300))) {
    recorded = (await (await context.request.get(demo.url + '/receipt')).json()).receipt?.id;
  }
  assert.equal(recorded, id);
  await context.close();
});
