// A visitor's walk through the demo shop (`npm start`), in real Chromium against the built package:
// the demo server runs in this process on a free port, its request log says what the browser fetched.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeChromium, openChromium } from './chromium.mjs';
import { startDemo } from '../../demo/server.mjs';
import { visitors } from './visitors.mjs';

const de = JSON.parse(readFileSync(new URL('../../src/view/texts/lang/de.json', import.meta.url), 'utf8'));

let demo;
let browser;
/**
 * Fresh visitors, in contexts reused (visitors.mjs). All are on the demo's one origin: each still has cookies and
 * storage of its own, and the demo server answers no-store or no-cache, so no visitor's cache spares a request.
 */
let visitor;
const serverLog = [];

/** Every visitor's page records its CSP violations (window.__violations). */
const recordViolations = () => {
  document.addEventListener('securitypolicyviolation', (event) => {
    (window.__violations ??= []).push(`${event.violatedDirective} ${event.blockedURI}`);
  });
};

before(async () => {
  demo = await startDemo({ port: 0, log: (line) => serverLog.push(line) });
  browser = await openChromium();
  visitor = visitors(browser, { init: recordViolations });
});
after(async () => {
  await closeChromium();
  await demo?.close();
});

/** A fresh visitor (own cookies) on `path`, with every console error, page error and CSP violation collected. */
async function visit(path = '/', { gpc = false } = {}) {
  let context, page;
  if (gpc) {
    // A header the context sends on every request, and a script of its own: this visitor gets a context of its own.
    context = await browser.newContext({ extraHTTPHeaders: { 'Sec-GPC': '1' } });
    // Chromium has no GPC switch; a browser that has one sends the header and exposes this property.
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    await context.addInitScript(recordViolations);
    page = await context.newPage();
  } else {
    ({ context, page } = await visitor());
  }
  page.setDefaultTimeout(8000);
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.goto(demo.url + path);
  return { context, page, problems };
}

/** What the demo server saw this visitor request that needs consent. */
async function requested(context) {
  const response = await context.request.get(`${demo.url}/requests`);
  return (await response.json()).requests.map((entry) => entry.path);
}

async function cookie(context, name) {
  return (await context.cookies(demo.url)).find((c) => c.name === name);
}

const button = (page, name) => page.getByRole('button', { name, exact: true });
const toggle = (page, name) => {
  const dialog = page.getByRole('dialog');
  return dialog.getByRole('checkbox', { name }).or(dialog.getByRole('switch', { name }));
};

/** The element's own view of the decision. */
const browserConsent = (page) => page.evaluate(() => document.querySelector('cookie-consent')?.consent ?? null);

/** The server-rendered panel, after a reload so it reflects the cookie the browser now sends. */
async function serverPanel(page) {
  await page.reload();
  const panel = page.locator('#server-panel');
  return {
    id: await panel.getAttribute('data-consent-id'),
    analytics: await panel.getAttribute('data-analytics'),
    text: await panel.innerText(),
  };
}

async function addToCart(page, product = 'Add to cart') {
  await button(page, product).first().click();
}

// Two visitors at once, each with cookies of their own: most of a walk is waiting for the page.
describe('demo shop', { concurrency: 2 }, () => {
  test('before a choice: banner, placeholder, nothing gated requested, the cart works', async () => {
    const { context, page, problems } = await visit('/');
    await button(page, 'Accept all').waitFor();
    await assert.doesNotReject(button(page, 'Reject all').waitFor());
    await page.waitForLoadState('load');

    assert.deepEqual(await requested(context), []);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.analytics), undefined);
    assert.equal(await page.locator('iframe[data-category]').getAttribute('src'), null);
    // The widget's stand-in for the video names the category and offers to load it.
    await page.getByRole('button', { name: /marketing/i }).first().waitFor();

    await addToCart(page);
    await page.locator('#cart', { hasText: '1 × T-shirt' }).waitFor();
    const cart = await cookie(context, 'cart');
    assert.equal(cart.value, 'tee');
    assert.equal(cart.httpOnly, true);
    assert.equal(cart.sameSite, 'Lax');

    const panel = await serverPanel(page);
    assert.equal(panel.id, '');
    assert.equal(panel.analytics, 'refused');
    assert.equal(await cookie(context, 'srv_visits'), undefined);
    assert.match(await page.locator('#cart').innerText(), /1 × T-shirt/, 'the cart survives a reload');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('Accept all: everything loads, the server agrees and counts the visit', async () => {
    const { context, page, problems } = await visit('/');
    await button(page, 'Accept all').click();
    await page.locator('#analytics-status.ran').waitFor();
    await page.locator('iframe[src="/embed/video.html"]').waitFor({ state: 'attached' });
    await page.waitForFunction(() => document.querySelector('img.pixel')?.complete && document.querySelector('img.pixel').src);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(new Set(await requested(context)), new Set(['/analytics.js', '/pixel.gif', '/embed/video.html']));
    assert.equal(await button(page, 'Accept all').isVisible(), false, 'the banner is gone');

    const consent = await browserConsent(page);
    assert.equal(consent.categories.analytics, true);
    assert.equal(consent.categories.marketing, true);
    // Without a reload, the page asks the server (consentMiddleware behind GET /consent) and shows what it reads.
    await page.locator(`#server-now[data-consent-id="${consent.id}"]`).waitFor();
    const panel = await serverPanel(page);
    assert.equal(panel.id, consent.id, 'the server reads the decision the browser made');
    assert.equal(panel.analytics, 'granted');
    assert.match(panel.text, /visit 1\b/);
    assert.equal((await cookie(context, 'srv_visits'))?.value, '1');
    assert.equal(await button(page, 'Accept all').isVisible(), false, 'no banner after a reload');

    await addToCart(page);
    await page.locator('#cart', { hasText: '1 × T-shirt' }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("the server's cookie guard drops the analytics cookie for a visitor who refused, and lets it through once granted", async () => {
    const { context, page, problems } = await visit('/');
    await button(page, 'Reject all').click();
    await button(page, 'Accept all').waitFor({ state: 'hidden' });
    // The visitor's own cookies, over real HTTP: /analytics.js always tries to set _demo_analytics.
    const setsId = async () => (await context.request.get(`${demo.url}/analytics.js`)).headersArray().some(({ name, value }) => name.toLowerCase() === 'set-cookie' && value.startsWith('_demo_analytics='));
    assert.equal(await setsId(), false, 'dropped after Reject all');
    assert.equal(await cookie(context, '_demo_analytics'), undefined);
    await page.evaluate(() => document.querySelector('cookie-consent').acceptAll());
    // The page writes the cookie; the requests below take it from the browser's jar, which may have it a moment later.
    for (let tries = 0; tries < 100 && !(await cookie(context, 'cookie_consent'))?.value.includes('analytics'); tries++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(await setsId(), true, 'passed after Accept all');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('Reject all: nothing gated ever loads; the cart works; the footer link reopens the choice', async () => {
    const { context, page, problems } = await visit('/');
    await button(page, 'Reject all').click();
    await button(page, 'Accept all').waitFor({ state: 'hidden' });
    const consent = await browserConsent(page);
    assert.deepEqual(consent.categories, { necessary: true, analytics: false, marketing: false });

    const panel = await serverPanel(page);
    await page.waitForLoadState('networkidle');
    assert.equal(panel.id, consent.id);
    assert.equal(panel.analytics, 'refused');
    assert.deepEqual(await requested(context), []);
    assert.equal(await cookie(context, 'srv_visits'), undefined);
    assert.equal(await button(page, 'Accept all').isVisible(), false, 'a refusal is remembered');

    await addToCart(page);
    await page.locator('#cart', { hasText: '1 × T-shirt' }).waitFor();

    await page.getByRole('link', { name: 'Cookie settings' }).click();
    await page.getByRole('dialog').waitFor();
    assert.equal(await toggle(page, 'Analytics').isChecked(), false);
    assert.equal(await toggle(page, 'Marketing').isChecked(), false);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('Customize: analytics only, then withdrawn from the footer as easily as given', async () => {
    const { context, page, problems } = await visit('/');
    await button(page, 'Customize').click();
    await page.getByRole('dialog').waitFor();
    assert.equal(await toggle(page, 'Analytics').isChecked(), false, 'nothing is pre-ticked');
    await toggle(page, 'Analytics').check();
    await page.getByRole('dialog').getByRole('button', { name: /^Save/ }).click();
    await page.locator('#analytics-status.ran').waitFor();

    let panel = await serverPanel(page);
    assert.equal(panel.analytics, 'granted');
    assert.match(panel.text, /marketing\s+refused/);
    assert.equal((await cookie(context, 'srv_visits'))?.value, '1');
    assert.equal(await page.locator('iframe[data-category]').getAttribute('src'), null, 'the video still waits');
    await page.locator('#analytics-status.ran').waitFor();
    const paths = await requested(context);
    assert.ok(paths.length >= 1 && paths.every((path) => path === '/analytics.js'), `analytics only: ${paths}`);

    // Withdraw: footer link, switch analytics off, save.
    await page.getByRole('link', { name: 'Cookie settings' }).click();
    await page.getByRole('dialog').waitFor();
    assert.equal(await toggle(page, 'Analytics').isChecked(), true);
    await toggle(page, 'Analytics').uncheck();
    await page.getByRole('dialog').getByRole('button', { name: /^Save/ }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    assert.equal((await browserConsent(page)).categories.analytics, false);

    panel = await serverPanel(page);
    assert.equal(panel.analytics, 'refused');
    assert.equal(await cookie(context, 'srv_visits'), undefined, 'the server dropped its analytics cookie');
    assert.equal(await cookie(context, '_demo_analytics'), undefined, "the analytics script's cookie is gone");
    assert.equal(await page.locator('#analytics-status.ran').count(), 0, 'analytics.js no longer runs');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("the video placeholder's button grants marketing and loads the frame", async () => {
    const { context, page, problems } = await visit('/');
    await page.getByRole('button', { name: /marketing/i }).first().click();
    await page.locator('iframe[src="/embed/video.html"]').waitFor({ state: 'attached' });
    const granted = await page.evaluate(() => ['marketing', 'analytics'].map((id) => document.querySelector('cookie-consent').has(id)));
    assert.deepEqual(granted, [true, false], 'only the category asked for');
    // Analytics is still unanswered: no valid decision yet, so the banner stays and the cookie refuses nothing.
    assert.equal(await browserConsent(page), null);
    assert.match((await cookie(context, 'cookie_consent')).value, /&s=placeholder&g=marketing&d=$/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('Global Privacy Control: no banner, every optional category refused, on the page and on the server', async () => {
    const { context, page, problems } = await visit('/', { gpc: true });
    assert.match(await page.locator('#server-panel').innerText(), /Global Privacy Control/, 'the server reads Sec-GPC');
    await page.waitForFunction(() => document.querySelector('cookie-consent')?.consent);
    const consent = await browserConsent(page);
    assert.equal(consent.source, 'gpc');
    assert.deepEqual(consent.categories, { necessary: true, analytics: false, marketing: false });
    assert.equal(await button(page, 'Accept all').isVisible(), false, 'no banner');
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await requested(context), []);
    const panel = await serverPanel(page);
    assert.equal(panel.id, consent.id, 'the recorded refusal is the one the server reads');
    assert.equal(panel.analytics, 'refused');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the German page is German, banner included', async () => {
    const { context, page, problems } = await visit('/de');
    assert.equal(await page.locator('html').getAttribute('lang'), 'de');
    await button(page, de.acceptAll).waitFor();
    await button(page, de.rejectAll).waitFor();
    await button(page, de.customize).waitFor();
    assert.equal(await button(page, 'Accept all').count(), 0);
    await page.getByRole('link', { name: 'Cookie-Einstellungen' }).waitFor();
    await addToCart(page, 'In den Warenkorb');
    await page.locator('#cart', { hasText: '1 × T-Shirt' }).waitFor();
    await button(page, de.rejectAll).click();
    const panel = await serverPanel(page);
    assert.match(panel.text, /Was der Server über Ihre Einwilligung weiß/);
    assert.match(panel.text, /analytics abgelehnt/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the strict-CSP page works without a single violation', async () => {
    const { context, page, problems } = await visit('/csp');
    const policy = (await context.request.get(`${demo.url}/csp`)).headers()['content-security-policy'];
    assert.match(policy, /script-src 'self' 'nonce-[^']+'/);
    assert.match(policy, /style-src 'self'(;|$)/);

    await button(page, 'Accept all').click();
    await page.locator('#analytics-status.ran').waitFor();
    await page.locator('#inline-status.ran').waitFor();
    await page.locator('iframe[src="/embed/video.html"]').waitFor({ state: 'attached' });
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await page.evaluate(() => window.__violations ?? []), []);
    assert.deepEqual(problems, []);
    // The element here has google-consent-mode: the page shows the default and the update.
    await page.locator('#consent-mode', { hasText: /update .*"analytics_storage": "granted"/s }).waitFor();
    assert.match(await page.locator('#consent-mode').innerText(), /^default .*"analytics_storage": "denied"/s);

    // The presets: the map and the video were released by Accept all; each service has its switch in the dialog.
    await page.locator('iframe[src="/embed/map.html"]').waitFor({ state: 'attached' });
    // <cookie-category cookies="…"> and <cookie-service cookies="…"> at work: revoking analytics (and with it
    // its matomo service) deletes their cookies in the browser at once.
    await page.getByRole('link', { name: 'Cookie settings' }).click();
    assert.deepEqual(await Promise.all(['Matomo', 'YouTube', 'Google Maps'].map((name) => toggle(page, name).isChecked())), [true, true, true]);
    await toggle(page, 'Analytics').uncheck();
    assert.equal(await toggle(page, 'Matomo').isChecked(), false);
    // One of marketing's services off: the browser announces the category's checkbox as mixed.
    await toggle(page, 'YouTube').uncheck();
    assert.match(await page.getByRole('dialog').ariaSnapshot(), /checkbox "Marketing" \[checked=mixed\]/);
    await page.getByRole('dialog').getByRole('button', { name: /^Save/ }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.waitForFunction(() => !document.cookie.includes('_demo_analytics=') && !document.cookie.includes('srv_visits='));
    assert.deepEqual(await page.evaluate(() => window.__violations ?? []), []);
    await context.close();
  });
});

// After every visitor above, so that the log holds what they asked for.
describe('demo shop server', () => {
  test('`node demo/server.mjs` prints its URL, moves off a busy port and stops cleanly on Ctrl-C', async () => {
    // PORT is the in-process demo's port, so it is busy.
    const child = spawn(process.execPath, [new URL('../../demo/server.mjs', import.meta.url).pathname], {
      env: { ...process.env, PORT: String(demo.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    while (!/Demo shop: (http:\/\/127\.0\.0\.1:\d+)\//.test(output)) {
      if (child.exitCode !== null) assert.fail(output);
      await once(child.stdout, 'data');
    }
    const url = /Demo shop: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output)[1];
    assert.match(output, new RegExp(`Port ${demo.port} is busy`));
    assert.notEqual(url, demo.url);
    assert.equal((await fetch(`${url}/`)).status, 200);
    child.kill('SIGINT');
    const [code, signal] = await once(child, 'exit');
    assert.deepEqual([code, signal], [0, null], output);
  });

  test('the server logs each gated request to stdout', () => {
    assert.ok(serverLog.some((line) => /GET \/analytics\.js 200 .*needs analytics consent/.test(line)), serverLog.join('\n'));
  });
});
