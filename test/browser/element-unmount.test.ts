// A page that adds and removes <cookie-consent> (a single-page app's route, a framework's conditional) must not
// keep the removed ones: the page's texts registry (registerTexts) held every view that had shown something,
// with its element and observers, and rendered each again on every later registerTexts(); the banner's scroll
// padding left a style sheet in document.adoptedStyleSheets per element. A move, or putting one back, still works.
// Texts are registered for English (every element here speaks it), each test with titles of its own: a made-up
// language would have the core fetch its file first, which is not there.
import { expect } from '@open-wc/testing';
import { textsRegistry } from '../../src/element/register-texts.js';
import { registerTexts } from '../../src/index.js';
import { $, banner, cleanUp, createConsent, mount, storeDecision, until, type CookieConsent } from './element-helpers.js';

/** How many views hear of registerTexts(). */
const listeners = () => textsRegistry().listeners.size;
const task = () => new Promise((resolve) => setTimeout(resolve));
const title = (el: CookieConsent) => $(el, '[part~="title"]')?.textContent?.trim();

/** Removes `el` for good: it stops in a microtask after it leaves the page, and its view renders that. */
async function remove(el: CookieConsent): Promise<void> {
  el.remove();
  await task();
  await el.updateComplete;
}

describe('<cookie-consent> removed from the page', () => {
  afterEach(cleanUp);

  it('no longer hears of registerTexts(): removed elements are not rendered again, elements in the page are', async () => {
    const before = listeners();
    const removed: CookieConsent[] = [];
    for (let i = 0; i < 5; i++) {
      const { el } = await mount({ categories: 'analytics', lang: 'en' });
      expect(banner(el), 'the banner showed').to.exist;
      expect(listeners()).to.equal(before + 1);
      await remove(el);
      expect(listeners(), `after removal ${i + 1}`).to.equal(before);
      removed.push(el);
    }
    const renders: MutationRecord[] = [];
    const observer = new MutationObserver((records) => renders.push(...records));
    for (const el of removed) observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true, attributes: true });
    const { el: live } = await mount({ categories: 'analytics', lang: 'en' });
    registerTexts('en', { title: 'Registered after the removals' });
    await until(() => title(live) === 'Registered after the removals', 'the element in the page takes the texts up');
    await task();
    observer.disconnect();
    expect(renders, 'renders of removed elements').to.deep.equal([]);
    for (const el of removed) expect(el.shadowRoot!.textContent).not.to.include('Registered after the removals');
  });

  it('lets go of the registry after showing only the settings button, and when removed while its view loads', async () => {
    const before = listeners();
    storeDecision(createConsent(['analytics'], [], 0, 'banner'));
    for (let i = 0; i < 3; i++) {
      const { el } = await mount({ categories: 'analytics', 'settings-button': true });
      expect($(el, '[part~="settings-button"]'), 'the settings button showed').to.exist;
      await remove(el);
      expect(listeners()).to.equal(before);
    }
    document.cookie = 'cookie_consent=; Path=/; Max-Age=0';
    for (let i = 0; i < 3; i++) {
      const el = document.createElement('cookie-consent');
      el.setAttribute('categories', 'analytics');
      document.body.append(el);
      await task();
      await remove(el);
      expect(listeners()).to.equal(before);
    }
  });

  it('an element that stopped to defer to another (out and back in within the task the other came in) lets go too once removed', async () => {
    const before = listeners();
    const sheets = document.adoptedStyleSheets.length;
    const { el: first } = await mount({ categories: 'analytics', lang: 'en' });
    const second = document.createElement('cookie-consent');
    second.setAttribute('categories', 'analytics');
    first.remove();
    document.body.append(second);
    document.body.append(first);
    await task();
    await Promise.all([first.updateComplete, second.updateComplete]);
    await remove(first);
    await remove(second);
    expect(listeners()).to.equal(before);
    expect(document.adoptedStyleSheets.length).to.equal(sheets);
  });

  it('leaves no style sheet in document.adoptedStyleSheets over 20 mounts and removals with the banner shown', async () => {
    // The page's own adopted sheet stays, in its place.
    const own = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, own];
    const before = [...document.adoptedStyleSheets];
    try {
      for (let i = 0; i < 20; i++) {
        const { el } = await mount({ categories: 'analytics' });
        expect(banner(el)!.localName, 'the bar, which pads the page').to.equal('section');
        expect(document.adoptedStyleSheets.length, 'the bar’s scroll padding').to.equal(before.length + 1);
        // Hidden (as a decision hides it), the sheet goes too; shown again, it comes back.
        if (i === 0) {
          el.hide();
          await el.updateComplete;
          expect(document.adoptedStyleSheets).to.deep.equal(before);
          el.showBanner();
          await el.updateComplete;
          expect(document.adoptedStyleSheets.length).to.equal(before.length + 1);
        }
        await remove(el);
        expect(document.adoptedStyleSheets, `after removal ${i + 1}`).to.deep.equal(before);
      }
      expect(getComputedStyle(document.documentElement).scrollPaddingBottom).to.equal('auto');
    } finally {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((sheet) => sheet !== own);
    }
  });

  it('a moved element (out and back in within one task) keeps its banner and its padding and follows registerTexts()', async () => {
    const before = listeners();
    const { el } = await mount({ categories: 'analytics', lang: 'en' });
    const sheets = document.adoptedStyleSheets.length;
    const box = document.createElement('div');
    document.body.append(box);
    box.append(el);
    await task();
    await el.updateComplete;
    expect(banner(el)).to.exist;
    expect(listeners()).to.equal(before + 1);
    expect(document.adoptedStyleSheets.length).to.equal(sheets);
    registerTexts('en', { title: 'Registered after the move' });
    await until(() => title(el) === 'Registered after the move', 'the moved element takes the texts up');
    box.remove();
    await task();
    await el.updateComplete;
    expect(listeners()).to.equal(before);
  });

  it('an element put back later shows again, with what was registered meanwhile, and hears registerTexts() again', async () => {
    const before = listeners();
    const { el } = await mount({ categories: 'analytics', lang: 'en' });
    const sheets = document.adoptedStyleSheets.length;
    await remove(el);
    expect(listeners()).to.equal(before);
    registerTexts('en', { title: 'Registered while it was out' });
    document.body.append(el);
    await el.updateComplete;
    expect(banner(el), 'the banner shows again').to.exist;
    await until(() => title(el) === 'Registered while it was out', 'the texts registered meanwhile');
    expect(listeners()).to.equal(before + 1);
    expect(document.adoptedStyleSheets.length, 'the bar pads the page again').to.equal(sheets);
    registerTexts('en', { title: 'Registered once back' });
    await until(() => title(el) === 'Registered once back', 'the texts registered once back');
    await remove(el);
    expect(listeners()).to.equal(before);
    expect(document.adoptedStyleSheets.length).to.equal(sheets - 1);
  });
});
