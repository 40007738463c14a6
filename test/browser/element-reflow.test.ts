// Reflow (WCAG 1.4.10, 1.4.4): at 400 % zoom (320×256), on phones and at 200 % (640×360), in every
// position, both themes, English, German and the longest language (Greek), every control is on screen,
// whole and not covered, and all text can be read: in sight, or in a scroll area that shows it scrolls
// and that the keyboard can scroll. Every Tab stop's focus ring shows whole (WCAG 2.4.7). The same where a bar
// sets its text beside the buttons (from 768 px; long buttons; a site's larger root font size), text inside the bar.
import { expect } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { $, banner, button, cleanUp, createConsent, dialog, language, mount, storeDecision, until, type CookieConsent } from './element-helpers.js';
import { registerTexts } from '../../src/index.js';
import { en } from '../../src/view/texts/en.js';
import { languages } from '../../src/view/texts/load.js';
import { covered, outside, problems, ringsCut, unreachable, unreadable } from './layout-check.js';

const SCREENS = [
  { width: 320, height: 256 },
  { width: 360, height: 640 },
  { width: 375, height: 667 },
  { width: 640, height: 360 },
  { width: 1280, height: 720 },
];
const POSITIONS = ['bottom', 'top', 'bottom-left', 'bottom-right', 'center'];
// Greek has the longest banner text of the fifty.
const LANGUAGES = ['en', 'de', 'el'];
// From 48rem up a bar sets its text beside the buttons. Where long buttons (Hungarian, Catalan, Greek, Ukrainian,
// Macedonian; German a little) leave the text least room: 768 px wide (a 1536×864 laptop at 200 % is 768×432), and a little wider.
const ROW_SCREENS = [
  { width: 768, height: 600 },
  { width: 768, height: 432 },
  { width: 900, height: 600 },
];
const LONG_BUTTONS = ['de', 'hu', 'ca', 'el', 'uk', 'mk'];

type Viewport = { width: number; height: number };

function settle(el: CookieConsent) {
  for (const animation of el.shadowRoot!.getAnimations()) animation.finish();
}

/** Animations ended, and the Tab stops following the texts' sizes (once the view's observer has seen them). */
async function settled(el: CookieConsent) {
  settle(el);
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}

/**
 * The element in each language of `langs` (ones a test adds, with a site's long texts) on each small screen
 * they are checked on, its texts in; `check` is given it, where it is (`at`) and the screen.
 */
async function onSmallScreens(langs: string[], check: (el: CookieConsent, at: string, screen: Viewport) => Promise<void>) {
  for (const screen of [SCREENS[0]!, { width: 320, height: 480 }, { width: 480, height: 256 }, SCREENS[3]!]) {
    await setViewport(screen);
    for (const lang of langs) {
      const { el } = await mount({ lang, categories: 'preferences analytics marketing', 'policy-url': '/privacy' });
      await until(() => language(el) === lang, `${lang} texts`);
      await check(el, `${screen.width}×${screen.height} ${lang}`, screen);
      el.remove();
    }
  }
}

/** What keeps `root` from fitting: a button not whole on screen or covered, text over a button, text out of reach. */
function fits(el: CookieConsent, root: HTMLElement, buttons: HTMLElement[], texts: HTMLElement[], screen: Viewport): string[] {
  return [...problems(el, root, buttons, texts, screen), ...covered(root, texts, buttons), ...texts.flatMap((text) => unreachable(el, root, text, screen))];
}

/** What Tab stops at in `root`: its buttons, links, switches and the texts that scroll. */
const tabStops = (root: HTMLElement) => [...root.querySelectorAll<HTMLElement>('button, a[href], input:not(:disabled), [tabindex="0"]')];

/** The policy link, which may scroll with a long title: reached with Tab, each of its lines comes into sight, not under a button. */
function linkInSight(el: CookieConsent, link: HTMLElement): string[] {
  link.focus();
  const found = [...link.getClientRects()].flatMap(({ left, top, width, height }) => {
    const hit = el.shadowRoot!.elementFromPoint(left + width / 2, top + height / 2);
    return hit && link.contains(hit) ? [] : [`the focused policy link is hidden (at its middle: ${hit?.outerHTML.slice(0, 60)})`];
  });
  link.blur();
  return found;
}

describe('reflow (WCAG 1.4.10)', function () {
  this.timeout(180000);
  afterEach(async () => {
    await cleanUp();
    await setViewport({ width: 800, height: 600 });
  });

  for (const screen of SCREENS) {
    it(`at ${screen.width}×${screen.height}: every control on screen, all text reachable, every focus ring whole, in every position, both themes, en, de, el`, async () => {
      await setViewport(screen);
      const found: string[] = [];
      for (const lang of LANGUAGES) {
        for (const theme of ['light', 'dark']) {
          const { el } = await mount({ lang, theme, categories: 'preferences analytics marketing', 'policy-url': '/privacy' });
          await until(() => language(el) === lang && banner(el), `${lang} texts`);
          for (const position of POSITIONS) {
            el.setAttribute('position', position);
            await el.updateComplete;
            settle(el);
            const at = `${lang} ${theme} ${position}`;
            const controls = [button(el, 'accept'), button(el, 'reject'), button(el, 'customize'), $(el, '[part~="policy-link"]')!];
            found.push(...problems(el, banner(el)!, controls, [$(el, '#title')!], screen).map((problem) => `${at}: ${problem}`));
            found.push(...unreadable(el, $(el, '#description')!).map((problem) => `${at}: ${problem}`));
            found.push(...ringsCut(banner(el)!, tabStops(banner(el)!), screen).map((problem) => `${at}: ${problem}`));
          }
          el.showPreferences();
          await el.updateComplete;
          settle(el);
          const prefs = dialog(el)!;
          const controls = [$(el, '[part~="close"]')!, button(el, 'save', 'dialog'), button(el, 'accept', 'dialog'), button(el, 'reject', 'dialog')];
          found.push(...problems(el, prefs, controls, [$(el, '#preferences-title')!], screen).map((problem) => `${lang} ${theme} preferences: ${problem}`));
          found.push(...unreadable(el, prefs.querySelector('[part~="categories"]')!.parentElement!).map((problem) => `${lang} ${theme} preferences: ${problem}`));
          found.push(...ringsCut(prefs, tabStops(prefs), screen).map((problem) => `${lang} ${theme} preferences: ${problem}`));
          el.remove();
        }
      }
      expect(found).to.deep.equal([]);
    });
  }

  it('1.4.12 Text Spacing at 320 px, de, en, el: a category’s one-word name is not broken inside the word; "always on" wraps between its words instead', async () => {
    await setViewport({ width: 320, height: 480 });
    const broken: string[] = [];
    for (const lang of LANGUAGES) {
      const { el } = await mount({ lang, categories: 'preferences analytics marketing' });
      // The spacing WCAG 1.4.12 asks a page to bear, as a reader's style sheet sets it: inherited into the shadow tree.
      Object.assign(el.style, { lineHeight: '1.5', letterSpacing: '0.12em', wordSpacing: '0.16em' });
      await until(() => language(el) === lang, `${lang} texts`);
      el.showPreferences();
      await el.updateComplete;
      await settled(el);
      for (const label of dialog(el)!.querySelectorAll('label')) {
        const text = label.textContent!.trim();
        const range = document.createRange();
        range.selectNodeContents(label);
        if (!/\s/.test(text) && range.getClientRects().length > 1) broken.push(`${lang}: "${text}" on ${range.getClientRects().length} lines`);
      }
      el.remove();
    }
    expect(broken).to.deep.equal([]);
  });

  it('a site’s long unbroken words (a URL, a compound, a label) wrap at 320×256: no sideways scrolling, every switch in sight', async () => {
    const screen = { width: 320, height: 256 };
    await setViewport(screen);
    const url = 'https://analytics.example.com/privacy/data-processing-agreement-and-subprocessors';
    const { el } = await mount(
      { categories: 'analytics marketing', controller: 'Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft' },
      `<cookie-category name="analytics" label="Reichweitenmessungsdatenverarbeitungseinwilligungserklärung">Read ${url} first.</cookie-category>`,
    );
    settle(el);
    const found = problems(el, banner(el)!, [], [$(el, '#description')!], screen);
    el.showPreferences();
    await el.updateComplete;
    settle(el);
    const area = dialog(el)!.querySelector<HTMLElement>('.text')!;
    found.push(...problems(el, dialog(el)!, [], [area, ...area.querySelectorAll<HTMLElement>('li, label, p')], screen));
    for (const input of dialog(el)!.querySelectorAll('input')) {
      input.focus();
      // Brought into sight by the focus, it is inside the dialog, not scrolled off to the side.
      const { left, right } = input.getBoundingClientRect();
      if (left < 0 || right > screen.width) found.push(`${input.id} off the screen sideways (${left}..${right})`);
    }
    expect(found).to.deep.equal([]);
  });

  it('a site’s long title (and long description) through registerTexts: no text over a button, every button whole on screen, all text reachable, every focus ring whole, in every position, on small screens', async () => {
    // About 100 characters: no shipped language's title is half as long, a site's own may be. (Private-use
    // codes of their own: texts are registered by primary language subtag.)
    const title = 'Cookies and similar technologies on the Example Online Shop and the partner sites we work with';
    registerTexts('qaa', { title });
    registerTexts('qab', { title, intro: en.intro.repeat(6) });
    // Twice as long: the title itself no longer fits beside the buttons.
    registerTexts('qac', { title: `${title}. ${title}` });
    const found: string[] = [];
    await onSmallScreens(['qaa', 'qab', 'qac'], async (el, at, screen) => {
      for (const position of POSITIONS) {
        el.setAttribute('position', position);
        await el.updateComplete;
        await settled(el);
        const link = $(el, '[part~="policy-link"]')!;
        const buttons = [button(el, 'accept'), button(el, 'reject'), button(el, 'customize')];
        found.push(...fits(el, banner(el)!, buttons, [$(el, '#title')!, $(el, '#description')!, link], screen).map((problem) => `${at} ${position}: ${problem}`));
        found.push(...linkInSight(el, link).map((problem) => `${at} ${position}: ${problem}`));
        found.push(...ringsCut(banner(el)!, tabStops(banner(el)!), screen).map((problem) => `${at} ${position}: ${problem}`));
      }
    });
    expect(found).to.deep.equal([]);
  });

  /** A site's long dialog titles (and long category descriptions) through registerTexts, as languages of their own: their codes. */
  function longDialogTexts(): string[] {
    // The preferences dialog's own title, about 100 characters (codes of their own, apart from the banner's above).
    const preferencesTitle = 'Your cookie and tracking preferences for the Example Online Shop and the partner sites we work with';
    const categories = Object.fromEntries(
      (['necessary', 'preferences', 'analytics', 'marketing'] as const).map((id) => [id, { description: en.categories[id].description.repeat(4) }]),
    );
    registerTexts('qad', { preferencesTitle });
    registerTexts('qae', { preferencesTitle, preferencesDescription: en.preferencesDescription.repeat(3), categories });
    // Twice as long: the title alone is more than a short screen holds beside the buttons.
    registerTexts('qaf', { preferencesTitle: `${preferencesTitle}. ${preferencesTitle}` });
    return ['qad', 'qae', 'qaf'];
  }

  /** The dialog opened, its texts and chunk in, its animations over: its root. */
  async function openDialog(el: CookieConsent): Promise<HTMLElement> {
    el.showPreferences();
    await until(() => dialog(el)?.open, 'the dialog');
    await el.updateComplete;
    await settled(el);
    return dialog(el)!;
  }

  it('a site’s long dialog title (and long category descriptions) through registerTexts: no text over a button, every dialog button whole on screen, all text reachable, every focus ring whole, on small screens', async () => {
    const found: string[] = [];
    await onSmallScreens(longDialogTexts(), async (el, at, screen) => {
      const root = await openDialog(el);
      const buttons = [$(el, '[part~="close"]')!, button(el, 'save', 'dialog'), button(el, 'accept', 'dialog'), button(el, 'reject', 'dialog')];
      const texts = [$(el, '#preferences-title')!, $(el, '#preferences-description')!, ...root.querySelectorAll<HTMLElement>('[part~="label"], [part~="category-description"], .always')];
      found.push(...fits(el, root, buttons, texts, screen).map((problem) => `${at}: ${problem}`));
      // The link is inline in the description (Firefox measures such a box as empty): checked on its own.
      found.push(...linkInSight(el, root.querySelector<HTMLElement>('[part~="policy-link"]')!).map((problem) => `${at}: ${problem}`));
      found.push(...ringsCut(root, tabStops(root), screen).map((problem) => `${at}: ${problem}`));
    });
    expect(found).to.deep.equal([]);
  });

  it('where Tab leaves each stop of the dialog, in the texts that scroll with a site’s long titles, its focus ring shows whole (Firefox scrolled only the stop)', async () => {
    const found: string[] = [];
    await onSmallScreens(longDialogTexts(), async (el, at, screen) => {
      const root = await openDialog(el);
      // From the stop that focus opens on, with the keyboard (Tab, then back), then Tab through the others, up to
      // the last (after it, focus would leave the page for the browser's own controls, and not come back).
      const last = tabStops(root).at(-1);
      await sendKeys({ press: 'Tab' });
      await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ up: 'Shift' });
      const seen = new Set<Element>();
      for (let stop = el.shadowRoot!.activeElement as HTMLElement | null; stop && root.contains(stop) && !seen.has(stop); stop = el.shadowRoot!.activeElement as HTMLElement | null) {
        seen.add(stop);
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        found.push(...ringsCut(root, [stop], screen, true).map((problem) => `${at}: ${problem}`));
        if (stop === last) break;
        await sendKeys({ press: 'Tab' });
      }
      if (seen.size < tabStops(root).length - 1) found.push(`${at}: Tab reached ${seen.size} of the dialog's ${tabStops(root).length} stops`);
    });
    expect(found).to.deep.equal([]);
  });

  it('the floating settings and withdraw buttons: whole, on screen, apart, the icon in its corner, at 320×256 and 1280×720, in every position, both themes, en, de, el, ar', async () => {
    const found: string[] = [];
    for (const screen of [SCREENS[0]!, SCREENS[4]!]) {
      await setViewport(screen);
      for (const lang of [...LANGUAGES, 'ar']) {
        for (const theme of ['light', 'dark']) {
          storeDecision(createConsent(['analytics'], ['marketing'], 0, 'banner'));
          const { el } = await mount({ lang, theme, categories: 'analytics marketing', 'settings-button': true });
          await until(() => $(el, '[part~="withdraw-button"]')?.getAttribute('lang') === lang, `${lang} withdraw button`);
          for (const position of POSITIONS) {
            el.setAttribute('position', position);
            await el.updateComplete;
            settle(el);
            const at = `${screen.width}×${screen.height} ${lang} ${theme} ${position}`;
            const settings = $(el, '[part~="settings-button"]')!;
            const withdraw = $(el, '[part~="withdraw-button"]')!;
            found.push(...problems(el, settings.parentElement!, [settings, withdraw], [withdraw], screen).map((problem) => `${at}: ${problem}`));
            // The icon stays where the settings button alone would be; the withdraw button is beside it, toward the middle.
            const icon = settings.getBoundingClientRect();
            const pill = withdraw.getBoundingClientRect();
            const right = position === 'bottom-right' || (lang === 'ar' && position !== 'bottom-left');
            const edge = right ? screen.width - icon.right : icon.left;
            const end = position === 'top' ? icon.top : screen.height - icon.bottom;
            if (Math.abs(edge - 16) > 1 || Math.abs(end - 16) > 1) found.push(`${at}: the icon is not 16 px from its corner (${edge}, ${end})`);
            if (right ? pill.right > icon.left : pill.left < icon.right) found.push(`${at}: the withdraw button is not beside the icon, toward the middle`);
            if (Math.abs(pill.top + pill.height / 2 - (icon.top + icon.height / 2)) > 1) found.push(`${at}: the withdraw button is not level with the icon`);
          }
          await cleanUp();
        }
      }
    }
    expect(found).to.deep.equal([]);
  });

  /**
   * What keeps the banner of `el` (its texts in, on `screen`) from showing whole, in each of `positions`: a button
   * not whole on screen, text over a button, out of reach or drawn past the banner's edge, a focus ring cut, and
   * a text beside the buttons narrower than 19rem.
   */
  async function bannerFits(el: CookieConsent, screen: Viewport, positions = POSITIONS): Promise<string[]> {
    const found: string[] = [];
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
    for (const position of positions) {
      el.setAttribute('position', position);
      await el.updateComplete;
      await settled(el);
      const root = banner(el)!;
      const text = $(el, '.text')!;
      const link = $(el, '[part~="policy-link"]')!;
      const buttons = [button(el, 'accept'), button(el, 'reject'), button(el, 'customize')];
      const at = `${screen.width}×${screen.height} ${el.getAttribute('lang')} ${el.getAttribute('theme') ?? ''} ${position}`;
      found.push(...fits(el, root, buttons, [$(el, '#title')!, $(el, '#description')!, link], screen).map((problem) => `${at}: ${problem}`));
      found.push(...outside(root, [text, $(el, '#title')!, $(el, '#description')!]).map((problem) => `${at}: ${problem}`));
      found.push(...linkInSight(el, link).map((problem) => `${at}: ${problem}`));
      found.push(...ringsCut(root, tabStops(root), screen).map((problem) => `${at}: ${problem}`));
      const style = getComputedStyle(root);
      const room = root.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const { width } = text.getBoundingClientRect();
      if (width + 0.5 < Math.min(19 * rem, room)) found.push(`${at}: the text squeezed to ${Math.round(width)}px beside the buttons`);
    }
    return found;
  }

  /**
   * `bannerFits` for each of `langs` on each of `screens`, with the page's root font size at `fontSize` (then
   * back to the browser's). Themes take turns: they colour the banner, the layout is the same.
   */
  async function bannersFit(screens: Viewport[], langs: readonly string[], fontSize = '', positions = POSITIONS): Promise<string[]> {
    const found: string[] = [];
    document.documentElement.style.fontSize = fontSize;
    try {
      for (const screen of screens) {
        await setViewport(screen);
        for (const [i, lang] of langs.entries()) {
          const { el } = await mount({ lang, theme: i % 2 ? 'dark' : 'light', categories: 'preferences analytics marketing', 'policy-url': '/privacy' });
          await until(() => language(el) === lang, `${lang} texts`);
          found.push(...(await bannerFits(el, screen, positions)).map((problem) => (fontSize ? `${fontSize} ${problem}` : problem)));
          el.remove();
        }
      }
    } finally {
      document.documentElement.style.fontSize = '';
    }
    return found;
  }

  it('where a bar sets its text beside long buttons (768×600, 768×432, 900×600): the text inside the bar and all of it reachable, every button and focus ring whole, in every position, both themes, de, hu, ca, el, uk, mk', async () => {
    expect(await bannersFit(ROW_SCREENS, LONG_BUTTONS)).to.deep.equal([]);
  });

  it('with a site’s root font size of 150 % (rem the banner sizes in, which the browser’s media queries do not follow): the text inside the bar and all of it reachable, every button and focus ring whole, from 800×600 to 1280×720, in every position, en, de, hu', async () => {
    const screens = [{ width: 800, height: 600 }, { width: 1024, height: 768 }, { width: 1100, height: 700 }, SCREENS[4]!];
    expect(await bannersFit(screens, ['en', 'de', 'hu'], '150%')).to.deep.equal([]);
  });

  it('every language’s bottom bar at 768×600 and 768×432, with a root font size of 125 % at 1280×720 and of 200 % at 1024×768 (Chromium: Firefox here has no Devanagari or Thai font)', async function () {
    if (navigator.userAgent.includes('Firefox')) this.skip();
    // The shipped files given up front: what is checked is how each fits, not how fast they are served.
    for (const lang of languages.filter((code) => code !== 'en')) {
      registerTexts(lang, await (await fetch(new URL(`../../src/view/texts/lang/${lang}.json`, import.meta.url))).json());
    }
    // The bottom bar alone: the top bar's row is the same, and the test above checks both in every position.
    const bars = ['bottom'];
    const found = [
      ...(await bannersFit(ROW_SCREENS.slice(0, 2), languages, '', bars)),
      ...(await bannersFit([SCREENS[4]!], languages, '125%', bars)),
      ...(await bannersFit([{ width: 1024, height: 768 }], languages, '200%', bars)),
    ];
    expect(found).to.deep.equal([]);
  });

  it('the check sees text scrolled out of reach', async () => {
    await setViewport(SCREENS[0]!);
    const { el } = await mount({ lang: 'de', categories: 'preferences analytics marketing' });
    settle(el);
    const description = $(el, '#description')!;
    description.style.minHeight = '0';
    description.style.maxHeight = '4px';
    description.style.overflow = 'hidden';
    description.style.background = 'none';
    expect(unreadable(el, description).join('\n')).to.match(/less than two lines/).and.match(/does not scroll/);
  });
});
