// The core and its view (issue 12): the built files, served over real HTTP to a real Chromium, with a log of
// every request. A returning visitor's page loads the core only; the view comes when something must be
// shown (a first visit, showPreferences(), a trigger, a placeholder), the preferences dialog once it is asked
// for or the page is idle after the banner, the embeds' part when the page tags an
// embed; a part that cannot be loaded leaves the page working. Needs `npm run build` first.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeChromium, openChromium } from './chromium.mjs';
import { sendDist, types } from './dist.mjs';
import { sites } from './sites.mjs';
import { visitors } from './visitors.mjs';

const VIEW = '/cookie-consent-view.js';
const SERVICES = '/cookie-consent-view-services.js';
const PLACEHOLDER = '/cookie-consent-view-placeholder.js';
const DIALOG = '/cookie-consent-view-preferences.js';

const html = (body, head = '', lang = 'en') => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">${head}<title>Shop</title></head>
<body><a href="#" data-cookie-consent="preferences">Cookie settings</a>
<script type="text/plain" data-category="analytics">window.analyticsRan = true</script>
${body}</body></html>`;
const oneTag = (extra = '') => `<script src="/cookie-consent.iife.js" data-categories="analytics marketing"${extra}></script>`;
/** A page with the ga4 and youtube services, their tagged script and frame, and two reject-all triggers: a link and a form's button. */
function servicesTags(mode) {
  return html(`<cookie-consent categories="analytics marketing"${mode}><cookie-service preset="ga4"></cookie-service><cookie-service preset="youtube"></cookie-service></cookie-consent>
<a href="#footer" id="reject-link" data-cookie-consent="reject-all">Reject all cookies</a>
<form action="/submitted"><button id="reject-button" data-cookie-consent="reject-all">Only necessary cookies</button></form>
<script src="/cookie-consent.iife.js"></script>
<script type="text/plain" data-service="ga4" src="/ga4.js"></script>
<iframe data-service="youtube" data-src="/frame.html" width="400" height="225" title="Video"></iframe>`);
}
/** Response headers of some pages. */
const HEADERS = { '/de-no-connect': { 'content-security-policy': "connect-src 'none'" } };
const pages = {
  '/': html(oneTag()),
  '/consent-mode': html(oneTag(' data-google-consent-mode'), '<script>window.dataLayer = []</script>'),
  '/module': html('<cookie-consent categories="analytics marketing"></cookie-consent><script type="module" src="/cookie-consent.js"></script>'),
  '/embed': html(`<iframe data-category="marketing" data-src="/frame.html" width="400" height="225" title="Video"></iframe>${oneTag()}`),
  '/module-embed': html('<iframe data-category="marketing" data-src="/frame.html" width="400" height="225" title="Video"></iframe><cookie-consent categories="analytics marketing"></cookie-consent><script type="module" src="/cookie-consent.js"></script>'),
  '/all': html('<cookie-consent categories="analytics marketing"><cookie-service preset="ga4"></cookie-service></cookie-consent><script src="/cookie-consent.all.iife.js"></script>'),
  '/receipts': html(oneTag(' data-receipt-url="/receipts"')),
  '/de': html(oneTag(), '', 'de'),
  // The one tag in <head> and the page's own element: the tag's element starts, then gives way to the page's at
  // DOMContentLoaded (README, one tag); in the single file, the view is in from the start.
  '/de-two': html('<cookie-consent></cookie-consent>', oneTag(), 'de'),
  '/de-two-all': html('<cookie-consent></cookie-consent>', '<script src="/cookie-consent.all.iife.js" data-categories="analytics marketing"></script>', 'de'),
  // The same, under a policy that lets the page fetch nothing (served with HEADERS below).
  '/de-no-connect': html(oneTag(), '', 'de'),
  // German texts from the site's own bundle, registered by the module that imports the element (README, Languages).
  '/de-registered': html(`<cookie-consent categories="analytics marketing"></cookie-consent>
<script type="module">import { registerTexts } from '/cookie-consent.js'; registerTexts('de', { acceptAll: 'Alle annehmen' });</script>`, '', 'de'),
  '/frame.html': '<!doctype html><p>frame</p>',
  // A necessary script, released as the element starts (necessary is always granted).
  '/necessary': html(`<script type="text/plain" data-category="necessary" src="/necessary.js"></script>${oneTag()}`),
  '/necessary.js': 'window.necessaryRan = true',
  // A preset's service, and a footer link that withdraws (CONTRACT §4 triggers).
  '/presets': html(`<cookie-consent categories="analytics marketing"><cookie-service preset="ga4"></cookie-service></cookie-consent>
<button data-cookie-consent="reject-all">Withdraw consent</button>
<script src="/cookie-consent.iife.js"></script>`),
  // The same, where the page's own script calls the API as soon as the element is there.
  '/presets-accept': html(`<cookie-consent categories="analytics marketing"><cookie-service preset="ga4"></cookie-service></cookie-consent>
<script src="/cookie-consent.iife.js"></script><script>document.querySelector('cookie-consent').acceptAll()</script>`),
  // The same with a service whose category (intercom: preferences) categories does not list: it joins them.
  '/presets-added-accept': html(`<cookie-consent categories="analytics marketing"><cookie-service preset="ga4"></cookie-service><cookie-service preset="intercom"></cookie-service></cookie-consent>
<script src="/cookie-consent.iife.js"></script><script>document.querySelector('cookie-consent').acceptAll()</script>`),
  // opt-out, with a service added (hotjar) since the visitor's decision; the page's script asks has() at once.
  '/opt-out-added': html(`<cookie-consent categories="analytics marketing" mode="opt-out"><cookie-service preset="ga4"></cookie-service><cookie-service preset="hotjar"></cookie-service><cookie-service preset="youtube"></cookie-service></cookie-consent>
<script src="/cookie-consent.iife.js"></script><script>window.early = ['analytics', 'marketing', 'ga4', 'youtube'].map((id) => document.querySelector('cookie-consent').has(id))</script>`),
  // More services than the cookie holds: the element takes the first 64; its script asks has() at once.
  '/many-services': html(`<cookie-consent categories="analytics marketing">${Array.from({ length: 66 }, (_, i) => `<cookie-service name="s${i}" category="analytics"></cookie-service>`).join('')}</cookie-consent>
<script src="/cookie-consent.iife.js"></script><script>window.early = document.querySelector('cookie-consent').has('analytics')</script>`),
  '/services-module': html(`<cookie-consent categories="analytics marketing"><cookie-service preset="ga4"></cookie-service></cookie-consent>
<script type="module" src="/cookie-consent.js"></script>`),
  // Two elements, the first with a service: it waits for the services part, the second must wait behind it.
  '/two-services': html(`<cookie-consent id="first" categories="analytics marketing"><cookie-service preset="ga4"></cookie-service></cookie-consent>
<cookie-consent id="second" categories="analytics"></cookie-consent>
<script type="text/plain" data-service="ga4">window.ga4Ran = true</script>
<script src="/cookie-consent.iife.js"></script>`),
  // Two services, each with a tagged element, and the site's own controls in its footer (CONTRACT §3).
  '/services-tags': servicesTags(''),
  '/services-tags-opt-out': servicesTags(' mode="opt-out"'),
  '/ga4.js': 'window.ga4Ran = true',
  // The element comes later, from the site's own script (a framework); an external tagged script waits for it.
  '/module-later': html('<script type="text/plain" data-category="analytics" src="/ga4.js"></script><script type="module" src="/cookie-consent.js"></script>'),
};

let browser;

/**
 * A site for one test (see sites.mjs): `missing` paths answer 404, as on a site that copied only the core;
 * `delays` holds a path's first answer back for so many ms, or until the promise that a function of the
 * site returns settles. `arrived` and `answered` tell when a path's first request came and its first
 * answer went (ms since the process started).
 */
const serve = ({ missing = [], delays = {} } = {}) => servers.open({ missing, delays: { ...delays }, arrived: {}, answered: {} });
/** Answers `site`'s requests, logging each (a delayed one once it is answered). */
function answer(site, req, res) {
  const path = new URL(req.url, 'http://x').pathname;
  site.arrived[path] ??= performance.now();
  const wait = site.delays[path];
  if (wait) {
    delete site.delays[path];
    const held = typeof wait === 'number' ? new Promise((resolve) => setTimeout(resolve, wait)) : wait(site);
    return void held.then(() => answer(site, req, res));
  }
  site.requests.push(path);
  res.on('finish', () => (site.answered[path] ??= performance.now()));
  if (site.missing.includes(path)) return void res.writeHead(404).end();
  if (path === '/receipts' && req.method === 'POST') return void res.writeHead(201).end();
  if (Object.hasOwn(pages, path)) return void res.writeHead(200, { 'content-type': types[path.endsWith('.js') ? '.js' : '.html'], ...HEADERS[path] }).end(pages[path]);
  sendDist(res, path);
}
const servers = sites(answer);

/**
 * Resolves once `site` has been asked for `path`, or after ten seconds: a wait for the order of two
 * requests that a busy machine cannot upset, and that lets the check after it fail if `path` never comes.
 */
const askedFor = (path) => (site) =>
  new Promise((resolve) => {
    const end = Date.now() + 10_000;
    const poll = setInterval(() => {
      if (site.arrived[path] === undefined && Date.now() < end) return;
      clearInterval(poll);
      resolve();
    }, 10);
  });

/** `delays` for a site whose file at `path` is held back until `release()`. */
function holding(path) {
  let release;
  const held = new Promise((resolve) => (release = resolve));
  return { delays: { [path]: () => held }, release };
}

let visitor;

before(async () => {
  browser = await openChromium();
  visitor = visitors(browser);
});

after(async () => {
  await closeChromium();
  await servers.close();
});

/**
 * A fresh visitor (no cookie) or a returning one (the cookie of an earlier Accept all) on a site of its
 * own (see serve() for `missing` and `delays`); the page loaded and settled.
 */
async function visit(path, { returning = false, ...serving } = {}) {
  const site = await serve(serving);
  const { origin } = site;
  const { context, page } = await visitor();
  if (returning) {
    // With the page's one service (ga4) decided where it has one: the format the element writes then (v2).
    const services = { '/presets': 'ga4', '/many-services': Array.from({ length: 64 }, (_, i) => `s${i}`).join('+') }[path];
    const value = `v=${services ? 2 : 1}&r=0&t=${Date.now() - 60_000}&id=earlier&s=banner&g=analytics+marketing&d=${services ? `&sg=${services}&sd=` : ''}`;
    await context.addCookies([{ name: 'cookie_consent', value, url: origin }]);
  }
  const warnings = [];
  const errors = [];
  page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(origin + path, { waitUntil: 'load' });
  await page.waitForFunction(() => customElements.get('cookie-consent'));
  // Whatever the element was going to load on its own, it has asked for by now.
  await page.waitForTimeout(300);
  return { page, context, warnings, errors, site, requests: site.requests };
}

const banner = (page) => page.locator('cookie-consent [part~="banner"]');

describe('the view file', { concurrency: 3 }, () => {
  for (const path of ['/', '/module']) {
    it(`a returning visitor's page (${path === '/' ? 'classic script' : 'ES module'}) requests no view file, yet runs what the decision grants`, async () => {
      const { page, context, requests } = await visit(path, { returning: true });
      assert.equal(await page.evaluate(() => window.analyticsRan), true);
      assert.deepEqual(requests.filter((p) => p.endsWith('.js') || p.endsWith('.json')), [path === '/' ? '/cookie-consent.iife.js' : '/cookie-consent.js']);
      assert.equal(await page.evaluate(() => document.querySelector('cookie-consent').shadowRoot.childElementCount), 0, 'nothing rendered');
      await context.close();
    });
  }

  it('a returning visitor on a page with more services than the cookie holds is answered at once from the first 64, and requests no view file', async () => {
    const { page, context, requests } = await visit('/many-services', { returning: true });
    assert.equal(await page.evaluate(() => window.early), true, 'has() while the services part loads');
    assert.deepEqual(requests.filter((p) => p.endsWith('.js') || p.endsWith('.json')), ['/cookie-consent.iife.js', '/cookie-consent-services.js']);
    assert.equal(await page.evaluate(() => document.querySelector('cookie-consent').consent?.source), 'banner');
    await context.close();
  });

  it('a returning visitor\'s page leaves alone the interfaces it does not need: their bindings would take its heap', async () => {
    const site = await serve();
    const context = await browser.newContext();
    await context.addCookies([{ name: 'cookie_consent', value: `v=1&r=0&t=${Date.now()}&id=x&s=banner&g=analytics+marketing&d=`, url: site.origin }]);
    // Counts what the widget's own code reads: the navigation timing (the Performance interfaces: 15 KB of
    // heap), an element's `attributes` (NamedNodeMap and Attr: 4 KB).
    await context.addInitScript(() => {
      const fromWidget = () => /cookie-consent[^/]*\.js/.test(new Error().stack.split('\n').slice(2).join('\n'));
      window.touched = [];
      const entries = Performance.prototype.getEntriesByType;
      Performance.prototype.getEntriesByType = function (...args) {
        if (fromWidget()) window.touched.push('getEntriesByType');
        return entries.apply(this, args);
      };
      const attributes = Object.getOwnPropertyDescriptor(Element.prototype, 'attributes');
      Object.defineProperty(Element.prototype, 'attributes', { ...attributes, get() {
        if (fromWidget()) window.touched.push('attributes');
        return attributes.get.call(this);
      } });
    });
    const page = await context.newPage();
    await page.goto(site.origin + '/', { waitUntil: 'load' });
    await page.waitForFunction(() => window.analyticsRan === true);
    await page.waitForTimeout(200);
    assert.deepEqual(await page.evaluate(() => window.touched), []);
    await context.close();
  });

  for (const path of ['/', '/module']) {
    it(`a first visit (${path === '/' ? 'classic script' : 'ES module'}) requests the view once, from beside the script, and shows the banner`, async () => {
      const { page, context, requests } = await visit(path);
      await banner(page).waitFor();
      assert.deepEqual(requests.filter((p) => p === VIEW), [VIEW]);
      await page.locator('cookie-consent [part~="accept"]').click();
      await page.waitForFunction(() => window.analyticsRan === true);
      // A page that tags only scripts and configures no service needs none of those parts.
      assert.equal(['/cookie-consent-embeds.js', '/cookie-consent-services.js', PLACEHOLDER].some((part) => requests.includes(part)), false, requests.join(' '));
      await context.close();
    });
  }

  it('a first visit requests it first thing, from the cookie alone: before the element releases what the page tagged', async () => {
    const { page, context } = await visit('/necessary');
    await banner(page).waitFor();
    await page.waitForFunction(() => window.necessaryRan === true);
    // When each fetch started, as the page saw it.
    const [view, necessary] = await page.evaluate((paths) => paths.map((path) => performance.getEntriesByName(location.origin + path)[0]?.startTime), [VIEW, '/necessary.js']);
    assert.ok(view < necessary, `the view at ${view} ms, the released script at ${necessary} ms`);
    await context.close();
  });

  it('a returning visitor gets it on showPreferences(), and on a click on a data-cookie-consent trigger', async () => {
    const { page, context, requests } = await visit('/', { returning: true });
    assert.equal(requests.includes(VIEW), false);
    await page.evaluate(() => document.querySelector('cookie-consent').showPreferences());
    await page.locator('cookie-consent dialog[part~="dialog"]').waitFor();
    assert.deepEqual(requests.filter((p) => p === VIEW || p === DIALOG), [VIEW, DIALOG]);
    await context.close();

    const second = await visit('/', { returning: true });
    await second.page.getByText('Cookie settings').click();
    await second.page.locator('cookie-consent dialog[part~="dialog"]').waitFor();
    assert.deepEqual(second.requests.filter((p) => p === VIEW || p === DIALOG), [VIEW, DIALOG]);
    await second.context.close();
  });

  it('a returning visitor who withdraws through a trigger loses the preset\'s cookies without loading it', async () => {
    const { page, context, requests } = await visit('/presets', { returning: true });
    await page.evaluate(() => {
      document.cookie = '_ga=GA1; Path=/';
      document.cookie = '_ga_XYZ=GS1; Path=/';
    });
    await page.getByRole('button', { name: 'Withdraw consent' }).click();
    await page.waitForFunction(() => !document.cookie.includes('_ga'));
    assert.equal(await page.evaluate(() => document.querySelector('cookie-consent').has('ga4')), false);
    assert.ok(requests.includes('/presets/cookies.json'), 'the cookie lists fetched');
    assert.ok(!requests.includes(VIEW), 'no view file');
    await context.close();
  });

  it('a returning visitor who refused marketing gets it for the placeholder of a blocked embed', async () => {
    const { origin, requests } = await serve();
    const context = await browser.newContext();
    await context.addCookies([{ name: 'cookie_consent', value: `v=1&r=0&t=${Date.now()}&id=x&s=banner&g=analytics&d=marketing`, url: origin }]);
    const page = await context.newPage();
    await page.goto(`${origin}/embed`);
    const allow = page.locator('cookie-consent-placeholder button');
    await allow.waitFor();
    assert.deepEqual(requests.filter((p) => p === VIEW || p === PLACEHOLDER), [VIEW, PLACEHOLDER]);
    assert.equal(requests.includes('/frame.html'), false);
    await allow.click();
    await page.waitForFunction(() => document.querySelector('iframe').getAttribute('src') === '/frame.html');
    await context.close();
  });

  it('an embed added once the view is there gets its placeholder, whose file comes then', async () => {
    const { page, context, requests } = await visit('/', { returning: true });
    await page.evaluate(() => document.querySelector('cookie-consent').showPreferences());
    await page.locator('cookie-consent dialog[part~="dialog"]').waitFor();
    assert.equal(requests.includes(PLACEHOLDER), false);
    await page.evaluate(() => {
      const consent = document.querySelector('cookie-consent');
      consent.shadowRoot.querySelector('dialog').close();
      consent.acceptCategories(['analytics']);
      document.body.insertAdjacentHTML('beforeend', '<iframe data-category="marketing" data-src="/frame.html" width="400" height="225" title="Video"></iframe>');
    });
    await page.locator('cookie-consent-placeholder button').waitFor();
    assert.deepEqual(requests.filter((p) => p === VIEW || p === PLACEHOLDER), [VIEW, PLACEHOLDER]);
    await context.close();
  });

  it('when the placeholders\' file cannot be loaded, one warning names it, the embed stays blocked and the banner still decides', async () => {
    const { page, context, warnings, requests } = await visit('/embed', { missing: [PLACEHOLDER] });
    await banner(page).waitFor();
    await page.locator('cookie-consent [part~="accept"]').click();
    await page.waitForFunction(() => document.querySelector('iframe')?.getAttribute('src') === '/frame.html');
    assert.equal(warnings.filter((text) => text.includes('cookie-consent-view-placeholder.js')).length, 1, warnings.join('\n'));
    assert.ok(requests.includes(VIEW));
    await context.close();
  });

  it('a first visit in German fetches the language file beside the view, not after it', async () => {
    const { page, context, requests, site } = await visit('/de', { delays: { [VIEW]: askedFor('/lang/de.json') } });
    const { arrived, answered } = site;
    await page.locator('cookie-consent [part~="accept"]').getByText('Alle akzeptieren').waitFor();
    assert.ok(arrived['/lang/de.json'] < answered['/cookie-consent-view.js'], `de.json asked at ${arrived['/lang/de.json']}, the view answered at ${answered['/cookie-consent-view.js']}`);
    assert.deepEqual(requests.filter((p) => p.endsWith('.json')), ['/lang/de.json'], 'once');
    await context.close();
  });

  it("a page whose own element takes over from the one tag's fetches the language file once, split or single-file", async () => {
    for (const path of ['/de-two', '/de-two-all']) {
      const { page, context, requests } = await visit(path);
      await page.locator('cookie-consent [part~="accept"]').getByText('Alle akzeptieren').waitFor();
      // Until the network has been quiet for half a second: a second request, had the page's element asked again, is in.
      await page.waitForLoadState('networkidle');
      assert.deepEqual(requests.filter((p) => p.endsWith('.json')), ['/lang/de.json'], `${path}: once`);
      await context.close();
    }
  });

  it('German texts that the importing module registers are used, and the language file is never fetched', async () => {
    const { page, context, requests } = await visit('/de-registered');
    await page.locator('cookie-consent [part~="accept"]').getByText('Alle annehmen').waitFor();
    assert.ok(requests.includes(VIEW));
    assert.deepEqual(requests.filter((p) => p.endsWith('.json')), []);
    await context.close();
  });

  it('a language file the page may not fetch gives an English banner and one warning naming it, no uncaught error', async () => {
    const { page, context, warnings, errors } = await visit('/de-no-connect');
    await page.locator('cookie-consent [part~="accept"]').getByText('Accept all').waitFor();
    assert.deepEqual(errors, [], 'nothing uncaught reaches the page');
    assert.equal(warnings.filter((text) => text.includes('/lang/de.json')).length, 1, warnings.join('\n'));
    await context.close();
  });

  it('the single-file build never requests it, nor its service UI, which it carries', async () => {
    const { page, context, requests } = await visit('/all');
    await banner(page).waitFor();
    await page.evaluate(() => document.querySelector('cookie-consent').showPreferences());
    await page.locator('cookie-consent dialog[part~="dialog"]').waitFor();
    assert.equal(await page.locator('cookie-consent label[for="switch-ga4"]').textContent(), 'Google Analytics 4');
    assert.equal(requests.includes(VIEW), false);
    assert.deepEqual(requests.filter((p) => p.endsWith('.js')), ['/cookie-consent.all.iife.js']);
    await context.close();
  });
});

describe('the view\'s preferences dialog', { concurrency: 3 }, () => {
  const customize = (page) => page.locator('cookie-consent [part~="customize"]').click();
  const dialog = (page) => page.locator('cookie-consent dialog[part~="dialog"]');

  it('a first visit shows the banner without it, then requests it once while the page is idle, before Customize', async () => {
    const { delays, release } = holding(DIALOG);
    const { page, context, requests, site } = await visit('/', { delays });
    await banner(page).waitFor();
    assert.equal(site.answered[DIALOG], undefined, 'the banner came while the dialog was held back');
    await askedFor(DIALOG)(site);
    assert.notEqual(site.arrived[DIALOG], undefined, 'asked for without a click');
    release();
    await customize(page);
    await dialog(page).waitFor();
    assert.deepEqual(requests.filter((p) => p === VIEW || p === DIALOG), [VIEW, DIALOG]);
    await context.close();
  });

  it('Customize before it has come opens the dialog when it comes, with the focus in it; closing gives the focus back', async () => {
    const { delays, release } = holding(DIALOG);
    const { page, context } = await visit('/', { delays });
    await banner(page).waitFor();
    await customize(page);
    await page.waitForTimeout(200);
    assert.equal(await dialog(page).count(), 0, 'no dialog without its file');
    release();
    await dialog(page).waitFor();
    const focusIn = () => page.evaluate(() => document.querySelector('cookie-consent').shadowRoot.activeElement?.closest('dialog, section')?.getAttribute('part'));
    await page.waitForFunction(() => document.querySelector('cookie-consent').shadowRoot.activeElement?.closest('dialog'));
    assert.equal(await focusIn(), 'dialog');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('cookie-consent').shadowRoot.querySelector('dialog'));
    assert.equal(await page.evaluate(() => document.querySelector('cookie-consent').shadowRoot.activeElement?.getAttribute('part')), 'button customize');
    await context.close();
  });

  it('when it cannot be loaded, one warning names it, nothing hangs, and the banner still decides', async () => {
    const { page, context, warnings } = await visit('/', { missing: [DIALOG] });
    await banner(page).waitFor();
    await customize(page);
    await page.evaluate(async () => {
      const consent = document.querySelector('cookie-consent');
      await consent.updateComplete;
      consent.showPreferences();
      await consent.updateComplete;
    });
    assert.equal(await dialog(page).count(), 0);
    assert.equal(warnings.filter((text) => text.includes('cookie-consent-view-preferences.js')).length, 1, warnings.join('\n'));
    await page.locator('cookie-consent [part~="accept"]').click();
    await page.waitForFunction(() => window.analyticsRan === true);
    assert.notEqual(await page.evaluate(() => document.querySelector('cookie-consent').consent), null);
    await context.close();
  });
});

describe('the view\'s service UI', { concurrency: 3 }, () => {
  const customize = (page) => page.locator('cookie-consent [part~="customize"]').click();
  const dialog = (page) => page.locator('cookie-consent dialog[part~="dialog"]');

  it('a page without services never requests it, not even for the dialog', async () => {
    const { page, context, requests } = await visit('/');
    await banner(page).waitFor();
    await customize(page);
    await dialog(page).waitFor();
    await page.waitForTimeout(200);
    assert.deepEqual(requests.filter((p) => p === VIEW || p === SERVICES), [VIEW]);
    await context.close();
  });

  for (const path of ['/presets', '/services-module']) {
    it(`a first visit with a <cookie-service> (${path === '/presets' ? 'classic script' : 'ES module'}) requests it once, beside the view; the banner does not wait for it`, async () => {
      // The service UI is held back until the banner is there: a banner that waited for it never comes.
      const { delays, release } = holding(SERVICES);
      const { page, context, requests, site } = await visit(path, { delays });
      const { arrived, answered } = site;
      await banner(page).waitFor();
      assert.ok(arrived[SERVICES] !== undefined && answered[SERVICES] === undefined, 'the banner came while the service UI was on its way');
      release();
      await customize(page);
      await page.locator('cookie-consent label[for="switch-ga4"]').getByText('Google Analytics 4').waitFor();
      assert.ok(answered[SERVICES] !== undefined);
      assert.equal(await page.locator('cookie-consent #switch-analytics').getAttribute('role'), null, 'a tri-state checkbox');
      assert.deepEqual(requests.filter((p) => p === VIEW || p === SERVICES), [VIEW, SERVICES]);
      await context.close();
    });
  }

  it('when it cannot be loaded, one warning names it and the dialog still decides by category', async () => {
    const { page, context, warnings } = await visit('/presets', { missing: [SERVICES] });
    await banner(page).waitFor();
    await customize(page);
    await dialog(page).waitFor();
    assert.equal(await page.locator('cookie-consent #switch-ga4').count(), 0);
    const analytics = page.locator('cookie-consent #switch-analytics');
    assert.equal(await analytics.getAttribute('role'), 'switch');
    await analytics.click();
    await page.locator('cookie-consent [part~="save"]').click();
    await page.waitForFunction(() => document.querySelector('cookie-consent').has('ga4'));
    const cookies = await context.cookies();
    assert.match(cookies.find((cookie) => cookie.name === 'cookie_consent').value, /&g=analytics&d=marketing&sg=ga4&sd=$/);
    assert.equal(warnings.filter((text) => text.includes('cookie-consent-view-services.js')).length, 1, warnings.join('\n'));
    await context.close();
  });
});

describe('the receipt sender', () => {
  it('is loaded only once there is a receipt to send', async () => {
    const { page, context, requests } = await visit('/receipts', { returning: true });
    assert.equal(requests.includes('/cookie-consent-receipts.js'), false, 'not for a returning visitor');
    const posted = page.waitForResponse((response) => response.url().endsWith('/receipts') && response.request().method() === 'POST');
    await page.evaluate(() => document.querySelector('cookie-consent').rejectAll());
    await posted;
    assert.deepEqual(requests.filter((p) => p === '/cookie-consent-receipts.js'), ['/cookie-consent-receipts.js']);
    assert.equal(requests.includes(VIEW), false, 'a decision through the API needs no view');
    await context.close();
  });
});

describe('the embeds part', { concurrency: 2 }, () => {
  const EMBEDS = '/cookie-consent-embeds.js';

  it('is requested once on a page with a tagged embed, and a returning visitor\'s embed loads with it', async () => {
    for (const path of ['/embed', '/module-embed']) {
      const { page, context, requests } = await visit(path, { returning: true });
      await page.waitForFunction(() => document.querySelector('iframe').getAttribute('src') === '/frame.html');
      assert.deepEqual(requests.filter((p) => p.endsWith('embeds.js')), [EMBEDS], path);
      assert.equal(requests.includes(VIEW), false, 'no view for a returning visitor');
      await context.close();
    }
  });

  it('when it cannot be loaded, embeds stay blocked, one warning says why, and scripts are still released', async () => {
    const { page, context, warnings, requests } = await visit('/embed', { returning: true, missing: [EMBEDS] });
    assert.equal(await page.evaluate(() => window.analyticsRan), true, 'the tagged script ran');
    assert.equal(await page.evaluate(() => document.querySelector('iframe').hasAttribute('src')), false);
    assert.equal(requests.includes('/frame.html'), false);
    // An embed added later does not ask, nor warn, again.
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img data-category="analytics" data-src="/frame.html?img" alt="">'));
    await page.waitForTimeout(200);
    assert.deepEqual(requests.filter((p) => p === EMBEDS), [EMBEDS]);
    const told = warnings.filter((text) => text.includes('cookie-consent-embeds.js'));
    assert.equal(told.length, 1, warnings.join('\n'));
    await context.close();
  });
});

describe('the services part', { concurrency: 3 }, () => {
  const SERVICES = '/cookie-consent-services.js';

  // Pages without one never request it: the first visits of 'the view file' above.
  it('is requested by a page that configures a service', async () => {
    const { page, context, requests } = await visit('/presets', { returning: true });
    assert.deepEqual(requests.filter((p) => p === SERVICES), [SERVICES]);
    assert.equal(await page.evaluate(() => document.querySelector('cookie-consent').has('ga4')), true);
    await context.close();
  });

  it('a <cookie-service> added after start-up (by a framework) loads it; the returning visitor is asked about the new service', async () => {
    // The cookie of an Accept all given before the page had services (version 1: categories only).
    const { page, context, requests } = await visit('/module', { returning: true });
    assert.equal(requests.includes(SERVICES), false);
    await page.evaluate(() => {
      const service = document.createElement('cookie-service');
      service.setAttribute('preset', 'ga4');
      document.querySelector('cookie-consent').append(service);
    });
    await banner(page).waitFor();
    assert.deepEqual(requests.filter((p) => p === SERVICES), [SERVICES]);
    // Until the visitor answers, the new service follows its category's answer.
    assert.equal(await page.evaluate(() => document.querySelector('cookie-consent').has('ga4')), true);
    assert.equal(await page.evaluate(() => document.querySelector('cookie-consent').consent), null);
    await context.close();
  });

  it('while it loads, nothing is decided: an early acceptAll() and a GPC refusal answer the services too; consent-ready waits for it', async () => {
    for (const gpc of [false, true]) {
      const { origin } = await serve({ delays: { [SERVICES]: 400 } });
      const context = await browser.newContext();
      await context.addInitScript((gpc) => {
        if (gpc) Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });
        window.events = [];
        for (const type of ['consent-ready', 'consent-change']) {
          document.addEventListener(type, (event) => window.events.push([type, event.detail.consent?.services ?? null]));
        }
      }, gpc);
      const page = await context.newPage();
      await page.goto(`${origin}/presets${gpc ? '' : '-accept'}`);
      await page.waitForFunction(() => window.events.some(([type]) => type === 'consent-ready'));
      const value = (await context.cookies()).find((cookie) => cookie.name === 'cookie_consent').value;
      if (gpc) {
        assert.match(value, /&s=gpc&g=&d=(analytics\+marketing|marketing\+analytics)&sg=&sd=ga4$/);
        assert.deepEqual(await page.evaluate(() => window.events), [['consent-change', { ga4: false }], ['consent-ready', { ga4: false }]]);
      } else {
        assert.match(value, /&s=api&g=(analytics\+marketing|marketing\+analytics)&d=&sg=ga4&sd=$/);
        assert.deepEqual(await page.evaluate(() => window.events), [['consent-change', { ga4: true }], ['consent-ready', { ga4: true }]]);
      }
      await page.waitForTimeout(200);
      assert.equal(await banner(page).count(), 0, 'no banner: the decision answers every service');
      await context.close();
    }
  });

  // The decision does not name hotjar, so it is no whole answer until the part says what hotjar belongs to; what it
  // refused is still refused meanwhile (opt-out would count it as granted), and nothing it granted counts before then.
  it('while it loads, a stored decision that does not name a new service still refuses what it refused (opt-out)', async () => {
    const site = await serve({ delays: { [SERVICES]: 400 } });
    const { origin } = site;
    const { context, page } = await visitor();
    await context.addCookies([{ name: 'cookie_consent', value: `v=2&r=0&t=${Date.now() - 60_000}&id=earlier&s=preferences&g=analytics&d=marketing&sg=ga4&sd=youtube`, url: origin }]);
    await page.goto(`${origin}/opt-out-added`);
    // analytics, marketing, ga4, youtube: opt-out's default for the category it granted; services are not known yet.
    assert.deepEqual(await page.evaluate(() => window.early), [true, false, false, false]);
    await banner(page).waitFor();
    // The banner will ask about hotjar: its view was asked for beside the part, not after it.
    assert.ok(site.arrived[VIEW] < site.answered[SERVICES], 'the view is requested while the services part loads');
    assert.deepEqual(await page.evaluate(() => ['marketing', 'youtube', 'hotjar'].map((id) => document.querySelector('cookie-consent').has(id))), [false, false, true]);
    await context.close();
  });

  it('an early acceptAll() refuses nothing it was not offered: a category a service adds meanwhile is left for the banner to ask', async () => {
    const { page, context } = await visit('/presets-added-accept', { delays: { [SERVICES]: 400 } });
    await banner(page).waitFor();
    const value = (await context.cookies()).find((cookie) => cookie.name === 'cookie_consent').value;
    assert.match(value, /&s=api&g=(analytics\+marketing|marketing\+analytics)&d=&sg=ga4&sd=$/);
    assert.deepEqual(await page.evaluate(() => [document.querySelector('cookie-consent').consent, document.querySelector('cookie-consent').has('intercom')]), [null, false]);
    await context.close();
  });

  it('a second <cookie-consent> defers to a first that waits for it: the first decides once it is in, or the second once the first has left', async () => {
    for (const leaves of [false, true]) {
      const { delays, release } = holding(SERVICES);
      const { page, context, warnings } = await visit('/two-services', { delays });
      const shown = () => page.evaluate(() => Array.from(document.querySelectorAll('cookie-consent'), (el) => !!el.shadowRoot.querySelector('[part~="banner"]')));
      assert.deepEqual(await shown(), [false, false], 'nothing shown while the first waits');
      if (leaves) await page.evaluate(() => document.getElementById('first').remove());
      release();
      await banner(page).waitFor();
      assert.deepEqual(await shown(), leaves ? [true] : [true, false]);
      assert.equal(warnings.filter((text) => text.includes('another <cookie-consent>')).length, 1, warnings.join('\n'));
      // The first's configuration (its service) when it stayed; the second's own once it took over.
      await page.evaluate(() => document.getElementById('second').acceptAll());
      assert.deepEqual(await page.evaluate(() => [window.ga4Ran ?? false, window.analyticsRan, document.getElementById('second').has('ga4')]), [!leaves, true, !leaves]);
      await context.close();
    }
  });

  it('a decision or reset() asked for while it loads goes to the element that decides once it is in, also after a <body> swap', async () => {
    for (const returning of [false, true]) {
      const { delays, release } = holding(SERVICES);
      // A first visit whose script accepts all at once (/presets-accept), or a returning visitor who resets.
      const { page, context } = await visit(returning ? '/presets' : '/presets-accept', { returning, delays });
      await page.evaluate((returning) => {
        if (returning) document.querySelector('cookie-consent').reset();
        // The page swaps its <body> (Turbo), before the services part is in.
        const body = document.createElement('body');
        body.innerHTML = '<cookie-consent id="new" categories="analytics marketing"><cookie-service preset="ga4"></cookie-service></cookie-consent>';
        document.body.replaceWith(body);
      }, returning);
      release();
      await page.evaluate(() => document.getElementById('new').updateComplete);
      await page.waitForTimeout(200);
      const state = await page.evaluate(() => {
        const el = document.getElementById('new');
        return [el.consent?.source ?? null, el.has('ga4'), !!el.shadowRoot.querySelector('[part~="banner"]')];
      });
      assert.deepEqual(state, returning ? [null, false, true] : ['api', true, false]);
      await context.close();
    }
  });

  // CONTRACT §4: nothing tagged loads before its categories are granted. A decision that a later one replaced was never
  // the visitor's: it is not released, announced, sent as a receipt or told to the other tabs, even for a moment.
  it('decisions asked for meanwhile are made as one once it is in: one that a later one replaced is never acted on', async () => {
    const refused = { ga4: false, youtube: false };
    const cases = [
      // A first visit: acceptAll(), then rejectAll() (a visitor who changed their mind, the site's own buttons).
      ['/services-tags', null, (el) => (el.acceptAll(), el.rejectAll()), refused, /&s=api&g=&d=(analytics\+marketing|marketing\+analytics)&sg=&sd=ga4\+youtube$/],
      // opt-out grants until refused: a refusal asked for meanwhile comes before anything is released.
      ['/services-tags-opt-out', null, (el) => el.rejectAll(), refused, /&s=api&g=&d=(analytics\+marketing|marketing\+analytics)&sg=&sd=ga4\+youtube$/],
      // A grant() builds on the decision before it (and grants the service alone, not its category).
      ['/services-tags', null, (el) => (el.acceptCategories(['analytics']), el.grant('youtube')), { ga4: true, youtube: true }, /&s=api&g=analytics&d=marketing&sg=ga4\+youtube&sd=$/],
      // A returning visitor who had accepted all: reset() replaces the rejectAll() before it, and nothing loads.
      ['/services-tags', 'g=analytics+marketing&d=&sg=ga4+youtube&sd=', (el) => (el.rejectAll(), el.reset()), null, undefined],
    ];
    for (const [path, stored, calls, services, cookie] of cases) {
      const { delays, release } = holding(SERVICES);
      const site = await serve({ delays });
      const { context, page } = await visitor();
      if (stored) await context.addCookies([{ name: 'cookie_consent', value: `v=2&r=0&t=${Date.now() - 60_000}&id=earlier&s=banner&${stored}`, url: site.origin }]);
      await page.goto(site.origin + path, { waitUntil: 'load' });
      await page.evaluate(() => {
        window.seen = [];
        document.addEventListener('consent-change', (event) => window.seen.push(['change', event.detail.consent?.services ?? null]));
        // What the site's other tabs hear.
        window.channel = new BroadcastChannel('cookie-consent:cookie_consent');
        window.channel.onmessage = (event) => window.seen.push(['tab', event.data]);
      });
      await page.locator('cookie-consent').evaluate(calls);
      await page.waitForTimeout(100);
      release();
      await page.evaluate(() => document.querySelector('cookie-consent').updateComplete);
      await page.waitForTimeout(300);
      const value = (await context.cookies()).find((found) => found.name === 'cookie_consent')?.value;
      assert.match(value ?? '', cookie ?? /^$/);
      // A reset tells the other tabs when it was ('-' and the time).
      const seen = await page.evaluate(() => window.seen.map(([what, data]) => [what, what === 'tab' ? data.replace(/^-\d+$/, '-time') : data]));
      assert.deepEqual(seen, [['change', services], ['tab', value ?? '-time']], path + ' ' + calls);
      const loads = services?.ga4 ?? false;
      assert.deepEqual([site.arrived['/ga4.js'] !== undefined, site.arrived['/frame.html'] !== undefined], [loads, loads], 'what loaded: ' + site.requests.join(' '));
      assert.equal(await banner(page).count(), services ? 0 : 1);
      await context.close();
    }
  });

  // The GPC refusal of what is open comes first, and the visitor's own call on top of it: the decision in force, its
  // event and its receipt say 'api', not 'gpc' (proof of consent, README Receipts).
  it('with Global Privacy Control, a grant() asked for meanwhile is recorded and announced as the API call it is', async () => {
    const { delays, release } = holding(SERVICES);
    const site = await serve({ delays });
    // An init script of its own: a context of its own.
    const context = await browser.newContext();
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    const page = await context.newPage();
    await page.goto(site.origin + '/services-tags', { waitUntil: 'load' });
    await page.evaluate(() => {
      window.seen = [];
      document.addEventListener('consent-change', (event) => window.seen.push([event.detail.consent?.source, event.detail.granted]));
    });
    await page.locator('cookie-consent').evaluate((el) => el.grant('analytics'));
    release();
    await page.waitForFunction(() => window.seen.length > 0);
    await page.waitForTimeout(200);
    const value = (await context.cookies()).find((found) => found.name === 'cookie_consent')?.value;
    assert.match(value ?? '', /&s=api&g=analytics&d=marketing&sg=ga4&sd=youtube$/);
    assert.deepEqual(await page.evaluate(() => window.seen), [['api', ['analytics', 'ga4']]]);
    await context.close();
  });

  // CONTRACT §3 and README, Triggers: a footer link does what the API call it stands for does, and does not navigate.
  it('a trigger clicked meanwhile is not lost: a link or a form\'s button goes nowhere, its decision waits for it, the dialog opens once it is in', async () => {
    // The last: the banner's own button, the banner shown meanwhile by the API.
    for (const trigger of ['#reject-link', '#reject-button', 'a[data-cookie-consent="preferences"]', 'cookie-consent [part~="reject"]']) {
      const { delays, release } = holding(SERVICES);
      const { page, context, site } = await visit('/services-tags-opt-out', { delays });
      const url = page.url();
      if (trigger.startsWith('cookie-consent')) await page.evaluate(() => document.querySelector('cookie-consent').showBanner());
      await page.click(trigger);
      await page.waitForTimeout(200);
      const dialog = page.locator('cookie-consent [part~="dialog"]');
      // The dialog waits for the part, to show the services too; a decision closes the banner at once.
      assert.deepEqual([page.url(), await dialog.count(), await banner(page).count()], [url, 0, 0], trigger);
      release();
      await page.evaluate(() => document.querySelector('cookie-consent').updateComplete);
      await page.waitForTimeout(300);
      assert.equal(page.url(), url, trigger);
      assert.equal(site.arrived['/submitted'], undefined, 'the form was not submitted');
      const value = (await context.cookies()).find((found) => found.name === 'cookie_consent')?.value;
      if (!trigger.includes('preferences')) {
        assert.match(value ?? '', new RegExp(`&s=${trigger.startsWith('#') ? 'trigger' : 'banner'}&g=&d=(analytics\\+marketing|marketing\\+analytics)&sg=&sd=ga4\\+youtube$`));
        // opt-out grants until refused: the refusal comes before anything is released.
        assert.equal(site.arrived['/ga4.js'], undefined, site.requests.join(' '));
        assert.equal(await banner(page).count(), 0);
      } else {
        assert.equal(value, undefined);
        await page.locator('cookie-consent [part~="service"]').first().waitFor();
        assert.equal(await dialog.isVisible(), true);
      }
      await context.close();
    }
  });

  it('an element that left the page while it waited answers no trigger: a link navigates and a form submits again', async () => {
    const { delays, release } = holding(SERVICES);
    const { page, context, site, warnings } = await visit('/services-tags-opt-out', { delays });
    await page.evaluate(() => document.querySelector('cookie-consent').remove());
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve)));
    await page.click('#reject-link');
    assert.match(page.url(), /#footer$/, 'the link navigated');
    // Nor does it warn of a trigger's unknown value: no element reads triggers any more (one in its place would warn itself).
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<a id="typo" href="#typo" data-cookie-consent="prefrences">Settings</a>'));
    await page.click('#typo');
    assert.match(page.url(), /#typo$/);
    assert.deepEqual(warnings.filter((text) => text.includes('prefrences')), []);
    await page.click('#reject-button');
    for (let tries = 0; !site.arrived['/submitted'] && tries < 50; tries++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(site.arrived['/submitted'], 'the form was submitted');
    release();
    await context.close();
  });

  it('on a first visit the view is requested beside it, not after it', async () => {
    const { page, context, site } = await visit('/presets', { delays: { [SERVICES]: askedFor(VIEW) } });
    const { arrived, answered } = site;
    await banner(page).waitFor();
    assert.ok(arrived[VIEW] < answered[SERVICES], `the view asked at ${arrived[VIEW]}, the services part answered at ${answered[SERVICES]}`);
    await context.close();
  });

  it('when it cannot be loaded, one warning says why and the page still works', async () => {
    const { page, context, warnings } = await visit('/presets', { missing: [SERVICES] });
    await banner(page).waitFor();
    const told = warnings.filter((text) => text.includes('cookie-consent-services.js'));
    assert.equal(told.length, 1, warnings.join('\n'));
    await page.locator('cookie-consent [part~="accept"]').click();
    await page.waitForFunction(() => window.analyticsRan === true);
    await context.close();
  });
});

describe('a decision asked for before start-up', () => {
  // A script that adds the element starts it in the microtask after (a framework sets its properties first); a decision
  // asked for in that task starts it on the spot. CONTRACT §4: a refusal never runs (nor loads) what it refuses.
  it('is recorded before anything is released: opt-out\'s refused script is never requested; one announcement', async () => {
    const { page, context, site } = await visit('/module-later');
    const seen = await page.evaluate(() => {
      const seen = [];
      document.addEventListener('consent-change', (event) => seen.push([event.detail.consent?.source ?? null, event.detail.revoked]));
      const el = document.createElement('cookie-consent');
      el.setAttribute('categories', 'analytics');
      el.mode = 'opt-out';
      document.body.append(el);
      el.rejectAll();
      return seen;
    });
    await page.waitForTimeout(300);
    assert.deepEqual(seen, [['api', ['analytics']]]);
    assert.equal(site.arrived['/ga4.js'], undefined, site.requests.join(' '));
    assert.match((await context.cookies()).find((found) => found.name === 'cookie_consent').value, /&s=api&g=&d=analytics$/);
    await context.close();
  });
});

describe('when the view cannot be loaded', { concurrency: 2 }, () => {
  it('tagged content stays blocked, one warning says why, and the API still records decisions', async () => {
    const { page, context, warnings } = await visit('/', { missing: [VIEW] });
    assert.equal(await page.evaluate(() => window.analyticsRan), undefined, 'nothing tagged ran');
    assert.equal(await banner(page).count(), 0);
    // Asking again does not warn again.
    await page.evaluate(() => document.querySelector('cookie-consent').showPreferences());
    await page.waitForTimeout(200);
    const told = warnings.filter((text) => text.includes('cookie-consent-view.js'));
    assert.equal(told.length, 1, warnings.join('\n'));
    await page.evaluate(() => document.querySelector('cookie-consent').acceptAll());
    assert.equal(await page.evaluate(() => window.analyticsRan), true);
    const cookies = await context.cookies();
    assert.match(cookies.find((cookie) => cookie.name === 'cookie_consent').value, /&g=analytics\+marketing&d=$/);
    await context.close();
  });

  it('an embed waits behind an empty box at its size; Consent Mode\'s default still comes first', async () => {
    const { page, context, requests } = await visit('/embed', { missing: [VIEW] });
    const box = await page.locator('cookie-consent-placeholder').boundingBox();
    // The frame's box: its 400×225 and the browser's 2px default border.
    assert.deepEqual([box.width, box.height], [404, 229]);
    assert.equal(requests.includes('/frame.html'), false);
    await context.close();

    const second = await visit('/consent-mode', { missing: [VIEW] });
    const first = await second.page.evaluate(() => Array.from(window.dataLayer[0]));
    assert.deepEqual(first.slice(0, 2), ['consent', 'default']);
    assert.equal(first[2].analytics_storage, 'denied');
    await second.context.close();
  });
});
