// Browser tests run in real Chromium and Firefox ESR: real document.cookie, real events, real focus.
// Both browsers come from the system (no test tool downloads one); CHROMIUM_PATH and FIREFOX_PATH
// point elsewhere, e.g. at Playwright's own builds.
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromiumArgs, chromiumPath, firefoxPath } from './test/browsers.mjs';

/**
 * The runner sets each page's viewport (800×600) before a test file, and tests set others (setViewport); puppeteer-core
 * sends the screen orientation with it, which Firefox ESR 140 does not know (`unknown command
 * emulation.setScreenOrientationOverride`). The viewport itself is set (both commands go together): that one error is
 * let through once the page has the size asked for. Any other still fails the run.
 */
function tolerantViewport(page) {
  const setViewport = page.setViewport.bind(page);
  page.setViewport = (viewport) =>
    setViewport(viewport).catch(async (error) => {
      if (!String(error?.message).includes('setScreenOrientationOverride')) throw error;
      await page.waitForFunction((width, height) => innerWidth === width && innerHeight === height, { timeout: 5000 }, viewport.width, viewport.height);
    });
  return page;
}

/**
 * Chromium's test files run one after another in one page of one context, as Firefox's do in its one context (the
 * puppeteer launcher opens every page in the browser's default context). The runner's default, a context and a
 * page for each file, cost Chromium a renderer each: 94 s of CPU and 97 s for its files alone, against 69 s and 80 s.
 * The runner closes its "context" after each file, once the page has gone to about:blank; the page is then free for
 * the next file, with its viewport (the runner sets it) and its emulated media (here) as a new page has them. A file
 * started while the page is still taken gets a page of its own.
 */
function sharedPage() {
  let page;
  let taken = false;
  return {
    createBrowserContext: async ({ browser }) => {
      if (taken) return browser.newContext();
      taken = true;
      page ??= await (await browser.newContext()).newPage();
      return { newPage: () => page, close: async () => void (taken = false) };
    },
    createPage: async ({ context }) => {
      const page = await context.newPage();
      await page.emulateMedia({ media: null, colorScheme: 'light', reducedMotion: 'no-preference', forcedColors: 'none', contrast: 'no-preference' });
      return page;
    },
  };
}

// BROWSERS=chromium or BROWSERS=firefox runs one of them, e.g. while working on a test.
const only = process.env.BROWSERS?.split(',');
const launchers = {
  chromium: () =>
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
      ...sharedPage(),
    }),
  // Puppeteer drives Firefox over WebDriver BiDi; the launcher still calls itself "Chrome" in reports.
  firefox: () =>
    chromeLauncher({
      launchOptions: { browser: 'firefox', executablePath: firefoxPath, headless: true },
      createPage: async ({ context }) => tolerantViewport(await context.newPage()),
    }),
};
const browsers = Object.entries(launchers)
  .filter(([name]) => !only || only.includes(name))
  .map(([, launch]) => launch());

/**
 * A server that never answers: requests under texts-fixtures/stalled/ are held until the browser gives
 * up on them (the test page closes), as a translation stuck on a bad network would be.
 */
function stall(context, next) {
  if (!context.path.startsWith('/test/browser/texts-fixtures/stalled/')) return next();
  return new Promise((resolve) => {
    context.req.on('close', resolve);
    // Whatever happens, the server can still shut down.
    setTimeout(resolve, 60000).unref();
  }).then(() => void (context.status = 504));
}

/**
 * A receipt endpoint for test/browser/receipts.test.ts: POST /receipts-sink (or /receipts-sink/NAME) keeps
 * the body and the path (201), or answers 503 while down; POST /receipts-sink/404 answers 404 (any status); GET /receipts-sink/down and /up switch that; GET /receipts-sink/log hands
 * over (and forgets) what was kept and how many requests came. One sink per browser (by its user agent):
 * Chromium and Firefox run their files at the same time.
 */
const sinks = new Map();
async function receipts(context, next) {
  if (!context.path.startsWith('/receipts-sink')) return next();
  const agent = context.get('user-agent');
  if (!sinks.has(agent)) sinks.set(agent, { down: false, receipts: [], requests: 0 });
  const sink = sinks.get(agent);
  if (context.method === 'POST') {
    sink.requests++;
    let body = '';
    for await (const chunk of context.req) body += chunk;
    // POST /receipts-sink/404 (any status) answers that, as a proxy or a moved endpoint would, and keeps nothing.
    const status = Number(/^\/receipts-sink\/(\d{3})$/.exec(context.path)?.[1] ?? (sink.down ? 503 : 201));
    if (status === 201) sink.receipts.push({ body: JSON.parse(body), type: context.get('content-type'), origin: context.get('origin'), path: context.path });
    context.status = status;
    return;
  }
  if (context.path === '/receipts-sink/log') {
    context.body = { receipts: sink.receipts, requests: sink.requests };
    sink.receipts = [];
    sink.requests = 0;
  } else {
    sink.down = context.path === '/receipts-sink/down';
    context.body = {};
  }
}

/**
 * The presets' texts and cookie lists, which the build puts beside the view (dist/presets/), from their
 * sources: the texts' files as they are (asked for beside the view), the cookie lists from src/presets/data.ts
 * as rollup.config.mjs makes them (asked for beside the core: src/script-url.ts).
 */
async function presetTexts(context, next) {
  if (context.path === '/src/presets/cookies.json') {
    const { presetCookieLists } = await import('./scanner/presets.mjs');
    context.type = 'application/json';
    context.body = JSON.stringify(presetCookieLists());
    return;
  }
  if (context.path.startsWith('/src/view/presets/')) context.url = context.url.replace('/src/view/presets/', '/src/presets/lang/');
  return next();
}

export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: { exportConditions: ['production'] },
  middleware: [stall, receipts, presetTexts],
  plugins: [esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2021' })],
  browsers,
  concurrency: 1,
  // Firefox's first test page took over the default 30 s to start on a busy machine (a fresh clone's first
  // npm test, beside other jobs), failing a file that had not even begun.
  browserStartTimeout: 120000,
  concurrentBrowsers: 2,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 240000,
};
