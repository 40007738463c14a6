// How it looks (the brief's "Looks"): positions on a 360×640 phone and at 320 px, the page never moving,
// themes and their contrast, custom properties and parts from outside, focus ring, motion.
import { expect } from '@open-wc/testing';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import { registerTexts } from '../../src/index.js';
import { en } from '../../src/view/texts/en.js';
import { $, banner, button, cleanUp, click, dialog, mount, type CookieConsent } from './element-helpers.js';
import { contrast } from '../contrast.mjs';

const PHONE = { width: 360, height: 640 };

/** The colour behind `node`: its own background, else the nearest opaque one up the (shadow) tree. */
function backgroundOf(node: Element): string {
  for (let at: Element | null = node; at; at = at.parentElement ?? ((at.getRootNode() as ShadowRoot).host ?? null)) {
    const color = getComputedStyle(at).backgroundColor;
    if (color !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(color)) return color;
  }
  return 'rgb(255, 255, 255)';
}

/** Puppeteer's Firefox (WebDriver BiDi) cannot emulate media features; Playwright's Chromium can. */
const canEmulateMedia = !navigator.userAgent.includes('Firefox');

/** Waits for the entrance animation, so colours and boxes are final. */
const settle = (el: CookieConsent) => Promise.all(el.shadowRoot!.getAnimations().map((animation) => animation.finished));

describe('<cookie-consent> looks', () => {
  let page: HTMLElement;
  beforeEach(() => {
    page = document.createElement('main');
    page.innerHTML = '<h1>Shop</h1><p>Some page content that must never move.</p>';
    document.body.prepend(page);
  });
  afterEach(async () => {
    page.remove();
    await cleanUp();
    await setViewport({ width: 800, height: 600 });
  });

  describe('on a 360×640 phone', () => {
    beforeEach(() => setViewport(PHONE));

    it('the bottom bar spans the width, sits at the bottom and takes at most a third of the height', async () => {
      const { el } = await mount({ categories: 'preferences analytics marketing', 'policy-url': '/privacy' });
      await settle(el);
      const box = banner(el)!.getBoundingClientRect();
      expect(box.height).to.be.at.most(PHONE.height / 3);
      expect(box.bottom).to.be.closeTo(PHONE.height, 1);
      expect(box.left).to.equal(0);
      expect(box.width).to.be.closeTo(PHONE.width, 1);
      // Every button is on screen, the text scrolls inside if it must.
      for (const part of ['accept', 'reject', 'customize']) {
        const b = button(el, part).getBoundingClientRect();
        expect(b.top, part).to.be.at.least(box.top);
        expect(b.bottom, part).to.be.at.most(box.bottom);
      }
    });

    it('shows the policy link without scrolling, even when the description scrolls (informed consent)', async () => {
      for (const position of ['bottom', 'top', 'bottom-left', 'bottom-right', 'center']) {
        // Longer than any translation: the description has to scroll inside the bar.
        registerTexts('x-long', { intro: en.intro.repeat(12) });
        const { el } = await mount({ categories: 'preferences analytics marketing', 'policy-url': '/privacy', position, lang: 'x-long' });
        await el.updateComplete;
        await settle(el);
        const box = banner(el)!.getBoundingClientRect();
        const description = $(el, '[part="description"]')!;
        if (position === 'bottom' || position === 'top') {
          // The whole text is taller than the bar that holds it: it scrolls.
          expect(description.scrollHeight, position).to.be.greaterThan(box.height);
          expect(box.height, position).to.be.at.most(PHONE.height / 3);
          // …and the keyboard can scroll it too.
          expect(description.tabIndex, position).to.equal(0);
        }
        const link = $(el, 'a[part="policy-link"]')!.getBoundingClientRect();
        expect(link.height, position).to.be.greaterThan(0);
        expect(link.top, position).to.be.at.least(Math.max(box.top, 0));
        expect(link.bottom, position).to.be.at.most(Math.min(box.bottom, PHONE.height));
        expect(link.left, position).to.be.at.least(box.left);
        expect(link.right, position).to.be.at.most(box.right);
        // Not clipped by a scrolling box between it and the banner either: it is what the point hits.
        const at = el.shadowRoot!.elementFromPoint((link.left + link.right) / 2, (link.top + link.bottom) / 2);
        expect(at?.closest('a[part="policy-link"]'), position).to.exist;
        for (const part of ['accept', 'reject']) {
          const b = button(el, part).getBoundingClientRect();
          expect(b.top, `${position} ${part}`).to.be.at.least(box.top);
          expect(b.bottom, `${position} ${part}`).to.be.at.most(box.bottom);
        }
        el.remove();
      }
    });

    it('the top bar sits at the top, a third at most', async () => {
      const { el } = await mount({ categories: 'analytics', position: 'top' });
      await settle(el);
      const box = banner(el)!.getBoundingClientRect();
      expect(box.top).to.equal(0);
      expect(box.height).to.be.at.most(PHONE.height / 3);
    });

    it('the bottom-left and bottom-right cards stay inside the screen', async () => {
      for (const position of ['bottom-left', 'bottom-right']) {
        const { el } = await mount({ categories: 'analytics', position });
        await settle(el);
        const box = banner(el)!.getBoundingClientRect();
        expect(box.left, position).to.be.at.least(0);
        expect(box.right, position).to.be.at.most(PHONE.width);
        expect(box.bottom, position).to.be.at.most(PHONE.height);
        expect(box.top, position).to.be.at.least(0);
        el.remove();
      }
    });

    it('the centred modal and the preferences dialog fit the screen', async () => {
      const { el } = await mount({ categories: 'preferences analytics marketing', position: 'center' });
      await settle(el);
      const box = banner(el)!.getBoundingClientRect();
      expect(box.left).to.be.at.least(0);
      expect(box.right).to.be.at.most(PHONE.width);
      expect(box.bottom).to.be.at.most(PHONE.height);
      el.showPreferences();
      await el.updateComplete;
      await settle(el);
      const prefs = dialog(el)!.getBoundingClientRect();
      expect(prefs.left).to.be.at.least(0);
      expect(prefs.right).to.be.at.most(PHONE.width);
      expect(prefs.bottom).to.be.at.most(PHONE.height);
      expect(prefs.top).to.be.at.least(0);
    });
  });

  // 400 % zoom of a 1280×1024 screen: 320×256, where a card filled all of it.
  for (const [position, screen, what] of [['bottom', PHONE, 'bar'], ['top', PHONE, 'bar'], ['bottom-left', { width: 320, height: 256 }, 'card at 400 % zoom']] as const) {
    it(`a page link reached with Tab is not hidden under the ${position} ${what} (WCAG 2.4.11)`, async () => {
      await setViewport(screen);
      // Links to the page's very end: the bottom bar makes room after it, so even the last scroll clear. Before the
      // page's start a top bar makes none (that would move the page as it comes): there, a header as tall as the phone.
      const header = position === 'top' ? `<div style="height: ${screen.height}px"></div>` : '';
      page.innerHTML = header + Array.from({ length: 40 }, (_, i) => `<p><a href="#l${i}">Link ${i}</a></p>`).join('');
      const links = Array.from(page.querySelectorAll('a'));
      const { el } = await mount({ categories: 'analytics', position });
      await settle(el);
      const bar = banner(el)!.getBoundingClientRect();
      const order = position !== 'top' ? links : [...links].reverse();
      order[0]!.focus();
      // Backwards for the top bar ("Shift+Tab" is not a key name in every driver: hold Shift instead).
      if (position === 'top') await sendKeys({ down: 'Shift' });
      try {
        for (let i = 1; i < order.length; i++) {
          await sendKeys({ press: 'Tab' });
          expect(document.activeElement).to.equal(order[i]);
          const box = order[i]!.getBoundingClientRect();
          if (position !== 'top') expect(box.bottom, `link ${i}`).to.be.at.most(bar.top + 1);
          else expect(box.top, `link ${i}`).to.be.at.least(bar.bottom - 1);
        }
      } finally {
        if (position === 'top') await sendKeys({ up: 'Shift' });
      }
      el.hide();
      await el.updateComplete;
      expect(getComputedStyle(document.documentElement).scrollPaddingBottom).to.equal('auto');
      expect(getComputedStyle(document.documentElement).scrollPaddingTop).to.equal('auto');
      expect(getComputedStyle(document.documentElement, '::after').content, 'no room left after the page').to.equal('none');
      window.scrollTo(0, 0);
    });
  }

  it('Accept all and Reject all are as wide as each other in every position, also where they wrap (EDPB 03/2022)', async () => {
    // Languages whose labels wrapped into Accept all alone on a row and Reject all beside Customize, half as wide.
    for (const lang of ['de', 'hu', 'pl']) {
      for (const position of ['bottom', 'bottom-left', 'center']) {
        const { el } = await mount({ categories: 'preferences analytics marketing', position, lang });
        await el.updateComplete;
        for (const width of [320, 360, 1280]) {
          await setViewport({ width, height: 640 });
          const [accept, reject] = [button(el, 'accept'), button(el, 'reject')];
          expect(accept.textContent!.trim(), 'the language loaded').to.not.equal(en.acceptAll);
          expect(accept.offsetWidth, `${lang} ${position} ${width}`).to.be.closeTo(reject.offsetWidth, 1);
          expect(accept.offsetHeight, `${lang} ${position} ${width}`).to.equal(reject.offsetHeight);
        }
        el.remove();
      }
    }
  });

  it('works at 320 px: nothing sticks out sideways', async () => {
    await setViewport({ width: 320, height: 568 });
    const { el } = await mount({ categories: 'preferences analytics marketing' });
    await settle(el);
    const region = banner(el)!;
    expect(region.getBoundingClientRect().right).to.be.at.most(320);
    for (const part of ['accept', 'reject', 'customize']) {
      expect(button(el, part).getBoundingClientRect().right, part).to.be.at.most(320);
    }
    expect(document.documentElement.scrollWidth).to.be.at.most(320);
    // One row of buttons, so the text keeps some room.
    const tops = ['accept', 'reject', 'customize'].map((part) => Math.round(button(el, part).getBoundingClientRect().top));
    expect(new Set(tops).size, tops.join()).to.equal(1);
    el.showPreferences();
    await el.updateComplete;
    expect(dialog(el)!.getBoundingClientRect().right).to.be.at.most(320);
    expect(dialog(el)!.scrollWidth).to.be.at.most(dialog(el)!.clientWidth);
  });

  it('never moves the page: the element takes no room, banner and dialog float above', async () => {
    const before = page.getBoundingClientRect().toJSON();
    const height = document.documentElement.scrollHeight;
    for (const position of ['bottom', 'top', 'bottom-left', 'center']) {
      const { el } = await mount({ categories: 'analytics', position }, '', { first: true });
      await settle(el);
      expect(getComputedStyle(banner(el)!).position, position).to.equal('fixed');
      el.showPreferences();
      await el.updateComplete;
      expect(page.getBoundingClientRect().toJSON(), position).to.deep.equal(before);
      expect(document.documentElement.scrollHeight, position).to.equal(height);
      el.remove();
    }
  });

  it('causes no layout shift (where the browser reports them)', async function (this: Mocha.Context) {
    if (!PerformanceObserver.supportedEntryTypes?.includes('layout-shift')) this.skip();
    const shifts: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) shifts.push((entry as PerformanceEntry & { value: number }).value);
    });
    observer.observe({ type: 'layout-shift' });
    try {
      for (const position of ['bottom', 'top', 'bottom-right', 'center']) {
        const { el } = await mount({ categories: 'analytics', position }, '', { first: true });
        await settle(el);
        el.showPreferences();
        await el.updateComplete;
        await settle(el);
        await click(button(el, 'reject', 'dialog'));
        await el.updateComplete;
        el.remove();
      }
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 100)));
      shifts.push(...observer.takeRecords().map((entry) => (entry as PerformanceEntry & { value: number }).value));
      expect(shifts).to.deep.equal([]);
    } finally {
      observer.disconnect();
    }
  });

  it('animates only opacity and transform', async () => {
    const { el } = await mount({ categories: 'analytics' });
    const animations = el.shadowRoot!.getAnimations();
    for (const animation of animations) {
      for (const frame of (animation.effect as KeyframeEffect).getKeyframes()) {
        const animated = Object.keys(frame).filter((key) => !['offset', 'computedOffset', 'easing', 'composite'].includes(key));
        expect(animated.every((key) => key === 'opacity' || key === 'transform'), animated.join()).to.equal(true);
      }
    }
  });

  it('shows the banner whole from its first frame: the entrance slides, it does not fade in', async () => {
    const { el } = await mount({ categories: 'analytics' });
    const animations = el.shadowRoot!.getAnimations();
    expect(animations.length).to.be.greaterThan(0);
    // The first frame of the entrance: a visitor can read and click the banner already.
    for (const animation of animations) {
      animation.pause();
      animation.currentTime = 0;
    }
    expect(getComputedStyle(banner(el)!).opacity).to.equal('1');
    expect(button(el, 'accept').checkVisibility({ opacityProperty: true, visibilityProperty: true })).to.equal(true);
    animations.forEach((animation) => animation.finish());
  });

  it('draws its first banner in one render, not once more for each step of loading its texts', async () => {
    const mounting = mount({ categories: 'analytics' });
    const el = document.querySelector('cookie-consent')!;
    // Each render measures whether the banner's text scrolls, and says so in its tabindex: one write per render.
    const writes: MutationRecord[] = [];
    const observer = new MutationObserver((records) => writes.push(...records));
    observer.observe(el.shadowRoot!, { subtree: true, attributeFilter: ['tabindex'] });
    await mounting;
    writes.push(...observer.takeRecords());
    observer.disconnect();
    expect(banner(el)).to.exist;
    expect(writes.filter((record) => (record.target as Element).id === 'description')).to.have.length(1);
  });

  it('does not animate under prefers-reduced-motion', async function (this: Mocha.Context) {
    if (!canEmulateMedia) this.skip();
    await emulateMedia({ reducedMotion: 'reduce' });
    try {
      if (!matchMedia('(prefers-reduced-motion: reduce)').matches) this.skip();
      const { el } = await mount({ categories: 'analytics' });
      expect(el.shadowRoot!.getAnimations()).to.have.length(0);
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' }).catch(() => {});
    }
  });

  describe('themes', () => {
    for (const theme of ['light', 'dark']) {
      it(`${theme}: text has at least 4.5:1 contrast`, async () => {
        const { el } = await mount({ categories: 'analytics', theme, 'policy-url': '/privacy' });
        await settle(el);
        el.showPreferences();
        await el.updateComplete;
        await settle(el);
        const texts = [
          $(el, '[part="title"]')!,
          $(el, '[part="description"]')!,
          $(el, '[part="policy-link"]')!,
          button(el, 'accept'),
          button(el, 'reject'),
          button(el, 'customize'),
          button(el, 'save', 'dialog'),
          $(el, '[part="label"]')!,
          $(el, '[part="category-description"]')!,
        ];
        for (const node of texts) {
          const ratio = contrast(getComputedStyle(node).color, backgroundOf(node));
          expect(ratio, `${node.getAttribute('part')}: ${ratio.toFixed(2)}`).to.be.at.least(4.5);
        }
      });
    }

    it('auto follows prefers-color-scheme', async function (this: Mocha.Context) {
      if (!canEmulateMedia) this.skip();
      // One element (a second one on a page would defer to it), measured under each theme.
      const { el } = await mount({ categories: 'analytics' });
      const background = async (theme: string | null) => {
        if (theme) el.setAttribute('theme', theme);
        else el.removeAttribute('theme');
        await el.updateComplete;
        return getComputedStyle(banner(el)!).backgroundColor;
      };
      await emulateMedia({ colorScheme: 'dark' });
      try {
        if (!matchMedia('(prefers-color-scheme: dark)').matches) this.skip();
        expect(await background(null)).to.equal(await background('dark'));
        await emulateMedia({ colorScheme: 'light' });
        const light = await background('light');
        expect(await background(null)).to.equal(light);
        expect(light).not.to.equal(await background('dark'));
      } finally {
        await emulateMedia({ colorScheme: 'light' }).catch(() => {});
      }
    });

    it('custom properties and parts style it from the page', async () => {
      const style = document.createElement('style');
      style.textContent = `
        cookie-consent { --cc-background: rgb(1, 2, 3); --cc-button-radius: 0px; }
        cookie-consent::part(accept) { text-transform: uppercase; }`;
      document.head.append(style);
      try {
        const { el } = await mount({ categories: 'analytics', theme: 'dark' });
        expect(getComputedStyle(banner(el)!).backgroundColor).to.equal('rgb(1, 2, 3)');
        expect(getComputedStyle(button(el, 'reject')).borderTopLeftRadius).to.equal('0px');
        expect(getComputedStyle(button(el, 'accept')).textTransform).to.equal('uppercase');
      } finally {
        style.remove();
      }
    });
  });

  it('switches still show their state in forced colours (Windows high contrast)', async function (this: Mocha.Context) {
    if (!canEmulateMedia) this.skip();
    await emulateMedia({ forcedColors: 'active' });
    try {
      if (!matchMedia('(forced-colors: active)').matches) this.skip();
      const { el } = await mount({ categories: 'analytics marketing' });
      el.acceptCategories(['analytics']);
      el.showPreferences();
      await el.updateComplete;
      const on = getComputedStyle($(el, '#switch-analytics')!).backgroundColor;
      const off = getComputedStyle($(el, '#switch-marketing')!).backgroundColor;
      expect(on).not.to.equal(off);
      const knob = getComputedStyle($(el, '#switch-marketing')!, '::before').backgroundColor;
      expect(knob).not.to.equal(off);
    } finally {
      await emulateMedia({ forcedColors: 'none' });
    }
  });

  it('shows a visible focus ring when tabbing', async () => {
    const { el } = await mount({ categories: 'analytics' });
    button(el, 'accept').focus();
    await sendKeys({ press: 'Tab' });
    const focused = button(el, 'reject');
    expect(el.shadowRoot!.activeElement).to.equal(focused);
    const style = getComputedStyle(focused);
    expect(style.outlineStyle).to.equal('solid');
    expect(parseFloat(style.outlineWidth)).to.be.at.least(2);
  });
});
