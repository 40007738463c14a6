// Services inside categories (CONTRACT §9), through the real element: <cookie-service> children, has(),
// Consent.services, the cookie, release of data-service tags, the placeholder, the preferences dialog
// (real clicks and keys), revocation of a service's cookies and Consent Mode.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { $, button, cleanUp, click, configured, cookieValue, dialog, mount, rendered, until, warnings } from './element-helpers.js';

const SERVICES = `
  <cookie-service preset="ga4"></cookie-service>
  <cookie-service name="stats" category="analytics" label="Our statistics" cookies="stats_* stats_id">Counts visits.</cookie-service>
  <cookie-service preset="youtube"></cookie-service>`;
const names = () => document.cookie.split(';').map((pair) => pair.split('=')[0]!.trim()).filter(Boolean);
const input = (el: HTMLElement, id: string) => $(el as never, `#switch-${id}`) as HTMLInputElement;

describe('services', () => {
  afterEach(async () => {
    await cleanUp();
    for (const extra of Array.from(document.querySelectorAll('[data-service], cookie-consent-placeholder'))) extra.remove();
    delete (window as unknown as Record<string, unknown>)['__ran'];
  });

  it('a category grants and refuses its services; has() answers for both; the cookie holds them (v2)', async () => {
    const { el, changes } = await mount({ categories: 'analytics marketing' }, SERVICES);
    el.acceptCategories(['analytics']);
    expect(el.consent!.services).to.deep.equal({ ga4: true, stats: true, youtube: false });
    expect([el.has('analytics'), el.has('ga4'), el.has('stats'), el.has('marketing'), el.has('youtube')]).to.deep.equal([true, true, true, false, false]);
    expect(changes.at(-1)!.granted).to.have.members(['analytics', 'ga4', 'stats']);
    expect(cookieValue()).to.match(/^v=2&.*&sg=ga4\+stats&sd=youtube$/);
    // One service refused: its category no longer counts as granted, the other service still does.
    el.acceptCategories(['stats', 'marketing']);
    expect([el.has('analytics'), el.has('ga4'), el.has('stats'), el.has('youtube')]).to.deep.equal([false, false, true, true]);
    expect(changes.at(-1)!.revoked).to.have.members(['analytics', 'ga4']);
    expect(changes.at(-1)!.granted).to.have.members(['marketing', 'youtube']);
  });

  it('a stored decision that does not answer a configured service is asked again; a site without services is not', async () => {
    const { el } = await mount({ categories: 'analytics' });
    el.acceptAll();
    expect(cookieValue()).to.match(/^v=1&/);
    el.remove();
    await Promise.resolve();
    const again = await mount({ categories: 'analytics' }, '<cookie-service preset="ga4"></cookie-service>');
    expect(again.el.consent).to.equal(null);
    expect(again.el.shadowRoot!.querySelector('[part~="banner"]')).to.not.equal(null);
  });

  it('a service added after a decision that lists services waits for its own answer: not granted by its category, its tag held, its switch off', async () => {
    const { el } = await mount({ categories: 'analytics' }, '<cookie-service preset="ga4"></cookie-service>');
    el.acceptAll();
    expect(cookieValue()).to.match(/^v=2&.*&sg=ga4&/);
    el.remove();
    await Promise.resolve();
    // The site adds Hotjar to analytics, with its tag.
    document.body.insertAdjacentHTML('beforeend', `<script type="text/plain" data-service="hotjar">(window.__ran ??= []).push('hotjar')</script>`);
    const again = await mount({ categories: 'analytics' }, '<cookie-service preset="ga4"></cookie-service><cookie-service preset="hotjar"></cookie-service>');
    expect(again.el.consent).to.equal(null);
    expect([again.el.has('analytics'), again.el.has('ga4'), again.el.has('hotjar')]).to.deep.equal([true, true, false]);
    again.el.showPreferences();
    await again.el.updateComplete;
    expect([input(again.el, 'ga4').checked, input(again.el, 'hotjar').checked, input(again.el, 'analytics').indeterminate]).to.deep.equal([true, false, true]);
    expect((window as unknown as { __ran?: string[] }).__ran, 'the new service\'s tag').to.equal(undefined);
    // Asked now, the visitor's answer counts.
    await click(button(again.el, 'accept', 'dialog'));
    await until(() => ((window as unknown as { __ran?: string[] }).__ran ?? []).includes('hotjar'), 'hotjar\'s tag once granted');
    expect(again.el.consent!.services).to.deep.equal({ ga4: true, hotjar: true });
  });

  it('with Global Privacy Control, a service added since a decision that lists services is refused, not granted through its category', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(Navigator.prototype, 'globalPrivacyControl');
    Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { configurable: true, get: () => true });
    try {
      // Analytics granted when it held ga4 alone; Hotjar added since, with its tag.
      document.cookie = `cookie_consent=v=2&r=0&t=${Date.now() - 60_000}&id=beforehotjar&s=banner&g=analytics&d=&sg=ga4&sd=; Path=/`;
      document.body.insertAdjacentHTML('beforeend', `<script type="text/plain" data-service="hotjar">(window.__ran ??= []).push('hotjar')</script>`);
      const { el } = await mount({ categories: 'analytics' }, '<cookie-service preset="ga4"></cookie-service><cookie-service preset="hotjar"></cookie-service>');
      await el.updateComplete;
      expect(el.consent!.source).to.equal('gpc');
      expect(el.consent!.services).to.deep.equal({ ga4: true, hotjar: false });
      expect([el.has('ga4'), el.has('hotjar')]).to.deep.equal([true, false]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((window as unknown as { __ran?: string[] }).__ran, "hotjar's tag").to.equal(undefined);
    } finally {
      if (descriptor) Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', descriptor);
      else delete (Navigator.prototype as { globalPrivacyControl?: boolean }).globalPrivacyControl;
    }
  });

  it('a service added or changed later is configured; the element\'s own attributes do not re-judge the banner', async () => {
    const { el } = await mount({ categories: 'analytics' });
    el.acceptAll();
    el.showBanner();
    el.setAttribute('theme', 'dark');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="banner"]')).to.not.equal(null);
    el.hide();
    el.insertAdjacentHTML('beforeend', '<cookie-service name="chat" category="necessary"></cookie-service>');
    await until(() => true);
    await el.updateComplete;
    expect(el.consent).to.not.equal(null);
    el.querySelector('cookie-service')!.setAttribute('category', 'analytics');
    await until(() => el.consent === null, 'the new service to be asked about');
    expect(el.shadowRoot!.querySelector('[part~="banner"]')).to.not.equal(null);
  });

  it('warns once, naming the attribute, about a bad service and leaves it out', async () => {
    let el!: HTMLElement & { has(id: string): boolean; acceptAll(): void };
    const seen = await warnings(async () => {
      ({ el } = await mount(
        { categories: 'analytics' },
        `<cookie-service name="analytics" category="analytics"></cookie-service>
         <cookie-service name="bad id" category="analytics"></cookie-service>
         <cookie-service preset="nope"></cookie-service>
         <cookie-service preset="youtube" category="necessary"></cookie-service>
         <cookie-service name="ok" category="analytics"></cookie-service>
         <cookie-service name="ok" category="marketing" cookies="ok_m"></cookie-service>`,
      ));
      el.acceptAll();
    });
    expect(seen.filter((m) => m.includes('cookie-service name'))).to.have.length(3);
    expect(seen.filter((m) => m.includes('cookie-service name "ok"; expected a name of its own'))).to.have.length(1);
    expect(seen.filter((m) => m.includes('cookie-service preset "nope"'))).to.have.length(1);
    expect(seen.filter((m) => m.includes('cookie-service category'))).to.have.length(1);
    expect((el as unknown as { consent: { services: object } }).consent.services).to.deep.equal({ ok: true });
  });

  it('takes at most 64 services, as the cookie holds them, and warns once naming the first left out: a decision on them reads back', async () => {
    const markup = Array.from({ length: 66 }, (_, i) => `<cookie-service name="s${i}" category="analytics"></cookie-service>`).join('');
    let el!: Awaited<ReturnType<typeof mount>>['el'];
    const seen = await warnings(async () => {
      ({ el } = await mount({ categories: 'analytics' }, markup));
      el.acceptAll();
    });
    expect(seen).to.deep.equal(['<cookie-consent>: ignoring cookie-service name "s64"; expected at most 64 services; the first 64 count.']);
    expect(Object.keys(el.consent!.services!)).to.have.length(64);
    expect([el.has('s63'), el.has('s64')]).to.deep.equal([true, false]);
    const services = el.consent!.services;
    el.remove();
    await Promise.resolve();
    // The next page view reads the decision: no banner again.
    const again = await mount({ categories: 'analytics' }, markup);
    expect(again.el.consent?.services).to.deep.equal(services);
  });

  it("a service's category that categories does not list joins it, as in CONTRACT §9's example", async () => {
    const example = `<cookie-service name="ga4" preset="ga4"></cookie-service>
      <cookie-service preset="youtube"></cookie-service>
      <cookie-service name="chat" category="preferences" label="Support chat" cookies="chat_*">Lets us answer you.</cookie-service>
      <cookie-service name="faq" category="chat"></cookie-service>`;
    document.body.insertAdjacentHTML('beforeend', `<script type="text/plain" data-service="chat">(window.__ran ??= []).push('chat')</script>`);
    let el!: Awaited<ReturnType<typeof mount>>['el'];
    const seen = await warnings(async () => {
      ({ el } = await mount({ categories: 'analytics marketing' }, example));
      await el.updateComplete;
    });
    // A category may not take a service's id: "faq" is left out, with the one warning.
    expect(seen.filter((m) => m.includes('cookie-service category "chat"'))).to.have.length(1);
    expect(seen).to.have.length(1);
    // The dialog's switches are the services'; "preferences" has a checkbox of its own.
    expect(await configured(el)).to.deep.equal(['ga4', 'youtube', 'chat']);
    el.showPreferences();
    await el.updateComplete;
    expect(input(el, 'preferences')).to.not.equal(null);
    expect(dialog(el)!.textContent).to.contain('Support chat');
    el.acceptAll();
    expect(el.consent!.categories).to.deep.equal({ necessary: true, analytics: true, marketing: true, preferences: true });
    expect(el.consent!.services).to.deep.equal({ ga4: true, youtube: true, chat: true });
    expect(el.has('chat')).to.equal(true);
    await until(() => ((window as unknown as { __ran?: string[] }).__ran ?? []).includes('chat'), 'the chat service\'s script to run');
  });

  it('releases a tag when everything it names is granted: data-service, or data-service and data-category', async () => {
    const { el } = await mount({ categories: 'analytics marketing' }, SERVICES);
    document.body.insertAdjacentHTML(
      'beforeend',
      `<script type="text/plain" data-service="ga4">(window.__ran ??= []).push('ga4')</script>
       <script type="text/plain" data-service="ga4" data-category="marketing">(window.__ran ??= []).push('ga4+marketing')</script>`,
    );
    const ran = () => (window as unknown as { __ran?: string[] }).__ran ?? [];
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ran()).to.deep.equal([]);
    el.acceptCategories(['ga4']);
    await until(() => ran().length === 1, 'ga4 to run');
    expect(ran()).to.deep.equal(['ga4']);
    el.acceptCategories(['ga4', 'marketing']);
    await until(() => ran().length === 2, 'the second to run');
  });

  it('an iframe waiting for a service gets a placeholder naming it, whose Allow grants exactly that service', async () => {
    const { el, changes } = await mount({ categories: 'analytics marketing' }, SERVICES);
    el.hide();
    // YouTube is marketing's only service; the page also has a pixel tagged with the category alone.
    document.body.insertAdjacentHTML('beforeend', `<script type="text/plain" data-category="marketing">(window.__ran ??= []).push('pixel')</script>`);
    document.body.insertAdjacentHTML('beforeend', '<iframe data-service="youtube" data-src="about:blank" width="320" height="180"></iframe>');
    const frame = document.body.lastElementChild as HTMLIFrameElement;
    await until(() => frame.previousElementSibling?.localName === 'cookie-consent-placeholder', 'the placeholder');
    const placeholder = frame.previousElementSibling!;
    await rendered(placeholder);
    await until(() => placeholder.shadowRoot!.querySelector('button')?.textContent?.includes('YouTube'), 'the preset label');
    expect(placeholder.shadowRoot!.querySelector('p')!.textContent).to.contain('YouTube');
    await click(placeholder.shadowRoot!.querySelector('button')!);
    await until(() => frame.getAttribute('src') === 'about:blank', 'the frame to load');
    expect(changes.at(-1)!.granted).to.deep.equal(['youtube']);
    expect([el.has('youtube'), el.has('marketing'), el.has('ga4')]).to.deep.equal([true, false, false]);
    expect(el.consent).to.equal(null);
    expect(cookieValue()).to.match(/&s=placeholder&g=&d=&sg=youtube&sd=$/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((window as unknown as { __ran?: string[] }).__ran, 'the pixel tagged marketing').to.equal(undefined);
  });

  it('the dialog shows each service with a switch; the category switch sets them all and shows mixed', async () => {
    const { el } = await mount({ categories: 'analytics marketing' }, SERVICES);
    el.showPreferences();
    await el.updateComplete;
    const label = (id: string) => $(el, `label[for="switch-${id}"]`)!.textContent;
    expect(label('ga4')).to.equal('Google Analytics 4');
    expect(label('stats')).to.equal('Our statistics');
    expect($(el, '#about-ga4')!.textContent).to.contain('Google');
    expect($(el, '#about-stats')!.textContent).to.equal('Counts visits.');
    const analytics = input(el, 'analytics');
    expect(analytics.getAttribute('role')).to.equal(null);
    expect(input(el, 'ga4').getAttribute('role')).to.equal('switch');

    await click(input(el, 'ga4'));
    expect(input(el, 'ga4').checked).to.equal(true);
    expect(analytics.indeterminate).to.equal(true);
    await click(input(el, 'stats'));
    expect([analytics.checked, analytics.indeterminate]).to.deep.equal([true, false]);
    // The keyboard: Space on the category turns all its services off.
    analytics.focus();
    await sendKeys({ press: ' ' });
    expect([input(el, 'ga4').checked, input(el, 'stats').checked, analytics.checked, analytics.indeterminate]).to.deep.equal([false, false, false, false]);
    await sendKeys({ press: ' ' });
    await click(input(el, 'stats'));
    expect(analytics.indeterminate).to.equal(true);
    await click(button(el, 'save', 'dialog'));
    expect(el.consent!.services).to.deep.equal({ ga4: true, stats: false, youtube: false });
    expect(el.has('analytics')).to.equal(false);

    el.showPreferences();
    await el.updateComplete;
    expect(input(el, 'analytics').indeterminate).to.equal(true);
    expect(input(el, 'ga4').checked).to.equal(true);
    dialog(el)!.close();
  });

  it('a change of language shows the presets\' texts in the new one, together with the dialog\'s own', async () => {
    const { el } = await mount({ categories: 'analytics marketing' }, SERVICES);
    el.showPreferences();
    await el.updateComplete;
    const about = () => $(el, '#about-ga4')!.textContent!;
    const german = () => $(el, '#preferences-title')!.textContent === 'Cookie-Einstellungen';
    expect(about()).to.match(/^Measures how visitors/);
    el.setAttribute('lang', 'de');
    let mixed = false;
    await until(() => {
      if (about().startsWith('Misst') !== german()) mixed = true;
      return german();
    }, 'the German dialog');
    expect(about()).to.match(/^Misst, wie Besucher/);
    expect(mixed, 'the presets\' texts and the dialog\'s change together').to.equal(false);
    dialog(el)!.close();
  });

  it('updateComplete settles once the service UI has loaded and rendered, for services at start and added later', async () => {
    const el = document.createElement('cookie-consent');
    el.setAttribute('categories', 'analytics');
    el.innerHTML = '<cookie-service preset="ga4"></cookie-service>';
    document.body.append(el);
    el.showPreferences();
    await el.updateComplete;
    expect($(el, 'label[for="switch-ga4"]')!.textContent).to.equal('Google Analytics 4');
    el.remove();
    await Promise.resolve();

    // Added while the dialog is open: it stays open (and keeps the focus) while the service UI loads.
    const { el: later } = await mount({ categories: 'analytics' });
    later.showPreferences();
    await later.updateComplete;
    expect($(later, '[part~="services"]')).to.equal(null);
    const open = dialog(later)!;
    input(later, 'analytics').focus();
    later.insertAdjacentHTML('beforeend', '<cookie-service name="chat" category="analytics" label="Chat">Talks to you.</cookie-service>');
    await later.updateComplete;
    expect(dialog(later)).to.equal(open);
    expect(later.shadowRoot!.activeElement).to.equal(input(later, 'analytics'));
    expect($(later, 'label[for="switch-chat"]')!.textContent).to.equal('Chat');
    expect(input(later, 'analytics').getAttribute('role')).to.equal(null);
  });

  it('the first layer stays Accept all, Reject all, Customize', async () => {
    const { el } = await mount({ categories: 'analytics marketing' }, SERVICES);
    const parts = Array.from(el.shadowRoot!.querySelectorAll('[part~="banner"] button'), (b) => b.getAttribute('part'));
    expect(parts).to.deep.equal(['button accept', 'button reject', 'button customize']);
  });

  it('revoking a service deletes its own cookies and its preset\'s; revoking a category deletes its services\' cookies', async () => {
    const { el } = await mount({ categories: 'analytics marketing' }, SERVICES);
    el.acceptAll();
    for (const cookie of ['stats_a=1', 'stats_id=1', '_ga=GA1', '_ga_X=GS1', 'keep=1']) document.cookie = `${cookie}; Path=/`;
    el.acceptCategories(['ga4', 'marketing']);
    // Once the granted ga4's list is known too (in the next task at the latest: it was fetched with the view's texts).
    await new Promise((resolve) => setTimeout(resolve));
    expect(names()).to.not.include.members(['stats_a']);
    expect(names().filter((n) => n.startsWith('stats'))).to.deep.equal([]);
    expect(names()).to.include.members(['_ga', '_ga_X', 'keep']);
    el.acceptCategories(['marketing']);
    // The preset's cookie list was fetched with the view's texts (the banner showed): gone before the next
    // task, as a reload-on-revoke needs (test/e2e/blocking.test.mjs reloads).
    await new Promise((resolve) => setTimeout(resolve));
    expect(names().filter((n) => n.startsWith('_ga'))).to.deep.equal([]);
    expect(names()).to.include('keep');
    document.cookie = 'keep=; Path=/; Max-Age=0';
  });

  it('a cookie that a granted service claims stays when its refused category names it too (the category\'s own list beside a preset)', async () => {
    const { el } = await mount(
      { categories: 'analytics' },
      `<cookie-category name="analytics" cookies="_ga _ga_* site_stats"></cookie-category>
       <cookie-service preset="ga4"></cookie-service><cookie-service preset="hotjar"></cookie-service>`,
    );
    el.acceptAll();
    for (const cookie of ['_ga=GA1', '_ga_X=GS1', 'site_stats=1', '_hjSessionUser_1=1']) document.cookie = `${cookie}; Path=/`;
    // Hotjar refused: analytics no longer counts as granted, but ga4, which sets _ga, is.
    el.acceptCategories(['ga4']);
    expect([el.has('analytics'), el.has('ga4'), el.has('hotjar')]).to.deep.equal([false, true, false]);
    await until(() => !names().includes('_hjSessionUser_1'), "hotjar's cookie to go");
    expect(names()).to.include.members(['_ga', '_ga_X']);
    expect(names()).to.not.include('site_stats');
    el.rejectAll();
    await until(() => !names().includes('_ga'), "_ga to go once ga4 is refused too");
  });

  it('Consent Mode: a Google preset\'s types follow that service, the rest follow their category', async () => {
    delete window.dataLayer;
    delete window.gtag;
    delete (window as unknown as Record<symbol, unknown>)[Symbol.for('cookie-consent-element.consent-default')];
    const { el } = await mount({ categories: 'analytics marketing', 'google-consent-mode': true }, SERVICES);
    const last = () => Array.from(window.dataLayer!.at(-1) as ArrayLike<Record<string, string>>)[2]!;
    // ga4 refused inside analytics whose other service is granted: analytics_storage denied.
    el.acceptCategories(['stats', 'marketing']);
    expect([last()['analytics_storage'], last()['ad_storage']]).to.deep.equal(['denied', 'granted']);
    // ga4 granted alone: analytics_storage granted, though analytics as a whole is not.
    el.acceptCategories(['ga4']);
    expect(el.has('analytics')).to.equal(false);
    expect([last()['analytics_storage'], last()['ad_storage']]).to.deep.equal(['granted', 'denied']);
  });
});
