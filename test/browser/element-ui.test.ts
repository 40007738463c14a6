// What the visitor gets (CONTRACT section 3): the banner's buttons and the preferences dialog, clicked
// with the real mouse and driven with real keys; the page's data-cookie-consent triggers; focus.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { decodeConsent } from '../../src/consent/index.js';
import {
  $,
  banner,
  button,
  cleanUp,
  click,
  cookieValue,
  createConsent,
  dialog,
  mount,
  storeDecision,
  until,
  warnings,
  type CookieConsent,
} from './element-helpers.js';
import { en } from '../../src/view/texts/en.js';

/** The focused element, looking into shadow roots. */
function focused(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

const switches = (el: CookieConsent) => Array.from(el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[role="switch"]'));
const states = (el: CookieConsent) => Object.fromEntries(switches(el).map((input) => [input.name, input.checked]));

describe('<cookie-consent> banner and dialog', () => {
  afterEach(cleanUp);

  describe('banner', () => {
    it('is a region named by its title, with text and three buttons', async () => {
      const { el } = await mount({ categories: 'analytics', 'policy-url': '/privacy' });
      const region = banner(el)!;
      expect(region.localName).to.equal('section'); // a region landmark once named
      const title = el.shadowRoot!.getElementById(region.getAttribute('aria-labelledby')!)!;
      expect(title.textContent).to.equal('We use cookies');
      expect(title.getAttribute('part')).to.equal('title');
      expect($(el, '[part="description"]')!.textContent).to.contain('necessary cookies');
      expect(Array.from(region.querySelectorAll('button'), (b) => b.textContent!.trim())).to.deep.equal([
        'Accept all',
        'Reject all',
        'Customize',
      ]);
      expect(el.shadowRoot!.mode).to.equal('open');
      expect(el.shadowRoot!.querySelectorAll('[style]')).to.have.length(0);
    });

    it('shows Accept all and Reject all exactly alike', async () => {
      const { el } = await mount({ categories: 'analytics' });
      const accept = button(el, 'accept');
      const reject = button(el, 'reject');
      expect(accept.className).to.equal(reject.className);
      const a = getComputedStyle(accept);
      const r = getComputedStyle(reject);
      for (const property of [
        'backgroundColor', 'color', 'fontSize', 'fontWeight', 'fontFamily', 'paddingTop', 'paddingLeft',
        'borderTopWidth', 'borderTopColor', 'borderRadius', 'textDecorationLine', 'opacity',
      ] as const) {
        expect(r[property], property).to.equal(a[property]);
      }
      expect(reject.getBoundingClientRect().height).to.equal(accept.getBoundingClientRect().height);
    });

    it('Accept all (clicked) grants everything, writes the cookie with source "banner", hides the banner', async () => {
      const { el, changes } = await mount({ categories: 'analytics marketing' });
      await click(button(el, 'accept'));
      await el.updateComplete;
      expect(banner(el)).to.equal(null);
      const stored = decodeConsent(cookieValue())!;
      expect(stored.source).to.equal('banner');
      expect(stored.categories).to.deep.equal({ necessary: true, analytics: true, marketing: true });
      expect(changes).to.have.length(1);
      expect(changes[0]!.granted).to.deep.equal(['analytics', 'marketing']);
    });

    it('Reject all (clicked) refuses everything', async () => {
      const { el } = await mount({ categories: 'analytics marketing' });
      await click(button(el, 'reject'));
      await el.updateComplete;
      expect(banner(el)).to.equal(null);
      const stored = decodeConsent(cookieValue())!;
      expect(stored.source).to.equal('banner');
      expect(stored.categories).to.deep.equal({ necessary: true, analytics: false, marketing: false });
    });

    it('works from the keyboard: Tab to Reject all, Enter', async () => {
      const { el } = await mount({ categories: 'analytics' });
      button(el, 'accept').focus();
      await sendKeys({ press: 'Tab' });
      expect(focused()).to.equal(button(el, 'reject'));
      await sendKeys({ press: 'Enter' });
      expect(el.consent!.categories.analytics).to.equal(false);
    });

    it('the modal banner (center) takes the focus itself, not a button', async () => {
      const { el } = await mount({ categories: 'analytics', position: 'center' });
      expect(focused()).to.equal(banner(el));
      await sendKeys({ press: 'Enter' });
      expect(el.consent).to.equal(null);
    });

    it('the modal banner (center) ignores Escape: a choice is asked for', async () => {
      const { el } = await mount({ categories: 'analytics', position: 'center' });
      button(el, 'accept').focus();
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(banner(el)).to.exist;
      expect(banner(el)!.matches(':modal')).to.equal(true);
      await click(button(el, 'reject'));
      expect(el.consent!.source).to.equal('banner');
    });
  });

  describe('preferences dialog', () => {
    it('Customize opens a modal <dialog> named by its title, one switch per category', async () => {
      const { el } = await mount({ categories: 'analytics marketing', 'policy-url': '/privacy' });
      await click(button(el, 'customize'));
      await el.updateComplete;
      const box = dialog(el)!;
      expect(box.open).to.equal(true);
      expect(box.matches(':modal')).to.equal(true);
      expect(el.shadowRoot!.getElementById(box.getAttribute('aria-labelledby')!)!.textContent).to.equal('Cookie preferences');
      // Described by its text alone: the policy link beside it is a Tab stop of its own (a description that held
      // it was heard run together, "…without them.Privacy policy").
      const description = el.shadowRoot!.getElementById(box.getAttribute('aria-describedby')!)!;
      expect(description.textContent).to.equal(en.preferencesDescription);
      expect(description.querySelector('a')).to.equal(null);
      expect(box.querySelector('#preferences-description')!.textContent, 'a space before the link').to.equal(`${en.preferencesDescription} ${en.policy}`);
      const [necessary, analytics, marketing] = switches(el);
      for (const input of [necessary!, analytics!, marketing!]) {
        expect(input.type).to.equal('checkbox');
        expect(input.getAttribute('role')).to.equal('switch');
        // Named by its own <label for>, described by the category's description.
        expect(input.labels![0]!.textContent).to.equal({ necessary: 'Necessary', analytics: 'Analytics', marketing: 'Marketing' }[input.name]);
        const described = input.getAttribute('aria-describedby')!.split(' ');
        expect(el.shadowRoot!.getElementById(described[0]!)!.textContent!.length).to.be.greaterThan(10);
      }
      expect(necessary!.name).to.equal('necessary');
      expect(necessary!.checked).to.equal(true);
      expect(necessary!.disabled).to.equal(true);
      expect(analytics!.checked).to.equal(false);
      expect(marketing!.checked).to.equal(false);
      // The dialog took the focus (the platform's modal dialog does that).
      expect(box.contains(focused())).to.equal(true);
      expect(Array.from(box.querySelectorAll('[part~="buttons"] button'), (b) => b.textContent!.trim())).to.deep.equal([
        'Save',
        'Accept all',
        'Reject all',
      ]);
    });

    it('Save (clicked) records exactly the switches turned on, source "preferences"', async () => {
      const { el, changes } = await mount({ categories: 'preferences analytics marketing' });
      el.showPreferences();
      await el.updateComplete;
      const input = $(el, '#switch-analytics') as HTMLInputElement;
      await click(input.labels![0]!); // the label toggles its switch
      expect(input.checked).to.equal(true);
      await click(button(el, 'save', 'dialog'));
      await el.updateComplete;
      expect(dialog(el)).to.equal(null);
      expect(banner(el)).to.equal(null);
      const stored = decodeConsent(cookieValue())!;
      expect(stored.source).to.equal('preferences');
      expect(stored.categories).to.deep.equal({ necessary: true, preferences: false, analytics: true, marketing: false });
      expect(changes[0]).to.deep.include({ granted: ['analytics'], revoked: [] });
    });

    it('a switch toggles with Space', async () => {
      const { el } = await mount({ categories: 'analytics' });
      el.showPreferences();
      await el.updateComplete;
      const input = $(el, '#switch-analytics') as HTMLInputElement;
      input.focus();
      await sendKeys({ type: ' ' }); // "Space" is not a key name in every driver
      expect(input.checked).to.equal(true);
    });

    it('Accept all and Reject all in the dialog record with source "preferences"', async () => {
      const { el } = await mount({ categories: 'analytics' });
      el.showPreferences();
      await el.updateComplete;
      await click(button(el, 'accept', 'dialog'));
      expect(el.consent).to.deep.include({ source: 'preferences' });
      expect(el.has('analytics')).to.equal(true);
      el.showPreferences();
      await el.updateComplete;
      await click(button(el, 'reject', 'dialog'));
      expect(el.consent).to.deep.include({ source: 'preferences' });
      expect(el.has('analytics')).to.equal(false);
    });

    it('reflects the current decision when opened again', async () => {
      storeDecision(createConsent(['marketing'], ['analytics'], 0, 'banner'));
      const { el } = await mount({ categories: 'analytics marketing' });
      el.showPreferences();
      await el.updateComplete;
      expect(states(el)).to.deep.equal({ necessary: true, analytics: false, marketing: true });
      // A toggle left unsaved is forgotten when the dialog closes.
      await click(($(el, '#switch-analytics') as HTMLInputElement).labels![0]!);
      el.hide();
      await el.updateComplete;
      el.showPreferences();
      await el.updateComplete;
      expect(states(el)).to.deep.equal({ necessary: true, analytics: false, marketing: true });
    });

    it('opt-out: optional switches start on', async () => {
      const { el } = await mount({ categories: 'analytics marketing', mode: 'opt-out' });
      el.showPreferences();
      await el.updateComplete;
      expect(states(el)).to.deep.equal({ necessary: true, analytics: true, marketing: true });
    });

    it('Escape closes it without deciding; the banner stays and Customize gets the focus back', async () => {
      const { el, changes } = await mount({ categories: 'analytics' });
      const customize = button(el, 'customize');
      customize.focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(dialog(el)!.open).to.equal(true);
      await sendKeys({ press: 'Escape' });
      await until(() => dialog(el) === null, 'the dialog to close');
      expect(banner(el)).to.exist;
      expect(el.consent).to.equal(null);
      expect(changes).to.deep.equal([]);
      expect(cookieValue()).to.equal(undefined);
      await until(() => focused() === button(el, 'customize'), 'focus on Customize');
    });

    it('the close button closes it without deciding', async () => {
      const { el } = await mount({ categories: 'analytics' });
      el.showPreferences();
      await el.updateComplete;
      const close = $(el, '[part="close"]')!;
      expect(close.getAttribute('aria-label')).to.equal('Close');
      await click(close);
      await el.updateComplete;
      expect(dialog(el)).to.equal(null);
      expect(el.consent).to.equal(null);
    });

    it('moved in the page while open, it stays modal, with the focus inside, and Escape still closes it', async () => {
      const { el } = await mount({ categories: 'analytics' });
      el.showPreferences();
      await el.updateComplete;
      // A move takes a dialog out of the top layer but leaves it open: it would be a box the page reaches around.
      document.body.append(el);
      await el.updateComplete;
      expect(dialog(el)!.matches(':modal')).to.equal(true);
      expect(dialog(el)!.contains(focused())).to.equal(true);
      await sendKeys({ press: 'Escape' });
      await until(() => dialog(el) === null, 'the dialog to close');
      expect(el.consent).to.equal(null);
    });

    // A keyed list re-ordered by a framework moves the element while a keyboard user is on a switch.
    it('moved in the page while open, the focus stays on the switch it was on', async () => {
      const { el } = await mount({ categories: 'analytics marketing' });
      el.showPreferences();
      await el.updateComplete;
      const marketing = dialog(el)!.querySelector<HTMLInputElement>('#switch-marketing')!;
      marketing.focus();
      document.body.append(el);
      await el.updateComplete;
      expect(focused() === marketing, 'focus still on the Marketing switch').to.equal(true);
      await sendKeys({ press: ' ' });
      expect(marketing.checked).to.equal(true);
    });

    it('the modal banner shown while it is open opens under it, once it has closed, not over it', async () => {
      const { el } = await mount({ categories: 'analytics', position: 'center', 'settings-button': '' });
      el.acceptAll();
      el.showPreferences();
      await el.updateComplete;
      button(el, 'save', 'dialog').focus();
      el.showBanner();
      await el.updateComplete;
      // The dialog in use stays on top, with the focus: the banner does not cover it.
      expect(dialog(el)!.matches(':modal')).to.equal(true);
      expect(banner(el)!.matches(':modal')).to.equal(false);
      expect(focused() === button(el, 'save', 'dialog'), 'focus still on Save').to.equal(true);
      await sendKeys({ press: 'Escape' });
      await until(() => dialog(el) === null, 'the dialog to close');
      await el.updateComplete;
      expect(banner(el)!.matches(':modal')).to.equal(true);
      expect(focused() === banner(el), 'focus on the banner').to.equal(true);
    });
  });

  describe('in a browser without :modal (Chrome and Edge 94–104, Firefox 98–102)', () => {
    // Those browsers throw on the selector, as on any selector they do not know; the real answer stays at hand.
    type Query = (this: unknown, selector: string) => unknown;
    const knows = Element.prototype.matches;
    const modal = (box: Element | null): boolean => !!box && knows.call(box, ':modal');
    const saved: Array<[object, string, Query]> = [];
    beforeEach(() => {
      for (const proto of [Element.prototype, Document.prototype, DocumentFragment.prototype]) {
        for (const name of ['matches', 'closest', 'querySelector', 'querySelectorAll']) {
          if (!Object.hasOwn(proto, name)) continue;
          const original = (proto as unknown as Record<string, Query>)[name]!;
          saved.push([proto, name, original]);
          (proto as unknown as Record<string, Query>)[name] = function (selector) {
            if (String(selector).includes(':modal')) throw new DOMException(`'${selector}' is not a valid selector.`, 'SyntaxError');
            return original.call(this, selector);
          };
        }
      }
    });
    afterEach(() => {
      for (const [proto, name, original] of saved.splice(0)) (proto as unknown as Record<string, Query>)[name] = original;
    });

    it('the center banner is modal and takes the focus; Customize opens the dialog over it', async () => {
      const { el } = await mount({ categories: 'analytics', position: 'center' });
      expect(() => banner(el)!.matches(':modal'), 'the selector is unknown here').to.throw(DOMException);
      expect(modal(banner(el))).to.equal(true);
      expect(focused()).to.equal(banner(el));
      await click(button(el, 'customize'));
      await el.updateComplete;
      expect(modal(dialog(el))).to.equal(true);
      await sendKeys({ press: 'Escape' });
      await until(() => dialog(el) === null, 'the dialog to close');
      await click(button(el, 'reject'));
      expect(el.consent!.categories.analytics).to.equal(false);
    });

    it('the modal banner shown while the dialog is open opens under it, once it has closed', async () => {
      const { el } = await mount({ categories: 'analytics', position: 'center', 'settings-button': '' });
      el.acceptAll();
      el.showPreferences();
      await el.updateComplete;
      el.showBanner();
      await el.updateComplete;
      expect(modal(dialog(el))).to.equal(true);
      expect(modal(banner(el))).to.equal(false);
      await sendKeys({ press: 'Escape' });
      await until(() => dialog(el) === null, 'the dialog to close');
      await el.updateComplete;
      expect(modal(banner(el))).to.equal(true);
    });
  });

  describe('data-cookie-consent triggers', () => {
    let trigger: HTMLElement;
    afterEach(() => trigger?.remove());

    const place = (markup: string) => {
      const holder = document.createElement('div');
      holder.innerHTML = markup;
      trigger = holder.firstElementChild as HTMLElement;
      document.body.prepend(trigger);
      return trigger;
    };

    it('a link with "preferences" opens the dialog without navigating; focus returns to it after Escape', async () => {
      storeDecision(createConsent(['analytics'], [], 0, 'banner'));
      const { el } = await mount({ categories: 'analytics' });
      const link = place('<a href="#cookie-settings" data-cookie-consent="preferences">Cookie settings</a>');
      link.focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(location.hash).to.equal('');
      expect(dialog(el)!.open).to.equal(true);
      expect(states(el)).to.deep.equal({ necessary: true, analytics: true });
      await sendKeys({ press: 'Escape' });
      await until(() => dialog(el) === null, 'the dialog to close');
      await until(() => document.activeElement === link, 'focus on the link');
      expect(banner(el)).to.equal(null); // a decision exists: no banner
    });

    it('"banner" shows the banner again, also from an element added after start-up, and a click on a child counts', async () => {
      storeDecision(createConsent(['analytics'], [], 0, 'banner'));
      const { el } = await mount({ categories: 'analytics' });
      const later = place('<button type="button" data-cookie-consent="banner"><span>Change cookies</span></button>');
      await click(later.querySelector('span')!);
      await el.updateComplete;
      expect(banner(el)).to.exist;
    });

    it('with grant-triggers, "accept-all" and "reject-all" decide, recorded with source "trigger"', async () => {
      const { el } = await mount({ categories: 'analytics marketing', 'grant-triggers': true });
      expect(el.grantTriggers).to.equal(true);
      await click(place('<button data-cookie-consent="accept-all">Yes</button>'));
      expect(el.consent!.categories).to.deep.equal({ necessary: true, analytics: true, marketing: true });
      expect(el.consent!.source).to.equal('trigger');
      expect(decodeConsent(cookieValue())!.source).to.equal('trigger');
      trigger.remove();
      await click(place('<a href="#no" data-cookie-consent="reject-all">No</a>'));
      expect(location.hash).to.equal('');
      expect(el.consent!.categories).to.deep.equal({ necessary: true, analytics: false, marketing: false });
      expect(el.consent!.source).to.equal('trigger');
    });

    it('without grant-triggers, "accept-all" in user content (it survives HTML sanitizers) opens the banner, records nothing and warns once', async () => {
      storeDecision(createConsent([], ['analytics', 'marketing'], 0, 'banner'));
      const { el, changes } = await mount({ categories: 'analytics marketing' });
      const comment = place('<div class="comment"><p>Nice shop! <a href="#" data-cookie-consent="accept-all">See my photos</a></p></div>');
      const seen = await warnings(async () => {
        await click(comment.querySelector('a')!);
        await click(comment.querySelector('a')!);
      });
      await el.updateComplete;
      expect(location.hash).to.equal('');
      expect(changes).to.deep.equal([]);
      expect(el.has('analytics')).to.equal(false);
      expect(decodeConsent(cookieValue())!.categories).to.deep.equal({ necessary: true, analytics: false, marketing: false });
      expect(banner(el)).to.exist; // the visitor decides there, with both buttons
      expect(seen).to.have.length(1);
      expect(seen[0]).to.contain('data-cookie-consent').and.contain('grant-triggers');
    });

    it('"reject-all" needs no grant-triggers: a refusal grants nothing', async () => {
      const { el } = await mount({ categories: 'analytics' });
      await click(place('<button data-cookie-consent="reject-all">No</button>'));
      expect(el.consent!.categories).to.deep.equal({ necessary: true, analytics: false });
      expect(el.consent!.source).to.equal('trigger');
    });

    it('an unknown value does nothing but warn once, naming the attribute, and the link still works', async () => {
      const { el } = await mount({ categories: 'analytics' });
      // A typo, or another tool's word for it: the site owner's "Cookie settings" link would otherwise just do nothing.
      const seen = await warnings(async () => {
        await click(place('<a href="#elsewhere" data-cookie-consent="settings">?</a>'));
        await click(trigger);
      });
      expect(location.hash).to.equal('#elsewhere');
      history.replaceState(null, '', location.pathname + location.search);
      expect(el.consent).to.equal(null);
      expect(dialog(el)).to.equal(null);
      expect(seen).to.have.length(1);
      expect(seen[0]).to.contain('data-cookie-consent "settings"').and.contain('preferences');
    });

    it('stops listening once the element leaves the page', async () => {
      const { el } = await mount({ categories: 'analytics' });
      el.remove();
      await Promise.resolve();
      await click(place('<button data-cookie-consent="reject-all">No</button>'));
      expect(el.consent).to.equal(null);
    });
  });
});
