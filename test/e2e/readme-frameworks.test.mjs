// The React example of docs/frameworks.md ('framework-react'), exactly as written there — JSX, bare
// imports of react, react-dom/client and cookie-consent-element — bundled the way an app would bundle it
// (esbuild, against the built package) and run in Chromium: a click on the real "Accept all" button
// must reach React's onconsent-change handler, and so must the `consent: null` that reset() and an embed's
// Allow announce.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { closeChromium, openChromium } from './chromium.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

async function sample(name) {
  const markdown = await readFile(new URL('../../docs/frameworks.md', import.meta.url), 'utf8');
  const at = markdown.indexOf(`<!-- readme-test: ${name} -->`);
  assert.ok(at > -1, `docs/frameworks.md has ${name}`);
  const start = markdown.indexOf('\n', markdown.indexOf('```', at)) + 1;
  return markdown.slice(start, markdown.indexOf('\n```', start));
}

let browser;
let server;
let bundle;

before(async () => {
  const result = await build({
    stdin: { contents: await sample('framework-react'), loader: 'jsx', resolveDir: root, sourcefile: 'frameworks.md.jsx' },
    bundle: true,
    format: 'esm',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    // The package's own name resolves to its build, as it would from node_modules.
    alias: { 'cookie-consent-element': './dist/cookie-consent.js' },
    write: false,
    logLevel: 'silent',
  });
  bundle = result.outputFiles[0].text;
  server = createServer((req, res) => {
    if (req.url === '/app.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(bundle);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="en"><title>React</title><div id="app"></div><script type="module" src="/app.js"></script>');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  browser = await openChromium();
});

after(async () => {
  await closeChromium();
  server?.close();
});

test("docs/frameworks.md's React 19 example: Accept all, reset() and an embed's Allow reach the onconsent-change prop", async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  // The status line reads `text`; if it does not, the page's errors (a handler that threw) say why.
  const status = (text) =>
    page.locator('#status', { hasText: text }).waitFor({ timeout: 10000 }).catch((error) => {
      throw new Error(`${error.message}\npage errors: ${problems.join('; ') || 'none'}`);
    });
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await status('Analytics: not decided');
  assert.equal(await page.locator('cookie-consent').getAttribute('policy-url'), '/privacy');

  await page.getByRole('button', { name: 'Accept all', exact: true }).click();
  await status('Analytics: on');

  // Both announce `consent: null`: reset() takes analytics back; an embed's Allow grants it alone (a partial decision).
  await page.evaluate(() => document.querySelector('cookie-consent').reset());
  await status('Analytics: off');
  await page.evaluate(() => document.querySelector('cookie-consent').grant('analytics'));
  await status('Analytics: on');
  assert.equal(await page.evaluate(() => document.querySelector('cookie-consent').consent), null);

  // The example's "Cookie settings" button reopens the choice through data-cookie-consent.
  await page.getByRole('button', { name: 'Cookie settings' }).click();
  await page.getByRole('dialog').waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});
