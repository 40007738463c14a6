// The one-tag install (CONTRACT section 1), end to end: the built classic script, served over real HTTP
// to a real Chromium, with real cookies. Also takes the README's screenshots: `npm run screenshots`
// (SCREENSHOTS=1) writes them to docs/screenshots/; other runs take only those a check reads, in memory.
// Needs `npm run build` first.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { closeChromium, openChromium } from './chromium.mjs';
import { parseConsent } from '../../dist/server.js';
import { sites } from './sites.mjs';
import { visitors } from './visitors.mjs';

const dist = new URL('../../dist/', import.meta.url);
const shots = new URL('../../docs/screenshots/', import.meta.url);
const writeShots = process.env.SCREENSHOTS === '1';
const types = { '.js': 'text/javascript', '.json': 'application/json', '.html': 'text/html; charset=utf-8' };

/** A small shop page: the one tag is the only thing the site adds. */
const page = ({ lang = 'en', dir = 'ltr', tag }) => `<!doctype html>
<html lang="${lang}" dir="${dir}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Shop</title>
  <style>
    :root { color-scheme: light dark; font: 16px/1.5 system-ui, sans-serif; }
    body { margin: 0; }
    header { padding: 1rem 1.5rem; border-bottom: 1px solid #8884; font-weight: 600; }
    main { max-width: 48rem; margin: 0 auto; padding: 1.5rem; }
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); gap: 1rem; }
    .grid div { aspect-ratio: 4 / 3; border-radius: 0.5rem; background: #8882; }
  </style>
</head>
<body>
  <header>Shop · <a href="/">Home</a> <a href="/cart">Cart</a></header>
  <main>
    <h1>Spring collection</h1>
    <p>Light jackets, linen shirts and shoes for long walks.</p>
    <div class="grid"><div></div><div></div><div></div><div></div><div></div><div></div></div>
  </main>
  ${tag}
</body>
</html>`;

const oneTag = '<script src="/cookie-consent.iife.js" data-categories="analytics marketing" data-policy-url="/privacy"></script>';
const pages = {
  '/': page({ tag: oneTag }),
  '/de': page({ lang: 'de', tag: oneTag }),
  '/ar': page({ lang: 'ar', dir: 'rtl', tag: oneTag }),
  '/fr-missing': page({ lang: 'fr', tag: oneTag }),
  // A site that keeps scripts in a folder of their own: the languages are looked for beside the script.
  '/shop/pl': page({
    lang: 'pl',
    tag: '<script src="/assets/js/cookie-consent.iife.js" data-categories="analytics marketing"></script>',
  }),
  '/module': page({
    lang: 'it',
    tag: '<script type="module" src="/cookie-consent.js"></script><cookie-consent categories="analytics"></cookie-consent>',
  }),
};

let browser;
/** Fresh visitors, in contexts reused (visitors.mjs). */
let visitor;
// A site for each visitor (see sites.mjs), so that visitors can come side by side.
const servers = sites((site, req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  site.requests.push(path);
  const file = path.replace(/^\/assets\/js\//, '/');
  if (Object.hasOwn(pages, path)) {
    res.writeHead(200, { 'content-type': types['.html'] }).end(pages[path]);
    return;
  }
  // A long page that arrives in two parts (a slow server): the page's own <cookie-consent>, if any, in the second.
  if (path.startsWith('/streamed')) {
    res.writeHead(200, { 'content-type': types['.html'] });
    const early = path === '/streamed-own-script' ? '<script type="text/plain" data-category="analytics" src="/tagged.js"></script>' : '';
    const gcm = path.endsWith('-gcm') ? ' data-categories="analytics" data-google-consent-mode' : '';
    res.write(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Streamed</title>${early}<script src="/cookie-consent.iife.js"${gcm}></script></head>
      <body><h1>Article</h1><iframe data-category="analytics" data-src="/frame" title="Frame" width="300" height="150"></iframe>`);
    const own = path.startsWith('/streamed-own') ? '<cookie-consent categories="analytics" revision="2"></cookie-consent>' : '';
    setTimeout(() => res.end(`<p>More of the article.</p>${own}</body></html>`), 600);
    return;
  }
  if (path === '/frame') return void res.writeHead(200, { 'content-type': types['.html'] }).end('<p>A frame</p>');
  if (path === '/tagged.js') return void res.writeHead(200, { 'content-type': types['.js'] }).end('window.__tagged = true;');
  // The French page's language file is "missing", as on a site that copied only the script.
  if (path === '/lang/fr.json') return void res.writeHead(404).end();
  try {
    const body = readFileSync(new URL(`.${file}`, dist));
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});

const contextOptions = { viewport: { width: 1280, height: 800 } };
/** Every visitor's page keeps the element's `consent-ready` for the test (window.__ready). */
const awaitReady = () => {
  window.__ready = new Promise((resolve) => document.addEventListener('consent-ready', (e) => resolve(e.detail), { once: true }));
};

before(async () => {
  browser = await openChromium();
  visitor = visitors(browser, { options: contextOptions, init: awaitReady });
  if (writeShots) mkdirSync(shots, { recursive: true });
});

after(async () => {
  await closeChromium();
  await servers.close();
});

/**
 * A fresh visitor on a site of its own: own cookie jar and request log; resolves once the element has announced
 * `consent-ready`. A colour scheme and a viewport in `options` are the page's own; any other option (a phone's
 * touch and pixel ratio) takes a context of its own.
 */
async function visit(path = '/', options = {}) {
  const { origin, requests } = await servers.open();
  const { colorScheme, viewport, ...others } = options;
  let context, tab;
  if (Object.keys(others).length > 0) {
    context = await browser.newContext({ ...contextOptions, ...options });
    await context.addInitScript(awaitReady);
    tab = await context.newPage();
  } else {
    ({ context, page: tab } = await visitor());
    if (colorScheme) await tab.emulateMedia({ colorScheme });
    if (viewport) await tab.setViewportSize(viewport);
  }
  const warnings = [];
  const errors = [];
  tab.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
  tab.on('pageerror', (error) => errors.push(error));
  await tab.goto(origin + path);
  await tab.evaluate(() => window.__ready);
  return { context, tab, warnings, errors, requests };
}

const consentOf = async (context) => {
  const cookie = (await context.cookies()).find((c) => c.name === 'cookie_consent');
  return cookie ? { cookie, consent: parseConsent(`cookie_consent=${cookie.value}`) } : null;
};
// Lets opening transitions (if any) finish before a picture is taken.
// (document.getAnimations() leaves out those inside shadow roots.)
const settle = (tab) =>
  tab.evaluate(() =>
    Promise.all(
      [document, ...[...document.querySelectorAll('cookie-consent')].map((el) => el.shadowRoot)]
        .flatMap((root) => root?.getAnimations() ?? [])
        .map((animation) => animation.finished),
    ),
  );
const button = (tab, name) => tab.getByRole('button', { name, exact: true });

/**
 * The README's picture `name`.png of the tab, written to docs/screenshots/ when SCREENSHOTS=1. Taken
 * only then, unless `checked`: then always, and returned for the check.
 */
async function screenshot(tab, name, { checked = false } = {}) {
  if (!writeShots && !checked) return null;
  const png = await tab.screenshot();
  if (writeShots) writeFileSync(new URL(`${name}.png`, shots), png);
  return png;
}

describe('one <script> tag', { concurrency: 3 }, () => {
  it('shows the banner; Accept all stores every category; after a reload the banner stays away', async () => {
    const { context, tab, errors } = await visit('/');
    await button(tab, 'Accept all').waitFor();
    assert.equal(await tab.locator('cookie-consent').count(), 1, 'the script appended one element');
    await settle(tab);
    await screenshot(tab, 'banner-light');

    await button(tab, 'Accept all').click();
    await button(tab, 'Accept all').waitFor({ state: 'hidden' });
    const stored = await consentOf(context);
    assert.ok(stored, 'the consent cookie is set');
    assert.equal(stored.cookie.path, '/');
    assert.equal(stored.cookie.sameSite, 'Lax');
    assert.deepEqual(stored.consent.categories, { necessary: true, analytics: true, marketing: true });

    await tab.reload();
    const ready = await tab.evaluate(() => window.__ready);
    assert.deepEqual(ready.consent.categories, stored.consent.categories);
    assert.equal(await button(tab, 'Accept all').isVisible(), false);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('Reject all refuses every optional category', async () => {
    const { context, tab } = await visit('/');
    await button(tab, 'Reject all').click();
    await button(tab, 'Reject all').waitFor({ state: 'hidden' });
    const stored = await consentOf(context);
    assert.deepEqual(stored?.consent.categories, { necessary: true, analytics: false, marketing: false });
    await context.close();
  });

  it('loads nothing but the script on an English page', async () => {
    const { context, requests } = await visit('/');
    assert.deepEqual(requests.filter((p) => p.startsWith('/lang/')), []);
    await context.close();
  });

  it('speaks German on a lang="de" page, with one request for /lang/de.json', async () => {
    const { context, tab, warnings, requests } = await visit('/de');
    await button(tab, 'Alle akzeptieren').waitFor();
    assert.equal(await button(tab, 'Alle ablehnen').isVisible(), true);
    assert.equal(await tab.getByRole('link', { name: 'Datenschutzerklärung' }).getAttribute('href'), '/privacy');
    await button(tab, 'Anpassen').click();
    await tab.getByRole('dialog', { name: 'Cookie-Einstellungen' }).waitFor();
    assert.equal(await tab.getByRole('checkbox', { name: 'Statistik' }).or(tab.getByRole('switch', { name: 'Statistik' })).count(), 1);
    assert.deepEqual(requests.filter((p) => p.startsWith('/lang/')), ['/lang/de.json']);
    assert.deepEqual(warnings, []);
    await context.close();
  });

  it('falls back to English, with one warning, when the language file is missing', async () => {
    const { context, tab, warnings, errors } = await visit('/fr-missing');
    await button(tab, 'Accept all').waitFor();
    assert.equal(warnings.filter((w) => w.includes('lang/fr.json')).length, 1, warnings.join('\n'));
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('finds the language files beside the script, wherever the script is', async () => {
    const { context, tab, requests } = await visit('/shop/pl');
    await button(tab, 'Akceptuj wszystkie').waitFor();
    assert.deepEqual(requests.filter((p) => p.includes('/lang/')), ['/assets/js/lang/pl.json']);
    await context.close();
  });

  it('the ES module build finds its language files beside itself too', async () => {
    const { context, tab, requests } = await visit('/module');
    await button(tab, 'Accetta tutti').waitFor();
    assert.deepEqual(requests.filter((p) => p.startsWith('/lang/')), ['/lang/it.json']);
    await context.close();
  });
});

// The one tag in <head> starts an element there at once; the page's own, further down, takes over once it is parsed.
describe("the one tag in <head>, and the page's own element further down", () => {
  /**
   * A visitor who accepted analytics for revision 0 opens `path`, a page that arrives in two parts (its own element,
   * if any, asks for revision 2); `until(tab)` says when to look. Resolves to the site's request log.
   */
  async function streamed(path, until) {
    const { origin, requests } = await servers.open();
    const { context, page: tab } = await visitor();
    await context.addCookies([{ name: 'cookie_consent', value: `v=1&r=0&t=${Date.now()}&id=older&s=banner&g=analytics&d=`, url: origin }]);
    try {
      await tab.goto(origin + path);
      await tab.evaluate(() => window.__ready);
      await until(tab);
      await tab.waitForTimeout(200);
      return requests;
    } finally {
      await context.close();
    }
  }
  const asked = (tab) => tab.getByRole('button', { name: 'Accept all' }).waitFor();

  it("a tagged embed waits for the end of parsing: the page's own element (a newer revision) decides for it", async () => {
    for (const [path, loads] of [['/streamed-own', false], ['/streamed', true]]) {
      const requests = await streamed(path, loads ? (tab) => tab.waitForFunction(() => document.querySelector('iframe').getAttribute('src') === '/frame') : asked);
      assert.equal(requests.includes('/frame'), loads, `${path}: the frame ${loads ? 'loads' : 'waits'}`);
    }
  });

  it("so does a tagged script in <head> before the one tag: the page's own element decides for it", async () => {
    const requests = await streamed('/streamed-own-script', asked);
    assert.equal(requests.includes('/tagged.js'), false, "the tagged script waits for the page's element");
  });

  it("Google Consent Mode ends with the page's own element's state: the grant told for the one tag's is withdrawn", async () => {
    let told;
    await streamed('/streamed-own-gcm', async (tab) => {
      await asked(tab);
      told = await tab.evaluate(() => window.dataLayer.filter((entry) => entry[0] === 'consent').map((entry) => `${entry[1]} ${entry[2].analytics_storage}`));
    });
    assert.deepEqual(told, ['default denied', 'update granted', 'update denied']);
  });
});

describe('focus with the one tag', () => {
  it('the first Tab reaches the banner (its policy link, then Accept all); after a decision focus goes on from there', async () => {
    const { context, tab } = await visit('/');
    await button(tab, 'Accept all').waitFor();
    const focusedName = () =>
      tab.evaluate(() => {
        let active = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        return active?.textContent?.trim() ?? null;
      });
    await tab.keyboard.press('Tab');
    assert.equal(await focusedName(), 'Privacy policy');
    await tab.keyboard.press('Tab');
    assert.equal(await focusedName(), 'Accept all');
    await tab.keyboard.press('Tab');
    await tab.keyboard.press('Enter');
    await button(tab, 'Accept all').waitFor({ state: 'hidden' });
    assert.equal((await consentOf(context)).consent.categories.analytics, false);
    await context.close();
  });
});

describe('screenshots for the README', { concurrency: 3 }, () => {
  const cases = [
    ['light', {}],
    ['dark', { colorScheme: 'dark' }],
    ['phone', { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }],
  ];
  for (const [name, options] of cases) {
    it(`banner and preferences, ${name}`, async () => {
      const { context, tab } = await visit('/', options);
      await button(tab, 'Accept all').waitFor();
      await settle(tab);
      if (name !== 'light') await screenshot(tab, `banner-${name}`);
      await button(tab, 'Customize').click();
      await tab.getByRole('dialog').waitFor();
      await settle(tab);
      assert.ok((await screenshot(tab, `preferences-${name}`, { checked: true })).length > 1000);
      await context.close();
    });
  }

  // Reflow (WCAG 1.4.10): 400 % zoom (320×256), a small phone (360×640) and 200 % zoom (640×360), in
  // English and German (the longer text), banner and preferences. Pictures only: the reflow tests in the
  // browser (test/browser/element-reflow.test.ts) check these screens, so other runs skip them.
  for (const [path, lang] of [['/', 'en'], ['/de', 'de']]) {
    for (const viewport of [{ width: 320, height: 256 }, { width: 360, height: 640 }, { width: 640, height: 360 }]) {
      const size = `${viewport.width}x${viewport.height}`;
      it(`banner and preferences at ${size}, ${lang}`, { skip: !writeShots && 'pictures only (SCREENSHOTS=1)' }, async () => {
        const { context, tab } = await visit(path, { viewport });
        await tab.locator('cookie-consent [part~="customize"]').waitFor();
        await settle(tab);
        await screenshot(tab, `reflow-banner-${lang}-${size}`);
        await tab.locator('cookie-consent [part~="customize"]').click();
        await tab.getByRole('dialog').waitFor();
        await settle(tab);
        await screenshot(tab, `reflow-preferences-${lang}-${size}`);
        await context.close();
      });
    }
  }

  // Right to left: Arabic on a phone (375×667) and a laptop (1280×720).
  for (const [name, viewport] of [['ar-phone', { width: 375, height: 667 }], ['ar', { width: 1280, height: 720 }]]) {
    it(`banner and preferences in Arabic, ${viewport.width}×${viewport.height}`, async () => {
      const { context, tab } = await visit('/ar', { viewport });
      await button(tab, 'قبول الكل').waitFor();
      await settle(tab);
      await screenshot(tab, `banner-${name}`);
      await button(tab, 'تخصيص').click();
      await tab.getByRole('dialog').waitFor();
      await settle(tab);
      assert.ok((await screenshot(tab, `preferences-${name}`, { checked: true })).length > 1000);
      await context.close();
    });
  }
});
