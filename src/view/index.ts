/**
 * The view of `<cookie-consent>`: the banner, the preferences dialog and the embed placeholders, in Lit.
 * A file of its own (`dist/cookie-consent-view.js`), which the core loads only when something must be
 * shown (src/element/cookie-consent.ts); it renders into the element's open shadow root and asks the core
 * for everything else through a `ViewHost` (host.ts). The dialog (preferences.ts), the placeholders
 * (placeholder.ts) and the service UI (services.ts) are files of their own that it loads when they are needed.
 */
import { adopt } from './css.js';
import { html, nothing, render, type TemplateResult } from 'lit/html.js';
import { CATEGORY_ID, NECESSARY } from '../consent/record.js';
import { warn } from '../warn.js';
import type { View, ViewHost } from './host.js';
import { direction, fill, list } from './fill.js';
import type * as Placeholders from './placeholder.js';
import type * as Dialog from './preferences.js';
import { ScrollPadding } from './scroll-padding.js';
import type * as Services from './services.js';
import styles from './styles.js';
import { en } from './texts/en.js';
import { loadTexts, onRegister, resolveLanguage } from './texts/load.js';
import type { Texts } from './texts/texts.js';
import { inPage } from '../in-page.js';

export type { View, ViewHost, ViewModule } from './host.js';

/** Shows `host`'s banner, dialog and placeholders; the core calls `update()` after each change. */
export function mountView(host: ViewHost): View {
  // Lit builds its templates with the HTML parser, which an XML document (a page served as XHTML) does not have:
  // every render would throw into the page. Nothing is shown there; what the core does needs no view.
  if (host.element.ownerDocument.contentType !== 'text/html') {
    warn('<cookie-consent>: the banner cannot be shown in an XHTML page (served as application/xhtml+xml); serve it as text/html. Decisions made through the API (acceptAll(), rejectAll(), …) still count.');
    return { update() {}, updateComplete: Promise.resolve() };
  }
  return new ConsentView(host);
}

type Category = { label: string; description: string };

class ConsentView implements View {
  updateComplete: Promise<unknown> = Promise.resolve();
  private _root: ShadowRoot;
  /** The texts shown; `undefined` while a translation loads (nothing renders meanwhile). */
  private _texts?: Texts;
  private _language = 'en';
  /** The language asked for (the texts may still be loading). */
  private _wanted = '';
  private _scheduled = false;
  /** What had focus before the preferences dialog opened, to give it back. */
  private _opener: HTMLElement | null = null;
  /** What the page cannot scroll clear of a bar got focus: the bar moved to the other edge (until that happens there). */
  private _moved = false;
  private _padding = new ScrollPadding(() => {
    this._moved = !this._moved;
    this.update();
  });
  /** The service UI's module (services.ts, a file of its own), once loaded; `null` when it could not be. */
  private _services?: typeof Services | null;
  private _servicesLoad?: Promise<unknown>;
  /**
   * The service UI with its texts in the current language; `undefined` from the first service configured until
   * it has come with them (the dialog and the placeholders wait meanwhile), `null` without one (no service, or
   * its module could not be loaded).
   */
  private _ui?: Services.ServiceUI | null = null;
  /** The dialog's file (preferences.ts) once loaded, `null` when it could not be; and its loading (`_loadDialog`). */
  private _dialog?: typeof Dialog | null;
  private _dialogLoad?: Promise<void>;
  /** The dialog's file is to load once the banner has come in and the page is idle. */
  private _idle = false;
  /** The warnings given already (`_warnOnce`): `<cookie-category>` names not among `categories`, bad `controller` and `description` values. */
  private _reported = new Set<string>();
  /** The placeholders' file, once the page has one (`_showPlaceholders`); settles empty when it cannot be loaded. */
  private _placeholders?: Promise<typeof Placeholders | null>;
  /** Text areas that scroll become Tab stops, so the keyboard can scroll them (WCAG 2.1.1). */
  private _scrollers = new ResizeObserver((entries) => entries.forEach(({ target }) => tabStopIfScrolls(target as HTMLElement)));
  /** What had focus before it came into the banner or a dialog, to give it back after a decision. */
  private _before: HTMLElement | null = null;
  /** The banner's title, once per showing, in a live region (the modal banner is announced by its focus). */
  private _announcement = '';
  private _announced = false;
  /** The withdraw button was used: the live region says so until the banner shows or something is granted again. */
  private _withdrawn = false;
  /** Stops hearing of registerTexts() and of the page's `lang` changes, while the element is in the page (`_listen`). */
  private _unlisten?: () => void;
  /** What last had the focus in the shadow root: given back when a move took it away (`render`). */
  private _focused?: HTMLElement;

  constructor(private readonly _host: ViewHost) {
    const { element } = _host;
    this._root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    this._adopt();
    this._root.addEventListener('focusin', (event) => {
      const from = (event as FocusEvent).relatedTarget;
      if (!(from instanceof Node && this._root.contains(from))) this._before = from instanceof HTMLElement ? from : null;
      // Firefox scrolls a stop that Tab reaches only as far as the stop, so a text that scrolls cut its ring
      // off: scrolled again to the nearest place that shows it with the text's scroll-padding, the ring's room.
      const to = (this._focused = event.target as HTMLElement);
      if (to.matches(':focus-visible')) to.scrollIntoView({ block: 'nearest' });
    });
    // Tab from a modal dialog's last stop goes round to its first, Shift+Tab from its first (or from the dialog) to
    // its last, as the WAI-ARIA dialog pattern has it. Firefox otherwise sends Tab off to the browser's controls and
    // back only to the last stop, never the first, from a dialog in a shadow root.
    this._root.addEventListener('keydown', (event) => {
      const { key, shiftKey, target } = event as KeyboardEvent;
      const dialog = key === 'Tab' ? (target as Element).closest('dialog') : null;
      if (!dialog || !isModal(dialog)) return;
      const stops = [...dialog.querySelectorAll<HTMLElement>('a[href],button:not(:disabled),input:not(:disabled),[tabindex="0"]')].filter((stop) => stop.checkVisibility?.() ?? true);
      if (target === (shiftKey ? stops[0] : stops.at(-1)) || (shiftKey && target === dialog)) {
        event.preventDefault();
        (shiftKey ? stops.at(-1) : stops[0])?.focus();
      }
    });
    this.update();
  }

  update(): void {
    if (this._scheduled) return;
    this._scheduled = true;
    // Changes made in one task render once, after it (as Lit batches them); once a service has asked for
    // the service UI, after that has come too.
    this.updateComplete = Promise.resolve()
      .then(() => {
        this._listen();
        // Texts set now (English at once) render in this pass, not in one more after it.
        this._loadTexts();
        this._scheduled = false;
        this._render();
      })
      .then(() => this._servicesLoad)
      // The dialog asked for: until its file is in (and has rendered, the core's updateComplete sees to that).
      .then(() => (this._host.preferences ? this._dialogLoad : undefined));
  }

  /**
   * Texts registered later may be for this language (or make it one the view can speak): the view hears of them
   * while its element is in the page. The page's registry holds its listeners for good, so one removed for good
   * leaves it (else the registry would keep it, its element and its observers alive, and render it on every
   * registerTexts()); put back, it hears again, and takes up what was registered meanwhile. The core renders the
   * view when the element leaves and when it comes back.
   */
  private _listen(): void {
    if (!inPage(this._host.element)) {
      this._unlisten?.();
      this._unlisten = undefined;
    } else if (!this._unlisten) {
      const unregister = onRegister(() => this._loadTexts(true));
      // A router that switches the page's language (`<html lang>`, or a `lang` further down) switches the view's.
      const langs = new MutationObserver(() => this.update());
      langs.observe(this._host.element.ownerDocument.documentElement, { attributeFilter: ['lang'], subtree: true });
      this._unlisten = () => (unregister(), langs.disconnect());
      if (this._wanted) this._loadTexts(true);
    }
  }

  /** The shadow root's sheets: the view's, then the dialog's and the service UI's once they are in. */
  private _adopt(): void {
    adopt(this._root, [styles, this._dialog?.styles, this._services?.styles].filter((sheet) => sheet !== undefined));
  }

  /**
   * Loads the dialog's file (preferences.ts) once: when the dialog is asked for, or when the page is idle
   * after the banner shows (so that Customize opens it at once). Should it fail, the dialog cannot open, one
   * warning says so, and the banner's Accept all and Reject all still decide.
   */
  private _loadDialog(): Promise<void> {
    return (this._dialogLoad ??= chunk(import('./preferences.js'), 'preferences', 'the preferences dialog cannot open').then((dialog) => {
      this._dialog = dialog;
      this._adopt();
      this.update();
    }));
  }

  /**
   * Loads the service UI once a service is configured (at start or later). The banner does not wait for it;
   * the dialog and the placeholders do (`_ui`). Should it fail, the dialog shows the categories alone:
   * a category's switch then decides for its services (the core's decide()).
   */
  private _loadServices(): void {
    if (this._servicesLoad || !Object.keys(this._host.settings.services).length) return;
    this._ui = undefined;
    this._servicesLoad = chunk(import('./services.js'), 'services', 'the dialog shows no services').then((ui) => {
      this._services = ui;
      this._adopt();
      return this._loadTexts(true);
    });
  }

  private _render(): void {
    const host = this._host;
    const texts = this._texts;
    const focused = this._root.activeElement;
    // The dialog shows once its file is in; on a page with services, with them (the banner does not wait). One
    // already open stays.
    if (host.preferences) void this._loadDialog();
    const dialog = this._dialog;
    const preferences = host.preferences && dialog && (this._ui !== undefined || !!this._root.querySelector('dialog.preferences'));
    // It could not be loaded: the core learns that no dialog is open.
    if (host.preferences && dialog === null) queueMicrotask(() => host.closed('preferences'));
    const button = host.settingsButton && !host.banner;
    // Asked only where the settings button shows: a view that shows no withdraw button consults no decision.
    const withdrawable = button && host.ids.some((id) => host.has(id));
    if (host.banner || withdrawable) this._withdrawn = false;
    this._announce(texts, host.banner && host.settings.position !== 'center');
    // Every handler is an arrow function or reads only its event: no `host` option is needed for their `this`.
    render(
      texts ? html`${host.banner ? this._banner(texts) : nothing}${preferences ? dialog.preferences(this._dialogContext, texts) : nothing}${button ? this._settingsButton(texts, withdrawable) : nothing}<p class="announce" role="status" lang=${this._language}>${this._announcement}</p>` : nothing,
      this._root,
    );
    if (texts) {
      host.shown(this._shownTexts(texts), this._language);
      this._checkChildren();
    }
    const { element } = host;
    const shown = inPage(element);
    // Back from a document without a window, whose move took the shadow root's sheets (they belong to this document).
    if (shown && this._root.adoptedStyleSheets?.length === 0) this._adopt();
    // Modal dialogs open once they exist: not while out of the page, nor while parked in <head>.
    if (shown && element.parentNode !== document.head) {
      for (const dialog of this._root.querySelectorAll('dialog')) {
        if (isModal(dialog)) continue;
        const preferences = dialog.classList.contains('preferences');
        // The modal banner (shown again, or `position` now center) opens under the dialog, once it has closed:
        // opened now, it would cover the dialog in use.
        if (!preferences && !dialog.open && [...this._root.querySelectorAll('dialog.preferences')].some(isModal)) continue;
        // Moved in the page, a dialog left the top layer but is still open: modal again, not a box the page can
        // reach around, with the focus where it was (the move took it away).
        const moved = dialog.open && this._focused && dialog.contains(this._focused) ? this._focused : null;
        dialog.removeAttribute('open');
        if (preferences) this._opener ??= activeElement() ?? document.body;
        dialog.showModal();
        // The modal banner itself takes the focus, not "Accept all": Enter must not accept by default.
        if (moved) moved.focus();
        else if (dialog.classList.contains('center')) dialog.focus();
      }
    }
    // Out of the page nothing scrolls: no text is watched (nor made a Tab stop) until it is back.
    if (!shown) this._scrollers.disconnect();
    for (const area of shown ? this._root.querySelectorAll<HTMLElement>('#description, .text') : []) {
      this._scrollers.observe(area);
      tabStopIfScrolls(area);
    }
    // A blocked embed's placeholder came (the core renders the view when one does): it loads their file.
    this._showPlaceholders();
    // Out of the page (removed), the page needs no room for it.
    const position = this._position;
    this._padding.follow(shown ? this._root.querySelector<HTMLElement>('section.banner') : null, position in EDGES ? (position as 'top' | 'bottom') : undefined);
    // Once the banner has come in (its entrance animation over), the dialog's file loads while the page is idle,
    // ready for Customize: it neither delays the banner nor shares the network with it.
    if (host.banner && texts && !this._idle) {
      this._idle = true;
      const animations = this._root.querySelector('.banner')?.getAnimations() ?? [];
      void Promise.allSettled(animations.map((animation) => animation.finished)).then(() =>
        (window.requestIdleCallback ?? setTimeout)(() => inPage(element) && void this._loadDialog()),
      );
    }
    // The preferences dialog just went away: the focus goes back where it was. When that went meanwhile (reset()
    // put the banner in the settings button's place, `position` drew the banner anew) and the focus is nowhere,
    // to what opens the dialog now.
    if (this._opener && !host.preferences) {
      const opener = this._opener.isConnected ? this._opener : this._root.activeElement ? null : this._root.querySelector<HTMLElement>('[part~="customize"], .settings');
      opener?.focus();
      this._opener = null;
    }
    // What had focus went away with the banner or the dialog (a decision): back to where the visitor was
    // before, else to the settings button, rather than lost on <body>. The withdraw button's click stays
    // beside it, on the settings button.
    if (focused && !focused.isConnected) {
      const settings = this._root.querySelector<HTMLElement>('.settings');
      const next = [focused.classList.contains('withdraw') ? settings : this._before, settings].find((candidate) => candidate?.isConnected);
      next?.focus();
    }
  }

  /**
   * Says the banner's title once per showing: put into the live region a moment after the banner
   * appears (a region filled as it is created is not read), emptied when it goes.
   */
  private _announce(texts: Texts | undefined, shown: boolean): void {
    if (!shown || !texts) {
      this._announced = false;
      this._announcement = this._withdrawn ? texts?.consentWithdrawn ?? '' : '';
    } else if (!this._announced) {
      this._announced = true;
      setTimeout(() => {
        if (!this._announced) return;
        // Removed meanwhile: nothing is read out of the page; added back, the banner is announced then.
        if (!inPage(this._host.element)) return void (this._announced = false);
        this._announcement = texts.title;
        this.update();
      }, 100);
    }
  }

  /** Where the banner is: as `position` says, but a bar that hid the page's focus is at the other edge now (WCAG 2.4.11). */
  private get _position(): string {
    const { position } = this._host.settings;
    return this._moved ? (EDGES[position] ?? position) : position;
  }

  private _banner(texts: Texts): TemplateResult {
    const host = this._host;
    const position = this._position;
    const content = html`
      <div class="text">
        <div class="head">
          <h2 id="title" part="title">${texts.title}</h2>
          ${this._policyLink(texts)}
        </div>
        <p id="description" part="description">${this._description(texts)}</p>
      </div>
      <div class="buttons" part="buttons">
        ${this._answers(texts, 'banner')}
        <button type="button" class="secondary" part="button customize" @click=${() => host.showPreferences()}>
          ${texts.customize}
        </button>
      </div>
    `;
    const lang = this._language;
    return position === 'center'
      ? html`<dialog class="banner center" part="banner" lang=${lang} dir=${direction(lang)} aria-labelledby="title" aria-describedby="description" tabindex="-1" closedby="none" @cancel=${keep} @close=${this._reopen}>
          ${content}
        </dialog>`
      : html`<section class="banner ${position}" part="banner" lang=${lang} dir=${direction(lang)} aria-labelledby="title" aria-describedby="description">
          <div class="content">${content}</div>
        </section>`;
  }

  /**
   * The EDPB's withdrawal icon: a way back to the choice on every page. It stays while the dialog it opened
   * is up (under the modal), so that focus returns to it; it never shows with the banner, so never covers it.
   * While something optional is granted, "Withdraw consent" sits beside it: one click refuses it all, as
   * one click on Accept all gave it (GDPR Art. 7(3)).
   */
  private _settingsButton(texts: Texts, withdrawable: boolean): TemplateResult {
    const lang = this._language;
    const dir = direction(lang);
    const { position } = this._host.settings;
    // Its own class names: the banner's (`bottom`, `center`…) would place it like the banner.
    const right = position === 'bottom-right' || (dir === 'rtl' && position !== 'bottom-left');
    return html`<div class="floating ${right ? 'at-right' : ''} ${position === 'top' ? 'at-top' : ''}" part="floating">
      <button type="button" class="settings" part="settings-button" title=${texts.preferencesTitle} lang=${lang} dir=${dir} @click=${() => this._host.showPreferences()}>
        <svg viewBox="0 0 24 24" aria-hidden="true"><path fill-rule="evenodd" d="M12 2a10 10 0 1 0 10 10 4 4 0 0 1-4.5-4A4 4 0 0 1 12 2Zm-4 7a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm5 4a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm-6 3a1 1 0 1 1 0 2 1 1 0 0 1 0-2Z" /></svg>
      </button>
      ${withdrawable ? html`<button type="button" class="withdraw" part="withdraw-button" lang=${lang} dir=${dir} @click=${this._withdraw}>${texts.withdrawConsent}</button>` : nothing}
    </div>`;
  }

  /** Refuses every optional category and service, as the dialog's Reject all does. */
  private _withdraw = (): void => {
    this._withdrawn = true;
    this._host.decide([], 'preferences');
  };

  /** Accept all and Reject all, as wide as each other (styles.ts `.pair`): in the banner and in the dialog. */
  private _answers(texts: Texts, source: 'banner' | 'preferences'): TemplateResult {
    const host = this._host;
    return html`<div class="pair">
      <button type="button" part="button accept" data-twin=${texts.rejectAll} @click=${() => host.decide(host.settings.categories, source)}>${texts.acceptAll}</button>
      <button type="button" part="button reject" data-twin=${texts.acceptAll} @click=${() => host.decide([], source)}>${texts.rejectAll}</button>
    </div>`;
  }

  private _policyLink(texts: Texts): TemplateResult | typeof nothing {
    const url = this._host.settings.policyUrl;
    return url ? html`<a part="policy-link" href=${url}>${texts.policy}</a>` : nothing;
  }

  /** What the dialog (preferences.ts) asks of the view, with plain names: it is another file. */
  private get _dialogContext(): Dialog.DialogContext {
    return {
      host: this._host,
      language: this._language,
      ui: this._ui,
      policyLink: (texts) => this._policyLink(texts),
      answers: (texts) => this._answers(texts, 'preferences'),
      about: (category, texts) => {
        const child = this._child(category);
        return { label: this._labelOf(category, texts), description: child?.description || builtIn(texts, category)?.description, cookies: child?.cookies ?? [] };
      },
    };
  }

  /** The modal banner closed without a choice (an older browser's close request): it opens again on render. */
  private _reopen = (): void => this.update();

  /** A category's label: `<cookie-category label>`, else the built-in one, else its id; a service's from the service UI, else its id. */
  private _labelOf(category: string, texts: Texts): string {
    return this._ui?.serviceTexts(category)?.label ?? (this._child(category)?.label || builtIn(texts, category)?.label || category);
  }

  /** A category's `<cookie-category>` child: its label, description and cookies. */
  private _child(category: string): SiteCategory | undefined {
    const child = [...this._host.element.children].find((el) => el.localName === 'cookie-category' && el.getAttribute('name') === category);
    return child && { label: child.getAttribute('label') ?? '', description: clean(child.textContent), cookies: clean(child.getAttribute('cookies')).split(' ').filter(Boolean) };
  }

  /**
   * Reports, once each, a `<cookie-category>` whose name `categories` does not list (a typo, or a category
   * forgotten there): its label and text would otherwise show nowhere, without a word.
   */
  private _checkChildren(): void {
    const { categories } = this._host.settings;
    for (const child of this._host.element.querySelectorAll(':scope > cookie-category[name]')) {
      const name = child.getAttribute('name')!;
      // A malformed name is reported by <cookie-category> itself.
      if (CATEGORY_ID.test(name) && name !== NECESSARY && !categories.includes(name)) this._warnOnce(`<cookie-category>: ignoring name "${name}"; expected one of categories.`);
    }
  }

  /** Warns of `message` once for this view. */
  private _warnOnce(message: string): void {
    if (!this._reported.has(message)) warn(message);
    this._reported.add(message);
  }

  /**
   * What the site says of itself: `controller` and `description` on `<cookie-consent>`. A property with no text of its
   * own (`[object Object]`) is reported once, as the core reports its attributes, and left out.
   */
  private _site(): { controller: string; description: string } {
    const element = this._host.element as HTMLElement & Record<'controller' | 'description', unknown>;
    const own = (name: 'controller' | 'description'): string => {
      const value = clean(element[name]);
      if (!value.startsWith('[object')) return value;
      this._warnOnce(`<cookie-consent>: ignoring ${name} "${value}"; expected text.`);
      return '';
    };
    return { controller: own('controller'), description: own('description') };
  }

  /**
   * The banner's text, only what is true here: who decides (when the site says), what necessary cookies do
   * (the site's own words, or the generic sentence), the configured purposes by their labels, and, where
   * consent is asked (`opt-in`), that it can be withdrawn; `opt-out` says that it asks for none.
   */
  private _description(texts: Texts): string {
    const { categories, mode } = this._host.settings;
    const site = this._site();
    const optOut = mode === 'opt-out';
    const labels = categories.map((category) => this._labelOf(category, texts));
    // Patterns of its own for each language; English's in a site's texts for another language (fill.ts).
    const purposes = list(labels, this._language, texts.list, texts.list !== en.list || this._language === 'en');
    return [
      site.controller && fill(texts.controller, { name: site.controller }),
      site.description || texts.intro,
      categories.length && fill(optOut ? texts.optOut : texts.optIn, { purposes }),
      !optOut && texts.withdraw,
    ]
      .filter(Boolean)
      .join(/^(ja|zh)/.test(this._language) ? '' : ' ');
  }

  /**
   * What receipts hash (proof of what the visitor read): the texts, and with them what the site gave
   * itself (its name, its description, its categories' labels, descriptions and cookies).
   */
  private _shownTexts(texts: Texts): unknown {
    const site: Record<string, unknown> = { ...this._site() };
    for (const category of [NECESSARY, ...this._host.settings.categories]) {
      const child = this._child(category);
      if (child) site[category] = child;
    }
    return Object.values(site).some((value) => value !== '') ? { ...texts, site } : texts;
  }


  /**
   * Resolves the language (`lang`, the nearest `lang`, the browser's) and loads its texts. English is
   * bundled and applies at once; in another language the banner first shows once its file has arrived
   * (a failed fetch gives English), so it never switches language before the visitor's eyes.
   */
  private _loadTexts(again = false): Promise<void> | undefined {
    // First the service UI, when it is needed: texts registered meanwhile do not show placeholders without it.
    this._loadServices();
    const lang = resolveLanguage(this._host.element);
    if (lang === this._wanted && !again) return;
    const first = !this._wanted;
    this._wanted = lang;
    // Before the first texts nothing shows until they are there; later the old ones stay meanwhile.
    if (lang === 'en') this._setTexts(en, lang);
    // Also for English: texts registered with registerTexts('en', …) replace the bundled ones.
    // Once the service UI is there, its texts in the same language. When the page names a preset, the core's
    // cookie lists before the first render (at hand when the visitor decides).
    const ui = this._services;
    const host = this._host;
    const named = host.element.querySelector(':scope > cookie-service[preset]');
    const loading = Promise.all([loadTexts(lang), ui?.load(host, lang, named), named && host.presetCookies('')]).then(([texts, services]) => {
      // A later load shows its own: another language, or with the service UI that came meanwhile.
      if (this._wanted !== lang || this._services !== ui) return;
      if (ui !== undefined) this._ui = services ?? null;
      // Shown again when the service UI came with them; the same texts alone (English, bundled) change nothing.
      this._setTexts(texts, texts === en ? 'en' : lang, ui !== undefined);
    });
    // The first render waits for the texts (updateComplete too); later ones keep the old texts meanwhile.
    if (first) this.updateComplete = this.updateComplete.then(() => loading);
    return loading;
  }

  /** Shows `texts`, in `lang`, in the banner, the dialog and every placeholder. */
  private _setTexts(texts: Texts, lang: string, again = false): void {
    if (texts === this._texts && lang === this._language && !again) return;
    this._texts = texts;
    this._language = lang;
    this._showPlaceholders(true);
    this.update();
  }

  /**
   * Shows the page's placeholders in the current texts. Their element is a file of its own
   * (cookie-consent-view-placeholder.js), loaded once the page has one: a page without a blocked embed never
   * loads it. `again`: new texts, which the placeholders already shown take too.
   */
  private _showPlaceholders(again = false): void {
    const texts = this._texts;
    const lang = this._language;
    const host = this._host;
    // On a page with services, placeholders name them: they come with the service UI. The placeholders are the
    // page's: an element that left it (whatever makes its view render later) no longer speaks for them.
    if (!texts || this._ui === undefined || (this._placeholders && !again) || !inPage(host.element)) return;
    this._placeholders ??= document.querySelector('cookie-consent-placeholder')
      ? chunk(import('./placeholder.js'), 'placeholder', 'blocked embeds show no placeholder')
      : undefined;
    void this._placeholders?.then((part) =>
      part?.showPlaceholders({
        get active() {
          return inPage(host.element);
        },
        language: lang,
        texts,
        labelOf: (category) => this._labelOf(category, texts),
        textOf: (ids) => (ids.length === 1 ? this._ui?.serviceTexts(ids[0]!)?.placeholder : undefined),
        get categories() {
          return host.ids;
        },
        grant: (categories) => host.grant(categories, 'placeholder'),
      }),
    );
  }
}

/**
 * One of the view's own files (`cookie-consent-view-<name>.js`) as it loads: `null`, after one warning that
 * names it and says what the page goes without, when it cannot be loaded.
 */
const chunk = <T>(loading: Promise<T>, name: string, without: string): Promise<T | null> =>
  loading.catch((error: unknown) => {
    warn(`<cookie-consent>: could not load cookie-consent-view-${name}.js (${error}); ${without}`);
    return null;
  });

type SiteCategory = { label: string; description: string; cookies: string[] };

/** Text with its white space collapsed; nothing for `null`. */
const clean = (value: unknown): string => {
  try {
    return String(value ?? '').replace(/\s+/g, ' ').trim();
  } catch {
    // What has no text (an object without a prototype, a Symbol in an array): none, so the default text shows.
    return '';
  }
};

/** The built-in label and description of a category, in `texts`' language. */
function builtIn(texts: Texts, category: string): Category | undefined {
  const categories = texts.categories as Record<string, Category>;
  return Object.hasOwn(categories, category) ? categories[category] : undefined;
}

/** The modal banner asks for a choice: Escape does not dismiss it (a second one would, through Chromium's close watcher, without `closedby`). */
const keep = (event: Event): void => event.preventDefault();

/** A bar's edge, and the one it moves to when it hides what has focus. */
const EDGES: Record<string, 'top' | 'bottom'> = { top: 'bottom', bottom: 'top' };

/**
 * A text area that overflows is a Tab stop, so the keyboard can scroll it; otherwise it is none. As a stop it
 * says what it is: a region named by its banner's or dialog's title (WCAG 4.1.2), not a nameless paragraph.
 */
function tabStopIfScrolls(area: HTMLElement): void {
  const scrolls = area.scrollHeight > area.clientHeight + 1;
  area.tabIndex = scrolls ? 0 : -1;
  area.role = scrolls ? 'region' : null;
  if (scrolls) area.setAttribute('aria-labelledby', area.closest('.preferences') ? 'preferences-title' : 'title');
  else area.removeAttribute('aria-labelledby');
}

/**
 * Whether `dialog` is modal now. Chrome and Edge 94–104 and Firefox 98–102 run these bundles but do not know
 * `:modal` (Chrome 105, Firefox 103), and throw on the selector: there a dialog this view opened counts as modal
 * while it is open (one moved in the page while open is then not made modal again).
 */
function isModal(dialog: Element): boolean {
  try {
    return dialog.matches(':modal');
  } catch {
    return (dialog as HTMLDialogElement).open;
  }
}

/** The focused element, looking into open shadow roots. */
function activeElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : null;
}
