// Visitors for the end-to-end tests: each test still gets a browser context of its own (its own cookie jar),
// but contexts and their page are reused. Opening a page costs Chromium about 0.6 s of CPU more than a
// navigation in a page that is already open (a page that loads the widget and accepts: 1.16 s against 0.56 s
// here, with the page sent to about:blank in between), and most end-to-end tests open one. Each test's site is
// an origin of its own (a port, sites.mjs), so storage, the HTTP cache and BroadcastChannels are apart already;
// cookies, which ignore the port, are cleared when a context is handed out, and the storage of the origin its page
// is on when it is handed back (for tests that share one origin).

/**
 * A source of visitors in `browser`. `visitor()` resolves to `{ context, page }`: a page on about:blank with no
 * history, in a context with no cookies, listeners or routes. `context` offers what the tests ask of theirs: `cookies()`,
 * `addCookies()`, `route()` (routing also keeps the HTTP cache out), `request` (its API requests, with its
 * cookies), and `close()`, which hands the context back for the next test. The page is the test's to route,
 * emulate media on and resize: all three are undone when it is handed back. A default timeout set on it stays
 * (the files that set one set it for every visitor).
 *
 * What every visitor of a file needs of the context is given once: `options` for browser.newContext(), and an
 * `init` script, which every page of these contexts runs first. A test that needs more of its context (an init
 * script of its own; more pages; other options) opens one of its own.
 */
export function visitors(browser, { options = {}, init } = {}) {
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
    const page = await context.newPage();
    return { context, page, viewport: page.viewportSize() };
  }
  return async function visitor() {
    const { context, page, viewport } = idle.pop() ?? (await open());
    await context.clearCookies();
    let closed = false;
    return {
      page,
      context: {
        cookies: (...urls) => context.cookies(...urls),
        addCookies: (cookies) => context.addCookies(cookies),
        route: (url, handler) => context.route(url, handler),
        request: context.request,
        async close() {
          if (closed) return;
          closed = true;
          page.removeAllListeners();
          // The tab's session storage goes with the test; the origin's other storage once the page has left it (below).
          const origin = /^https?:/.test(page.url()) ? new URL(page.url()).origin : undefined;
          await page.evaluate(() => sessionStorage.clear()).catch(() => {});
          // Anything the test opened beside its page (a popup) goes; the page leaves the test's site.
          for (const other of context.pages()) if (other !== page) await other.close();
          await context.unrouteAll({ behavior: 'ignoreErrors' });
          await page.unrouteAll({ behavior: 'ignoreErrors' });
          try {
            await page.goto('about:blank');
            const cdp = await context.newCDPSession(page);
            // The next test's Back button must not reach this test's pages.
            await cdp.send('Page.resetNavigationHistory');
            // What the page left in storage (receipts wait in localStorage) is gone for the next test on the same origin:
            // cleared after the page has left, so that nothing it still had running can write it back.
            if (origin) await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'local_storage,indexeddb,cache_storage,service_workers' });
            await cdp.detach();
            await page.emulateMedia(media);
            const size = page.viewportSize();
            if (viewport && (size?.width !== viewport.width || size?.height !== viewport.height)) await page.setViewportSize(viewport);
            idle.push({ context, page, viewport });
          } catch {
            // A page that cannot leave (it crashed) is not reused.
            await context.close();
          }
        },
      },
    };
  };
}
