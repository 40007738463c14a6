// Every language fits, in every position, on a 360×640 phone and a 1280×720 screen; right-to-left
// languages mirror banner, dialog, switches and placeholder.
import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { languages } from '../../src/view/texts/load.js';
import { registerTexts } from '../../src/element/register-texts.js';
import { $, banner, button, cleanUp, createConsent, dialog, language, mount, storeDecision, until, type CookieConsent } from './element-helpers.js';
import { problems } from './layout-check.js';

const POSITIONS = ['bottom', 'top', 'bottom-left', 'bottom-right', 'center'];
const SCREENS = [
  { width: 360, height: 640 },
  { width: 1280, height: 720 },
];
// Firefox (puppeteer over BiDi) is several times slower per page: it checks a spread of scripts and
// lengths, Chromium every language. Not hi and th in Firefox: where the system has no Devanagari or Thai
// font (the test machines have none), Firefox draws each glyph as a box with its hex code, several times
// wider than the letter, and measures that.
const firefox = navigator.userAgent.includes('Firefox');
const checked = firefox ? ['en', 'de', 'fi', 'el', 'ga', 'hu', 'lt', 'ar', 'he', 'fa', 'ja', 'bg'] : languages;

/** Ends the entrance animation at once: boxes are measured where they come to rest. */
function settle(el: CookieConsent) {
  for (const animation of el.shadowRoot!.getAnimations()) animation.finish();
}

/** Mounts the element in `lang` with every built-in category and a policy link; waits for its texts. */
async function show(lang: string, position = 'bottom'): Promise<CookieConsent> {
  const { el } = await mount({ lang, position, categories: 'preferences analytics marketing', 'policy-url': '/privacy' });
  await until(() => language(el) === lang && banner(el), `${lang} texts`);
  await el.updateComplete;
  settle(el);
  return el;
}

// The shipped files, given to the view up front: this file checks how each language fits, not how fast a
// busy machine serves it (the view's 3 s limit for a language file is texts.test.ts's to check).
before(async function () {
  this.timeout(120000);
  for (const lang of languages.filter((code) => code !== 'en')) {
    registerTexts(lang, await (await fetch(new URL(`../../src/view/texts/lang/${lang}.json`, import.meta.url))).json());
  }
});

describe('every language fits', function () {
  this.timeout(120000);
  afterEach(async () => {
    await cleanUp();
    await setViewport({ width: 800, height: 600 });
  });

  for (const screen of SCREENS) {
    it(`at ${screen.width}×${screen.height}: banner in every position, and the preferences dialog (${checked.length} languages)`, async () => {
      await setViewport(screen);
      const found: string[] = [];
      for (const lang of checked) {
        const el = await show(lang);
        for (const position of POSITIONS) {
          el.setAttribute('position', position);
          await el.updateComplete;
          settle(el);
          const root = banner(el)!;
          const controls = [button(el, 'accept'), button(el, 'reject'), button(el, 'customize'), $(el, '[part~="policy-link"]')!];
          const texts = [$(el, '#title')!, $(el, '#description')!];
          found.push(...problems(el, root, controls, texts, screen).map((problem) => `${lang} ${position}: ${problem}`));
        }
        el.showPreferences();
        await el.updateComplete;
        settle(el);
        const prefs = dialog(el)!;
        const controls = [$(el, '[part~="close"]')!, button(el, 'save', 'dialog'), button(el, 'accept', 'dialog'), button(el, 'reject', 'dialog')];
        const texts = [...prefs.querySelectorAll<HTMLElement>('h2, label, .description, #preferences-description')];
        found.push(...problems(el, prefs, controls, texts, screen).map((problem) => `${lang} preferences: ${problem}`));
        // Switches are reached by scrolling the list: each sits inside the dialog, beside its label.
        for (const input of prefs.querySelectorAll('input')) {
          const rect = input.getBoundingClientRect();
          const box = prefs.getBoundingClientRect();
          if (rect.left < box.left || rect.right > box.right) found.push(`${lang} preferences: switch ${input.id} sticks out sideways`);
        }
        el.remove();
      }
      expect(found).to.deep.equal([]);
    });
  }

  it('the check sees a clipped button and text wider than its box', async () => {
    await setViewport(SCREENS[0]!);
    const el = await show('de');
    Object.assign(button(el, 'reject').style, { flex: 'none', width: '30px', whiteSpace: 'nowrap' });
    button(el, 'customize').style.marginInlineStart = '-200px';
    const controls = [button(el, 'accept'), button(el, 'reject'), button(el, 'customize')];
    const found = problems(el, banner(el)!, controls, [], SCREENS[0]!).join('\n');
    expect(found).to.include('button reject text wider than its box');
    expect(found).to.match(/button customize (sticks out|is hidden|overlaps)|overlaps button customize/);
  });
});

describe('right to left (ar, fa, he)', () => {
  afterEach(async () => {
    await cleanUp();
    await setViewport({ width: 800, height: 600 });
  });

  for (const lang of ['ar', 'fa', 'he']) {
    it(`${lang}: banner and dialog run right to left, buttons start on the right`, async () => {
      await setViewport(SCREENS[1]!);
      const el = await show(lang);
      expect(banner(el)!.getAttribute('dir')).to.equal('rtl');
      expect(getComputedStyle($(el, '#description')!).direction).to.equal('rtl');
      // The first button (Accept all) sits at the start, which is the right.
      expect(button(el, 'accept').getBoundingClientRect().left).to.be.greaterThan(button(el, 'reject').getBoundingClientRect().left);
      // The text starts on the right edge of its box.
      const title = $(el, '#title')!;
      const range = document.createRange();
      range.selectNodeContents(title);
      expect(title.getBoundingClientRect().right - range.getBoundingClientRect().right).to.be.below(1);
      el.showPreferences();
      await el.updateComplete;
      settle(el);
      expect(getComputedStyle(dialog(el)!).direction).to.equal('rtl');
    });
  }

  it('mirrors the dialog: close button on the left, switch knobs start right and move left', async () => {
    const knobs = async (lang: string) => {
      const el = await show(lang);
      el.showPreferences();
      await el.updateComplete;
      settle(el);
      const close = $(el, '[part~="close"]')!.getBoundingClientRect();
      const title = $(el, '#preferences-title')!.getBoundingClientRect();
      const off = $(el, '#switch-analytics') as HTMLInputElement;
      const before = getComputedStyle(off, '::before');
      const resting = { left: before.left, right: before.right };
      off.checked = true;
      getComputedStyle(off, '::before').transform; // starts the knob's transition, which settle() ends
      settle(el);
      const moved = new DOMMatrix(getComputedStyle(off, '::before').transform).m41;
      el.remove();
      return { closeLeftOfTitle: close.right <= title.left + 1, resting, moved };
    };
    const ltr = await knobs('en');
    const rtl = await knobs('ar');
    expect(ltr.closeLeftOfTitle).to.equal(false);
    expect(rtl.closeLeftOfTitle).to.equal(true);
    expect(ltr.resting.left).to.equal('2px');
    expect(rtl.resting.right).to.equal('2px');
    expect(ltr.moved).to.be.greaterThan(0);
    expect(rtl.moved).to.be.lessThan(0);
  });

  it('the settings button sits where a line starts: bottom left in English, bottom right in Arabic, Hebrew and Persian', async () => {
    const sides: Record<string, string> = {};
    for (const lang of ['en', 'ar', 'he', 'fa']) {
      storeDecision(createConsent(['analytics'], [], 0, 'banner'));
      const { el } = await mount({ lang, categories: 'analytics', 'settings-button': true });
      await until(() => $(el, '[part~="settings-button"]')?.getAttribute('lang') === lang, `${lang} settings button`);
      const box = $(el, '[part~="settings-button"]')!.getBoundingClientRect();
      sides[lang] = box.left < innerWidth / 2 ? 'left' : 'right';
      expect($(el, '[part~="settings-button"]')!.getAttribute('dir')).to.equal(lang === 'en' ? 'ltr' : 'rtl');
      await cleanUp();
    }
    expect(sides).to.deep.equal({ en: 'left', ar: 'right', he: 'right', fa: 'right' });
  });

  it('an English banner on a right-to-left page stays left to right', async () => {
    document.documentElement.dir = 'rtl';
    try {
      const el = await show('en');
      expect(getComputedStyle($(el, '#description')!).direction).to.equal('ltr');
    } finally {
      document.documentElement.removeAttribute('dir');
    }
  });

  it('the iframe placeholder runs right to left in ar, and back when the language changes', async () => {
    const frame = document.createElement('iframe');
    frame.setAttribute('data-category', 'marketing');
    frame.setAttribute('data-src', 'https://video.example/embed/1');
    frame.width = '400';
    frame.height = '225';
    document.body.append(frame);
    try {
      const el = await show('ar');
      let placeholder!: HTMLElement;
      await until(() => (placeholder = document.querySelector('cookie-consent-placeholder')!), 'placeholder');
      await until(() => placeholder.lang === 'ar', 'placeholder in Arabic');
      expect(placeholder.dir).to.equal('rtl');
      expect(getComputedStyle(placeholder.shadowRoot!.querySelector('p')!).direction).to.equal('rtl');
      el.lang = 'de';
      await until(() => placeholder.lang === 'de', 'placeholder in German');
      expect(getComputedStyle(placeholder.shadowRoot!.querySelector('p')!).direction).to.equal('ltr');
    } finally {
      frame.remove();
      document.querySelector('cookie-consent-placeholder')?.remove();
    }
  });
});
