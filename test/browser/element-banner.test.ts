// Issue 13: the modal banner stays until a choice, the settings button (withdrawal as easy as consent),
// focus and announcement. Driven with the real keyboard and mouse in both browsers.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { decodeConsent } from '../../src/consent/index.js';
import { registerTexts } from '../../src/index.js';
import { $, banner, button, cleanUp, click, cookieValue, createConsent, dialog, mount, storeDecision, until, type CookieConsent } from './element-helpers.js';

/** The focused element, looking into shadow roots. */
function focused(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

const settingsButton = (el: CookieConsent) => $(el, '[part~="settings-button"]') as HTMLButtonElement | null;
const withdrawButton = (el: CookieConsent) => $(el, '[part~="withdraw-button"]') as HTMLButtonElement | null;
const cookieNames = () => document.cookie.split(';').map((pair) => pair.split('=')[0]!.trim()).filter(Boolean);

const frames = (n = 2) => new Promise<void>((resolve) => {
  const next = () => (n-- ? requestAnimationFrame(next) : resolve());
  next();
});

describe('<cookie-consent> banner (issue 13)', () => {
  afterEach(cleanUp);

  describe('position="center"', () => {
    it('stays open through repeated Escape (the close watcher too): no decision, still modal', async () => {
      const { el, changes } = await mount({ categories: 'analytics', position: 'center' });
      for (let i = 0; i < 3; i++) {
        await sendKeys({ press: 'Escape' });
        await frames();
        await el.updateComplete;
      }
      expect(banner(el)).to.exist;
      expect((banner(el) as HTMLDialogElement).open).to.equal(true);
      expect(banner(el)!.matches(':modal')).to.equal(true);
      expect(el.consent).to.equal(null);
      expect(changes).to.deep.equal([]);
      await click(button(el, 'reject'));
      expect(el.consent!.source).to.equal('banner');
    });
  });

  describe('settings-button', () => {
    it('is off by default: after a decision nothing floats', async () => {
      const { el } = await mount({ categories: 'analytics' });
      await click(button(el, 'accept'));
      await el.updateComplete;
      expect(settingsButton(el)).to.equal(null);
    });

    it('withdrawing from it takes no more clicks than accepting did; focus comes back to it', async () => {
      const { el, changes } = await mount({ categories: 'analytics marketing', 'settings-button': true }, '<cookie-category name="analytics" cookies="_ga _ga_*"></cookie-category>');
      // The visitor was somewhere on the page before each click.
      const before = document.createElement('button');
      document.body.append(before);
      before.focus();
      expect(el.settingsButton).to.equal(true);
      expect(settingsButton(el), 'no button beside the banner').to.equal(null);
      expect(withdrawButton(el), 'no withdraw button beside the banner').to.equal(null);
      let clicks = 0;
      const visitorClicks = async (target: Element) => {
        clicks++;
        await click(target);
        await el.updateComplete;
      };
      await visitorClicks(button(el, 'accept'));
      const accepting = clicks;
      expect(el.has('analytics') && el.has('marketing')).to.equal(true);
      before.focus();
      // What the analytics script wrote meanwhile.
      document.cookie = '_ga=GA1.1.1; Path=/';
      document.cookie = '_ga_XYZ=GS1.1; Path=/';
      // Named by its tooltip alone: an aria-label beside the same title made Chromium expose the title again as
      // its description, which a screen reader reads after the name.
      expect(settingsButton(el)!.title).to.equal('Cookie preferences');
      expect(settingsButton(el)!.hasAttribute('aria-label')).to.equal(false);
      const withdraw = withdrawButton(el)!;
      expect(withdraw.localName).to.equal('button');
      // Its accessible name is its text: nothing overrides it.
      expect(withdraw.textContent!.trim()).to.equal('Withdraw consent');
      expect(['aria-label', 'aria-labelledby'].filter((name) => withdraw.hasAttribute(name))).to.deep.equal([]);
      clicks = 0;
      await visitorClicks(withdraw);
      expect(accepting).to.equal(1);
      expect(clicks).to.equal(accepting);
      expect(dialog(el), 'no dialog in between').to.equal(null);
      const refused = { necessary: true, analytics: false, marketing: false };
      expect(el.consent!.categories).to.deep.equal(refused);
      expect(decodeConsent(cookieValue())!.categories).to.deep.equal(refused);
      expect(el.consent!.source).to.equal('preferences');
      expect(changes).to.have.length(2);
      expect(changes[1]!.granted).to.deep.equal([]);
      expect(changes[1]!.revoked).to.have.members(['analytics', 'marketing']);
      expect(cookieNames().filter((name) => name.startsWith('_ga'))).to.deep.equal([]);
      // Nothing left to withdraw: the button goes, focus stays beside it, and a screen reader hears what happened.
      expect(withdrawButton(el)).to.equal(null);
      expect(settingsButton(el)).to.exist;
      await until(() => focused() === settingsButton(el), 'focus on the settings button');
      expect($(el, '[role="status"]')!.textContent!.trim()).to.equal('Consent withdrawn.');
      before.remove();
    });

    it('the settings button still opens the dialog; after its Reject all focus comes back to it', async () => {
      const { el } = await mount({ categories: 'analytics', 'settings-button': true });
      await click(button(el, 'accept'));
      await el.updateComplete;
      await click(settingsButton(el)!);
      await el.updateComplete;
      expect(dialog(el)!.open).to.equal(true);
      await click(button(el, 'reject', 'dialog'));
      await el.updateComplete;
      expect(el.has('analytics')).to.equal(false);
      await until(() => focused() === settingsButton(el), 'focus back on the settings button');
    });

    it('reset() while the dialog it opened is up: Escape gives the focus to the banner that replaced it, not to <body>', async () => {
      const { el } = await mount({ categories: 'analytics', 'settings-button': true });
      el.acceptAll();
      await el.updateComplete;
      settingsButton(el)!.focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      el.reset();
      await el.updateComplete;
      expect(settingsButton(el)).to.equal(null);
      await sendKeys({ press: 'Escape' });
      await until(() => dialog(el) === null, 'the dialog to close');
      await el.updateComplete;
      expect(focused()?.getAttribute('part') ?? focused()?.localName).to.equal('button customize');
    });

    it('the withdraw button shows only while something optional is granted, never with the banner', async () => {
      const { el } = await mount({ categories: 'analytics marketing', 'settings-button': true });
      await click(button(el, 'reject'));
      await el.updateComplete;
      expect(settingsButton(el)).to.exist;
      expect(withdrawButton(el), 'nothing to withdraw after Reject all').to.equal(null);
      expect($(el, '[role="status"]')!.textContent!.trim(), 'no word of a withdrawal').to.equal('');
      el.acceptCategories(['marketing']);
      await el.updateComplete;
      expect(withdrawButton(el)).to.exist;
      el.showBanner();
      await el.updateComplete;
      expect(banner(el)).to.exist;
      expect(withdrawButton(el)).to.equal(null);
      expect(settingsButton(el)).to.equal(null);
      el.hide();
      await el.updateComplete;
      expect(withdrawButton(el)).to.exist;
      el.acceptCategories([]);
      await el.updateComplete;
      expect(withdrawButton(el)).to.equal(null);
    });

    it('with services granted, one click on it refuses them too', async () => {
      const { el, changes } = await mount(
        { categories: 'analytics', 'settings-button': true },
        '<cookie-service name="stats" category="analytics" label="Our statistics" cookies="stats_id"></cookie-service>' +
          '<cookie-service name="heatmap" category="analytics" label="Heat map"></cookie-service>',
      );
      await click(button(el, 'accept'));
      await el.updateComplete;
      expect(el.consent!.services).to.deep.equal({ stats: true, heatmap: true });
      // One service alone, its category no longer whole: still something to withdraw.
      el.acceptCategories(['stats']);
      await el.updateComplete;
      expect(el.has('analytics')).to.equal(false);
      document.cookie = 'stats_id=1; Path=/';
      await click(withdrawButton(el)!);
      await el.updateComplete;
      expect(el.consent!.services).to.deep.equal({ stats: false, heatmap: false });
      expect(el.consent!.categories.analytics).to.equal(false);
      expect(changes.at(-1)!.revoked).to.include('stats');
      expect(cookieNames()).to.not.include('stats_id');
      expect(withdrawButton(el)).to.equal(null);
    });

    it('says what the site registered for it (registerTexts), in the visitor’s language', async () => {
      registerTexts('sv', { withdrawConsent: 'Ångra mitt samtycke' });
      storeDecision(createConsent(['analytics'], [], 0, 'banner'));
      const { el } = await mount({ categories: 'analytics', 'settings-button': true, lang: 'sv' });
      await until(() => withdrawButton(el)?.getAttribute('lang') === 'sv', 'the Swedish withdraw button');
      expect(withdrawButton(el)!.textContent!.trim()).to.equal('Ångra mitt samtycke');
    });

    it('shows on a page view with a stored decision (the view loads for it), in the corner of the position, never with the banner', async () => {
      storeDecision(createConsent(['analytics'], [], 0, 'banner'));
      const { el } = await mount({ categories: 'analytics', 'settings-button': true, position: 'bottom-right' });
      await until(() => settingsButton(el), 'the settings button');
      const box = settingsButton(el)!.getBoundingClientRect();
      expect(box.right).to.be.closeTo(innerWidth - 16, 2);
      expect(box.bottom).to.be.closeTo(innerHeight - 16, 2);
      expect(box.width).to.be.at.least(24); // WCAG 2.5.8 target size
      // A site moves both floating buttons with their box's part.
      const style = document.createElement('style');
      style.textContent = 'cookie-consent::part(floating) { bottom: 80px }';
      document.head.append(style);
      expect(settingsButton(el)!.getBoundingClientRect().bottom).to.be.closeTo(innerHeight - 80, 2);
      style.remove();
      el.showBanner();
      await el.updateComplete;
      expect(banner(el)).to.exist;
      expect(settingsButton(el)).to.equal(null);
      el.hide();
      await el.updateComplete;
      expect(settingsButton(el)).to.exist;
    });

    it('without settings-button a page view with a decision loads nothing and shows nothing', async () => {
      storeDecision(createConsent(['analytics'], [], 0, 'banner'));
      const { el } = await mount({ categories: 'analytics' });
      expect(el.shadowRoot!.childElementCount).to.equal(0);
    });
  });

  describe('focus and announcement', () => {
    let before: HTMLButtonElement;
    beforeEach(() => {
      before = document.createElement('button');
      before.textContent = 'Add to cart';
      document.body.append(before);
    });
    afterEach(() => before.remove());

    it('after a decision in the banner (keyboard), focus returns to where it was before', async () => {
      const { el } = await mount({ categories: 'analytics' });
      before.focus();
      await sendKeys({ press: 'Tab' });
      expect(focused()).to.equal(button(el, 'accept'));
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(el.consent!.categories.analytics).to.equal(false);
      expect(banner(el)).to.equal(null);
      expect(document.activeElement).to.equal(before);
    });

    it('after Save in the dialog opened from the banner, focus returns to where it was before the banner', async () => {
      const { el } = await mount({ categories: 'analytics' });
      before.focus();
      for (let i = 0; i < 3; i++) await sendKeys({ press: 'Tab' });
      expect(focused()).to.equal(button(el, 'customize'));
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(dialog(el)!.open).to.equal(true);
      button(el, 'save', 'dialog').focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(dialog(el)).to.equal(null);
      expect(document.activeElement).to.equal(before);
    });

    it('after a decision in the modal banner, focus returns to what had it', async () => {
      before.focus();
      const { el } = await mount({ categories: 'analytics', position: 'center' });
      expect(focused()).to.equal(banner(el));
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(el.consent).to.not.equal(null);
      expect(document.activeElement).to.equal(before);
    });

    it('with focus from nowhere, a decision puts it on the settings button, not on <body>', async () => {
      const { el } = await mount({ categories: 'analytics', 'settings-button': true });
      button(el, 'accept').focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(focused()).to.equal(settingsButton(el));
    });

    it('the banner is announced once: its title in a live region, a moment after it shows, emptied when it goes', async () => {
      const { el } = await mount({ categories: 'analytics' });
      const status = $(el, '[role="status"]')!;
      expect(status.textContent!.trim()).to.equal('');
      await until(() => status.textContent!.trim() === 'We use cookies', 'the announcement');
      expect(el.shadowRoot!.querySelectorAll('[role="status"], [aria-live]')).to.have.length(1);
      el.setAttribute('theme', 'dark'); // a re-render says nothing new
      await el.updateComplete;
      expect(status.textContent!.trim()).to.equal('We use cookies');
      await click(button(el, 'reject'));
      await el.updateComplete;
      expect($(el, '[role="status"]')!.textContent!.trim()).to.equal('');
    });

    it('the modal banner is announced by its focus, not by the live region as well', async () => {
      const { el } = await mount({ categories: 'analytics', position: 'center' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect($(el, '[role="status"]')!.textContent!.trim()).to.equal('');
    });
  });

  describe('the first layer says what is true', () => {
    const text = (el: CookieConsent) => $(el, '#description')!.textContent!.trim();

    it('names the configured purposes only, and that consent can be withdrawn', async () => {
      const { el } = await mount({ categories: 'analytics' });
      expect(text(el)).to.equal('We use necessary cookies to make this site work. With your consent we also use optional cookies for: Analytics. You can change your choice or withdraw your consent at any time.');
      expect(text(el)).to.not.match(/remember your settings|ads/);
      el.setAttribute('categories', 'preferences analytics marketing');
      await el.updateComplete;
      expect(text(el)).to.contain('for: Preferences, Analytics, and Marketing.');
    });

    it('in German, with the site’s own category label', async () => {
      const { el } = await mount({ categories: 'analytics stats', lang: 'de', controller: 'Beispiel GmbH' }, '<cookie-category name="stats" label="Produktstatistik">Zählt Seitenaufrufe.</cookie-category>');
      await until(() => $(el, '#description'), 'German texts');
      expect(text(el)).to.equal('Verantwortlich: Beispiel GmbH. Wir verwenden notwendige Cookies, damit diese Website funktioniert. Mit Ihrer Einwilligung verwenden wir außerdem optionale Cookies für: Statistik und Produktstatistik. Sie können Ihre Auswahl jederzeit ändern oder Ihre Einwilligung widerrufen.');
    });

    // Intl.ListFormat's first use loads locale data: 30–150 ms on the way to the banner.
    it('joins the purposes by the language’s own patterns, as Intl.ListFormat would, without it', async () => {
      const ListFormat = Intl.ListFormat;
      let made = 0;
      (Intl as { ListFormat: unknown }).ListFormat = class extends ListFormat {
        constructor(...args: ConstructorParameters<typeof ListFormat>) {
          super(...args);
          made++;
        }
      };
      try {
        const { el } = await mount({ categories: 'preferences analytics marketing', lang: 'de' });
        await until(() => text(el).includes('Mit Ihrer'), 'German texts');
        expect(made).to.equal(0);
        expect(text(el)).to.contain(`für: ${new ListFormat('de').format(['Präferenzen', 'Statistik', 'Marketing'])}.`);
      } finally {
        (Intl as { ListFormat: unknown }).ListFormat = ListFormat;
      }
    });

    it('opt-out does not claim to ask for consent', async () => {
      const { el } = await mount({ categories: 'analytics', mode: 'opt-out' });
      expect(text(el)).to.not.contain('consent');
      expect(text(el)).to.contain('Unless you refuse them, we also use optional cookies for: Analytics. You can refuse them now or at any time.');
    });

    it('the site names itself and says in its own words what its necessary cookies do', async () => {
      const { el } = await mount({ categories: 'analytics', controller: 'Example Shop GmbH', description: 'We keep your cart and your sign-in.' });
      expect(text(el)).to.equal('Data controller: Example Shop GmbH. We keep your cart and your sign-in. With your consent we also use optional cookies for: Analytics. You can change your choice or withdraw your consent at any time.');
      expect(el.controller).to.equal('Example Shop GmbH');
    });

    it('the dialog shows the site’s necessary-category text and the cookie names each category lists', async () => {
      const { el } = await mount(
        { categories: 'analytics' },
        '<cookie-category name="necessary" cookies="session_id cart">Keeps you signed in and holds your cart.</cookie-category>' +
          '<cookie-category name="analytics" cookies="_pk_id.* _pk_ses.*"></cookie-category>',
      );
      el.showPreferences();
      await el.updateComplete;
      const about = (category: string) => Array.from($(el, `#switch-${category}`)!.closest('li')!.querySelectorAll('p'), (p) => p.textContent!.trim());
      expect(about('necessary')).to.deep.equal(['Keeps you signed in and holds your cart.', 'Cookies: session_id, cart']);
      expect(about('analytics')).to.deep.equal(['Count visits and see how the site is used, so we can improve it.', 'Cookies: _pk_id.*, _pk_ses.*']);
    });
  });
});
