// Blocking, placeholders, revocation and Consent Mode through the real <cookie-consent>, as a site uses them.
import { expect } from '@open-wc/testing';
import '../../src/index.js';
import type { CookieConsent } from '../../src/index.js';
import { clearCookies, rendered } from './element-helpers.js';
import { settle, until } from './release-host.js';

const order = () => window.__order ?? [];
const names = () => document.cookie.split(';').map((pair) => pair.split('=')[0]!.trim()).filter(Boolean);

/** Puts `html` (tagged elements and a <cookie-consent>) in the page and waits for the element to start. */
async function page(html: string): Promise<{ box: HTMLElement; el: CookieConsent }> {
  const box = document.createElement('div');
  box.innerHTML = html;
  document.body.append(box);
  const el = box.querySelector('cookie-consent')!;
  await el.updateComplete;
  return { box, el };
}

/** A page with a marketing iframe and the element, started; and the text the iframe's placeholder shows. */
const withEmbed = (query: string) =>
  page(`
      <iframe data-category="marketing" data-src="/test/e2e/fixtures/blocking/frame.html?${query}" width="320" height="180" title="Video"></iframe>
      <cookie-consent categories="analytics marketing"></cookie-consent>`);
const marketingText = () => 'This content from ' + location.host + ' needs your consent for Marketing cookies.';

describe('release through <cookie-consent>', () => {
  let box: HTMLElement | undefined;

  beforeEach(() => {
    window.__order = [];
    clearCookies(); // deleteCookies() never takes the consent cookie
  });
  afterEach(async () => {
    box?.remove();
    box = undefined;
    await settle(); // the element stops in a microtask after it leaves
    clearCookies();
    delete window.dataLayer;
    delete window.gtag;
  });

  it('runs nothing before the decision, then what the visitor accepted, once', async () => {
    const result = await page(`
      <script type="text/plain" data-category="analytics">window.__order.push('analytics')</script>
      <script type="text/plain" data-category="marketing">window.__order.push('marketing')</script>
      <cookie-consent categories="analytics marketing"></cookie-consent>`);
    box = result.box;
    await settle();
    expect(order()).to.deep.equal([]);
    result.el.acceptCategories(['analytics']);
    expect(order()).to.deep.equal(['analytics']);
    result.el.acceptAll();
    result.el.acceptAll();
    expect(order()).to.deep.equal(['analytics', 'marketing']);
  });

  it('releases at start-up what a stored decision grants, before consent-ready', async () => {
    document.cookie = `cookie_consent=v=1&r=0&t=${Date.now()}&id=stored1&s=banner&g=analytics&d=marketing; Path=/`;
    const seenAtReady: string[][] = [];
    document.addEventListener('consent-ready', () => seenAtReady.push([...order()]), { once: true });
    const result = await page(`
      <script type="text/plain" data-category="analytics">window.__order.push('analytics')</script>
      <script type="text/plain" data-category="marketing">window.__order.push('marketing')</script>
      <cookie-consent categories="analytics marketing"></cookie-consent>`);
    box = result.box;
    expect(order()).to.deep.equal(['analytics']);
    await until(() => seenAtReady.length === 1, 'consent-ready');
    expect(seenAtReady[0]).to.deep.equal(['analytics']);
  });

  it('a placeholder button grants the category through the element: recorded in the cookie and announced', async () => {
    const result = await withEmbed('el');
    box = result.box;
    const placeholder = box.querySelector('cookie-consent-placeholder')!;
    await rendered(placeholder);
    expect(placeholder.shadowRoot!.querySelector('p')!.textContent).to.equal(marketingText());
    const changes: CustomEvent[] = [];
    result.el.addEventListener('consent-change', (event) => changes.push(event as CustomEvent));
    placeholder.shadowRoot!.querySelector('button')!.click();
    expect(changes).to.have.length(1);
    expect(changes[0]!.detail.granted).to.deep.equal(['marketing']);
    expect(result.el.has('marketing')).to.equal(true);
    // Only what the visitor granted: no refusal of analytics they never gave.
    expect(document.cookie).to.match(/cookie_consent=v=1&[^;]*&s=placeholder&g=marketing&d=(;|$)/);
    expect(box.querySelector('iframe')!.getAttribute('src')).to.equal('/test/e2e/fixtures/blocking/frame.html?el');
    expect(box.querySelector('cookie-consent-placeholder')).to.equal(null);
  });

  it('an element that left the page leaves the placeholders to the one that decides now, whatever it renders later', async () => {
    // A first visit's element: its view is there, with no placeholder on the page yet.
    const gone = await page('<cookie-consent categories="analytics marketing"></cookie-consent>');
    gone.box.remove();
    await settle();
    const result = await withEmbed('gone');
    box = result.box;
    const placeholder = box.querySelector('cookie-consent-placeholder')!;
    await rendered(placeholder);
    // The removed element's view renders again (an API call, texts or a file of the view arriving late).
    gone.el.showPreferences();
    gone.el.lang = 'de';
    await gone.el.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(placeholder.shadowRoot!.querySelector('p')?.textContent).to.equal(marketingText());
  });

  it('an element that takes over from one that left keeps its placeholders working: Allow grants through it and loads the frame', async () => {
    // A returning visitor who refused marketing: nothing to ask, so only the placeholder has the view load.
    document.cookie = `cookie_consent=v=1&r=0&t=${Date.now()}&id=stored2&s=banner&g=analytics&d=marketing; Path=/`;
    const result = await withEmbed('taken-over');
    box = result.box;
    await rendered(box.querySelector('cookie-consent-placeholder'));
    // A framework puts a new element in its place (the one-tag script's steps aside for the page's own alike).
    const next = document.createElement('cookie-consent');
    next.setAttribute('categories', 'analytics marketing');
    result.el.replaceWith(next);
    await settle();
    await next.updateComplete;
    const placeholder = box.querySelector('cookie-consent-placeholder')!;
    await rendered(placeholder);
    placeholder.shadowRoot!.querySelector('button')!.click();
    expect(next.has('marketing')).to.equal(true);
    expect(document.cookie).to.match(/cookie_consent=v=1&[^;]*&s=placeholder&g=analytics\+marketing&d=(;|$)/);
    expect(box.querySelector('iframe')!.getAttribute('src')).to.equal('/test/e2e/fixtures/blocking/frame.html?taken-over');
  });

  it('a placeholder waiting for two categories names, and its button grants, only the one still missing once the other is granted', async () => {
    const result = await page(`
      <iframe data-category="analytics marketing" data-src="/test/e2e/fixtures/blocking/frame.html?two" width="320" height="180" title="Video"></iframe>
      <cookie-consent categories="analytics marketing"></cookie-consent>`);
    box = result.box;
    const placeholder = box.querySelector('cookie-consent-placeholder')!;
    await rendered(placeholder);
    expect(placeholder.shadowRoot!.querySelector('button')!.textContent).to.equal('Allow Analytics, Marketing and load');
    result.el.acceptCategories(['analytics']);
    await result.el.updateComplete;
    expect(placeholder.shadowRoot!.querySelector('p')!.textContent).to.equal(marketingText());
    expect(placeholder.shadowRoot!.querySelector('button')!.textContent).to.equal('Allow Marketing and load');
  });

  describe('the placeholder grants exactly its own category', () => {
    const frame = (category: string) =>
      `<iframe data-category="${category}" data-src="/test/e2e/fixtures/blocking/frame.html?${category}" width="320" height="180" title="Video"></iframe>`;
    const allow = (box: HTMLElement) => box.querySelector('cookie-consent-placeholder')!.shadowRoot!.querySelector('button');

    it('with no decision yet: that category is granted and announced, nothing else is decided, and the banner stays for the rest, also after a reload', async () => {
      const result = await page(`${frame('marketing')}
        <script type="text/plain" data-category="analytics">window.__order.push('analytics')</script>
        <script type="text/plain" data-category="marketing">window.__order.push('marketing')</script>
        <cookie-consent categories="analytics marketing"></cookie-consent>`);
      box = result.box;
      await rendered(box.querySelector('cookie-consent-placeholder'));
      allow(box)!.click();
      const { el } = result;
      expect(document.cookie).to.match(/cookie_consent=v=1&[^;]*&s=placeholder&g=marketing&d=(;|$)/);
      // Analytics is unanswered, so there is no valid decision yet (CONTRACT section 3): only has() grants.
      expect(el.consent).to.equal(null);
      expect([el.has('marketing'), el.has('analytics')]).to.deep.equal([true, false]);
      expect(order()).to.deep.equal(['marketing']);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part~="banner"]'), 'the banner, for analytics').to.exist;

      // The next page: the stored grant still releases marketing, the banner still asks about analytics.
      el.remove();
      await settle();
      window.__order = [];
      const again = document.createElement('cookie-consent');
      again.setAttribute('categories', 'analytics marketing');
      box.append(again);
      await again.updateComplete;
      expect(again.has('marketing')).to.equal(true);
      expect(again.shadowRoot!.querySelector('[part~="banner"]')).to.exist;
      // Reject all there refuses what is left and what the visitor now refuses: an answer for every category.
      (again.shadowRoot!.querySelector('[part~="reject"]') as HTMLElement).click();
      expect(again.consent!.categories).to.deep.equal({ necessary: true, analytics: false, marketing: false });
    });

    it('keeps the rest of an earlier decision as it was', async () => {
      document.cookie = `cookie_consent=v=1&r=0&t=${Date.now()}&id=earlier&s=banner&g=analytics&d=marketing+preferences; Path=/`;
      const result = await page(`${frame('marketing')}<cookie-consent categories="analytics marketing preferences"></cookie-consent>`);
      box = result.box;
      await rendered(box.querySelector('cookie-consent-placeholder'));
      allow(box)!.click();
      expect(document.cookie).to.match(/cookie_consent=v=1&[^;]*&s=placeholder&g=analytics\+marketing&d=preferences(;|$)/);
    });

    for (const category of ['Marketing', 'video']) {
      it(`offers no button for ${category}, which is not configured (ids are case-sensitive), warns, and records nothing`, async () => {
        const seen: string[] = [];
        const warn = console.warn;
        console.warn = (message: string) => seen.push(message);
        try {
          const result = await page(`${frame(category)}<cookie-consent categories="analytics marketing"></cookie-consent>`);
          box = result.box;
          const placeholder = box.querySelector('cookie-consent-placeholder')!;
          await rendered(placeholder);
          expect(allow(box)).to.equal(null);
          expect(document.cookie).to.not.contain('cookie_consent=');
          expect(seen.some((message) => message.includes(`names category ${category}, which is not configured`))).to.equal(true);
        } finally {
          console.warn = warn;
        }
      });
    }
  });

  it('uses the label of <cookie-category> in the placeholder', async () => {
    const result = await page(`
      <iframe data-category="video" data-src="https://video.example.org/embed/1" title="Video"></iframe>
      <cookie-consent categories="video"><cookie-category name="video" label="Video embeds"></cookie-category></cookie-consent>`);
    box = result.box;
    const placeholder = box.querySelector('cookie-consent-placeholder')!;
    await rendered(placeholder);
    expect(placeholder.shadowRoot!.querySelector('button')!.textContent).to.equal('Allow Video embeds and load');
  });

  it('opt-out mode releases at once, and a refusal later deletes the category’s cookies', async () => {
    const result = await page(`
      <script type="text/plain" data-category="analytics">window.__order.push('opt-out')</script>
      <cookie-consent categories="analytics" mode="opt-out">
        <cookie-category name="analytics" cookies="_ga _ga_*"></cookie-category>
      </cookie-consent>`);
    box = result.box;
    expect(order()).to.deep.equal(['opt-out']);
    document.cookie = '_ga=GA1.1; Path=/';
    document.cookie = '_ga_XYZ=GS1.1; Path=/';
    document.cookie = '_fbp=fb; Path=/';
    result.el.rejectAll();
    // In microtasks: once what something granted still claims is known.
    await new Promise((resolve) => setTimeout(resolve));
    expect(names()).to.not.include.members(['_ga']);
    expect(names().filter((name) => name.startsWith('_ga'))).to.deep.equal([]);
    expect(names()).to.include('_fbp');
  });

  it('with google-consent-mode: default and, for a stored decision, update at connect; an update on each change', async () => {
    document.cookie = `cookie_consent=v=1&r=0&t=${Date.now()}&id=stored2&s=banner&g=marketing&d=analytics; Path=/`;
    const result = await page(`<cookie-consent categories="analytics marketing" google-consent-mode></cookie-consent>`);
    box = result.box;
    const entries = () => (window.dataLayer ?? []).map((entry) => Array.from(entry as ArrayLike<unknown>));
    expect(entries()[0]!.slice(0, 2)).to.deep.equal(['consent', 'default']);
    expect(entries()).to.have.length(2);
    expect(entries()[1]).to.deep.equal(['consent', 'update', {
      analytics_storage: 'denied', ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted',
      functionality_storage: 'denied', personalization_storage: 'denied',
    }]);
    result.el.rejectAll();
    expect(entries()[2]![2]).to.include({ ad_storage: 'denied', analytics_storage: 'denied' });
  });

  it('with google-consent-mode and a stored decision: a tag already in the page runs after the update, not before it', async () => {
    document.cookie = `cookie_consent=v=1&r=0&t=${Date.now()}&id=stored4&s=banner&g=analytics&d=marketing; Path=/`;
    // The tag records what Consent Mode had said when it ran (a gtag('config') there would be queued after it).
    const result = await page(`
      <script type="text/plain" data-category="analytics">window.__seen = (window.dataLayer ?? []).map((entry) => entry[1])</script>
      <cookie-consent categories="analytics marketing" google-consent-mode></cookie-consent>`);
    box = result.box;
    expect((window as unknown as { __seen?: string[] }).__seen?.at(-1), 'the last call the tag saw').to.equal('update');
    delete (window as unknown as { __seen?: string[] }).__seen;
  });

  it('with google-consent-mode and a stored decision: the update follows the default at start-up, a microtask after the connect, not at consent-ready', async () => {
    // The default goes out once per page: let this element push it again.
    delete (window as unknown as Record<symbol, unknown>)[Symbol.for('cookie-consent-element.consent-default')];
    document.cookie = `cookie_consent=v=1&r=0&t=${Date.now()}&id=stored3&s=banner&g=analytics&d=marketing; Path=/`;
    const entries = () => (window.dataLayer ?? []).map((entry) => Array.from(entry as ArrayLike<unknown>).slice(0, 2));
    box = document.createElement('div');
    const el = document.createElement('cookie-consent');
    el.setAttribute('categories', 'analytics marketing');
    el.setAttribute('google-consent-mode', '');
    let atReady: unknown[][] | undefined;
    el.addEventListener('consent-ready', () => (atReady = entries()));
    box.append(el);
    document.body.append(box);
    // The default synchronously, as the element connects; the update at start-up, in the microtask after it (so before
    // the page's next script, and with the properties a framework sets right after appending the element).
    expect(entries()).to.deep.equal([['consent', 'default']]);
    await Promise.resolve();
    expect(entries()).to.deep.equal([['consent', 'default'], ['consent', 'update']]);
    await until(() => atReady !== undefined, 'consent-ready');
    expect(atReady).to.deep.equal([['consent', 'default'], ['consent', 'update']]);
    expect(entries()).to.have.length(2);
  });

  it('watches for late elements, and stops once the element leaves the page', async () => {
    const result = await page(`<cookie-consent categories="analytics"></cookie-consent>`);
    box = result.box;
    result.el.acceptAll();
    const late = document.createElement('script');
    late.type = 'text/plain';
    late.setAttribute('data-category', 'analytics');
    late.text = "window.__order.push('late')";
    document.body.append(late);
    await until(() => order().includes('late'), 'the late script');

    result.el.remove();
    await settle();
    const after = document.createElement('script');
    after.type = 'text/plain';
    after.setAttribute('data-category', 'analytics');
    after.text = "window.__order.push('after-removal')";
    document.body.append(after);
    await settle();
    expect(order()).to.deep.equal(['late']);
    after.remove();
  });
});
