// Cookie tossing (issue 11, point 4; CONTRACT section 6): a sibling subdomain writes a copy of the
// consent cookie for the parent domain (or at another path) that grants everything. The visitor's own
// later decision must still be what the page and the server read. Real Chromium, real cookies, real
// HTTP, with www.shop.test and evil.shop.test both reaching this machine. Needs `npm run build` first.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeChromium, openChromium } from './chromium.mjs';
import { parseConsent } from '../../dist/server.js';
import { sendDist } from './dist.mjs';
import { sites } from './sites.mjs';

const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head><body><p>Shop</p>
<script type="text/plain" data-category="analytics">window.loaded = [...(window.loaded ?? []), 'analytics']</script>
<script type="text/plain" data-category="marketing">window.loaded = [...(window.loaded ?? []), 'marketing']</script>
<script src="/cookie-consent.iife.js" data-categories="analytics marketing"></script></body></html>`;

// A site (see sites.mjs) for each visitor, so that visitors can come side by side; its `lastCookieHeader`
// is the `Cookie` header of its last page request, as the browser sent it.
const servers = sites((site, req, res) => {
  // The script, and what it loads from beside it (the banner, the dialog).
  if (req.url.startsWith('/cookie-consent')) return sendDist(res, req.url);
  site.lastCookieHeader = req.headers.cookie;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
});

const HOUR = 3_600_000;
/** The copy the sibling writes: every category granted, dated `ahead` ms in the future. */
const tossed = (ahead, path = '/') =>
  `cookie_consent=v=1&r=0&t=${Date.now() + ahead}&id=x&s=banner&g=analytics+marketing&d=; Domain=shop.test; Path=${path}; Max-Age=9999`;

describe('a copy of the consent cookie tossed in by a sibling subdomain', { concurrency: true }, () => {
  let browser;

  before(async () => {
    browser = await openChromium();
  });

  after(async () => {
    await closeChromium();
    await servers.close();
  });

  /** A visitor who clicked Reject all on www.shop.test at `path`, and the sibling's tab; `warnings` collects the shop's. */
  async function visitorWhoRejected(path = '/') {
    const site = await servers.open();
    const { port } = site;
    const context = await browser.newContext();
    const shop = await context.newPage();
    const warnings = [];
    shop.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
    await shop.goto(`http://www.shop.test:${port}${path}`);
    await shop.locator('cookie-consent').getByRole('button', { name: 'Reject all' }).first().click();
    await shop.waitForFunction(() => document.querySelector('cookie-consent')?.consent !== null);
    const evil = await context.newPage();
    await evil.goto(`http://evil.shop.test:${port}/`);
    return { context, shop, evil, warnings, site };
  }

  /**
   * The sibling's tab writes `cookies`; resolves to the copies of the consent cookie the browser's store holds
   * once it holds them all, the visitor's and the sibling's (or after a second). A page's writes reach the store
   * over the page's own channel, so a read from outside the page, or the next request, need not see them yet.
   */
  async function toss(context, evil, ...cookies) {
    await evil.evaluate((values) => values.forEach((value) => (document.cookie = value)), cookies);
    const copies = async () => (await context.cookies()).filter((c) => c.name === 'cookie_consent');
    let found = await copies();
    for (let tries = 0; found.length <= cookies.length && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      found = await copies();
    }
    return found;
  }

  const state = (tab) => tab.evaluate(() => {
    const element = document.querySelector('cookie-consent');
    return {
      banner: !!element.shadowRoot?.querySelector('[part~="banner"]'),
      id: element.consent?.id,
      marketing: element.has('marketing'),
      loaded: window.loaded ?? [],
    };
  });

  /** Reloads the shop and returns its state once the element has started. */
  async function reloaded(tab) {
    await tab.reload();
    await tab.waitForFunction(() => document.querySelector('cookie-consent')?.consent !== undefined);
    return state(tab);
  }

  // Not tossed: the visitor's own decision, shared by a sibling site (cookie-domain) that asks about analytics only.
  // Here, where marketing is asked about too, GPC refuses it and carries the analytics grant forward with its date:
  // a date that tied with the shared copy's made the check take that copy for a later one, delete it and warn.
  it('a GPC refusal carrying a grant from a copy a sibling shares leaves that copy alone', async () => {
    const site = await servers.open();
    const context = await browser.newContext();
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    const shared = `v=1&r=0&t=${Date.now() - HOUR}&id=shared&s=banner&g=analytics&d=`;
    await context.addCookies([{ name: 'cookie_consent', value: shared, domain: '.shop.test', path: '/' }]);
    try {
      const shop = await context.newPage();
      const warnings = [];
      shop.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
      await shop.goto(`http://www.shop.test:${site.port}/`);
      await shop.waitForFunction(() => document.querySelector('cookie-consent')?.consent?.source === 'gpc');
      // The check reads the cookie back once the page is idle.
      await shop.waitForTimeout(500);
      const copies = (await context.cookies()).filter((c) => c.name === 'cookie_consent');
      assert.deepEqual(copies.map((c) => c.domain).sort(), ['.shop.test', 'www.shop.test'], JSON.stringify(copies));
      assert.deepEqual(warnings.filter((text) => text.includes('Another copy')), []);
      assert.deepEqual(await state(shop), { banner: false, id: await shop.evaluate(() => document.querySelector('cookie-consent').consent.id), marketing: false, loaded: ['analytics'] });
    } finally {
      await context.close();
    }
  });

  it('dated a day ahead: no decision at all; the visitor\'s refusal holds on the page and on the server', async () => {
    const { context, shop, evil, site } = await visitorWhoRejected();
    try {
      const { id } = await state(shop);
      const copies = await toss(context, evil, tossed(23 * HOUR));
      assert.equal(copies.length, 2, `the sibling wrote its copy; the browser holds ${JSON.stringify(copies.map((c) => [c.domain, c.path, c.value]))}`);
      const after = await reloaded(shop);
      assert.equal(after.id, id, 'the visitor\'s own decision');
      assert.equal(after.marketing, false);
      assert.deepEqual(after.loaded, []);
      assert.equal(parseConsent(site.lastCookieHeader)?.id, id);
    } finally {
      await context.close();
    }
  });

  for (const [where, path, cookiePath] of [['for the parent domain', '/', '/'], ['at another path', '/shop/item', '/shop']]) {
    it(`dated within the clocks' skew, ${where}: rejecting again deletes it, warns why, and the refusal holds after a reload`, async () => {
      const { context, shop, evil, warnings, site } = await visitorWhoRejected(path);
      try {
        await toss(context, evil, tossed(2 * 60_000, cookiePath));
        await shop.reload();
        // Two minutes ahead is within what clocks may differ by, so the copy counts until the visitor decides again.
        await shop.waitForFunction(() => document.querySelector('cookie-consent')?.has('marketing') === true);
        await shop.evaluate(() => document.querySelector('cookie-consent').rejectAll());
        const { id } = await state(shop);
        assert.equal((await state(shop)).marketing, false, 'the page uses the new decision at once');
        await shop.waitForFunction(() => document.cookie.split('; ').filter((c) => c.startsWith('cookie_consent=')).length === 1);
        assert.ok(warnings.some((w) => /Another copy of the cookie.*deleted it/.test(w)), warnings.join('\n'));
        assert.ok(!warnings.some((w) => /cookies disabled/.test(w)), warnings.join('\n'));
        assert.equal((await context.cookies()).filter((c) => c.name === 'cookie_consent' && c.domain === '.shop.test').length, 0);
        const after = await reloaded(shop);
        assert.equal(after.id, id, 'the reload shows the decision just made');
        assert.equal(after.banner, false);
        assert.deepEqual(after.loaded, []);
        assert.equal(parseConsent(site.lastCookieHeader)?.id, id, 'the server reads it too');
      } finally {
        await context.close();
      }
    });
  }

  it('sixteen older copies at the longer paths of a deep page, listed before the visitor\'s own: the refusal still holds', async () => {
    // The browser lists longer paths first: a reader that stopped after 16 copies never saw the visitor's at `/`.
    const deep = '/a/b/c/d/e/f/g/h/page';
    const paths = deep.split('/').slice(1, -1).flatMap((_, i, parts) => [`/${parts.slice(0, i + 1).join('/')}`, `/${parts.slice(0, i + 1).join('/')}/`]);
    const { context, shop, evil, site } = await visitorWhoRejected(deep);
    try {
      const { id } = await state(shop);
      const copies = await toss(context, evil, ...paths.map((path) => tossed(-HOUR, path)));
      assert.equal(copies.length, 17, 'the visitor\'s copy and the sibling\'s sixteen');
      const after = await reloaded(shop);
      assert.equal(after.id, id, 'the visitor\'s own decision');
      assert.equal(after.marketing, false);
      assert.deepEqual(after.loaded, []);
      assert.equal(parseConsent(site.lastCookieHeader)?.id, id, 'the server reads it too');
      assert.ok(site.lastCookieHeader.indexOf('id=x') < site.lastCookieHeader.lastIndexOf(`id=${id}`), 'the sibling\'s copies come first');
    } finally {
      await context.close();
    }
  });
});
