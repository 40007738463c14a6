// Every tagged snippet of docs/presets.md, run as a site would run it: the built widget served over real
// HTTP, a real Chromium, every vendor host routed to a local stub that records the request (a tiny script,
// page or image), and no other network at all. Before a choice nothing reaches the preset's hosts; after
// "Accept all" the snippet runs and makes its first vendor request. Needs `npm run build` first.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { closeChromium, openChromium } from './chromium.mjs';
import { dist, sendDist, types } from './dist.mjs';
import { visitors } from './visitors.mjs';
import { PRESETS, onDomain } from '../../scanner/presets.mjs';

if (!existsSync(new URL('cookie-consent.iife.js', dist))) throw new Error('dist/cookie-consent.iife.js is missing: run `npm run build` first');
const docs = readFileSync(new URL('../../docs/presets.md', import.meta.url), 'utf8');
const snippets = new Map([...docs.matchAll(/<!-- preset-snippet: ([\w-]+) -->\n```html\n([\s\S]*?)\n```/g)].map((m) => [m[1], m[2]]));

/** Whether `url` is one of the preset's hosts (a host with a path also needs the path and query to start with it). */
const isOf = (id, url) =>
  PRESETS[id].hosts.some((h) => {
    const slash = h.indexOf('/');
    return onDomain(url.hostname, slash === -1 ? h : h.slice(0, slash)) && (slash === -1 || (url.pathname + url.search).startsWith(h.slice(slash)));
  });
/** A request to any preset's host (bare domain), so that one snippet's stray request to another vendor is caught too. */
const isVendor = (url) => Object.keys(PRESETS).some((id) => PRESETS[id].hosts.some((h) => onDomain(url.hostname, h.split('/')[0])));

let server;
let origin;
let browser;
/** Fresh visitors, in contexts reused (visitors.mjs). */
let visitor;

before(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const id = path.match(/^\/preset\/([\w-]+)$/)?.[1];
    if (id && snippets.has(id)) {
      res.writeHead(200, { 'Content-Type': types['.html'], 'Cache-Control': 'no-store' });
      // The snippet as docs/presets.md gives it, then the widget's one tag.
      return res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${id}</title></head><body>
<h1>${id}</h1>
${snippets.get(id)}
<script src="/cookie-consent.iife.js"></script>
</body></html>`);
    }
    // The widget from dist/; the presets' texts from dist/presets/, or from the sources before the build copies them.
    let file = new URL(`.${path}`, dist);
    const lang = path.match(/^\/presets\/([\w-]+\.json)$/)?.[1];
    if (lang && !existsSync(file)) file = new URL(`../src/presets/lang/${lang}`, dist);
    sendDist(res, path, file);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await openChromium();
  visitor = visitors(browser);
});

after(async () => {
  await closeChromium();
  server?.close();
});

/** A fresh visitor on the preset's page: every request that leaves 127.0.0.1 is stubbed (vendors) or refused (anything else). */
async function visit(id) {
  const { context, page } = await visitor();
  const vendor = [];
  const elsewhere = [];
  await context.route('**/*', (route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (url.origin === origin) return route.continue();
    if (!isVendor(url)) {
      elsewhere.push(url.href);
      return route.abort();
    }
    vendor.push(url);
    const type = request.resourceType();
    if (type === 'script') return route.fulfill({ contentType: 'text/javascript', body: `/* stub of ${url.hostname} */` });
    if (type === 'document') return route.fulfill({ contentType: 'text/html', body: `<!doctype html><title>${url.hostname}</title><p>stub</p>` });
    if (type === 'image') return route.fulfill({ contentType: 'image/gif', body: Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64') });
    return route.fulfill({ status: 204 });
  });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${origin}/preset/${id}`, { waitUntil: 'load' });
  return { context, page, vendor, elsewhere, errors };
}

// Each snippet in a context of its own, a few at once: most of a run is waiting (for the page, for a leak
// that does not come), which overlaps.
describe('the tagged snippets of docs/presets.md', { concurrency: 4 }, () => {
  it('are there for every preset', () => {
    assert.deepEqual([...snippets.keys()], Object.keys(PRESETS));
  });

  for (const id of Object.keys(PRESETS)) {
    it(`${id}: nothing reaches its hosts before a choice; after "Accept all" the snippet makes its first request there`, async () => {
      const { context, page, vendor, elsewhere, errors } = await visit(id);
      try {
        // Started, with the decision read: the moment a leak would have happened.
        await page.waitForFunction(() => customElements.get('cookie-consent') && document.querySelector('cookie-consent'));
        await page.waitForTimeout(500);
        assert.deepEqual(vendor.map(String), [], 'no vendor request before consent');
        await page.evaluate(() => document.querySelector('cookie-consent').acceptAll());
        const deadline = Date.now() + 5000;
        while (!vendor.length && Date.now() < deadline) await page.waitForTimeout(50);
        assert.ok(vendor.length > 0, 'the snippet made no vendor request after Accept all');
        assert.ok(isOf(id, vendor[0]), `the first vendor request, ${vendor[0]}, is one of ${id}'s hosts (${PRESETS[id].hosts.join(', ')})`);
        assert.deepEqual(elsewhere, [], 'nothing else left the machine');
        assert.deepEqual(errors, [], 'the snippet ran without errors');
      } finally {
        await context.close();
      }
    });
  }
});
