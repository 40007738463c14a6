// The server writes the decision again (renewConsentCookie, README "Safari's 7-day limit"), in a real
// Chromium over real HTTPS (a certificate made for this run): the cookie a script wrote, cut to 7 days as
// Safari cuts it, comes back from the next page response for the decision's whole lifetime, as one cookie
// that the element still reads, replaces and deletes. Needs `npm run build` first, and `openssl`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:https';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../browsers.mjs';
import { parseConsent, renewConsentCookie } from '../../dist/server.js';
import { sendDist } from './dist.mjs';
import { certificate } from './tls.mjs';

const DAY = 86_400;
const EXPIRES_DAYS = 30;

// The element's attributes and the server's options say the same, as the README asks.
const page = (domain) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Renewal</title></head>
<body><p>Page</p><script src="/cookie-consent.iife.js" data-categories="analytics" data-expires-days="${EXPIRES_DAYS}"${domain ? ` data-cookie-domain="${domain}"` : ''}></script></body></html>`;

function handler(req, res) {
  const url = new URL(req.url, 'https://x');
  if (url.pathname.startsWith('/cookie-consent')) return sendDist(res, url.pathname);
  // Pages only (the browser asks for /favicon.ico too), each with the options of its own site.
  if (url.pathname !== '/') return void res.writeHead(404).end();
  const domain = url.searchParams.get('domain') ?? undefined;
  const renewal = renewConsentCookie(req, { expiresDays: EXPIRES_DAYS, cookieDomain: domain });
  if (renewal) res.setHeader('Set-Cookie', renewal);
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(domain));
}

describe('renewConsentCookie in a real browser', { concurrency: 2 }, () => {
  let server, browser;

  before(async () => {
    server = createServer(certificate(), handler);
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    // *.example.test reaches this machine, so that the element may write a cookie with a real Domain.
    browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, '--host-resolver-rules=MAP *.example.test 127.0.0.1'] });
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  /**
   * Accepts on `url`, cuts the cookie to 7 days as Safari does with a cookie a script wrote, loads the page
   * again, and checks that the server gave the decision back its lifetime; returns the tab, for more steps.
   */
  async function renewedAfterSafarisCut(context, url, domain) {
    const tab = await context.newPage();
    await tab.goto(url);
    await tab.locator('cookie-consent').getByRole('button', { name: 'Accept all' }).first().click();
    await tab.waitForFunction(() => document.querySelector('cookie-consent')?.consent !== null);
    const consent = await tab.evaluate(() => document.querySelector('cookie-consent').consent);
    const [written, ...others] = (await context.cookies()).filter((c) => c.name === 'cookie_consent');
    assert.deepEqual(others, [], 'one consent cookie');
    assert.equal(written.domain, domain);

    const week = Date.now() / 1000 + 7 * DAY;
    await context.addCookies([{ ...written, expires: week }]);
    const [cut] = (await context.cookies()).filter((c) => c.name === 'cookie_consent');
    assert.ok(Math.abs(cut.expires - week) < 5, 'the cookie now ends in 7 days, as in Safari');

    await tab.reload();
    await tab.waitForFunction(() => document.querySelector('cookie-consent')?.consent !== undefined);
    const [renewed, ...copies] = (await context.cookies()).filter((c) => c.name === 'cookie_consent');
    assert.deepEqual(copies, [], 'the server replaced the cookie, it did not add a copy');
    assert.equal(renewed.value, written.value, 'the same decision');
    assert.equal(renewed.domain, domain);
    assert.equal(renewed.path, '/');
    assert.equal(renewed.secure, true);
    assert.equal(renewed.sameSite, 'Lax');
    assert.equal(renewed.httpOnly, false, 'scripts still reach it');
    const end = consent.timestamp / 1000 + EXPIRES_DAYS * DAY;
    assert.ok(Math.abs(renewed.expires - end) < 5, `expires ${renewed.expires}: the decision's own end, ${end}, not 7 days on`);
    // The page reads it as the decision it is: no banner, the category granted.
    assert.deepEqual(await tab.evaluate(() => document.querySelector('cookie-consent').consent), consent);
    assert.equal(await tab.locator('cookie-consent').getByRole('button', { name: 'Accept all' }).count(), 0, 'no banner');
    return tab;
  }

  it('a host-only cookie: renewed for its lifetime, then replaced and deleted by the element as before', async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    try {
      const url = `https://localhost:${server.address().port}/`;
      const tab = await renewedAfterSafarisCut(context, url, 'localhost');
      // The element still changes the decision in that very cookie, and forgets it.
      await tab.evaluate(() => document.querySelector('cookie-consent').rejectAll());
      const refused = (await context.cookies()).filter((c) => c.name === 'cookie_consent');
      assert.equal(refused.length, 1);
      assert.equal(parseConsent(`cookie_consent=${refused[0].value}`)?.categories.analytics, false);
      await tab.evaluate(() => document.querySelector('cookie-consent').reset());
      assert.deepEqual((await context.cookies()).filter((c) => c.name === 'cookie_consent'), [], 'reset() deleted it');
      // With no decision left, the next response renews nothing.
      await tab.reload();
      assert.deepEqual((await context.cookies()).filter((c) => c.name === 'cookie_consent'), []);
    } finally {
      await context.close();
    }
  });

  it('with cookie-domain: the server writes the Domain cookie the element wrote', async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    try {
      await renewedAfterSafarisCut(context, `https://www.example.test:${server.address().port}/?domain=example.test`, '.example.test');
    } finally {
      await context.close();
    }
  });
});
