// WCAG 2.2 AA (CONTRACT section 3): axe-core over the element's open shadow root, banner and dialog, in
// both themes; then the same journeys with the keyboard alone, with real key presses.
import 'axe-core/axe.min.js';
import type { AxeResults, Result } from 'axe-core';
import { expect, fixture, fixtureCleanup, html, nextFrame, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import { registerTexts } from '../../src/index.js';

const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
const COOKIE = 'a11y_consent';

type ConsentElement = HTMLElement & {
  consent: { categories: Record<string, boolean> } | null;
  showPreferences(): void;
};

/** axe's findings, one readable block per rule and element. */
const describeViolations = (violations: Result[]) =>
  violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n` +
        v.nodes.map((n) => `  - ${n.target.join(' ')}\n    ${n.failureSummary?.replace(/\n/g, '\n    ')}`).join('\n'),
    )
    .join('\n');

/** Lets the entry animation finish: axe would measure half-transparent text. */
const settle = (el: Element) =>
  Promise.all((el.shadowRoot ?? (el.getRootNode() as ShadowRoot | Document)).getAnimations().map((a) => a.finished));

async function check(el: Element): Promise<AxeResults> {
  await settle(el);
  return axe.run(el, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    resultTypes: ['violations'],
  });
}

/**
 * A text that scrolls, made a Tab stop, says what it is: axe's experimental check of what a page adds to the Tab
 * order (a role fit for a scroller), and its name, the title of its banner or dialog.
 */
async function expectNamedStop(area: HTMLElement, title: string) {
  const results = await axe.run(area, { runOnly: { type: 'rule', values: ['focus-order-semantics'] }, resultTypes: ['violations'] });
  expect(describeViolations(results.violations)).to.equal('');
  const label = (area.getRootNode() as ShadowRoot).getElementById(area.getAttribute('aria-labelledby') ?? '');
  expect(label?.textContent?.trim(), 'named by its title').to.equal(title);
}

async function audit(el: Element) {
  const results = await check(el);
  if (results.violations.length) expect.fail(`axe found violations:\n${describeViolations(results.violations)}`);
  // axe looked at the shadow root's content, not just at an empty host.
  expect(results.passes.length + results.incomplete.length).to.be.greaterThan(3);
}

const visible = (el: Element | null | undefined): el is HTMLElement =>
  !!el && (el as HTMLElement).checkVisibility?.({ visibilityProperty: true } as CheckVisibilityOptions) !== false &&
  el.getClientRects().length > 0;

/** The visible button or link inside the element whose text is `name`. */
function control(el: Element, name: string): HTMLElement | undefined {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>('button, a[href]')].find(
    (c) => visible(c) && c.textContent!.trim() === name,
  );
}

/** The focused element, looking into shadow roots. */
function focused(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
const nameOf = (el: Element | null) =>
  el?.getAttribute('aria-label') ?? (el?.getAttribute('title') || undefined) ?? (el?.id && el.getRootNode() instanceof ShadowRoot
    ? (el.getRootNode() as ShadowRoot).querySelector(`label[for="${el.id}"]`)?.textContent?.trim()
    : undefined) ?? el?.textContent?.trim() ?? '';

/** Presses Tab until `test` holds for the focused element; fails after `limit` presses. */
async function tabTo(test: (el: Element | null) => boolean, limit = 20) {
  for (let i = 0; i < limit; i++) {
    if (test(focused())) return focused()!;
    await sendKeys({ press: 'Tab' });
  }
  throw new Error(`Tab never reached the control; stopped on ${focused()?.outerHTML.slice(0, 120)}`);
}

const dialogOf = (el: Element) => el.shadowRoot!.querySelector<HTMLElement>('[role="dialog"], dialog');

async function mount(theme: 'light' | 'dark' = 'light') {
  // A click into the empty page gives the keyboard back to it, wherever an earlier test left focus.
  await sendMouse({ type: 'click', position: [1, 1] });
  const el = await fixture<ConsentElement>(html`
    <cookie-consent categories="analytics marketing" policy-url="/privacy" theme=${theme} cookie-name=${COOKIE}></cookie-consent>
  `);
  await waitUntil(() => control(el, 'Accept all'), 'the banner shows');
  return el;
}

/** At 320×256 (400 % zoom), the element in `lang` (one a test adds) with its banner showing; the caller sets the viewport back. */
async function smallScreen(lang: string, position = 'bottom') {
  await setViewport({ width: 320, height: 256 });
  await sendMouse({ type: 'click', position: [1, 1] });
  const el = await fixture<ConsentElement>(html`
    <cookie-consent lang=${lang} position=${position} categories="analytics marketing" policy-url="/privacy" cookie-name=${COOKIE}></cookie-consent>
  `);
  await waitUntil(() => control(el, 'Accept all'), 'the banner shows');
  return el;
}

/** The element with `settings-button` after Accept all: the settings and withdraw buttons float. */
async function floating(theme: 'light' | 'dark' = 'light') {
  document.cookie = `${COOKIE}=; Max-Age=0; Path=/`;
  await sendMouse({ type: 'click', position: [1, 1] });
  const el = await fixture<ConsentElement>(html`
    <cookie-consent categories="analytics marketing" settings-button theme=${theme} cookie-name=${COOKIE}></cookie-consent>
  `);
  await waitUntil(() => control(el, 'Accept all'), 'the banner shows');
  control(el, 'Accept all')!.click();
  await waitUntil(() => control(el, 'Withdraw consent'), 'the withdraw button shows');
  return el;
}

afterEach(async () => {
  // The element first, and the cookie once it has stopped: one removed holding a decision whose cookie is gone, never
  // read back, keeps it for the next one on the page, as a decision the browser refused to store.
  fixtureCleanup();
  await Promise.resolve();
  document.cookie = `${COOKIE}=; Max-Age=0; Path=/`;
  (document.activeElement as HTMLElement | null)?.blur();
});

describe('axe-core, WCAG 2.0/2.1/2.2 A and AA', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`banner, ${theme} theme`, async () => {
      await audit(await mount(theme));
    });

    it(`preferences dialog, ${theme} theme`, async () => {
      const el = await mount(theme);
      control(el, 'Customize')!.click();
      await waitUntil(() => visible(dialogOf(el)), 'the dialog opens');
      // The modal dialog makes the banner behind it inert (WCAG 1.4.3 exempts inactive content):
      // audit the dialog itself.
      await audit(dialogOf(el)!);
    });
  }

  it('the floating settings and withdraw buttons, both themes', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const el = await floating(theme);
      await audit(el);
      el.remove();
    }
  });

  it('banner and dialog on a 360×640 phone (text scrolls inside the banner)', async () => {
    await setViewport({ width: 360, height: 640 });
    try {
      const el = await mount();
      await audit(el);
      el.showPreferences();
      await waitUntil(() => visible(dialogOf(el)), 'the dialog opens');
      await audit(dialogOf(el)!);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('a site’s long title at 320×256 (a language it adds, in English but this title): the banner’s whole text scrolls, is a Tab stop, and passes', async () => {
    registerTexts('cy', { title: 'Cookies and similar technologies on the Example Online Shop and the partner sites we work with' });
    try {
      const el = await smallScreen('cy', 'bottom-left');
      const area = el.shadowRoot!.querySelector<HTMLElement>('.banner .text')!;
      await waitUntil(() => area.tabIndex === 0, 'the text that scrolls becomes a Tab stop');
      await expectNamedStop(area, 'Cookies and similar technologies on the Example Online Shop and the partner sites we work with');
      await audit(el);
      await tabTo((node) => node === area);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('a site’s long dialog title at 320×256 (a language it adds): the dialog’s whole text scrolls, is a Tab stop, and passes; Tab reaches Reject all', async () => {
    registerTexts('gd', { preferencesTitle: 'Your cookie and tracking preferences for the Example Online Shop, its newsletter, its app and the partner sites we work with' });
    try {
      const el = await smallScreen('gd');
      el.showPreferences();
      await waitUntil(() => visible(dialogOf(el)), 'the dialog opens');
      const area = dialogOf(el)!.querySelector<HTMLElement>('.text')!;
      await waitUntil(() => area.contains(el.shadowRoot!.querySelector('#preferences-title')) && area.tabIndex === 0, 'the text that scrolls, title and all, becomes a Tab stop');
      await expectNamedStop(area, 'Your cookie and tracking preferences for the Example Online Shop, its newsletter, its app and the partner sites we work with');
      await audit(dialogOf(el)!);
      // Reject all is the dialog's last control: forward to it, then back to the text, its first Tab stop (one
      // Tab past the end would take Firefox into its own UI).
      const reject = await tabTo((node) => node === dialogOf(el)!.querySelector('[part~="reject"]'));
      const { left, top, width, height } = reject.getBoundingClientRect();
      expect(el.shadowRoot!.elementFromPoint(left + width / 2, top + height / 2), 'Reject all in sight').to.equal(reject);
      // ("Shift+Tab" is not a key name in every driver: hold Shift instead.)
      await sendKeys({ down: 'Shift' });
      try {
        for (let i = 0; i < 20 && focused() !== area; i++) await sendKeys({ press: 'Tab' });
      } finally {
        await sendKeys({ up: 'Shift' });
      }
      expect(focused(), 'Shift+Tab reaches the text that scrolls').to.equal(area);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('would notice a violation inside the shadow root (the audit can fail)', async () => {
    const el = await mount();
    el.style.setProperty('--cc-color', '#c8c8c8');
    const results = await check(el);
    expect(results.violations.map((v) => v.id)).to.include('color-contrast');
  });
});

describe('keyboard only', () => {
  it('Tab reaches every control of the banner', async () => {
    const el = await mount();
    const wanted = ['Accept all', 'Reject all', 'Customize', 'Privacy policy'];
    const reached = new Set<string>();
    for (let i = 0; i < 12 && reached.size < wanted.length; i++) {
      await sendKeys({ press: 'Tab' });
      const now = focused();
      if (now && el.shadowRoot!.contains(now)) reached.add(nameOf(now));
    }
    expect([...reached].sort()).to.deep.equal([...wanted].sort());
  });

  it('Enter on Accept all grants everything', async () => {
    const el = await mount();
    await tabTo((c) => c === control(el, 'Accept all'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.consent, 'a decision is made');
    expect(el.consent!.categories).to.deep.equal({ necessary: true, analytics: true, marketing: true });
    expect(document.cookie).to.contain(`${COOKIE}=`);
  });

  it('Space on Reject all refuses everything', async () => {
    const el = await mount();
    await tabTo((c) => c === control(el, 'Reject all'));
    await sendKeys({ press: ' ' });
    await waitUntil(() => el.consent, 'a decision is made');
    expect(el.consent!.categories).to.deep.equal({ necessary: true, analytics: false, marketing: false });
  });

  it('Enter on Withdraw consent refuses everything; focus stays on the settings button', async () => {
    const el = await floating();
    await tabTo((c) => c === control(el, 'Withdraw consent'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => !control(el, 'Withdraw consent'), 'the withdraw button goes');
    expect(el.consent!.categories).to.deep.equal({ necessary: true, analytics: false, marketing: false });
    expect(nameOf(focused())).to.equal('Cookie preferences');
  });

  it('Customize opens the dialog with focus inside; Escape closes it and focus returns', async () => {
    const el = await mount();
    const customize = await tabTo((c) => c === control(el, 'Customize'));
    await sendKeys({ press: 'Enter' });
    const dialog = await waitUntil(() => visible(dialogOf(el)), 'the dialog opens').then(() => dialogOf(el)!);
    await waitUntil(() => dialog.contains(focused()) || focused() === dialog, 'focus moves into the dialog');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !visible(dialogOf(el)), 'Escape closes the dialog');
    expect(el.consent, 'closing is not a decision').to.equal(null);
    await waitUntil(() => focused() === customize, 'focus returns to Customize');
  });

  it('Tab stays inside the open dialog (the page behind is inert)', async () => {
    const el = await mount();
    el.showPreferences();
    await waitUntil(() => visible(dialogOf(el)), 'the dialog opens');
    const dialog = dialogOf(el)!;
    await waitUntil(() => dialog.contains(focused()), 'focus moves into the dialog');
    const first = focused();
    const outside: string[] = [];
    const seen = new Set<Element>();
    const controls = [...dialog.querySelectorAll('button, a[href], input:not(:disabled)')];
    // Forward through every control of the dialog, and stop on the last: one more Tab would take Chromium
    // back to the first but Firefox into its own UI, where later tests' key presses would get lost.
    for (let i = 0; i < 15 && controls.some((c) => c !== first && !seen.has(c)); i++) {
      await sendKeys({ press: 'Tab' });
      const now = focused();
      if (now && !dialog.contains(now)) outside.push(now.outerHTML.slice(0, 80));
      if (now) seen.add(now);
    }
    expect(controls.filter((c) => c !== first && !seen.has(c)), 'controls Tab did not reach').to.deep.equal([]);
    expect(outside).to.deep.equal([]);
  });

  // Firefox sent Tab from a modal dialog in a shadow root off to its own controls, and back only to the last stop.
  for (const position of ['bottom', 'center']) {
    it(`Tab goes round inside the ${position === 'center' ? 'modal banner' : 'preferences dialog'}: from its last stop to its first, Shift+Tab back`, async () => {
      await sendMouse({ type: 'click', position: [1, 1] });
      const el = await fixture<ConsentElement>(html`
        <cookie-consent categories="analytics marketing" policy-url="/privacy" position=${position} cookie-name=${COOKIE}></cookie-consent>
      `);
      if (position === 'bottom') el.showPreferences();
      const selector = position === 'center' ? 'dialog.center' : 'dialog.preferences';
      await waitUntil(() => el.shadowRoot!.querySelector<HTMLDialogElement>(selector)?.open && el.shadowRoot!.activeElement, 'the dialog opens with focus inside');
      const dialog = el.shadowRoot!.querySelector<HTMLDialogElement>(selector)!;
      const stops = [...dialog.querySelectorAll<HTMLElement>('a[href], button, input:not(:disabled)')];
      const last = stops.at(-1)!;
      await tabTo((c) => c === last);
      await sendKeys({ press: 'Tab' });
      expect(focused(), 'Tab from the last stop').to.equal(stops[0]);
      await sendKeys({ down: 'Shift' });
      try {
        await sendKeys({ press: 'Tab' });
      } finally {
        await sendKeys({ up: 'Shift' });
      }
      expect(focused(), 'Shift+Tab from the first stop').to.equal(last);
    });
  }

  it('in the dialog, Tab reaches each switch and Save; Space toggles; Enter saves', async () => {
    const el = await mount();
    await tabTo((c) => c === control(el, 'Customize'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => visible(dialogOf(el)), 'the dialog opens');
    const dialog = dialogOf(el)!;
    const switches = [...dialog.querySelectorAll<HTMLInputElement>('input[type="checkbox"], [role="switch"], [role="checkbox"]')];
    const analytics = switches.find((s) => nameOf(s).includes('Analytics') || s.closest('label')?.textContent?.includes('Analytics'));
    expect(analytics, 'an Analytics switch').to.exist;
    const checked = (s: Element) => (s as HTMLInputElement).checked ?? s.getAttribute('aria-checked') === 'true';
    expect(checked(analytics!), 'nothing pre-ticked').to.equal(false);
    await tabTo((c) => c === analytics);
    await sendKeys({ press: ' ' });
    expect(checked(analytics!)).to.equal(true);
    await tabTo((c) => c === control(el, 'Save'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.consent, 'a decision is made');
    expect(el.consent!.categories).to.deep.equal({ necessary: true, analytics: true, marketing: false });
  });
});

describe('iframe placeholder', () => {
  // A same-origin file stands in for the video: no request leaves the machine.
  const embed = new URL('../../src/view/texts/lang/de.json', import.meta.url).href;

  async function mountWithEmbed() {
    await sendMouse({ type: 'click', position: [1, 1] });
    const page = await fixture<HTMLElement>(html`
      <div>
        <iframe data-category="marketing" data-src=${embed} width="480" height="270" title="Video"></iframe>
        <cookie-consent categories="marketing" cookie-name=${COOKIE}></cookie-consent>
      </div>
    `);
    const placeholder = await waitUntil(() => page.querySelector('cookie-consent-placeholder'), 'a placeholder stands in').then(
      () => page.querySelector('cookie-consent-placeholder')!,
    );
    await waitUntil(() => placeholder.shadowRoot?.querySelector('button')?.textContent?.trim(), 'it has its text');
    return { page, placeholder, el: page.querySelector<ConsentElement>('cookie-consent')! };
  }

  for (const scheme of ['light', 'dark'] as const) {
    it(`passes axe, ${scheme} scheme`, async function () {
      // The placeholder follows prefers-color-scheme; Firefox over WebDriver BiDi cannot emulate it.
      if (scheme === 'dark' && !navigator.userAgent.includes('Chrome')) this.skip();
      if (scheme === 'dark') await emulateMedia({ colorScheme: scheme });
      try {
        const { placeholder } = await mountWithEmbed();
        const text = placeholder.shadowRoot!.textContent!.replace(/\s+/g, ' ');
        expect(text).to.contain(location.host).and.to.contain('Marketing').and.not.to.match(/[{}]/);
        await audit(placeholder);
      } finally {
        if (scheme === 'dark') await emulateMedia({ colorScheme: 'light' });
      }
    });
  }

  it('its button keeps an edge in forced colours (Windows high contrast), at the size it has without them', async function () {
    // Firefox over WebDriver BiDi cannot emulate forced colours.
    if (!navigator.userAgent.includes('Chrome')) this.skip();
    const { placeholder } = await mountWithEmbed();
    const button = placeholder.shadowRoot!.querySelector('button')!;
    const size = [button.offsetWidth, button.offsetHeight];
    await emulateMedia({ forcedColors: 'active' });
    try {
      const style = getComputedStyle(button);
      expect([style.borderTopStyle, style.borderTopWidth]).to.deep.equal(['solid', '1px']);
      expect(style.borderTopColor).to.not.equal(style.backgroundColor);
      expect([button.offsetWidth, button.offsetHeight]).to.deep.equal(size);
    } finally {
      await emulateMedia({ forcedColors: 'none' });
    }
  });

  it('a long category label wraps inside a small frame: no sideways scrolling (WCAG 1.4.10)', async () => {
    const page = await fixture<HTMLElement>(html`
      <div>
        <iframe data-category="marketing" data-src=${embed} width="200" height="150" title="Video"></iframe>
        <cookie-consent categories="marketing" cookie-name=${COOKIE}>
          <cookie-category name="marketing" label="Werbeerfolgsmessungsdatenverarbeitungseinwilligung"></cookie-category>
        </cookie-consent>
      </div>
    `);
    const placeholder = await waitUntil(() => page.querySelector('cookie-consent-placeholder'), 'a placeholder stands in').then(
      () => page.querySelector('cookie-consent-placeholder')!,
    );
    await waitUntil(() => placeholder.shadowRoot?.querySelector('button')?.textContent?.includes('Werbe'), 'it names the category');
    expect(placeholder.scrollWidth).to.be.at.most(placeholder.clientWidth);
  });

  it('in a small frame, in German: the button whole inside the box, the text above it (all of it from an iframe’s own 300×150 up, scrolling in smaller ones)', async () => {
    // No size: an iframe's own 300×150. The panel is hidden at first: its placeholder gets its size once shown.
    const page = await fixture<HTMLElement>(html`<div lang="de">
      <iframe data-category="marketing" data-src=${embed} title="Video 1"></iframe>
      <iframe data-category="marketing" data-src=${embed} width="200" height="120" title="Video 2"></iframe>
      <iframe data-category="marketing" data-src=${embed} width="250" height="100" title="Video 3"></iframe>
      <div hidden><iframe data-category="marketing" data-src=${embed} width="480" height="270" title="Video 4"></iframe></div>
      <cookie-consent categories="marketing" cookie-name=${COOKIE}></cookie-consent>
    </div>`);
    const placeholders = () => [...page.querySelectorAll('cookie-consent-placeholder')];
    await waitUntil(() => placeholders().length === 4 && placeholders().every((p) => p.shadowRoot?.textContent?.includes('zulassen und laden')), 'four German placeholders', { timeout: 5000 });
    (page.querySelector('[hidden]') as HTMLElement).hidden = false;
    // The shown panel's placeholder is not small: it gets the roomier spacing of a video-sized box.
    const big = placeholders()[3]!;
    await waitUntil(() => !big.shadowRoot!.querySelector('[part~="base"]')!.classList.contains('small'), 'the shown placeholder is not small');
    expect(big.getBoundingClientRect().height).to.equal(270);
    const problems: string[] = [];
    for (const placeholder of placeholders()) {
      const name = placeholder.nextElementSibling!.getAttribute('title');
      const box = placeholder.getBoundingClientRect();
      const text = placeholder.shadowRoot!.querySelector('p')!;
      const button = placeholder.shadowRoot!.querySelector('button')!.getBoundingClientRect();
      if (button.top < box.top || button.bottom > box.bottom || button.left < box.left || button.right > box.right) problems.push(`${name}: the button is not whole inside the box`);
      if (placeholder.scrollHeight > placeholder.clientHeight) problems.push(`${name}: the box scrolls`);
      if (text.clientHeight < parseFloat(getComputedStyle(text).lineHeight)) problems.push(`${name}: not a line of text in sight`);
      // An iframe's own size (300×150) and up: all of it without scrolling.
      if (box.width >= 300 && box.height >= 150 && text.scrollHeight > text.clientHeight) problems.push(`${name}: the text scrolls`);
      // Text that scrolls is a Tab stop (a keyboard scrolls it in Safari too); text that fits is not.
      if ((text.scrollHeight > text.clientHeight) !== (text.getAttribute('tabindex') === '0')) problems.push(`${name}: tabindex ${text.getAttribute('tabindex')} on text that ${text.scrollHeight > text.clientHeight ? 'scrolls' : 'fits'}`);
      if (text.getBoundingClientRect().bottom > button.top) problems.push(`${name}: the text runs under the button`);
      if (text.scrollWidth > text.clientWidth) problems.push(`${name}: the text scrolls sideways`);
    }
    expect(problems).to.deep.equal([]);
    // The text that scrolls, a Tab stop now, passes axe too (a scrollable region reachable by keyboard).
    await audit(placeholders()[1]!);
  });

  it('a small box that its text overflows before it tightens raises no ResizeObserver loop error in the page', async () => {
    const errors: string[] = [];
    // Mocha fails the test on such an error by itself (in Firefox, whose scrollbars take room); the list says so in any browser.
    const onError = (event: ErrorEvent) => errors.push(event.message);
    window.addEventListener('error', onError);
    try {
      for (let i = 0; i < 3; i++) {
        const page = await fixture<HTMLElement>(html`<div>
          <iframe data-category="marketing" data-src=${embed} width="200" height="90" title="Video"></iframe>
          <iframe data-category="marketing" data-src=${embed} width="260" height="100" title="Map"></iframe>
          <cookie-consent categories="marketing" cookie-name=${COOKIE}></cookie-consent>
        </div>`);
        await waitUntil(() => page.querySelectorAll('cookie-consent-placeholder').length === 2 && [...page.querySelectorAll('cookie-consent-placeholder')].every((p) => p.shadowRoot?.querySelector('button')), 'two placeholders');
        for (let frame = 0; frame < 3; frame++) await new Promise(requestAnimationFrame);
      }
    } finally {
      window.removeEventListener('error', onError);
    }
    expect(errors).to.deep.equal([]);
  });

  it('Tab reaches its button; Enter grants the category and loads the frame', async () => {
    const { page, placeholder, el } = await mountWithEmbed();
    const button = placeholder.shadowRoot!.querySelector('button')!;
    await tabTo((c) => c === button);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => page.querySelector('iframe')?.getAttribute('src') === embed, 'the frame loads');
    expect(el.consent?.categories.marketing).to.equal(true);
  });
});

describe('language of parts and focus not obscured', () => {
  /** The language a screen reader uses for `el`: the nearest lang attribute, across shadow roots. */
  function languageOf(el: Element): string | null {
    for (let node: Node | null = el; node; node = node.parentNode ?? (node as ShadowRoot).host ?? null) {
      if (node instanceof Element && node.hasAttribute('lang')) return node.getAttribute('lang');
    }
    return null;
  }
  const embed = new URL('../../src/view/texts/lang/de.json', import.meta.url).href;

  afterEach(() => {
    delete (navigator as { languages?: unknown }).languages;
  });

  it('3.1.2 Language of Parts: a banner in the browser language declares it inside a page in another', async () => {
    Object.defineProperty(navigator, 'languages', { value: ['fr-FR'], configurable: true });
    const page = await fixture(html`<div lang="km"><cookie-consent categories="analytics" cookie-name=${COOKIE}></cookie-consent></div>`);
    const el = page.querySelector<ConsentElement>('cookie-consent')!;
    await waitUntil(() => el.shadowRoot!.querySelector('button'), 'the banner shows');
    const title = el.shadowRoot!.querySelector('h2')!;
    expect(title.textContent!.trim()).to.equal('Nous utilisons des cookies');
    expect(languageOf(title)).to.equal('fr');
    // The live region reads the title too: in French, not in the page's language.
    const status = el.shadowRoot!.querySelector('[role="status"]')!;
    await waitUntil(() => status.textContent!.trim(), 'the announcement');
    expect(languageOf(status)).to.equal('fr');
    el.showPreferences();
    await waitUntil(() => el.shadowRoot!.querySelector('dialog[open]'), 'the dialog opens');
    expect(languageOf(el.shadowRoot!.querySelector('dialog[open] h2')!)).to.equal('fr');
  });

  // A `top` bar covers the page's first links (a skip link), which the page cannot scroll clear of: the bar moves
  // to the bottom once one of them has focus.
  for (const position of ['bottom', 'top']) {
    it(`2.4.11 Focus Not Obscured: Tab through the page never hides the focused link behind a ${position} banner`, async () => {
      await sendMouse({ type: 'click', position: [1, 1] });
      const page = await fixture(html`<div>
        ${Array.from({ length: 40 }, (_, i) => html`<p><a href="#${i}">link ${i}</a></p>`)}
        <cookie-consent categories="analytics" cookie-name=${COOKIE} position=${position}></cookie-consent>
      </div>`);
      const el = page.querySelector('cookie-consent')!;
      await waitUntil(() => el.shadowRoot!.querySelector('section'), 'the banner shows');
      await settle(el);
      const first = page.querySelector('a')!.getBoundingClientRect();
      const start = el.shadowRoot!.querySelector('section')!.getBoundingClientRect();
      if (position === 'top') expect(first.top < start.bottom, 'the first link starts under the top bar').to.be.true;
      const hidden: string[] = [];
      for (let i = 0; i < 42; i++) {
        await sendKeys({ press: 'Tab' });
        // The browser scrolls the focus into view, and the banner moves, within the next frames.
        await nextFrame();
        await settle(el);
        const link = document.activeElement;
        if (!(link instanceof HTMLAnchorElement)) continue;
        const banner = el.shadowRoot!.querySelector('section')!.getBoundingClientRect();
        const box = link.getBoundingClientRect();
        // The last links too: the banner makes room after the page's end, so they scroll clear of it.
        if (box.top >= banner.top && box.bottom <= banner.bottom) hidden.push(link.textContent!);
      }
      expect(hidden, 'links entirely behind the banner when focused').to.deep.equal([]);
      if (position === 'top') expect(el.shadowRoot!.querySelector('section')!.classList.contains('bottom'), 'the bar moved to the bottom').to.be.true;
    });
  }

  it('2.4.11 Focus Not Obscured: a link of the page\'s own fixed bottom navigation, under a bottom bar, moves the bar to the top', async () => {
    await sendMouse({ type: 'click', position: [1, 1] });
    const page = await fixture(html`<div>
      <p><a href="#top">Home</a></p>
      <nav style="position: fixed; bottom: 0; left: 0; right: 0; height: 3rem; background: #eee"><a href="#cart">Cart</a></nav>
      <cookie-consent categories="analytics" cookie-name=${COOKIE}></cookie-consent>
    </div>`);
    const el = page.querySelector('cookie-consent')!;
    await waitUntil(() => el.shadowRoot!.querySelector('section'), 'the banner shows');
    await settle(el);
    const section = () => el.shadowRoot!.querySelector('section')!;
    // Focus on the page, above the bar: it stays where it is.
    page.querySelector<HTMLElement>('a[href="#top"]')!.focus();
    await nextFrame();
    await nextFrame();
    expect(section().classList.contains('bottom')).to.be.true;
    const cart = page.querySelector<HTMLElement>('a[href="#cart"]')!;
    cart.focus();
    await waitUntil(() => section().classList.contains('top'), 'the bar moves to the top');
    await settle(el);
    const bar = section().getBoundingClientRect();
    expect(cart.getBoundingClientRect().top, 'the link is clear of the bar').to.be.at.least(bar.bottom);
  });

  it('a placeholder made at start-up, before the German texts have arrived, speaks German once they have (never English first)', async () => {
    const box = document.createElement('div');
    box.lang = 'de';
    box.innerHTML = `<iframe data-category="marketing" data-src="${embed}" width="480" height="270" title="Video"></iframe>
      <cookie-consent categories="marketing" cookie-name="${COOKIE}"></cookie-consent>`;
    document.body.append(box);
    try {
      // Made at start-up (the microtask after the connect), at the frame's size, while the view and the German
      // file are still on their way.
      await Promise.resolve();
      const placeholder = box.querySelector('cookie-consent-placeholder')! as HTMLElement;
      expect(placeholder, 'a placeholder at start-up').to.exist;
      // The frame's box: its height attribute and the browser's default border.
      const twin = Object.assign(document.createElement('iframe'), { width: '480', height: '270' });
      document.body.append(twin);
      expect(placeholder.getBoundingClientRect().height).to.equal(twin.getBoundingClientRect().height);
      twin.remove();
      const seen = new Set<string>();
      await waitUntil(() => {
        const text = placeholder.shadowRoot?.textContent ?? '';
        if (text) seen.add(placeholder.lang);
        return text.includes('„Marketing“ zulassen und laden');
      }, 'German text');
      expect([...seen]).to.deep.equal(['de']);
    } finally {
      box.remove();
    }
  });

  it('3.1.2 / translation: an iframe placeholder on a German page speaks German once the texts arrive', async () => {
    const page = await fixture<HTMLElement>(html`<div lang="de">
      <iframe data-category="marketing" data-src=${embed} width="480" height="270" title="Video"></iframe>
      <cookie-consent categories="marketing" cookie-name=${COOKIE}></cookie-consent>
    </div>`);
    await waitUntil(() => page.querySelector('cookie-consent-placeholder')?.shadowRoot?.querySelector('button'), 'a placeholder');
    const placeholder = page.querySelector('cookie-consent-placeholder')!;
    await waitUntil(() => placeholder.shadowRoot!.textContent!.includes('„Marketing“ zulassen und laden'), 'German text', { timeout: 2000 });
    expect(placeholder.lang).to.equal('de');
  });
});
