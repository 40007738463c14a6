// Pages whose own scripts changed the environment before the widget's runs, as real sites do: an old library's
// enumerable additions to Object.prototype, a getter of Global Privacy Control that throws, another script's wrapper
// of document.cookie that refuses writes, a page served as XHTML, and a page in a frame of another site. The promises hold on each: nothing throws into
// the page, a refusal is stored and kept (or the console says why it cannot be), and nothing tagged runs against it.
// The built classic script over real HTTP, in Chromium. Needs `npm run build` first.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeChromium, openChromium } from './chromium.mjs';
import { sendDist } from './dist.mjs';
import { sites } from './sites.mjs';

const SHIMS = {
  // MooTools-era: a function and a number, both enumerable on every object.
  prototype: 'Object.prototype.extend = function () {}; Object.prototype.legacyCount = 1;',
  gpcThrows: "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { configurable: true, get() { throw new Error('no GPC here') } });",
  cookieWriteThrows: `const native = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
Object.defineProperty(document, 'cookie', { configurable: true, get() { return native.get.call(document) }, set() { throw new Error('cookie writes are blocked') } });`,
  // The same, throwing what cannot be made text (no prototype, so no toString).
  cookieWriteThrowsOdd: `const native = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
Object.defineProperty(document, 'cookie', { configurable: true, get() { return native.get.call(document) }, set() { throw Object.create(null) } });`,
};

const page = (shim, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title><script>${shim}</script></head>
<body><h1>Shop</h1>${body}
<script type="text/plain" data-category="analytics">window.analyticsRan = (window.analyticsRan ?? 0) + 1</script>
<script src="/cookie-consent.iife.js"></script></body></html>`;
const element = '<cookie-consent categories="analytics" google-consent-mode><cookie-category name="analytics" cookies="_ga"></cookie-category></cookie-consent>';

const pages = {
  '/prototype': page(SHIMS.prototype, element),
  '/gpc-throws': page(SHIMS.gpcThrows, element),
  '/cookie-write-throws': page(SHIMS.cookieWriteThrows, element),
  '/cookie-write-throws-odd': page(SHIMS.cookieWriteThrowsOdd, element),
  // The shop's page in a frame of another site (localhost and 127.0.0.1 are two sites), as a partner might embed it.
  '/plain': page('', element),
  '/partner': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title></head><body><h1>Book with the shop</h1>
<iframe width="800" height="500" title="The shop"></iframe>
<script>document.querySelector('iframe').src = location.origin.replace('127.0.0.1', 'localhost') + '/plain'</script></body></html>`,
  // Well-formed XHTML, served as such (below).
  '/xhtml': `<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><title>Shop</title></head>
<body><h1>Shop</h1><cookie-consent categories="analytics"></cookie-consent>
<script type="text/plain" data-category="analytics">window.analyticsRan = (window.analyticsRan ?? 0) + 1</script>
<script src="/cookie-consent.iife.js"></script></body></html>`,
};

const servers = sites((site, req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  site.requests.push(path);
  if (!Object.hasOwn(pages, path)) return sendDist(res, path);
  const type = path === '/xhtml' ? 'application/xhtml+xml' : 'text/html; charset=utf-8';
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(pages[path]);
});

let browser;
before(async () => {
  browser = await openChromium();
});
after(async () => {
  await servers.close();
  await closeChromium();
});

/** A context and page on a site of its own, with what reaches the page uncaught and the console's warnings. */
async function visit() {
  const site = await servers.open();
  const context = await browser.newContext();
  const tab = await context.newPage();
  const errors = [];
  const warnings = [];
  tab.on('pageerror', (error) => errors.push(String(error)));
  tab.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
  return { site, context, page: tab, errors, warnings };
}

/** A returning visitor's decision that grants analytics, and the analytics cookie it allowed. */
const granted = (origin) => [
  { name: 'cookie_consent', value: `v=1&r=0&t=${Date.now() - 60_000}&id=granted-before&s=banner&g=analytics&d=`, url: origin },
  { name: '_ga', value: 'GA1.1.123', url: origin },
];
const cookie = async (context, name) => (await context.cookies()).find((found) => found.name === name)?.value;

describe('pages that changed the environment first', { concurrency: true }, () => {
  it('Object.prototype with enumerable additions: a refusal is stored, the refused cookies go, nothing runs after it', async () => {
    const { site, context, page: tab, errors } = await visit();
    await context.addCookies(granted(site.origin));
    await tab.goto(`${site.origin}/prototype`);
    await tab.waitForFunction(() => window.analyticsRan === 1);
    await tab.evaluate(() => document.querySelector('cookie-consent').rejectAll());
    await tab.waitForFunction(() => !document.cookie.includes('_ga='));
    assert.match(await cookie(context, 'cookie_consent'), /&g=&d=analytics$/);
    await tab.reload();
    await tab.waitForFunction(() => document.querySelector('cookie-consent')?.consent?.source === 'api');
    assert.equal(await tab.evaluate(() => document.querySelector('cookie-consent').has('analytics')), false);
    assert.equal(await tab.evaluate(() => window.analyticsRan), undefined);
    // Consent Mode (on here) told Google the refusal, and only of its own types.
    const update = await tab.evaluate(() => [...window.dataLayer].reverse().find((args) => args[1] === 'update')?.[2]);
    assert.equal(update.analytics_storage, 'denied');
    assert.equal(Object.hasOwn(update, 'extend'), false);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('in a frame of another site, where the browser keeps no SameSite=Lax cookie: the warning says so, not "Are cookies disabled?"', async () => {
    const { site, context, page: tab, errors, warnings } = await visit();
    // The page's load waits for its frame's.
    await tab.goto(`${site.origin}/partner`, { waitUntil: 'load' });
    const frame = tab.frames()[1];
    await frame.waitForFunction(() => document.querySelector('cookie-consent')?.consent === null);
    await frame.evaluate(() => document.querySelector('cookie-consent').rejectAll());
    const told = () => warnings.filter((text) => text.includes('did not store'));
    for (let waited = 0; !told().length && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(told().length, 1, warnings.join('\n'));
    assert.match(told()[0], /in a frame of another site\? Browsers keep no SameSite=Lax cookie there\.$/);
    assert.equal(await frame.evaluate(() => window.analyticsRan), undefined);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('a Global Privacy Control getter that throws: the element starts as without the signal, nothing escapes', async () => {
    const { site, context, page: tab, errors } = await visit();
    await tab.goto(`${site.origin}/gpc-throws`);
    await tab.locator('cookie-consent [part~="accept"]').click();
    await tab.waitForFunction(() => window.analyticsRan === 1);
    assert.match(await cookie(context, 'cookie_consent'), /&s=banner&g=analytics&d=$/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  for (const [path, cause] of [['/cookie-write-throws', /document\.cookie threw: Error: cookie writes are blocked/], ['/cookie-write-throws-odd', /document\.cookie threw: \[object Object\]$/]]) {
    it(`a page's document.cookie that refuses writes (${path}): the decision holds for the page view, and the warning gives the cause`, async () => {
      const { site, context, page: tab, errors, warnings } = await visit();
      await tab.goto(`${site.origin}${path}`);
      await tab.locator('cookie-consent [part~="reject"]').click();
      await tab.waitForFunction(() => document.querySelector('cookie-consent').consent?.source === 'banner');
      // The element reads the cookie back once the page is idle; then it warns.
      const told = () => warnings.filter((text) => text.includes('did not store'));
      for (let waited = 0; !told().length && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(told().length, 1, warnings.join('\n'));
      assert.match(told()[0], cause);
      assert.equal(await tab.evaluate(() => window.analyticsRan), undefined);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }

  it('a page served as XHTML: one warning, no banner and no error; the API still decides, and tagged scripts obey', async () => {
    const { site, context, page: tab, errors, warnings } = await visit();
    await tab.goto(`${site.origin}/xhtml`);
    await tab.waitForFunction(() => document.querySelector('cookie-consent')?.shadowRoot);
    await tab.evaluate(() => document.querySelector('cookie-consent').updateComplete);
    assert.equal(warnings.filter((text) => text.includes('XHTML')).length, 1, warnings.join('\n'));
    assert.equal(await tab.locator('cookie-consent [part~="banner"]').count(), 0);
    await tab.evaluate(() => document.querySelector('cookie-consent').acceptAll());
    await tab.waitForFunction(() => window.analyticsRan === 1);
    assert.match(await cookie(context, 'cookie_consent'), /&s=api&g=analytics&d=$/);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
