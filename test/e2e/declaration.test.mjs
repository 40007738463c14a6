// <cookie-declaration> on the demo shop's privacy page (`/privacy`, `/de/privacy`), in real Chromium over
// real HTTP: the table of the demo's cookies by category, in the banner's language, with the visitor's
// current choice and the button that changes it. Needs `npm run build` first.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { closeChromium, openChromium } from './chromium.mjs';
import { startDemo } from '../../demo/server.mjs';
import { visitors } from './visitors.mjs';

const de = JSON.parse(readFileSync(new URL('../../src/view/texts/lang/de.json', import.meta.url), 'utf8'));

let demo;
let browser;
/**
 * Fresh visitors, in contexts reused (visitors.mjs). All are on the demo's one origin: each still has cookies and
 * storage of its own, and the demo server answers no-store or no-cache, so no visitor's cache spares a request.
 */
let visitor;
before(async () => {
  demo = await startDemo({ port: 0, log: () => {} });
  browser = await openChromium();
  visitor = visitors(browser);
});
after(async () => {
  await closeChromium();
  await demo?.close();
});

/** The declaration as a visitor reads it: per category its heading, choice line and table rows. */
async function read(page) {
  await page.locator('cookie-declaration section').first().waitFor();
  // The rows from the data file arrive after the first render; wait until the table no longer changes.
  await page.waitForLoadState('networkidle');
  return page.evaluate(() =>
    [...document.querySelector('cookie-declaration').shadowRoot.querySelectorAll('section')].map((section) => ({
      heading: section.querySelector('h3').textContent,
      choice: section.querySelector('[part=choice]').textContent,
      columns: [...section.querySelectorAll('th')].map((th) => th.textContent),
      rows: [...section.querySelectorAll('tbody tr')].map((tr) => [...tr.cells].map((td) => td.textContent)),
      none: section.querySelector('table') ? undefined : section.querySelector('p:last-child').textContent,
    })),
  );
}

/**
 * Opens a policy page of the demo's origin (so the built files are served beside it) for a fresh visitor:
 * `body` in an `<html lang>`, with the banner's and the declaration's scripts; resolves once the declaration
 * speaks `lang`. The page's route goes when the visitor is handed back.
 */
let policies = 0;
async function openPolicy(lang, body) {
  const { context, page } = await openPage(lang, body);
  await page.waitForFunction((l) => document.querySelector('cookie-declaration')?.shadowRoot?.querySelector('div')?.lang === l, lang);
  return { context, page };
}

/**
 * Opens such a page, `scripts` at its end, and resolves once it has loaded, whatever the declaration shows;
 * `warnings` collects the console's warnings and errors from the start.
 */
async function openPage(lang, body, scripts = '<script src="/cookie-consent.iife.js"></script><script type="module" src="/cookie-declaration.js"></script>') {
  const { context, page } = await visitor();
  page.setDefaultTimeout(30_000);
  const warnings = [];
  page.on('console', (m) => ['warning', 'error'].includes(m.type()) && warnings.push(m.text()));
  const url = `${demo.url}/policy-${++policies}`;
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="${lang}"><body>\n${body}\n${scripts}</body></html>` }));
  await page.goto(url);
  return { context, page, warnings };
}

describe('<cookie-declaration>', { concurrency: 2 }, () => {
  test('lists the demo’s cookies by category in English, with the choice, and follows a new decision', async () => {
    const { context, page } = await visitor();
    page.setDefaultTimeout(30_000);
    const warnings = [];
    page.on('console', (m) => ['warning', 'error'].includes(m.type()) && warnings.push(m.text()));
    await page.goto(`${demo.url}/privacy`);
    const sections = await read(page);
    assert.deepEqual(sections.map((s) => s.heading), ['Necessary', 'Analytics', 'Marketing']);
    assert.deepEqual(sections[0].columns, ['Name', 'Provider', 'Purpose', 'Lifetime']);
    const host = new URL(demo.url).hostname;
    assert.deepEqual(sections[0].rows, [
      ['cookie_consent', host, 'Stores your cookie choice.', '182 days'],
      ['demo_sid', 'Demo shop', 'Session id: keys this demo’s request log.', 'Until you close the browser'],
      ['cart', 'Demo shop', 'What is in your cart.', 'Until you close the browser'],
    ]);
    assert.equal(sections[0].choice, 'Always on');
    assert.deepEqual(sections[1].rows.map((r) => r[0]), ['_demo_analytics', 'srv_visits']);
    assert.equal(sections[1].rows[1][3], '30 days');
    // No decision yet: nothing was refused by the visitor.
    assert.equal(sections[1].choice, 'Not allowed until you choose');
    assert.equal(sections[2].none, 'No cookies listed.');
    // Each table is named by its category's heading, so a screen reader's list of tables tells them apart.
    for (const name of ['Necessary', 'Analytics']) assert.equal(await page.getByRole('table', { name, exact: true }).count(), 1, name);

    // The visitor accepts in the banner: the declaration shows it at once.
    await page.locator('cookie-consent [part~="accept"]:visible').first().click();
    assert.equal((await read(page))[1].choice, 'Allowed by you');
    await page.evaluate(() => document.querySelector('cookie-consent').rejectAll());
    assert.equal((await read(page))[1].choice, 'Not allowed by you');
    // Its button reopens the preferences dialog.
    await page.locator('cookie-declaration [part=change]').click();
    await page.getByRole('dialog', { name: 'Cookie preferences' }).waitFor();
    assert.deepEqual(warnings, []);
    await context.close();
  });

  test('without a decision under mode="opt-out", a category counts as allowed until the visitor refuses, and says so', async () => {
    const { context, page } = await openPolicy('en', `<cookie-declaration data-src="none"></cookie-declaration>
<cookie-consent categories="analytics" mode="opt-out"></cookie-consent>`);
    assert.equal((await read(page))[1].choice, 'Allowed until you refuse');
    await page.evaluate(() => document.querySelector('cookie-consent').rejectAll());
    assert.equal((await read(page))[1].choice, 'Not allowed by you');
    await context.close();
  });

  test('speaks German on the German page: the banner’s labels, its own words, lifetimes in German', async () => {
    // A locale is the context's: this visitor gets one of its own.
    const context = await browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${demo.url}/de/privacy`);
    await page.waitForFunction(() => document.querySelector('cookie-declaration')?.shadowRoot?.querySelector('div')?.lang === 'de');
    const sections = await read(page);
    assert.deepEqual(sections.map((s) => s.heading), [de.categories.necessary.label, de.categories.analytics.label, de.categories.marketing.label]);
    assert.deepEqual(sections[0].columns, ['Name', 'Anbieter', 'Zweck', 'Speicherdauer']);
    assert.deepEqual(sections[0].rows[0].slice(2), ['Speichert Ihre Cookie-Auswahl.', '182 Tage']);
    assert.equal(sections[0].rows[2][3], 'Bis Sie den Browser schließen');
    assert.equal(sections[0].choice, de.alwaysOn);
    assert.equal(sections[1].choice, 'Nicht erlaubt, bis Sie wählen');
    assert.equal(sections[1].rows[0][2], 'Von analytics.js gesetzt: eine ID, um Sie einmal zu zählen.');
    assert.equal(await page.locator('cookie-declaration [part=change]').textContent(), 'Cookie-Einstellungen ändern');
    await context.close();
  });

  test('in a banner language it has no words of its own for, its English words say they are English', async () => {
    const { context, page } = await openPolicy('ja', `<cookie-declaration data-src="none"></cookie-declaration>
<cookie-consent categories="analytics"></cookie-consent>`);
    const langOf = (selector) => page.evaluate((s) => document.querySelector('cookie-declaration').shadowRoot.querySelector(s).closest('[lang]').lang, selector);
    assert.equal(await langOf('th'), 'en');
    assert.equal(await langOf('[part=change]'), 'en');
    assert.equal(await langOf('section:nth-of-type(2) [part=choice]'), 'en', 'Not allowed until you choose');
    assert.equal(await langOf('section:nth-of-type(2) p:last-child'), 'en', 'No cookies listed.');
    assert.equal(await langOf('tbody td:nth-child(3)'), 'en', 'the consent cookie\'s purpose');
    // The banner's own words (its labels, "Always on") are Japanese.
    assert.equal(await langOf('h3'), 'ja');
    assert.equal(await langOf('section:first-of-type [part=choice]'), 'ja');
    await context.close();
  });

  test('a cookie the site does not describe gets provider, purpose and lifetime from the Open Cookie Database, unless its plain name is only another site\'s there', async () => {
    const { context, page } = await openPolicy('de', `<cookie-declaration></cookie-declaration>
<cookie-consent categories="analytics marketing">
  <cookie-category name="necessary" cookies="sessionid lang PHPSESSID"></cookie-category>
  <cookie-category name="analytics" cookies="_ga _ga_* locale"></cookie-category>
  <cookie-category name="marketing" cookies="IDE NID"></cookie-category>
  <cookie-service preset="vimeo"></cookie-service>
</cookie-consent>`);
    await page.waitForFunction(() => document.querySelector('cookie-declaration').shadowRoot.textContent.includes('Zeigt Videos von Vimeo'));
    const [necessary, analytics, marketing] = await read(page);
    // The site's own session and language cookies: the database's `sessionid` is Instagram's (marketing), `lang`
    // LinkedIn's (necessary there), `locale` Facebook's (marketing); none is this site's, so none is described.
    // PHP's session names no site in the database: it describes any site's.
    assert.deepEqual(necessary.rows.slice(1, 3), [
      ['sessionid', '', '', ''],
      ['lang', '', '', ''],
    ]);
    assert.deepEqual([necessary.rows[3][1], necessary.rows[3][3]], ['PHP.net', 'Bis Sie den Browser schließen']);
    assert.deepEqual(analytics.rows, [
      ['_ga', 'Google Analytics', 'ID used to identify users', '2 Jahre'],
      ['_ga_*', 'Google Analytics', 'ID used to identify users', '2 Jahre'],
      ['locale', '', '', ''],
    ]);
    // Google's trackers, declared where the database has them: Google's. A preset's cookie is its tool's, whatever the
    // database's category for it (Vimeo's `vuid` is analytics there): its lifetime still comes from there.
    assert.deepEqual(marketing.rows.map((r) => [r[0], r[1], r[3]]), [
      ['IDE', 'DoubleClick/Google Marketing', '2 Jahre'],
      ['NID', 'Google', '1 Jahr'],
      ['vuid', 'Vimeo', '1 Minute'],
    ]);
    // The database speaks English: the cell says so to the German page.
    assert.equal(await page.locator('cookie-declaration tbody td[lang=en]').count(), 5);
    await context.close();
  });

  test('lists the cookies of the banner\'s services and presets, with the service as provider and its purpose, in the banner\'s language, also in a category a service adds', async () => {
    for (const [lang, purpose] of [
      ['en', 'Measures how visitors use this site.'],
      ['de', 'Misst, wie Besucher diese Website nutzen.'],
    ]) {
      const { context, page } = await openPolicy(lang, `<cookie-declaration></cookie-declaration>
<cookie-consent categories="analytics marketing">
  <cookie-service preset="ga4"></cookie-service>
  <cookie-service name="chat" category="preferences" label="Support chat" cookies="chat_id">Lets us answer you.</cookie-service>
</cookie-consent>`);
      await page.waitForFunction(() => document.querySelector('cookie-declaration').shadowRoot.textContent.includes('Google Analytics 4'));
      // CONTRACT §9's example: the chat's category, which categories does not list, joins them, as in the banner.
      const [, analytics, , preferences, ...more] = await read(page);
      assert.deepEqual(analytics.rows.map((r) => r[0]), ['_ga', '_ga_*', '_gid', '_gat*', '_dc_gtm_*']);
      for (const row of analytics.rows) {
        assert.equal(row[1], 'Google Analytics 4');
        assert.ok(row[2].startsWith(purpose), row[2]);
      }
      assert.deepEqual(preferences?.rows.map((r) => r.slice(0, 3)), [['chat_id', 'Support chat', 'Lets us answer you.']]);
      assert.deepEqual(more, []);
      await context.close();
    }
  });
  test('lists what the banner accepts: a service given twice once, a service it rejects not at all, a cookie named twice once', async () => {
    const { context, page } = await openPolicy('en', `<cookie-declaration data-src="none"></cookie-declaration>
<cookie-consent categories="analytics">
  <cookie-service preset="ga4" cookies="_gid"></cookie-service>
  <cookie-service preset="ga4"></cookie-service>
  <cookie-service name="bad name" category="analytics" cookies="bad_cookie"></cookie-service>
  <cookie-service preset="nope" category="analytics" cookies="nope_cookie"></cookie-service>
  <cookie-service name="heatmap" category="analytics" cookies="shared_id heat_*">Draws heat maps.</cookie-service>
  <cookie-service name="replay" category="analytics" cookies="shared_id replay_*">Replays visits.</cookie-service>
</cookie-consent>`);
    await page.waitForFunction(() => document.querySelector('cookie-declaration').shadowRoot.textContent.includes('Google Analytics 4'));
    const [, analytics, ...more] = await read(page);
    assert.deepEqual(
      analytics.rows.map((r) => r.slice(0, 2)),
      [
        ...['_gid', '_ga', '_ga_*', '_gat*', '_dc_gtm_*'].map((name) => [name, 'Google Analytics 4']),
        ['shared_id', 'heatmap'],
        ['heat_*', 'heatmap'],
        ['replay_*', 'replay'],
      ],
    );
    assert.deepEqual(more, []);
    await context.close();
  });
  test('in a category whose services are decided apart, each service’s line says its own choice', async () => {
    const { context, page } = await openPolicy('en', `<cookie-declaration data-src="none"></cookie-declaration>
<cookie-consent categories="analytics">
  <cookie-category name="analytics" cookies="stats_*"></cookie-category>
  <cookie-service preset="ga4"></cookie-service>
  <cookie-service preset="hotjar"></cookie-service>
</cookie-consent>`);
    await page.waitForFunction(() => document.querySelector('cookie-declaration').shadowRoot.textContent.includes('Google Analytics 4'));
    /** The analytics section's choice as a screen reader gets it: one line, or a term and its definition per line. */
    const choice = () =>
      page.evaluate(() => {
        const element = document.querySelector('cookie-declaration').shadowRoot.querySelectorAll('[part=choice]')[1];
        return element.localName === 'dl' ? [...element.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling.localName, dt.nextElementSibling.textContent]) : element.textContent;
      });
    assert.equal(await choice(), 'Not allowed until you choose');
    await page.evaluate(() => document.querySelector('cookie-consent').acceptCategories(['ga4']));
    await page.waitForFunction(() => document.querySelector('cookie-declaration').shadowRoot.querySelector('dl'));
    // The category's own cookies (stats_*) wait for all of it; Google Analytics 4's are allowed, Hotjar's not.
    assert.deepEqual(await choice(), [
      ['Analytics', 'dd', 'Not allowed by you'],
      ['Google Analytics 4', 'dd', 'Allowed by you'],
      ['Hotjar', 'dd', 'Not allowed by you'],
    ]);
    assert.deepEqual((await read(page))[1].rows.map((r) => r.slice(0, 2)), [['stats_*', ''], ['_ga', 'Google Analytics 4'], ['_ga_*', 'Google Analytics 4'], ['_gid', 'Google Analytics 4'], ['_gat*', 'Google Analytics 4'], ['_dc_gtm_*', 'Google Analytics 4'], ['_hj*', 'Hotjar']]);
    // Decided alike again: one line.
    await page.evaluate(() => document.querySelector('cookie-consent').acceptAll());
    await page.waitForFunction(() => !document.querySelector('cookie-declaration').shadowRoot.querySelector('dl'));
    assert.equal(await choice(), 'Allowed by you');
    await context.close();
  });
  test('shows a <cookie-consent> added after it, and warns only when none is there once the page has loaded, saying it waits', async () => {
    const banner = '<cookie-consent categories="analytics"><cookie-category name="analytics" cookies="stats_id"></cookie-category></cookie-consent>';
    const modules = '<script type="module" src="/cookie-consent.js"></script><script type="module" src="/cookie-declaration.js"></script>';
    const analytics = (page) => page.waitForFunction(() => document.querySelector('cookie-declaration').shadowRoot.querySelector('section:nth-of-type(2) td')?.textContent === 'stats_id', null, { timeout: 5000 });
    // A framework adds the banner after the declaration's script ran, before the page has loaded: no warning.
    {
      const { context, page, warnings } = await openPage('en', '<cookie-declaration data-src="none"></cookie-declaration>', `${modules}<script type="module">document.body.insertAdjacentHTML('beforeend', ${JSON.stringify(banner)});</script>`);
      await analytics(page);
      await page.waitForTimeout(200);
      assert.deepEqual(warnings, []);
      await context.close();
    }
    // None by the page's load: one warning, which says the declaration waits; then it comes, and is shown and followed.
    {
      const { context, page, warnings } = await openPage('en', '<cookie-declaration data-src="none"></cookie-declaration>', modules);
      await page.waitForFunction(() => customElements.get('cookie-consent'));
      await page.waitForTimeout(200);
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(warnings[0], /^<cookie-declaration>: no <cookie-consent> element .*shows once one is added/);
      await page.evaluate((html) => document.body.insertAdjacentHTML('afterbegin', html), banner);
      await analytics(page);
      assert.equal((await read(page))[1].choice, 'Not allowed until you choose');
      await page.evaluate(() => document.querySelector('cookie-consent').acceptAll());
      await page.waitForFunction(() => document.querySelector('cookie-declaration').shadowRoot.querySelectorAll('[part=choice]')[1].textContent === 'Allowed by you', null, { timeout: 5000 });
      assert.equal(warnings.length, 1, warnings.join('\n'));
      await context.close();
    }
  });
  test('on a page without the <cookie-consent> script, one warning once the page has loaded says so', async () => {
    const { context, page, warnings } = await openPage(
      'en',
      '<cookie-consent categories="analytics"></cookie-consent><cookie-declaration data-src="none"></cookie-declaration>',
      '<script type="module" src="/cookie-declaration.js"></script>',
    );
    await page.waitForFunction(() => customElements.get('cookie-declaration'));
    await page.waitForTimeout(500);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], /^<cookie-declaration>: <cookie-consent> is not defined .*script/);
    await context.close();
  });
  for (const late of [false, true]) test(`with for= naming a <cookie-consent> that defers to another, it shows and follows the one that decides, and warns once naming for${late ? ' (its script loaded after the page)' : ''}`, async () => {
    const { context, page, warnings } = await openPage(
      'en',
      `<cookie-consent categories="analytics"><cookie-category name="analytics" cookies="stats_id"></cookie-category></cookie-consent>
<cookie-consent id="two" categories="preferences"><cookie-category name="preferences" cookies="pref_id"></cookie-category></cookie-consent>
<cookie-declaration for="two" data-src="none"></cookie-declaration>`,
      // Late: after consent-ready, as a policy section that a page loads on demand.
      late
        ? `<script src="/cookie-consent.iife.js"></script><script>addEventListener('load', () => setTimeout(() => document.head.append(Object.assign(document.createElement('script'), { type: 'module', src: '/cookie-declaration.js' })), 300))</script>`
        : undefined,
    );
    const headings = () => page.evaluate(() => [...document.querySelector('cookie-declaration').shadowRoot.querySelectorAll('h3')].map((h) => h.textContent).join(' '));
    await page.waitForFunction(() => document.querySelector('cookie-declaration').shadowRoot?.querySelector('section:nth-of-type(2) td')?.textContent === 'stats_id', null, { timeout: 5000 }).catch(() => {});
    assert.equal(await headings(), 'Necessary Analytics');
    await page.evaluate(() => document.querySelector('cookie-consent').acceptAll());
    await page.waitForFunction(() => document.querySelector('cookie-declaration').shadowRoot.querySelectorAll('[part=choice]')[1].textContent === 'Allowed by you', null, { timeout: 5000 });
    const own = warnings.filter((w) => w.startsWith('<cookie-declaration>'));
    assert.equal(own.length, 1, warnings.join('\n'));
    assert.match(own[0], /for="two"/);
    await context.close();
  });
  test('a data file that does not load, on a page whose console.warn throws: one warning, the table still shows, nothing thrown into the page', async () => {
    const { context, page } = await openPolicy('en', `<script>
  window.__warned = [];
  window.__thrown = [];
  addEventListener('error', (event) => __thrown.push(event.message));
  addEventListener('unhandledrejection', (event) => __thrown.push(String(event.reason)));
  console.warn = (message) => {
    __warned.push(String(message));
    throw new Error("the page's console.warn threw");
  };
</script>
<cookie-declaration data-src="/no-such-file.json"></cookie-declaration>
<cookie-consent categories="analytics"></cookie-consent>`);
    await page.locator('cookie-declaration section').first().waitFor();
    await page.waitForFunction(() => window.__warned.some((message) => message.includes('<cookie-declaration>')));
    await page.waitForTimeout(100);
    assert.deepEqual(await page.evaluate(() => window.__thrown), []);
    assert.equal((await page.evaluate(() => window.__warned)).filter((message) => message.includes('data file')).length, 1);
    await context.close();
  });
});
