// The consent cookie's attributes (CONTRACT section 6), as the browser stores them: over real HTTPS
// (a certificate made for this run) and over plain HTTP, from the built classic script.
// Needs `npm run build` first, and `openssl` for the certificate.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createHttpServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../browsers.mjs';

const script = readFileSync(new URL('../../dist/cookie-consent.iife.js', import.meta.url));
const page = (attributes) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Attributes</title></head>
<body><p>Page</p><script src="/cookie-consent.iife.js" data-categories="analytics" ${attributes}></script></body></html>`;

function handler(req, res) {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/cookie-consent.iife.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
  } else {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(url.searchParams.get('a') ?? ''));
  }
}

const DAY = 86_400;

describe('the consent cookie as the browser stores it', () => {
  let dir, https, http, browser;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cce-tls-'));
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    https = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, handler);
    http = createHttpServer(handler);
    await Promise.all([https, http].map((server) => new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))));
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });

  after(async () => {
    await browser?.close();
    https?.close();
    http?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Loads the page, clicks Reject all, and returns what the browser stored. */
  async function decide(origin, attributes = '') {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    try {
      const tab = await context.newPage();
      await tab.goto(`${origin}/?a=${encodeURIComponent(attributes)}`);
      const before = Date.now() / 1000;
      await tab.locator('cookie-consent').getByRole('button', { name: 'Reject all' }).first().click();
      await tab.waitForFunction(() => document.querySelector('cookie-consent')?.consent !== null);
      return { before, cookies: await context.cookies() };
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
      'data-cookie-name="consent_v2" data-cookie-path="/" data-expires-days="30"',
    );
    const cookie = cookies.find((c) => c.name === 'consent_v2');
    assert.ok(cookie, 'the cookie has the configured name');
    assert.equal(cookies.some((c) => c.name === 'cookie_consent'), false);
    assert.ok(Math.abs(cookie.expires - (before + 30 * DAY)) < 120, `expires ${cookie.expires} is 30 days on`);
  });
});
