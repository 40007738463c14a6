// The consent cookie's attributes (CONTRACT section 6), as the browser stores them: over real HTTPS
// (a certificate made for this run) and over plain HTTP, from the built classic script.
// Needs `npm run build` first, and `openssl` for the certificate.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createHttpServer } from 'node:http';
import { closeChromium, openChromium } from './chromium.mjs';
import { parseConsent } from '../../dist/server.js';
import { sendDist } from './dist.mjs';
import { certificate } from './tls.mjs';

const page = (attributes) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Attributes</title></head>
<body><p>Page</p><script src="/cookie-consent.iife.js" data-categories="analytics" ${attributes}></script></body></html>`;

function handler(req, res) {
  const url = new URL(req.url, 'http://x');
  // The script, and what it loads from beside it (the banner, the dialog).
  if (url.pathname.startsWith('/cookie-consent')) {
    sendDist(res, url.pathname);
  } else {
    cookieHeaders.set(`${req.headers.host}${req.url}`, req.headers.cookie);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(url.searchParams.get('a') ?? ''));
  }
}

const DAY = 86_400;

/** The `Cookie` header of the last request for each page (host, port, path and query), as the browser sent it. */
const cookieHeaders = new Map();

// Each test in a context of its own, side by side: most of each is waiting for the browser.
describe('the consent cookie as the browser stores it', { concurrency: 4 }, () => {
  let https, http, browser;

  before(async () => {
    https = createHttpsServer(certificate(), handler);
    http = createHttpServer(handler);
    await Promise.all([https, http].map((server) => new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))));
    // The shared Chromium (chromium.mjs) takes *.example.test to this machine, so that a page may set a cookie with a real Domain;
    // *.github.io too: a public suffix, for which no page may set a cookie.
    browser = await openChromium();
  });

  after(async () => {
    await closeChromium();
    https?.close();
    http?.close();
  });

  /** Loads the page, clicks Reject all, and returns what the browser stored and the page's warnings. */
  async function decide(origin, attributes = '') {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    try {
      const tab = await context.newPage();
      const warnings = [];
      tab.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
      await tab.goto(`${origin}/?a=${encodeURIComponent(attributes)}`);
      const before = Date.now() / 1000;
      await tab.locator('cookie-consent').getByRole('button', { name: 'Reject all' }).first().click();
      await tab.waitForFunction(() => document.querySelector('cookie-consent')?.consent !== null);
      // The element reads its cookie back once the page is idle after the click.
      await tab.evaluate(() => new Promise((resolve) => requestIdleCallback(() => setTimeout(resolve))));
      return { before, cookies: await context.cookies(), warnings, consent: await tab.evaluate(() => document.querySelector('cookie-consent').consent) };
    } finally {
      await context.close();
    }
  }

  it('over https: Secure, SameSite=Lax, Path=/, host-only, lifetime 182 days', async () => {
    const { before, cookies } = await decide(`https://localhost:${https.address().port}`);
    const cookie = cookies.find((c) => c.name === 'cookie_consent');
    assert.ok(cookie, 'the consent cookie was stored');
    assert.equal(cookie.secure, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.path, '/');
    assert.equal(cookie.domain, 'localhost');
    assert.equal(cookie.httpOnly, false);
    assert.ok(Math.abs(cookie.expires - (before + 182 * DAY)) < 120, `expires ${cookie.expires} is 182 days on`);
    assert.match(cookie.value, /^v=1&r=0&t=\d+&id=[\w-]+&s=banner&g=&d=analytics$/);
  });

  it('over http: not Secure (the browser would drop it), the same otherwise', async () => {
    const { cookies } = await decide(`http://127.0.0.1:${http.address().port}`);
    const cookie = cookies.find((c) => c.name === 'cookie_consent');
    assert.ok(cookie, 'the consent cookie was stored');
    assert.equal(cookie.secure, false);
    assert.equal(cookie.sameSite, 'Lax');
  });

  it('cookie-name, cookie-path and expires-days shape the cookie', async () => {
    const { before, cookies } = await decide(
      `https://localhost:${https.address().port}`,
      'data-cookie-name="consent_v2" data-cookie-path="/shop" data-expires-days="30"',
    );
    const cookie = cookies.find((c) => c.name === 'consent_v2');
    assert.ok(cookie, 'the cookie has the configured name');
    assert.equal(cookie.path, '/shop');
    assert.equal(cookies.some((c) => c.name === 'cookie_consent'), false);
    assert.ok(Math.abs(cookie.expires - (before + 30 * DAY)) < 120, `expires ${cookie.expires} is 30 days on`);
  });

  describe('the __Host- and __Secure- name prefixes', { concurrency: 4 }, () => {
    it('__Host- over https: Secure, Path=/, host-only, whatever cookie-domain and cookie-path say (each warns once)', async () => {
      const { cookies, warnings } = await decide(
        `https://www.example.test:${https.address().port}`,
        'data-cookie-name="__Host-consent" data-cookie-domain="example.test" data-cookie-path="/shop"',
      );
      const cookie = cookies.find((c) => c.name === '__Host-consent');
      assert.ok(cookie, `the browser stored the __Host- cookie; warnings: ${warnings.join(' | ')}`);
      assert.equal(cookie.secure, true);
      assert.equal(cookie.path, '/');
      assert.equal(cookie.domain, 'www.example.test');
      assert.equal(warnings.filter((w) => w.includes('cookie-domain') && w.includes('__Host-')).length, 1, warnings.join(' | '));
      assert.equal(warnings.filter((w) => w.includes('cookie-path') && w.includes('__Host-')).length, 1, warnings.join(' | '));
      assert.equal(warnings.length, 2, warnings.join(' | '));
      assert.equal(parseConsent(`__Host-consent=${cookie.value}`, { cookieName: '__Host-consent' })?.categories.analytics, false);
    });

    it('__Secure- over https: Secure, with the configured Domain', async () => {
      const { cookies, warnings } = await decide(
        `https://www.example.test:${https.address().port}`,
        'data-cookie-name="__Secure-consent" data-cookie-domain="example.test"',
      );
      const cookie = cookies.find((c) => c.name === '__Secure-consent');
      assert.ok(cookie, 'the browser stored the __Secure- cookie');
      assert.equal(cookie.secure, true);
      assert.equal(cookie.domain, '.example.test');
      assert.deepEqual(warnings, []);
    });

    for (const name of ['__Host-consent', '__Secure-consent']) {
      it(`${name} over http: not stored; one warning says it needs https; the decision holds for the page view`, async () => {
        const { cookies, warnings, consent } = await decide(`http://www.example.test:${http.address().port}`, `data-cookie-name="${name}"`);
        assert.deepEqual(cookies, []);
        assert.equal(consent.categories.analytics, false);
        assert.equal(warnings.length, 1, warnings.join(' | '));
        assert.match(warnings[0], new RegExp(`"${name}".*page view only.*needs https`));
      });
    }
  });

  it('a public suffix as cookie-domain: not stored; one warning names the suffix, not disabled cookies; the decision holds for the page view', async () => {
    const { cookies, warnings, consent } = await decide(`http://shop.github.io:${http.address().port}`, 'data-cookie-domain="github.io"');
    assert.deepEqual(cookies, []);
    assert.equal(consent.categories.analytics, false);
    assert.equal(warnings.length, 1, warnings.join(' | '));
    assert.match(warnings[0], /"cookie_consent" cookie \(Domain=github\.io\).*page view only.*github\.io a public suffix/);
    assert.doesNotMatch(warnings[0], /disabled/);
  });

  // One after the other (a suite takes its parent's concurrency unless told): both visit the same page,
  // whose last Cookie header they read.
  describe('after the site sets cookie-domain, beside the host-only cookie from before', { concurrency: 1 }, () => {
    const old = `v=1&r=0&t=${Date.now() - DAY * 1000}&id=olddecision1&s=banner&g=analytics&d=`;
    const attributes = encodeURIComponent('data-cookie-domain="example.test"');
    const consentCookies = async (context) =>
      (await context.cookies()).filter((c) => c.name === 'cookie_consent').map((c) => `${c.domain} ${c.value}`);
    /**
     * The consent cookies once the browser's store holds what the page wrote: `document.cookie` returns at once, and
     * the store applies the writes a moment later (CI 72 read it too soon). Read again until `ready`, for 5 s at most.
     */
    const storedCookies = async (context, ready) => {
      let cookies = await consentCookies(context);
      for (const end = Date.now() + 5000; !ready(cookies) && Date.now() < end; cookies = await consentCookies(context)) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return cookies;
    };

    const onWww = () => `www.example.test:${http.address().port}/?a=${attributes}`;
    const lastCookieHeader = () => cookieHeaders.get(onWww());

    /** A tab on www.example.test whose visitor decided (analytics granted) before the site set cookie-domain. */
    async function visitorWithOldCookie(context) {
      const tab = await context.newPage();
      const url = `http://${onWww()}`;
      await tab.goto(url);
      await tab.evaluate((value) => { document.cookie = `cookie_consent=${value}; path=/; max-age=9999`; }, old);
      await tab.reload();
      return tab;
    }

    it('Reject all replaces the old decision, after a reload too, and reset() deletes both copies', async () => {
      const context = await browser.newContext();
      try {
        const tab = await visitorWithOldCookie(context);
        const el = tab.locator('cookie-consent');
        assert.equal(await el.evaluate((e) => e.consent?.id), 'olddecision1');
        const { id, timestamp } = await el.evaluate((e) => (e.rejectAll(), { id: e.consent.id, timestamp: e.consent.timestamp }));
        // The host-only copy went when the Domain copy was written.
        assert.deepEqual(await storedCookies(context, (cookies) => cookies.length === 1 && cookies[0].includes(id)), [`.example.test v=1&r=0&t=${timestamp}&id=${id}&s=api&g=&d=analytics`]);
        await tab.reload();
        assert.equal(await el.evaluate((e) => e.consent?.id), id);
        assert.equal(await el.evaluate((e) => e.has('analytics')), false);
        assert.equal(parseConsent(lastCookieHeader())?.id, id);

        // A host-only copy that came back (an older version of the page still running in a tab):
        // reset() deletes it as well as the Domain copy.
        await tab.evaluate((value) => { document.cookie = `cookie_consent=${value}; path=/; max-age=9999`; }, old);
        assert.equal((await storedCookies(context, (cookies) => cookies.length === 2)).length, 2);
        await el.evaluate((e) => e.reset());
        assert.deepEqual(await storedCookies(context, (cookies) => cookies.length === 0), []);
      } finally {
        await context.close();
      }
    });

    it('the page and the server read the newer of two copies that the browser lists older first', async () => {
      const context = await browser.newContext();
      try {
        const tab = await visitorWithOldCookie(context);
        // A newer Domain copy written beside it (by another page of the site, say).
        const newer = `v=1&r=0&t=${Date.now()}&id=newdecision1&s=preferences&g=&d=analytics`;
        await tab.evaluate((value) => { document.cookie = `cookie_consent=${value}; path=/; domain=example.test; max-age=9999`; }, newer);
        await tab.reload();
        assert.equal(lastCookieHeader(), `cookie_consent=${old}; cookie_consent=${newer}`);
        assert.equal(parseConsent(lastCookieHeader())?.id, 'newdecision1');
        assert.equal(await tab.locator('cookie-consent').evaluate((e) => e.consent?.id), 'newdecision1');
        assert.equal(await tab.locator('cookie-consent').evaluate((e) => e.has('analytics')), false);
      } finally {
        await context.close();
      }
    });
  });
});
