// A page the browser prerenders (speculation rules) runs its scripts before the visitor opens it, if ever. The
// widget releases nothing there until the page is opened, then by the decision of that moment: a refusal made in
// the page before never runs what the prerendered page would have run (CONTRACT section 4). Chromium prerenders
// only in a tab that no DevTools session is attached to, so Playwright cannot drive it: Chromium is started on the
// first page, and the pages drive themselves through one visit after the other, each with a consent cookie of its
// own, and tell the server what happened. The built classic script over real HTTP. Needs `npm run build` first.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { chromiumArgs, chromiumPath } from '../browsers.mjs';
import { sendDist } from './dist.mjs';

/** What the page the visitor is on does before the visitor follows the link, by visit. */
const VISITS = {
  keep: '',
  refuse: "document.querySelector('cookie-consent').rejectAll();",
};

const oneTag = (visit) => `<script src="/cookie-consent.iife.js" data-categories="analytics" data-cookie-name="consent_${visit}"></script>`;

/** The page the visitor is on: it prerenders the next one, waits until that runs, does what the visit does, then follows the link. */
const first = (visit) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>First</title>
<script type="speculationrules">{"prerender":[{"source":"list","urls":["/next?${visit}"]}]}</script></head>
<body><a href="/next?${visit}">Next</a>${oneTag(visit)}
<script>
(async () => {
  while (!(await (await fetch('/prerendered?${visit}')).json())) await new Promise((resolve) => setTimeout(resolve, 50));
  ${VISITS[visit]}
  setTimeout(() => (location.href = '/next?${visit}'), 200);
})();
</script></body></html>`;

/**
 * The page prerendered: says when it runs hidden and when it is opened; its tagged analytics script says when it runs.
 * Then the next visit starts.
 */
const next = (visit) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Next</title>
<script>
  if (document.prerendering) {
    fetch('/log/${visit}/prerendering');
    document.addEventListener('prerenderingchange', () => setTimeout(async () => {
      await fetch('/log/${visit}/opened?has=' + document.querySelector('cookie-consent').has('analytics'));
      ${visit === 'keep' ? "location.href = '/a?refuse';" : ''}
    }, 300));
  }
</script></head>
<body><h1>Next</h1>${oneTag(visit)}
<script type="text/plain" data-category="analytics">fetch('/log/${visit}/ran?prerendering=' + !!document.prerendering)</script>
</body></html>`;

let server;
/** What each visit's pages told the server, by visit. */
const logs = Object.fromEntries(Object.keys(VISITS).map((visit) => [visit, []]));

before(async () => {
  server = createServer((req, res) => {
    const { pathname: path, search } = new URL(req.url, 'http://x');
    const visit = search.slice(1);
    const html = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
    if (path === '/a') {
      // A returning visitor who granted analytics a minute ago.
      const cookie = `consent_${visit}=v=1&r=0&t=${Date.now() - 60_000}&id=granted&s=banner&g=analytics&d=; Path=/; SameSite=Lax`;
      return void res.writeHead(200, { ...html, 'set-cookie': cookie }).end(first(visit));
    }
    if (path === '/next') return void res.writeHead(200, html).end(next(visit));
    if (path === '/prerendered') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(logs[visit].includes('prerendering')));
    if (path.startsWith('/log/')) {
      const [, , name, ...what] = req.url.split('/');
      logs[name].push(what.join('/'));
      return void res.writeHead(204).end();
    }
    sendDist(res, path);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  // One Chromium with a profile of its own (headless Chromium opens one page from its command line), in a process
  // group of its own, so that its helpers stop with it.
  const profile = mkdtempSync(join(tmpdir(), 'cc-prerender-'));
  const browser = spawn(chromiumPath, [...chromiumArgs, `--user-data-dir=${profile}`, `${origin}/a?keep`], { stdio: 'ignore', detached: true });
  try {
    const end = Date.now() + 20_000;
    while (Object.values(logs).some((log) => !log.some((what) => what.startsWith('opened'))) && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
    // Whatever the opened pages still run.
    await new Promise((resolve) => setTimeout(resolve, 300));
  } finally {
    const exited = new Promise((resolve) => (browser.exitCode !== null ? resolve() : browser.once('exit', resolve)));
    process.kill(-browser.pid);
    await exited;
    rmSync(profile, { recursive: true, force: true, maxRetries: 10 });
  }
});

after(() => new Promise((resolve) => server.close(resolve)));

describe('a page prerendered by speculation rules', () => {
  it('runs no tagged script while hidden, and once opened runs what the decision of then grants', () => {
    const log = logs.keep;
    assert.ok(log.includes('prerendering'), `Chromium prerendered the page (log: ${log.join(' ')})`);
    assert.ok(log.includes('opened?has=true'), `opened with the grant (log: ${log.join(' ')})`);
    assert.deepEqual(log.filter((what) => what.startsWith('ran')), ['ran?prerendering=false']);
  });

  it('a refusal made before the visitor opens it: its tagged script never runs', () => {
    const log = logs.refuse;
    assert.ok(log.includes('prerendering'), `Chromium prerendered the page (log: ${log.join(' ')})`);
    assert.ok(log.includes('opened?has=false'), `opened with the refusal (log: ${log.join(' ')})`);
    assert.deepEqual(log.filter((what) => what.startsWith('ran')), []);
  });
});
