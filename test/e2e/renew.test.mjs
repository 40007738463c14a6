// renew-url and renewConsentCookie (README "Safari's 7-day limit"), in a real Chromium over real HTTPS (a
// certificate made for this run): after each decision it stores, the element asks the server to write the decision
// again. A cookie cut to 7 days, as Safari cuts one that a script wrote, gets the decision's whole lifetime back,
// as one cookie that the element still reads, replaces and deletes; and an answer that arrives after a newer
// decision or a reset() never brings the older decision back. Needs `npm run build` first, and `openssl`.
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
const page = (renew, domain) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Renewal</title></head>
<body><p>Page</p><script src="/cookie-consent.iife.js" data-categories="analytics" data-expires-days="${EXPIRES_DAYS}"
data-renew-url="${renew}"${domain ? ` data-cookie-domain="${domain}"` : ''}></script></body></html>`;

/** Renewal requests answered so far, by test (`?test=`), and the tests whose first one the server holds back. */
const renewals = new Map();
const HELD_MS = 1500;

function handler(req, res) {
  const url = new URL(req.url, 'https://x');
  const domain = url.searchParams.get('domain') ?? undefined;
  if (url.pathname.startsWith('/cookie-consent')) return sendDist(res, url.pathname);
  if (url.pathname === '/consent/renew') {
    const test = url.searchParams.get('test');
    const count = (renewals.get(test) ?? 0) + 1;
    renewals.set(test, count);
    // Computed now, from the cookie the request carries; sent later when the test holds the first answer back.
    const renewal = req.method === 'POST' ? renewConsentCookie(req, { expiresDays: EXPIRES_DAYS, cookieDomain: domain }) : null;
    const answer = () => {
      if (renewal) res.setHeader('Set-Cookie', renewal);
      res.writeHead(204, { 'cache-control': 'no-store' }).end();
    };
    return void (url.searchParams.has('hold') && count === 1 ? setTimeout(answer, HELD_MS) : answer());
  }
  if (url.pathname !== '/') return void res.writeHead(404).end();
  const renew = `/consent/renew?${new URLSearchParams([...url.searchParams].filter(([name]) => name !== 'page'))}`;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(renew, domain));
}

describe('renew-url in a real browser', { concurrency: 3 }, () => {
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

  const consentCookies = async (context) => (await context.cookies()).filter((c) => c.name === 'cookie_consent');
  const el = (tab, body) => tab.evaluate(body);
  const renewed = (tab) => tab.waitForResponse((response) => new URL(response.url()).pathname === '/consent/renew');

  /**
   * Accepts on `url` while the first renewal is held back, cuts the cookie to 7 days as Safari does with one a
   * script wrote, and checks that the server's answer gave the decision its lifetime back.
   */
  async function renewedAfterSafarisCut(context, url, domain) {
    const tab = await context.newPage();
    await tab.goto(url);
    const answer = renewed(tab);
    await tab.locator('cookie-consent').getByRole('button', { name: 'Accept all' }).first().click();
    await tab.waitForFunction(() => document.querySelector('cookie-consent')?.consent !== null);
    const consent = await el(tab, () => document.querySelector('cookie-consent').consent);
    const [written, ...others] = await consentCookies(context);
    assert.deepEqual(others, [], 'one consent cookie');
    assert.equal(written.domain, domain);
    const week = Date.now() / 1000 + 7 * DAY;
    await context.addCookies([{ ...written, expires: week }]);
    assert.ok(Math.abs((await consentCookies(context))[0].expires - week) < 5, 'the cookie now ends in 7 days, as in Safari');

    await answer;
    const [renewedCookie, ...copies] = await consentCookies(context);
    assert.deepEqual(copies, [], 'the server replaced the cookie, it did not add a copy');
    assert.equal(renewedCookie.value, written.value, 'the same decision');
    assert.equal(renewedCookie.domain, domain);
    assert.equal(renewedCookie.path, '/');
    assert.equal(renewedCookie.secure, true);
    assert.equal(renewedCookie.sameSite, 'Lax');
    assert.equal(renewedCookie.httpOnly, false, 'scripts still reach it');
    const end = consent.timestamp / 1000 + EXPIRES_DAYS * DAY;
    assert.ok(Math.abs(renewedCookie.expires - end) < 5, `expires ${renewedCookie.expires}: the decision's own end, ${end}, not 7 days on`);
    // The next page reads it as the decision it is: no banner.
    await tab.reload();
    await tab.waitForFunction(() => document.querySelector('cookie-consent')?.consent !== undefined);
    assert.deepEqual(await el(tab, () => document.querySelector('cookie-consent').consent), consent);
    assert.equal(await tab.locator('cookie-consent').getByRole('button', { name: 'Accept all' }).count(), 0, 'no banner');
    return tab;
  }

  it('a host-only cookie: renewed for its lifetime after the decision, then replaced and deleted by the element as before', async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    try {
      const tab = await renewedAfterSafarisCut(context, `https://localhost:${server.address().port}/?test=host&hold`, 'localhost');
      // The element still changes the decision in that very cookie (and has it renewed), and forgets it.
      const answer = renewed(tab);
      await el(tab, () => document.querySelector('cookie-consent').rejectAll());
      await answer;
      const refused = await consentCookies(context);
      assert.equal(refused.length, 1);
      assert.equal(parseConsent(`cookie_consent=${refused[0].value}`)?.categories.analytics, false);
      await el(tab, () => document.querySelector('cookie-consent').reset());
      assert.deepEqual(await consentCookies(context), [], 'reset() deleted it');
      assert.equal(renewals.get('host'), 2, 'one renewal per decision stored, none for a page view or a reset');
    } finally {
      await context.close();
    }
  });

  it('with cookie-domain: the server writes the Domain cookie the element wrote', async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    try {
      await renewedAfterSafarisCut(context, `https://www.example.test:${server.address().port}/?test=domain&hold&domain=example.test`, '.example.test');
    } finally {
      await context.close();
    }
  });

  it('an answer that comes after a newer decision or a reset() does not bring the older decision back', async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    try {
      const tab = await context.newPage();
      await tab.goto(`https://localhost:${server.address().port}/?test=race&hold`);
      // Accept all; its renewal is held back while the visitor changes their mind, whose renewal is answered at once.
      const first = tab.waitForRequest((request) => new URL(request.url()).pathname === '/consent/renew');
      await tab.locator('cookie-consent').getByRole('button', { name: 'Accept all' }).first().click();
      const accepted = await first;
      await el(tab, () => document.querySelector('cookie-consent').rejectAll());
      const refusal = await el(tab, () => document.querySelector('cookie-consent').consent.id);
      // The held answer writes the old "Accept all" back when it comes; the element then puts the refusal back.
      const heldAnswer = await accepted.response();
      assert.match((await heldAnswer.allHeaders())['set-cookie'] ?? '', /s=banner&g=analytics&/, 'the late answer holds the accept');
      await tab.waitForFunction((id) => document.cookie.includes(`id=${id}&`), refusal, { timeout: 3000 });
      const [cookie, ...copies] = await consentCookies(context);
      assert.deepEqual(copies, []);
      assert.equal(parseConsent(`cookie_consent=${cookie.value}`)?.id, refusal, 'the refusal, not the accept the late answer held');

      // The same after reset(): a renewal held back while the visitor withdraws leaves no decision behind.
      await tab.goto(`https://localhost:${server.address().port}/?test=reset&hold`);
      const held = tab.waitForRequest((request) => new URL(request.url()).pathname === '/consent/renew');
      await el(tab, () => document.querySelector('cookie-consent').acceptAll());
      const renewal = await held;
      await el(tab, () => document.querySelector('cookie-consent').reset());
      assert.match((await (await renewal.response()).allHeaders())['set-cookie'] ?? '', /^cookie_consent=/, 'the late answer holds the decision');
      await tab.waitForFunction(() => !document.cookie.includes('cookie_consent='), null, { timeout: 3000 });
      assert.deepEqual(await consentCookies(context), [], 'withdrawn stays withdrawn');
      await tab.reload();
      await tab.locator('cookie-consent').getByRole('button', { name: 'Accept all' }).first().waitFor();
    } finally {
      await context.close();
    }
  });
});
