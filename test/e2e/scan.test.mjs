// The site scanner (`cookie-consent-element scan`), run as a site owner or a CI job runs it: the CLI as a
// child process (its exit code is the verdict), a real Chromium, real HTTP on 127.0.0.1. "Third-party"
// hosts are mapped to 127.0.0.1 by Chromium's host resolver. Needs `npm run build` first.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemo } from '../../demo/server.mjs';
import { disableFeatures } from '../browsers.mjs';
import { sendDist } from './dist.mjs';
import { createLookup } from '../../scanner/ocd.mjs';

const bin = fileURLToPath(new URL('../../bin/cookie-consent-element.mjs', import.meta.url));
const iife = new URL('../../dist/cookie-consent.iife.js', import.meta.url);
if (!existsSync(iife)) throw new Error('dist/cookie-consent.iife.js is missing: run `npm run build` first');

/** Runs the CLI; resolves to its exit code, stdout and stderr. */
function cli(...args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const html = (body, head = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fixture</title>${head}</head><body>${body}</body></html>`;

/** A small site: every request is logged with its Host, so the test can tell which sites the scan touched. */
async function startFixture() {
  const log = [];
  const server = createServer((req, res) => {
    const host = (req.headers.host ?? '').split(':')[0];
    const path = new URL(req.url, 'http://x').pathname;
    log.push({ host, path, authorization: req.headers.authorization });
    const page = (body, headers = {}) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
      res.end(html(body));
    };
    const { port } = server.address();
    if (host === 'tracker.test') {
      res.writeHead(200, { 'Content-Type': 'image/gif', 'Cache-Control': 'no-store' });
      return res.end(Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'));
    }
    if (host === 'elsewhere.test') return page('<p>Another site</p>');
    // A widget the site embeds from its own subdomain: it keeps an analytics id in its own storage.
    if (host === 'widget.site.test') return page(`<script>localStorage.setItem('_hjid', 'abc')</script>`);
    // A staging site behind HTTP authentication, which embeds a frame from another site that asks for it too.
    if (path.startsWith('/staff/') || path === '/staff-frame') {
      if (req.headers.authorization !== `Basic ${Buffer.from('staff:s3 cret').toString('base64')}`) {
        return void res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="staging"', 'Content-Type': 'text/html' }).end(html('<h1>Who?</h1>'));
      }
      if (path === '/staff/') return page(`<h1>Staging</h1><a href="/staff/p2">more</a><iframe src="http://localhost:${port}/staff-frame"></iframe>`);
      return page('<h1>More</h1>', { 'Set-Cookie': '_ga=GA1.1.1.2; Path=/' });
    }
    // A start URL that moves to the site's real host (as http: to https: or a bare domain to its shop would).
    if (path === '/moved/') return void res.writeHead(301, { Location: `http://site.test:${port}/moved-here/` }).end();
    // Two cookies of one name there: one for the site's whole domain from the response, one host-only from a script.
    if (path === '/moved-here/') {
      return page(`<h1>Moved</h1><a href="/moved-here/p1">more</a><script>document.cookie = 'shop_pref=h; Path=/'</script>`, { 'Set-Cookie': 'shop_pref=d; Domain=site.test; Path=/' });
    }
    if (path === '/moved-here/p1') return page('<p>More</p>');
    // An ad network's frame on another site (localhost beside 127.0.0.1; a Secure cookie is allowed on
    // localhost without https): a classic, unpartitioned third-party cookie from its response, and a partitioned
    // (CHIPS) one of the same name, domain and path from its script, which the browser keeps apart.
    if (host === 'localhost' && path === '/ad-frame') {
      return page(`<p>Ad</p><script>document.cookie = 'adnet_uid=p456; Path=/; Max-Age=86400; SameSite=None; Secure; Partitioned'</script>`, {
        'Set-Cookie': 'adnet_uid=u123; Path=/; Max-Age=86400; SameSite=None; Secure',
      });
    }
    if (path === '/ads/') return page(`<h1>News</h1><iframe src="http://localhost:${port}/ad-frame"></iframe>`);
    // A site's own cookies whose names are other sites' in the database (Django's session is Instagram's
    // `sessionid`, `locale` Facebook's); beside them Instagram's own `sessionid`, set in its frame, and Bing's
    // tag, which writes its `_uetsid` under the site's domain. Its pages show an image whose server never
    // answers: their `load` never comes.
    if (host === 'www.instagram.com') return page('<p>Post</p>', { 'Set-Cookie': 'sessionid=ig; Path=/; Max-Age=86400; SameSite=None; Secure' });
    if (host === 'bat.bing.com') return void res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(`document.cookie = '_uetsid=u1; Path=/; Max-Age=86400'`);
    if (path === '/own/') {
      return page(`<h1>Account</h1><script>document.cookie = 'locale=en; Path=/'</script><script src="http://bat.bing.com:${port}/bat.js"></script><iframe src="http://www.instagram.com:${port}/p/1"></iframe><img src="/hang" alt=""><a href="/own/back">back</a><a href="/own/more">more</a>`, {
        'Set-Cookie': 'sessionid=dj; Path=/; HttpOnly; SameSite=Lax',
      });
    }
    // A slow page: its image comes after 600 ms, and a tag that waits for `load` sets a cookie then.
    if (path === '/own/more') return page(`<img src="/late" alt=""><script>addEventListener('load', () => (document.cookie = '_gcl_au=1.1.1; Path=/'))</script>`);
    if (path === '/own/redir' || path === '/own/back') return void res.writeHead(302, { Location: '/own/' }).end();
    if (path === '/hang') return; // never answers
    if (path === '/late') return void setTimeout(() => res.writeHead(200, { 'Content-Type': 'image/gif' }).end(), 600);
    if (path === '/embeds/') return page(`<h1>Help</h1><iframe src="http://widget.site.test:${port}/chat"></iframe>`);
    // The one tag, and what it loads from beside itself (the banner, the dialog).
    if (path.startsWith('/cookie-consent')) return sendDist(res, path);
    switch (path) {
      // Another banner (not ours): the page tracks before any choice.
      case '/leaky/':
        return page(`<h1>Leaky</h1>
<script>document.cookie = '_ga=GA1.1.123.456; Path=/; Max-Age=3600'; localStorage.setItem('<img src=x onerror=alert(1)>', '1');</script>
<script>document.cookie = '_hjSessionUser_1=eyJpZCI6IjEifQ; Path=/; Max-Age=3600'; document.cookie = 'li_fat_id=abc; Path=/; Max-Age=3600';</script>
<img src="http://tracker.test:${port}/pixel.gif?id=1" alt="">
<a href="/leaky/feed">feed</a> <a href="/leaky/export">export</a> <a href="/leaky/p1">next</a> <a href="http://elsewhere.test:${port}/">partner</a>`);
      // Links to what is not a page, by a name that does not say so: an API's JSON, a file sent as an attachment.
      case '/leaky/feed':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.end('{"items":[]}');
      case '/leaky/export':
        res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="orders.csv"' });
        return res.end('id,total\n1,9.90\n');
      // A chain of pages: only --max-pages of them are visited.
      case '/leaky/p1':
      case '/leaky/p2':
      case '/leaky/p3':
      case '/leaky/p4':
        return page(`<a href="/leaky/p${Number(path.at(-1)) + 1}">next</a> <a href="http://elsewhere.test:${port}/x">partner</a>`);
      case '/leaky/p5':
        return page('<p>The end</p>');
      // Our banner, but the server sets a marketing cookie on the first response.
      case '/server-sets/':
        return page(`<h1>Shop</h1><script src="/cookie-consent.iife.js" data-categories="analytics marketing"></script>`, {
          'Set-Cookie': '_fbp=fb.1.1700000000000.123456; Path=/; Max-Age=7776000; SameSite=Lax',
        });
      // Our banner, but the server reads "a decision exists" as consent: it sets _ga on every request
      // that carries the consent cookie, so the visitor who rejected gets it on the next page view.
      case '/consent-blind/':
        return page(`<h1>Blog</h1><script src="/cookie-consent.iife.js" data-categories="analytics"></script>`, /cookie_consent=/.test(req.headers.cookie ?? '') ? {
          'Set-Cookie': '_ga=GA1.1.123.456; Path=/; Max-Age=3600; SameSite=Lax',
        } : {});
      // Our element, but its script does not load (a wrong path after a deploy): no banner to choose with.
      case '/no-banner-script/':
        return page(`<cookie-consent categories="analytics"></cookie-consent><script src="/cookie-consent-missing.js"></script>`);
      // Start pages that fail, with a page that says so (a 404 without a body the browser itself refuses).
      case '/missing/':
        res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
        return res.end(html('<h1>Sorry</h1>'));
      // A start URL that is not a web page (an API's JSON).
      case '/api/status.json':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.end('{"ok":true}');
      // A page that answers too slowly for the scan's time limit.
      case '/slow/':
        return page('<a href="/slow/never">next</a>');
      case '/slow/never':
        return; // never answers
      default:
        res.writeHead(404);
        return res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () => new Promise((resolve) => (server.close(() => resolve()), server.closeAllConnections())),
  };
}

// Scans get a generous --timeout: on a machine busy with other work, each page can take seconds.
const MAP = '--browser-arg=--host-resolver-rules=MAP tracker.test 127.0.0.1, MAP elsewhere.test 127.0.0.1, MAP site.test 127.0.0.1, MAP widget.site.test 127.0.0.1, MAP www.instagram.com 127.0.0.1, MAP bat.bing.com 127.0.0.1';
// Without the browser UI that the tests' Chromium goes without too (test/browsers.mjs): less CPU for four scans at once.
const LEAN = `--browser-arg=${disableFeatures}`;
let fixture;
let demo;
before(async () => {
  fixture = await startFixture();
  demo = await startDemo({ port: 0, log: () => {} });
});
after(async () => {
  await fixture?.close();
  await demo?.close();
});

// Each scan is its own Chromium in a child process: they run side by side.
// Three scans at a time, not all: npm test runs this file beside the end-to-end tests, whose time limits
// a dozen Chromiums at once can starve; three also crawl faster than a dozen.
test("the database's rows for a domain: a plain name any site may use is that site's only there, a tool's own name (with _ or -) wherever it is written", () => {
  const lookup = createLookup();
  const row = (name, hosts) => {
    const { entry, namesake } = lookup(name, hosts);
    return [entry?.platform, namesake?.platform];
  };
  // Django's session cookie, a site's `locale`: not Instagram's, nor Facebook's, on the site's own domain.
  assert.deepEqual(row('sessionid', ['shop.test']), [undefined, 'Instagram']);
  assert.deepEqual(row('locale', ['shop.test']), [undefined, 'Facebook']);
  assert.deepEqual(row('sessionid', ['www.instagram.com']), ['Instagram', undefined]);
  // A store's own Shopify cookies, set by Shopify's servers under the store's domain; Pinterest's tag, served from pinimg.com.
  assert.deepEqual(row('_shopify_y', ['shop.test']), ['Shopify', undefined]);
  assert.deepEqual(row('_pin_unauth', ['shop.test', 's.pinimg.com']), ['Pinterest', undefined]);
});

describe('scan', { concurrency: 3 }, () => {
  test('the demo shop is clean: exit code 0, the banner driven both ways, the consent cookie necessary', async () => {
    // After Accept all, the released analytics script must load and run before the scan reads the cookies:
    // 300 ms missed it once on a loaded 2-core machine (CI, 5 December), so the quiet network may take 1.5 s.
    const { code, stdout, stderr } = await cli('scan', `${demo.url}/`, '--max-pages', '2', '--wait', '1500', '--timeout', '150', LEAN, '--json');
    const report = JSON.parse(stdout);
    assert.deepEqual(report.findings, [], stderr);
    assert.equal(code, 0);
    assert.equal(report.banner, 'cookie-consent-element');
    assert.deepEqual(Object.keys(report.states), ['before', 'reject', 'accept']);
    assert.equal(report.states.reject.decided, true);
    const consent = report.states.reject.cookies.find((c) => c.name === 'cookie_consent');
    assert.equal(consent.category, 'necessary');
    // Accepting releases the demo's analytics script: its cookie shows up, and only then.
    assert.ok(report.states.accept.cookies.some((c) => c.name === '_demo_analytics'));
    assert.ok(!report.states.before.cookies.some((c) => c.name === '_demo_analytics'));
    // The session cookie is unknown to the database: listed for review, not a finding; or, when the crawl's
    // second page is the privacy page (the banner's policy link comes first now that the one tag puts the
    // element first in <body>), classified by that page's <cookie-category name="necessary" cookies>.
    const sid = Object.values(report.states).flatMap((state) => state.cookies).find((c) => c.name === 'demo_sid');
    assert.ok(report.review.some((r) => r.name === 'demo_sid' && r.cause === `Set-Cookie of ${demo.url}/`) || sid?.configured === 'necessary', JSON.stringify(sid));
    assert.match(stderr, /\[before\] 1\/2/);
  });

  test('a site that sets _ga by script and loads a pixel before consent: both findings, with the page and the cause; exit code 1; the crawl is bounded and stays on the site', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scan-'));
    const { code, stdout } = await cli('scan', `${fixture.url}/leaky/`, '--max-pages', '3', '--wait', '200', '--timeout', '150', '--quiet', MAP, LEAN, '--json', join(dir, 'r.json'), '--html', join(dir, 'r.html'));
    assert.equal(code, 1);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    assert.equal(report.banner, 'other');
    assert.deepEqual(Object.keys(report.states), ['before']);
    const ga = report.findings.find((f) => f.kind === 'cookie' && f.name === '_ga');
    assert.equal(ga.category, 'analytics');
    assert.equal(ga.platform, 'Google Analytics');
    assert.equal(ga.page, `${fixture.url}/leaky/`);
    assert.match(ga.cause, new RegExp(`^${fixture.url}/leaky/:\\d+$`), 'the inline script of the page, with its line');
    const pixel = report.findings.find((f) => f.kind === 'request' && f.host === 'tracker.test');
    assert.equal(pixel.type, 'image');
    assert.equal(pixel.page, `${fixture.url}/leaky/`);
    assert.match(pixel.cause, new RegExp(`^${fixture.url}/leaky/`));
    // The database calls these "Functional" (necessary), their presets analytics and marketing: as the widget blocks them.
    const byPreset = report.findings.filter((f) => f.kind === 'cookie' && f.name !== '_ga').map((f) => [f.name, f.category, f.platform]);
    assert.deepEqual(byPreset, [['_hjSessionUser_1', 'analytics', 'Hotjar'], ['li_fat_id', 'marketing', 'LinkedIn']]);
    assert.match(stdout, /FINDINGS: 4 /);
    // The crawl stays on the site and stops at --max-pages; what its links lead to that is not a page (JSON,
    // a download) is neither a page nor a page that failed, and takes no page's place.
    assert.deepEqual(report.pages, [`${fixture.url}/leaky/`, `${fixture.url}/leaky/p1`, `${fixture.url}/leaky/p2`]);
    assert.deepEqual(report.states.before.pages, report.pages.map((url) => ({ url, status: 200 })));
    assert.ok(['/leaky/feed', '/leaky/export'].every((path) => fixture.log.some((r) => r.path === path)), 'both links were tried');
    assert.ok(!fixture.log.some((r) => r.host === 'elsewhere.test'), 'the links to another host were not followed');
    assert.ok(!fixture.log.some((r) => r.path === '/leaky/p3'));
    // The preset line itself, not a comment, and the preset's cookies are not listed again by hand.
    assert.match(report.proposal.html, /^ {2}<cookie-service preset="ga4"><\/cookie-service>$/m);
    assert.match(report.proposal.html, /^ {2}<cookie-service preset="hotjar"><\/cookie-service>$/m);
    assert.doesNotMatch(report.proposal.html, /<!--[^>]*cookie-service|cookies="[^"]*_ga\b/);
    // Untrusted text from the site is escaped in the HTML report, which has no scripts of its own.
    const page = readFileSync(join(dir, 'r.html'), 'utf8');
    assert.ok(!page.includes('<img src=x'), 'a storage key is not markup');
    assert.ok(page.includes('&#60;img src=x onerror=alert(1)&#62;'));
    assert.ok(!/<script|<link|src="http/i.test(page), 'self-contained');
  });

  // With a --timeout longer than a timer can hold (24.8 days): still a time limit, not a browser closed at once.
  test('our banner, but the server sets _fbp on the first response: caught before the choice and after Reject all', async () => {
    const { code, stdout, stderr } = await cli('scan', `${fixture.url}/server-sets/`, '--max-pages', '1', '--wait', '200', '--timeout', '9999999', '--quiet', LEAN, '--json');
    assert.equal(code, 1, stderr);
    const report = JSON.parse(stdout);
    assert.equal(report.banner, 'cookie-consent-element');
    const fbp = report.findings.filter((f) => f.name === '_fbp');
    assert.deepEqual(fbp.map((f) => f.state), ['before', 'reject']);
    assert.equal(fbp[0].category, 'marketing');
    assert.equal(fbp[0].cause, `Set-Cookie of ${fixture.url}/server-sets/`);
    assert.match(report.proposal.html, /^ {2}<cookie-service preset="meta-pixel"><\/cookie-service>$/m);
    assert.match(report.proposal.html, /^<cookie-consent categories="marketing" /);
  });

  test('a server that reads any consent cookie as consent: its cookie on the view after Reject all is a finding, also on a one-page scan', async () => {
    const { code, stdout, stderr } = await cli('scan', `${fixture.url}/consent-blind/`, '--max-pages', '1', '--wait', '200', '--timeout', '150', '--quiet', LEAN, '--json');
    const report = JSON.parse(stdout);
    assert.equal(report.states.reject.decided, true, stderr);
    assert.deepEqual(report.findings.map((f) => [f.state, f.name]), [['reject', '_ga']]);
    assert.equal(report.findings[0].cause, `Set-Cookie of ${fixture.url}/consent-blind/`);
    assert.equal(code, 1);
  });

  test('a <cookie-consent> whose script does not load: the banner could not be driven, which is a finding (exit code 1), not a clean scan', async () => {
    const { code, stdout } = await cli('scan', `${fixture.url}/no-banner-script/`, '--max-pages', '1', '--wait', '200', '--timeout', '150', '--quiet', LEAN, '--json');
    const report = JSON.parse(stdout);
    assert.equal(report.banner, 'cookie-consent-element');
    assert.equal(report.states.reject.decided, false);
    assert.deepEqual(report.findings.map((f) => [f.state, f.kind, f.why]), [['reject', 'banner', 'the banner could not be driven']]);
    assert.equal(code, 1);
  });

  test("a site's own cookies named as other sites' in the database are to review, not those sites' cookies: no finding, nothing to delete in the proposal; the same name from that site, or written by its script, still is; pages whose load never comes are scanned; a redirected start URL is listed where it landed", async () => {
    const port = new URL(fixture.url).port;
    const dir = mkdtempSync(join(tmpdir(), 'scan-'));
    const { code, stdout, stderr } = await cli('scan', `${fixture.url}/own/redir`, '--max-pages', '2', '--wait', '300', '--load-timeout', '2000', '--timeout', '150', '--quiet', MAP, LEAN, `--browser-arg=--unsafely-treat-insecure-origin-as-secure=http://www.instagram.com:${port}`, '--json', join(dir, 'r.json'));
    assert.ok(existsSync(join(dir, 'r.json')), stderr);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    // Recorded, not failed: the start page, marked as still loading, as the page it landed on, beside the address asked
    // for; a link that redirects to it (/own/back) is not a page of its own; the slow page is recorded once loaded.
    assert.deepEqual(report.states.before.pages, [
      { url: `${fixture.url}/own/`, requested: `${fixture.url}/own/redir`, status: 200, loaded: false },
      { url: `${fixture.url}/own/more`, status: 200 },
    ], stderr);
    assert.deepEqual([report.url, report.pages], [`${fixture.url}/own/redir`, [`${fixture.url}/own/`, `${fixture.url}/own/more`]]);
    assert.ok(report.review.every((r) => r.page === `${fixture.url}/own/`));
    assert.match(stdout, new RegExp(`^Still loading when recorded \\(a resource had not arrived\\): ${fixture.url}/own/$`, 'm'));
    const review = report.review.map((r) => [r.name, r.domain, r.why]);
    assert.deepEqual(review.sort(), [
      ['locale', '127.0.0.1', "its name matches Facebook's cookie on facebook.com (marketing), but this one is not from there"],
      ['sessionid', '127.0.0.1', "its name matches Instagram's cookie on instagram.com (marketing), but this one is not from there"],
    ], stderr);
    const own = report.states.before.cookies.find((c) => c.name === 'sessionid' && c.party === 'first');
    assert.deepEqual([own.category, own.platform, own.namesake], ['unknown', undefined, { platform: 'Instagram', domain: 'instagram.com', category: 'marketing' }]);
    // The slow page's load-time tag, waited for.
    assert.deepEqual(report.findings.filter((f) => f.kind === 'cookie').map((f) => [f.name, f.domain, f.category, f.platform]).sort(), [
      ['_gcl_au', '127.0.0.1', 'marketing', 'Google'],
      ['_uetsid', '127.0.0.1', 'marketing', 'Bing / Microsoft'],
      ['sessionid', 'www.instagram.com', 'marketing', 'Instagram'],
    ]);
    // Pasted, or copied into the server's cookie guard, a proposal with `sessionid` would log out whoever refuses.
    assert.doesNotMatch(report.proposal.html, /cookies="[^"]*\b(sessionid|locale)\b/);
    assert.deepEqual(report.proposal.unknown.sort(), ['locale', 'sessionid']);
    assert.equal(code, 1);
  });

  test('storage written inside a frame of the site is read from that frame: an analytics key there is a finding', async () => {
    const site = fixture.url.replace('127.0.0.1', 'site.test');
    const { code, stdout } = await cli('scan', `${site}/embeds/`, '--max-pages', '1', '--wait', '300', '--timeout', '150', '--quiet', MAP, LEAN, '--json');
    const report = JSON.parse(stdout);
    const port = new URL(fixture.url).port;
    assert.deepEqual(report.findings.map((f) => [f.kind, f.name, f.category, f.cause]), [['localStorage', '_hjid', 'analytics', `http://widget.site.test:${port}/chat:1`]]);
    assert.equal(report.states.before.storage[0].origin, `http://widget.site.test:${port}`);
    assert.equal(code, 1);
  });

  test('a cross-site frame that sets an unpartitioned SameSite=None cookie and a partitioned one of the same name: both listed as third-party and findings before consent, as a default browser would keep them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scan-'));
    const { code, stdout, stderr } = await cli('scan', `${fixture.url}/ads/`, '--max-pages', '1', '--wait', '300', '--timeout', '150', LEAN, '--json', join(dir, 'r.json'), '--html', join(dir, 'r.html'));
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    const port = new URL(fixture.url).port;
    const cookies = report.states.before.cookies.filter((c) => c.name === 'adnet_uid');
    assert.equal(cookies.length, 2, `${JSON.stringify(report.states.before.cookies)} ${stderr}`);
    const cookie = cookies.find((c) => !c.partitionKey);
    const partitioned = cookies.find((c) => c.partitionKey);
    assert.deepEqual([cookie.domain, cookie.party, cookie.sameSite, cookie.secure, cookie.lifetime], ['localhost', 'third', 'None', true, '24 hours']);
    // Kept for the frame under the site that embeds it (the top-level site: scheme and host, no port), not across sites.
    const top = 'http://127.0.0.1';
    assert.deepEqual([partitioned.domain, partitioned.path, partitioned.party, partitioned.partitionKey], ['localhost', '/', 'third', top]);
    const findings = report.findings.filter((f) => f.kind === 'cookie');
    // Each with what set it: the response's header the one, the frame's script the other.
    assert.deepEqual(findings.map((f) => [f.state, f.name, f.why, f.cause, f.partitionKey ?? '']).sort(), [
      ['before', 'adnet_uid', 'third-party cookie', `Set-Cookie of http://localhost:${port}/ad-frame`, ''],
      ['before', 'adnet_uid', 'third-party cookie', `http://localhost:${port}/ad-frame:1`, top],
    ]);
    // The people's reports tell the two apart too.
    assert.match(stdout, /^adnet_uid +localhost +\/ +24 hours +third +/m);
    assert.match(stdout, /^adnet_uid +localhost +\/ +24 hours +third, partitioned +/m);
    assert.match(readFileSync(join(dir, 'r.html'), 'utf8'), new RegExp(`<td>third, partitioned \\(${top}\\)</td>`));
    assert.equal(code, 1);
  });

  test('a start URL that redirects to another host: the crawl follows the host it landed on, whose own pages are not third-party requests', async () => {
    const { code, stdout } = await cli('scan', `${fixture.url}/moved/`, '--max-pages', '3', '--wait', '200', '--timeout', '150', '--quiet', MAP, LEAN, '--json');
    const report = JSON.parse(stdout);
    const site = fixture.url.replace('127.0.0.1', 'site.test');
    assert.deepEqual(report.findings, []);
    assert.equal(report.site, 'site.test');
    assert.deepEqual(report.pages, [`${site}/moved-here/`, `${site}/moved-here/p1`]);
    // Unknown to the database, so to review; each with what set it, though they share a name.
    const shop = report.review.filter((r) => r.name === 'shop_pref').map((r) => [r.domain, r.cause]);
    assert.deepEqual(shop.sort(), [['.site.test', `Set-Cookie of ${site}/moved-here/`], ['site.test', `${site}/moved-here/:1`]]);
    assert.equal(code, 0);
  });

  // One status stands for all: the rule is any status from 400 up.
  test('a staging site behind HTTP authentication: the user and password of the URL open its pages, go to no other site, and appear nowhere in the report; a frame that asks for a login does not hold the page up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scan-'));
    const { code, stdout, stderr } = await cli('scan', `http://staff:s3%20cret@127.0.0.1:${new URL(fixture.url).port}/staff/`, '--max-pages', '2', '--wait', '200', '--timeout', '150', LEAN, '--json', join(dir, 'r.json'), '--html', join(dir, 'r.html'));
    assert.equal(code, 1, stderr);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    assert.deepEqual(report.pages, [`${fixture.url}/staff/`, `${fixture.url}/staff/p2`]);
    assert.ok(report.findings.some((f) => f.name === '_ga' && f.page === `${fixture.url}/staff/p2`), 'the page behind the login was scanned');
    for (const [name, text] of [['stdout', stdout], ['stderr', stderr], ['JSON', readFileSync(join(dir, 'r.json'), 'utf8')], ['HTML', readFileSync(join(dir, 'r.html'), 'utf8')]]) {
      assert.ok(!/s3(%20| )cret|staff:/.test(text), `no password in the ${name}`);
    }
    assert.ok(fixture.log.some((r) => r.path === '/staff-frame' && r.host === 'localhost'), 'the other site was asked');
    const given = Buffer.from('staff:s3 cret').toString('base64');
    assert.ok(!fixture.log.some((r) => r.host === 'localhost' && r.authorization?.includes(given)), 'and not given the credentials');
  });

  test('a start page that answers 404: exit code 2 with the status, not a clean scan of an error page', async () => {
    const { code, stdout, stderr } = await cli('scan', `${fixture.url}/missing/`, '--max-pages', '1', '--wait', '200', '--timeout', '150', '--quiet', LEAN);
    assert.equal(code, 2, stdout);
    assert.match(stderr, new RegExp(`^cookie-consent-element scan: ${fixture.url}/missing/ answered HTTP 404`));
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  });

  test('a start URL that is not a web page (JSON): exit code 2 with its Content-Type, not a clean one-page scan', async () => {
    const { code, stdout, stderr } = await cli('scan', `${fixture.url}/api/status.json`, '--max-pages', '1', '--wait', '200', '--timeout', '150', '--quiet', LEAN);
    assert.equal(code, 2, stdout);
    assert.match(stderr, new RegExp(`^cookie-consent-element scan: ${fixture.url}/api/status\\.json is not a web page \\(Content-Type: application/json\\)`));
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  });

  test('the time limit ends the scan and the report says it is incomplete', async () => {
    const { stdout, stderr } = await cli('scan', `${fixture.url}/slow/`, '--timeout', '8', '--wait', '200', '--quiet', LEAN, '--json');
    assert.ok(stdout, stderr);
    const report = JSON.parse(stdout);
    // The second page never answers; the scan ends at its limit, plus 2 s for the browser to go (and a
    // margin for a machine so busy that closing Chromium takes seconds).
    const took = Date.parse(report.finishedAt) - Date.parse(report.startedAt);
    assert.ok(took < 15_000, `took ${took} ms`);
    assert.equal(report.complete, false);
  });

  test('a report file in a folder that does not exist: exit code 2 at once, with a message and no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scan-'));
    for (const option of ['--json', '--html']) {
      const { code, stderr } = await cli('scan', `${fixture.url}/server-sets/`, '--max-pages', '1', '--wait', '200', '--quiet', LEAN, option, join(dir, 'missing', 'r.out'));
      assert.equal(code, 2);
      assert.equal(stderr, `cookie-consent-element scan: cannot write ${join(dir, 'missing', 'r.out')}: its folder does not exist or is not writable\n`);
    }
  });

  test('usage and browser errors: exit code 2 with a message', async () => {
    const usage = await cli('scan');
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /Usage: cookie-consent-element scan <url>/);
    /** The CLI with a browser path that leads nowhere: how far it got before it needed Chromium. */
    const withoutBrowser = (...args) =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' } });
        let stderr = '';
        child.stderr.on('data', (c) => (stderr += c));
        child.on('close', (code) => resolve({ code, stderr }));
      });
    const noBrowser = await withoutBrowser('scan', 'http://127.0.0.1:9/');
    assert.equal(noBrowser.code, 2);
    assert.match(noBrowser.stderr, /CHROMIUM_PATH is \/nonexistent\/chromium, but there is no file there/);
    // "0" is a number: the message says which ones the option takes.
    const none = await cli('scan', 'http://127.0.0.1:9/', '--max-pages', '0');
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^--max-pages needs a number from 1, not "0"\n/);
    // The commonest slips: a site without its scheme, and `--json` (report to stdout) just before the URL.
    const bare = await cli('scan', 'shop.example');
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /Not a URL: shop\.example \(give its scheme: https:\/\/shop\.example\)/);
    const jsonFirst = await withoutBrowser('scan', '--json', 'http://127.0.0.1:9/');
    // It got as far as looking for a browser: the URL was read as the URL, not as the report's file.
    assert.equal(jsonFirst.code, 2);
    assert.match(jsonFirst.stderr, /CHROMIUM_PATH is \/nonexistent\/chromium/);
  });
});
