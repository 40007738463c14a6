// Visitors for the end-to-end tests: each test still gets a browser context of its own (its own cookie jar),
// but contexts and their page are reused. Opening a page costs Chromium about 0.6 s of CPU more than a
// navigation in a page that is already open (a page that loads the widget and accepts: 1.16 s against 0.56 s
// here, with the page sent to about:blank in between), and most end-to-end tests open one. Each test's site is
// an origin of its own (a port, sites.mjs), so storage, the HTTP cache and BroadcastChannels are apart already;
// cookies, which ignore the port, are cleared when a context is handed out, and the storage of the origin its page
// is on when it is handed back (for tests that share one origin).

/**
 * A source of visitors in `browser`. `visitor()` resolves to `{ context, page, pages }`: `tabs` pages (one unless
 * asked), each on about:blank with no history, in a context with no cookies, listeners or routes; `page` is the
 * first. `context` offers what the tests ask of theirs: `cookies()`, `addCookies()`, `clearCookies()`, `newPage()`
 * (closed when the context is handed back), `route()` (routing also keeps the HTTP cache out), `request` (its API
 * requests, with its cookies), and `close()`, which hands the context back for the next test. The pages are the
 * test's to route, emulate media on and resize: all three are undone when they are handed back. A default timeout
 * set on one stays (the files that set one set it for every visitor).
 *
 * What every visitor of a file needs of the context is given once: `options` for browser.newContext(), and an
 * `init` script, which every page of these contexts runs first. A test that needs more of its context (an init
 * script of its own, other options) opens one of its own; so does one that sets the clock (`page.clock`), which
 * Playwright cannot undo: a fixed clock left to the next test dated its two decisions in one millisecond.
 */
export function visitors(browser, { options = {}, init, tabs = 1 } = {}) {
  const idle = [];
  // The media features a page of these contexts has, as Playwright emulates them when given none; `null` would
  // stop emulating them (Chromium's own defaults), which is not where a new page starts.
  const media = {
    media: null,
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: options.reducedMotion ?? 'no-preference',
    forcedColors: options.forcedColors ?? 'none',
    contrast: options.contrast ?? 'no-preference',
  };
  async function open() {
    const context = await browser.newContext(options);
    if (init) await context.addInitScript(init);
    const pages = [];
    for (let i = 0; i < tabs; i++) pages.push(await context.newPage());
    return { context, pages, viewport: pages[0].viewportSize() };
  }
  return async function visitor() {
    const { context, pages, viewport } = idle.pop() ?? (await open());
    await context.clearCookies();
    let closed = false;
    return {
      page: pages[0],
      pages,
      context: {
        cookies: (...urls) => context.cookies(...urls),
        addCookies: (cookies) => context.addCookies(cookies),
        clearCookies: () => context.clearCookies(),
        newPage: () => context.newPage(),
        route: (url, handler) => context.route(url, handler),
        request: context.request,
        async close() {
          if (closed) return;
          closed = true;
          // The tabs' session storage goes with the test; their origins' other storage once they have left them (below).
          const origins = new Set();
          for (const page of pages) {
            page.removeAllListeners();
            if (/^https?:/.test(page.url())) origins.add(new URL(page.url()).origin);
            await page.evaluate(() => sessionStorage.clear()).catch(() => {});
          }
          // Anything the test opened beside its pages (a popup, another tab) goes; the pages leave the test's site.
          for (const other of context.pages()) if (!pages.includes(other)) await other.close();
          await context.unrouteAll({ behavior: 'ignoreErrors' });
          try {
            for (const page of pages) {
              await page.unrouteAll({ behavior: 'ignoreErrors' });
              await page.goto('about:blank');
              const cdp = await context.newCDPSession(page);
              // The next test's Back button must not reach this test's pages.
              await cdp.send('Page.resetNavigationHistory');
              await cdp.detach();
              await page.emulateMedia(media);
              const size = page.viewportSize();
              if (viewport && (size?.width !== viewport.width || size?.height !== viewport.height)) await page.setViewportSize(viewport);
            }
            // What the pages left in storage (receipts wait in localStorage) is gone for the next test on the same origin:
            // cleared after they have left, so that nothing they still had running can write it back.
            const cdp = await context.newCDPSession(pages[0]);
            for (const origin of origins) await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'local_storage,indexeddb,cache_storage,service_workers' });
            await cdp.detach();
            idle.push({ context, pages, viewport });
          } catch {
            // A page that cannot leave (it crashed) is not reused.
            await context.close();
          }
        },
      },
    };
  };
}
