// Two tabs of one site (CONTRACT section 3): a decision made in one is applied by the other without a
// reload: has(), consent-change, and tagged scripts added later obey it. Two pages in one Playwright
// browser context share the cookie jar and BroadcastChannel, as a visitor's tabs do. The built classic
// script over real HTTP, in a real Chromium. Needs `npm run build` first.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../browsers.mjs';
import { closeChromium, openChromium } from './chromium.mjs';
import { sendDist } from './dist.mjs';
import { visitors } from './visitors.mjs';

const page = (attributes = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script>
  window.__changes = [];
  document.addEventListener('consent-change', (e) => window.__changes.push({ granted: e.detail.granted, revoked: e.detail.revoked, consent: e.detail.consent }));
  window.__ready = new Promise((resolve) => document.addEventListener('consent-ready', resolve, { once: true }));
  window.__ran = [];
</script>
<script src="/cookie-consent.iife.js" data-categories="analytics marketing" ${attributes}></script>
</head><body><h1>Shop</h1></body></html>`;

let server;
let origin;
let browser;
/** Visitors with two tabs each, in contexts reused (visitors.mjs). */
let visitor;

before(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/' || path === '/other') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page());
    // A section of the site whose decision lives at its own path.
    if (path === '/shop/') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('data-cookie-path="/shop"'));
    // A site on a public suffix's subdomain that sets cookie-domain to the suffix: the browser refuses the cookie.
    if (path === '/suffix') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('data-cookie-domain="github.io" data-mode="opt-out"'));
    // The acceptance stored before the site set cookie-domain (host-only).
    if (path === '/seed') {
      return void res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': `cookie_consent=v=1&r=0&t=${Date.now() - 60_000}&id=earlier&s=banner&g=analytics+marketing&d=; Path=/; SameSite=Lax` })
        .end('<!doctype html><title>Seed</title>');
    }
    // A preferences form the site's server answers without JavaScript: it stores a decision, and no tab hears of it.
    if (path === '/form') {
      return void res
        .writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'set-cookie': `cookie_consent=v=1&r=0&t=${Date.now()}&id=fromtheform&s=preferences&g=analytics&d=marketing; Path=/; SameSite=Lax`,
        })
        .end('<!doctype html><title>Saved</title><p>Your choice is saved.</p>');
    }
    // The same form on a server whose clock is ten minutes behind the browser's: a refusal of everything.
    if (path === '/behind') {
      return void res
        .writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'set-cookie': `cookie_consent=v=1&r=0&t=${Date.now() - 600_000}&id=behindclock&s=preferences&g=&d=analytics+marketing; Path=/; SameSite=Lax`,
        })
        .end('<!doctype html><title>Saved</title><p>Your choice is saved.</p>');
    }
    sendDist(res, path);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await openChromium();
  visitor = visitors(browser, { tabs: 2 });
});

after(async () => {
  await closeChromium();
  await new Promise((resolve) => server?.close(resolve));
});

/**
 * Two tabs of one visitor, both started: in a context reused (visitors.mjs), or, for a test that sets the clock
 * (Playwright cannot undo that for the next test), in a context of its own.
 */
async function twoTabs({ own = false } = {}) {
  let context, pages;
  if (own) {
    context = await browser.newContext();
    pages = [await context.newPage(), await context.newPage()];
  } else ({ context, pages } = await visitor());
  const open = async (tab, path) => {
    await tab.goto(origin + path);
    await tab.evaluate(() => window.__ready);
    return tab;
  };
  return { context, one: await open(pages[0], '/'), two: await open(pages[1], '/other') };
}

const el = (tab, body) => tab.evaluate(body);
/** Adds a tagged script, as a tag manager would, and says whether it ran. */
const lateScript = (tab, name) =>
  tab.evaluate(async (name) => {
    const script = document.createElement('script');
    script.type = 'text/plain';
    script.dataset.category = 'analytics';
    script.text = `window.__ran.push(${JSON.stringify(name)})`;
    document.body.append(script);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return window.__ran.includes(name);
  }, name);
const hasAnalytics = (tab) => el(tab, () => document.querySelector('cookie-consent').has('analytics'));

describe('the back/forward cache', () => {
  it('a page restored from it applies the decision stored while it was away', async () => {
    // Playwright turns the cache off by default; visitors' browsers have it on.
    const cached = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, ignoreDefaultArgs: ['--disable-back-forward-cache'] });
    try {
      const tab = await cached.newPage();
      await tab.goto(origin + '/');
      await tab.evaluate(() => {
        window.__restored = false;
        window.addEventListener('pageshow', (event) => (window.__restored ||= event.persisted));
        return window.__ready;
      });
      await tab.getByRole('button', { name: 'Accept all' }).waitFor();
      await tab.goto(origin + '/form');
      // Restored, not loaded again: no load event comes, so only the commit is waited for.
      await tab.goBack({ waitUntil: 'commit' });
      await tab.waitForFunction(() => window.__restored === true && document.querySelector('cookie-consent'));
      await tab.waitForFunction(() => document.querySelector('cookie-consent').has('analytics'));
      assert.equal(await el(tab, () => document.querySelector('cookie-consent').consent.id), 'fromtheform');
      assert.deepEqual(await el(tab, () => window.__changes.at(-1).granted), ['analytics']);
      await tab.getByRole('button', { name: 'Accept all' }).waitFor({ state: 'hidden' });
      assert.equal(await lateScript(tab, 'after-restore'), true);
    } finally {
      await cached.close();
    }
  });
});

describe('two tabs', { concurrency: 4 }, () => {
  it('a refusal in one tab is applied by the other at once: has(), consent-change, late tagged scripts', async () => {
    const { context, one, two } = await twoTabs();
    await el(one, () => document.querySelector('cookie-consent').acceptAll());
    // The second tab had no decision and showed its banner: it takes the first tab's grant.
    await two.waitForFunction(() => document.querySelector('cookie-consent').has('analytics'));
    assert.equal(await lateScript(two, 'after-grant'), true);
    assert.equal(await two.getByRole('button', { name: 'Accept all' }).isVisible(), false, 'the banner went away');

    // Reject all with the real button in the first tab.
    await el(one, () => document.querySelector('cookie-consent').showBanner());
    await one.getByRole('button', { name: 'Reject all', exact: true }).click();
    await two.waitForFunction(() => !document.querySelector('cookie-consent').has('analytics'));
    const changes = await el(two, () => window.__changes);
    assert.deepEqual(changes.at(-1).revoked, ['analytics', 'marketing']);
    assert.equal(changes.at(-1).consent.source, 'banner');
    assert.equal(await lateScript(two, 'after-refusal'), false, 'a late tagged script stays blocked');
    await context.close();
  });

  it('a decision made in the task in which the deciding element leaves the page still reaches the other tab', async () => {
    const { context, one, two } = await twoTabs();
    await el(one, () => {
      const first = document.querySelector('cookie-consent');
      const second = document.createElement('cookie-consent');
      second.setAttribute('categories', first.getAttribute('categories'));
      document.body.append(second);
      // The first leaves; the second, deferring to it until the first's disconnect, passes the decision to it.
      first.remove();
      second.acceptAll();
    });
    await two.waitForFunction(() => document.querySelector('cookie-consent').has('analytics'));
    await context.close();
  });

  it("a reset() in one tab is forgotten in the other too: the banner comes back there", async () => {
    const { context, one, two } = await twoTabs();
    await el(one, () => document.querySelector('cookie-consent').acceptAll());
    await two.waitForFunction(() => document.querySelector('cookie-consent').has('analytics'));
    await el(one, () => document.querySelector('cookie-consent').reset());
    await two.waitForFunction(() => document.querySelector('cookie-consent').consent === null);
    await two.getByRole('button', { name: 'Accept all' }).waitFor();
    assert.equal(await lateScript(two, 'after-reset'), false);
    await context.close();
  });

  it('a reset() whose message comes before its deletion reaches the other tab is forgotten there all the same', async () => {
    const { context, one, two } = await twoTabs();
    await el(one, () => document.querySelector('cookie-consent').acceptAll());
    await two.waitForFunction(() => document.querySelector('cookie-consent').has('analytics'));
    // The message alone, the cookie still in the jar: as when Chromium hands the deletion to the other tab late.
    await el(one, () => new BroadcastChannel('cookie-consent:cookie_consent').postMessage(`-${Date.now()}`));
    await two.waitForFunction(() => document.querySelector('cookie-consent').consent === null);
    await two.getByRole('button', { name: 'Accept all' }).waitFor();
    assert.equal(await lateScript(two, 'after-reset'), false);
    await context.close();
  });

  it('a decision this tab made after another tab\'s reset stands when the reset\'s message comes after it', async () => {
    const { context, one, two } = await twoTabs();
    await el(one, () => document.querySelector('cookie-consent').acceptAll());
    await two.waitForFunction(() => document.querySelector('cookie-consent').has('analytics'));
    // The second tab is busy until the reset has deleted the cookie, then refuses at once: the reset's message waits behind
    // that task. A reset deletes every copy the page can address, the one this tab writes last (a deletion after the
    // refusal would delete it: CI 55).
    const busy = two.evaluate(() => {
      const end = performance.now() + 10_000;
      while (document.cookie.includes('cookie_consent') && performance.now() < end);
      document.querySelector('cookie-consent').rejectAll();
      return document.querySelector('cookie-consent').consent.id;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await el(one, () => document.querySelector('cookie-consent').reset());
    const mine = await busy;
    await one.waitForFunction((mine) => document.querySelector('cookie-consent').consent?.id === mine, mine);
    await el(two, () => new Promise((resolve) => setTimeout(resolve, 100)));
    assert.equal(await el(two, () => document.querySelector('cookie-consent').consent?.id), mine, 'the refusal stands in the tab that made it');
    assert.match(await el(two, () => document.cookie), new RegExp(`id=${mine}&`));
    await context.close();
  });

  it("a reset() in a tab that hears another tab's earlier decision only after it: both end with no decision", async () => {
    const { context, one, two } = await twoTabs();
    await el(one, () => document.querySelector('cookie-consent').rejectAll());
    await two.waitForFunction(() => document.querySelector('cookie-consent').consent?.categories.analytics === false);
    // The first tab is busy until the second's acceptance is in the cookie jar, then the visitor resets: the acceptance's message waits behind that task.
    const busy = one.evaluate(() => {
      const end = performance.now() + 10_000;
      while (!document.cookie.includes('g=analytics') && performance.now() < end);
      document.querySelector('cookie-consent').reset();
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await el(two, () => document.querySelector('cookie-consent').acceptAll());
    await busy;
    await two.waitForFunction(() => document.querySelector('cookie-consent').consent === null);
    await el(one, () => new Promise((resolve) => setTimeout(resolve, 100)));
    assert.deepEqual(await el(one, () => [document.querySelector('cookie-consent').consent, document.querySelector('cookie-consent').has('analytics')]), [null, false]);
    assert.equal(await el(one, () => document.cookie), '');
    await context.close();
  });

  it('of two decisions made in one task, only the last reaches the other tab: nothing the first granted loads there', async () => {
    const { context, one, two } = await twoTabs();
    await el(two, () => document.addEventListener('consent-change', (e) => e.detail.granted.length && window.__ran.push('granted')));
    await el(one, () => {
      const consent = document.querySelector('cookie-consent');
      consent.acceptAll();
      consent.rejectAll();
    });
    const mine = await el(one, () => document.querySelector('cookie-consent').consent.id);
    await two.waitForFunction((mine) => document.querySelector('cookie-consent').consent?.id === mine, mine);
    await el(two, () => new Promise((resolve) => setTimeout(resolve, 100)));
    assert.deepEqual(await el(two, () => window.__ran), [], 'no grant was announced there');
    await context.close();
  });

  it('a decision made inside a consent-change listener is the one the other tab ends with', async () => {
    const { context, one, two } = await twoTabs({ own: true });
    // The site narrows the visitor's Accept all from its own listener: the nested decision is the later one,
    // made in the same millisecond here, so that only the order of the messages can tell them apart.
    await one.clock.setFixedTime(Date.now());
    await el(one, () => {
      const consent = document.querySelector('cookie-consent');
      consent.addEventListener('consent-change', (e) => e.detail.consent?.categories.marketing && consent.acceptCategories(['analytics']), { once: true });
      consent.acceptAll();
    });
    const mine = await el(one, () => document.querySelector('cookie-consent').consent.id);
    await two.waitForFunction(() => document.querySelector('cookie-consent').has('analytics'));
    // Both messages are in once a round trip through the channel is over.
    await el(one, () => new Promise((resolve) => setTimeout(resolve, 100)));
    assert.equal(await el(two, () => document.querySelector('cookie-consent').consent.id), mine);
    assert.equal(await el(two, () => document.querySelector('cookie-consent').has('marketing')), false);
    await context.close();
  });

  it('a decision stored without a message (a sibling subdomain sharing the cookie) is read when the tab comes back into focus', async () => {
    const { context, one, two } = await twoTabs();
    await el(one, () => document.querySelector('cookie-consent').acceptAll());
    await two.waitForFunction(() => document.querySelector('cookie-consent').has('analytics'));
    // Written as another site's page would: no BroadcastChannel message reaches this origin.
    await el(one, () => {
      document.cookie = `cookie_consent=v=1&r=0&t=${Date.now()}&id=elsewhere&s=banner&g=&d=analytics+marketing; Path=/`;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(await hasAnalytics(two), true, 'nothing polls meanwhile');
    // The visitor comes back to the tab (Chromium hands the tab the new cookie asynchronously: ask until it has).
    await two.waitForFunction(() => {
      window.dispatchEvent(new Event('focus'));
      return !document.querySelector('cookie-consent').has('analytics');
    });
    assert.equal(await lateScript(two, 'after-focus'), false);
    await context.close();
  });

  it('a tab whose cookie was deleted behind its back (the site\'s server, the visitor) forgets its decision when it comes back into focus', async () => {
    const { context, one, two } = await twoTabs();
    await el(one, () => document.querySelector('cookie-consent').acceptAll());
    // A page that has read the cookie itself (a tab that only heard the decision from another cannot tell a deletion
    // from a refusal).
    await two.reload();
    await two.waitForFunction(() => document.querySelector('cookie-consent')?.has('analytics'));
    // No message from the widget: the jar is emptied, as a server's Max-Age=0 or the browser's "clear cookies" does.
    await context.clearCookies();
    await two.waitForFunction(() => {
      window.dispatchEvent(new Event('focus'));
      return !document.querySelector('cookie-consent').has('analytics');
    });
    assert.equal(await el(two, () => document.querySelector('cookie-consent').consent), null);
    await two.getByRole('button', { name: 'Accept all' }).waitFor();
    assert.equal(await lateScript(two, 'after-deletion'), false);
    await context.close();
  });

  /**
   * Waits until the acceptance `id` that `tab` heard of is in its cookie jar, and then for a timer of its own set to
   * fire after the element's next look at the jar (cookie-consent.ts `_lookFor`, every 100 ms): the element has then
   * found it there, as in a browser that keeps the cookie, whatever the machine's load. The visitor's next step (the
   * form) comes only then, as it does a moment later.
   */
  async function kept(tab, id) {
    await tab.waitForFunction((id) => document.cookie.includes(`id=${id}&`), id);
    await tab.evaluate(() => new Promise((resolve) => setTimeout(resolve, 150)));
  }

  /** Focuses `tab` until it has refused analytics, then says what it holds and whether a late tagged script ran. */
  async function refusedOnFocus(tab) {
    await tab.waitForFunction(() => {
      window.dispatchEvent(new Event('focus'));
      return !document.querySelector('cookie-consent').has('analytics');
    });
    return { id: await el(tab, () => document.querySelector('cookie-consent').consent?.id), ran: await lateScript(tab, 'after-refusal') };
  }

  it('a refusal the site\'s server stored with its clock behind the browser\'s is applied when the tab comes back into focus', async () => {
    const { context, one, two } = await twoTabs();
    await el(one, () => document.querySelector('cookie-consent').acceptAll());
    // The other tab reads the cookie (a returning visitor's page).
    await two.reload();
    await two.waitForFunction(() => document.querySelector('cookie-consent')?.has('analytics'));
    // The visitor refuses through the site's form, whose server dates the decision before the acceptance.
    await one.goto(origin + '/behind');
    assert.deepEqual(await refusedOnFocus(two), { id: 'behindclock', ran: false });
    await context.close();
  });

  it('so is one that follows a decision this tab only heard of from another tab, in a browser that keeps the cookie', async () => {
    const { context, one, two } = await twoTabs();
    await el(one, () => document.querySelector('cookie-consent').rejectAll());
    await two.reload();
    await two.waitForFunction(() => document.querySelector('cookie-consent')?.consent?.categories.analytics === false);
    // A decision by message, then the form's older one, with no focus between them.
    await el(one, () => document.querySelector('cookie-consent').acceptAll());
    await two.waitForFunction(() => document.querySelector('cookie-consent').has('analytics'));
    await kept(two, await el(one, () => document.querySelector('cookie-consent').consent.id));
    await one.goto(origin + '/behind');
    assert.deepEqual(await refusedOnFocus(two), { id: 'behindclock', ran: false });
    await context.close();
  });

  it('so is one that follows a decision whose message came before its cookie reached this tab', async () => {
    const { context, one, two } = await twoTabs();
    await el(one, () => document.querySelector('cookie-consent').rejectAll());
    await two.reload();
    await two.waitForFunction(() => document.querySelector('cookie-consent')?.consent?.categories.analytics === false);
    // Another tab's acceptance, told first and stored after this tab has acted on it: the order the browser gives now and then.
    const value = `v=1&r=0&t=${Date.now()}&id=toldfirst&s=banner&g=analytics+marketing&d=`;
    await one.evaluate((value) => new BroadcastChannel('cookie-consent:cookie_consent').postMessage(value), value);
    await two.waitForFunction(() => document.querySelector('cookie-consent').has('analytics'));
    await one.evaluate((value) => (document.cookie = `cookie_consent=${value}; path=/; samesite=lax`), value);
    await kept(two, 'toldfirst');
    await one.goto(origin + '/behind');
    assert.deepEqual(await refusedOnFocus(two), { id: 'behindclock', ran: false });
    await context.close();
  });

  it('a refusal heard from a section of the site whose cookie this tab cannot see holds on focus against its older acceptance', async () => {
    const { context, one } = await twoTabs();
    await el(one, () => document.querySelector('cookie-consent').acceptAll());
    await one.reload();
    await one.waitForFunction(() => document.querySelector('cookie-consent')?.has('analytics'));
    // The section's tab refuses; its cookie lives at /shop, out of this tab's sight.
    const shop = await context.newPage();
    await shop.goto(origin + '/shop/');
    await shop.evaluate(() => document.querySelector('cookie-consent').rejectAll());
    await one.waitForFunction(() => !document.querySelector('cookie-consent').has('analytics'));
    await el(one, () => window.dispatchEvent(new Event('focus')));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(await hasAnalytics(one), false, 'the refusal holds');
    assert.equal(await lateScript(one, 'after-focus'), false);
    await context.close();
  });

  it('a refusal whose cookie the browser refused holds on focus, though an earlier decision was read (opt-out)', async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const host = origin.replace('127.0.0.1', 'shop.github.io');
    await tab.goto(host + '/seed');
    await tab.goto(host + '/suffix');
    await tab.evaluate(() => window.__ready);
    assert.equal(await el(tab, () => document.querySelector('cookie-consent').consent?.id), 'earlier');
    // Reject all: the host-only acceptance goes (the Domain copy replaces it), and the browser refuses the new cookie.
    await el(tab, () => document.querySelector('cookie-consent').rejectAll());
    await tab.evaluate(() => new Promise((resolve) => requestIdleCallback(() => setTimeout(resolve))));
    assert.equal(await tab.evaluate(() => document.cookie), '', 'no cookie left');
    await el(tab, () => window.dispatchEvent(new Event('focus')));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(await el(tab, () => document.querySelector('cookie-consent').consent?.categories.analytics), false, 'the refusal holds for the page view');
    assert.equal(await lateScript(tab, 'after-focus'), false);
    await context.close();
  });

  it('a tab whose cookie the browser never kept (cookies refused) keeps its decision for the page view when it comes back into focus', async () => {
    const { context, one } = await twoTabs();
    // A name and value over the 4096 bytes a browser keeps of one cookie: it is refused, as with cookies blocked.
    await el(one, () => {
      const consent = document.querySelector('cookie-consent');
      consent.cookieName = 'c'.repeat(4100);
      return consent.updateComplete.then(() => consent.acceptAll());
    });
    assert.equal(await one.evaluate(() => document.cookie.includes('cccc')), false, 'the browser refused the cookie');
    await one.evaluate(() => window.dispatchEvent(new Event('focus')));
    assert.equal(await hasAnalytics(one), true, 'no cookie is not a refusal');
    await context.close();
  });
});
