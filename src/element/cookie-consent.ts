import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import {
  CATEGORY_ID,
  DEFAULT_COOKIE_NAME,
  DEFAULT_EXPIRES_DAYS,
  NECESSARY,
  createConsent,
  decodeConsent,
  encodeConsent,
  newDecisionId,
  isCurrent,
  isGranted,
  type Consent,
  type ConsentSource,
} from '../consent/index.js';
// Before release/, as when release/ imported it: the bundle's module order gzips some 50 bytes smaller.
import { loadTexts, onRegister, resolveLanguage } from './texts/load.js';
import { ConsentCookie } from '../store/cookie-store.js';
import { connectRelease } from '../release/index.js';
import { direction } from '../release/placeholder.js';
import { connectConsentMode } from '../signals/google-consent-mode.js';
import { gpcRequested } from '../signals/gpc.js';
import { connectReceipts } from '../signals/receipts.js';
import { IDS, readConfig, text, type Config, type Warn } from './config.js';
import type { ConsentHost } from './host.js';
import type { CookieCategory } from './cookie-category.js';
import { en } from './texts/en.js';
import type { Texts } from './texts/texts.js';
import styles from './cookie-consent.styles.js';

/** `detail` of `consent-ready`. */
export interface ConsentReadyDetail {
  /** The valid decision, or `null` when there is none (yet). */
  consent: Consent | null;
}

/** `detail` of `consent-change`. */
export interface ConsentChangeDetail {
  /** The new decision; `null` after `reset()`. */
  consent: Consent | null;
  /** Optional categories that `has()` now grants and did not grant just before. */
  granted: string[];
  /** Optional categories that `has()` granted just before and no longer grants. */
  revoked: string[];
}

/** For release/ only (release/host.ts): made out here so the manifest does not list it among the public events. */
const textsChanged = () => new Event('texts-change');

/** What the page's `data-cookie-consent` triggers may ask for. */
const TRIGGERS = ['preferences', 'banner', 'accept-all', 'reject-all'];

/**
 * @summary A GDPR cookie-consent banner and preferences dialog. It stores the visitor's decision in
 * one first-party cookie and tells the page (and the tagged scripts, iframes and images) what was granted.
 *
 * The banner shows while there is no valid decision: none stored, another `revision`, expired, or a
 * configured category the stored decision does not cover. With `categories` empty it never shows on
 * its own. A browser that sends Global Privacy Control gets every optional category refused
 * (`source: "gpc"`) and no banner, unless `ignore-gpc` is set.
 *
 * Any page element with `data-cookie-consent="preferences"` (or `"banner"`, `"reject-all"`) does that when
 * clicked; one listener on `document` handles them, including elements added later. `"accept-all"` grants
 * only with `grant-triggers`; otherwise it opens the banner and warns once. Their decisions are recorded
 * with `source: "trigger"`.
 *
 * @attr categories - Optional categories, separated by spaces or commas (`necessary` always exists).
 * @attr policy-url - Link to the privacy policy shown in the banner; only http:, https: or relative URLs.
 * @attr revision - Policy version (whole number, default 0); a decision for another revision is asked again.
 * @attr cookie-name - Name of the consent cookie (default `cookie_consent`).
 * @attr cookie-domain - `Domain` of the cookie, e.g. `example.com` to share it with subdomains (default: host only).
 * @attr cookie-path - `Path` of the cookie (default `/`).
 * @attr expires-days - Lifetime of a decision and of its cookie, in days (default 182).
 * @attr lang - UI language (default: the nearest `lang` attribute, then the browser's language, then `en`).
 * @attr position - `bottom` (default), `top`, `bottom-left`, `bottom-right` or `center` (modal).
 * @attr theme - `auto` (default, follows `prefers-color-scheme`), `light` or `dark`.
 * @attr mode - `opt-in` (default) or `opt-out`: optional categories count as granted until refused.
 * @attr ignore-gpc - Ignore Global Privacy Control.
 * @attr google-consent-mode - Drive Google Consent Mode v2 (`gtag('consent', …)`).
 * @attr reload-on-revoke - Reload the page after a granted category is revoked.
 * @attr receipt-url - Where a receipt of each decision is posted (proof of consent); http:, https: or relative.
 * @attr grant-triggers - Let page elements with `data-cookie-consent="accept-all"` grant consent. Off by default:
 *   markup that user content can carry (a comment, a forum post) must not record consent; such a click opens the banner.
 *
 * @event {CustomEvent<ConsentReadyDetail>} consent-ready - Once after start-up, when the document has been
 *   parsed (so listeners added by later scripts hear it): `detail.consent` is the valid decision or `null`.
 * @event {CustomEvent<ConsentChangeDetail>} consent-change - On every decision (and on `reset()`):
 *   `detail.consent`, and the optional categories `granted` and `revoked` by it.
 *
 * @csspart banner - The first layer: a region, or a modal `<dialog>` with `position="center"`.
 * @csspart title - The banner's heading.
 * @csspart description - The banner's text.
 * @csspart policy-link - The link to the privacy policy.
 * @csspart buttons - A row of buttons (banner and dialog).
 * @csspart button - Every button of a row.
 * @csspart accept - "Accept all" (banner and dialog).
 * @csspart reject - "Reject all" (banner and dialog); always styled exactly like "Accept all".
 * @csspart customize - "Customize", which opens the preferences dialog.
 * @csspart dialog - The preferences `<dialog>`.
 * @csspart dialog-title - The preferences dialog's heading.
 * @csspart close - The dialog's close button.
 * @csspart categories - The list of categories.
 * @csspart category - One category: its label, switch and description.
 * @csspart label - A category's label.
 * @csspart switch - A category's switch (`<input type="checkbox" role="switch">`).
 * @csspart category-description - A category's description.
 * @csspart save - "Save" in the preferences dialog.
 *
 * @cssproperty --cc-font-family - Font of every text.
 * @cssproperty --cc-font-size - Base font size (0.9375rem).
 * @cssproperty --cc-line-height - Line height of texts.
 * @cssproperty --cc-title-font-size - Font size of the headings.
 * @cssproperty --cc-font-weight-bold - Weight of headings, labels and buttons.
 * @cssproperty --cc-spacing - Base spacing; paddings and gaps are fractions of it (1rem).
 * @cssproperty --cc-radius - Corner radius of cards and dialogs.
 * @cssproperty --cc-button-radius - Corner radius of buttons.
 * @cssproperty --cc-card-width - Width of the `bottom-left` / `bottom-right` card.
 * @cssproperty --cc-dialog-width - Width of the dialogs.
 * @cssproperty --cc-z-index - Stacking order of the banner.
 * @cssproperty --cc-focus-width - Width of the focus ring.
 * @cssproperty --cc-background - Background of banner and dialog.
 * @cssproperty --cc-color - Text colour.
 * @cssproperty --cc-border-color - Borders and separators.
 * @cssproperty --cc-link-color - Colour of the policy link.
 * @cssproperty --cc-button-background - Background of Accept all, Reject all and Save.
 * @cssproperty --cc-button-color - Text colour of those buttons.
 * @cssproperty --cc-secondary-background - Background of Customize and Close.
 * @cssproperty --cc-secondary-color - Text and border colour of Customize and Close.
 * @cssproperty --cc-switch-on - Colour of a switch that is on.
 * @cssproperty --cc-switch-off - Colour of a switch that is off.
 * @cssproperty --cc-switch-thumb - Colour of a switch's knob.
 * @cssproperty --cc-focus-color - Colour of the focus ring.
 * @cssproperty --cc-backdrop - Backdrop behind modal dialogs.
 * @cssproperty --cc-shadow - Box shadow of banner and dialog.
 */
export class CookieConsent extends LitElement implements ConsentHost {
  static override styles = styles;

  static override properties = {
    categories: {},
    policyUrl: { attribute: 'policy-url' },
    revision: { type: Number },
    cookieName: { attribute: 'cookie-name' },
    cookieDomain: { attribute: 'cookie-domain' },
    cookiePath: { attribute: 'cookie-path' },
    expiresDays: { attribute: 'expires-days', type: Number },
    lang: {},
    position: {},
    theme: { reflect: true },
    mode: {},
    ignoreGpc: { attribute: 'ignore-gpc', type: Boolean },
    googleConsentMode: { attribute: 'google-consent-mode', type: Boolean },
    reloadOnRevoke: { attribute: 'reload-on-revoke', type: Boolean },
    receiptUrl: { attribute: 'receipt-url' },
    grantTriggers: { attribute: 'grant-triggers', type: Boolean },
    _banner: { state: true },
    _preferences: { state: true },
    _texts: { state: true },
  };

  /** Optional categories, separated by spaces or commas, or an array of ids. */
  categories: string | readonly string[] = '';
  /** Link to the privacy policy (http:, https: or relative). */
  policyUrl: string | null = null;
  /** Policy version; a decision made for another revision is asked again. */
  revision = 0;
  /** Name of the consent cookie. */
  cookieName = DEFAULT_COOKIE_NAME;
  /** `Domain` of the consent cookie; `null` for a host-only cookie. */
  cookieDomain: string | null = null;
  /** `Path` of the consent cookie. */
  cookiePath = '/';
  /** Lifetime of a decision and of its cookie, in days. */
  expiresDays = DEFAULT_EXPIRES_DAYS;
  /** UI language; unset: the nearest `lang`, then the browser's language, then English. */
  declare lang: string;
  /** `bottom`, `top`, `bottom-left`, `bottom-right` or `center` (modal). */
  position = 'bottom';
  /** `auto` (when unset), `light` or `dark`; reflected, the palette hangs on it. */
  theme?: string;
  /** `opt-in`, or `opt-out`: optional categories count as granted until refused. */
  mode = 'opt-in';
  /** Ignore Global Privacy Control. */
  ignoreGpc = false;
  /** Drive Google Consent Mode v2; read when the element starts. */
  googleConsentMode = false;
  /** Reload the page after a granted category is revoked. */
  reloadOnRevoke = false;
  /** Where a receipt of each decision is posted (http:, https: or relative). */
  receiptUrl: string | null = null;
  /** Let page elements with `data-cookie-consent="accept-all"` grant consent (off: they open the banner). */
  grantTriggers = false;

  private _banner = false;
  private _preferences = false;
  /** The texts shown; `undefined` while a translation loads (nothing renders meanwhile). */
  private _texts?: Texts = en;
  private _language = 'en';
  /** The language asked for (the texts may still be loading). */
  private _wanted = '';

  /** The latest decision, read from the cookie or made on this page (kept when the cookie can't be written). */
  private _decision: Consent | null = null;
  /**
   * The next decision's id, drawn while the page is idle once the banner shows: a page's first
   * `crypto.getRandomValues()` takes ~0.1 ms (~0.5 ms on a phone) that the Accept click need not wait for.
   */
  private _spareId?: string;
  private _config?: Config;
  private _cookie?: ConsentCookie;
  private _cookieKey?: string;
  private _consentMode = false;
  /** Tells the site's other tabs about decisions made here. */
  private _channel?: BroadcastChannel;
  private _warned = new Set<string>();
  /** Set while started: between the first connect and the real removal (a move is no removal). */
  private _stops?: Array<() => void>;
  /** `consent-ready` is scheduled or sent. */
  private _ready = false;
  /** What had focus before the preferences dialog opened, to give it back. */
  private _opener: HTMLElement | null = null;
  /** `html { scroll-padding-… }` while a bar or card is up (see `_padPage`). */
  private _padding?: CSSStyleSheet;
  private _resizing?: ResizeObserver;
  private _padded?: HTMLElement | null;

  /**
   * The valid decision (made for this `revision`, not expired, answering every configured category), or
   * `null` while there is none. An embed's Allow button grants its own category and decides nothing else:
   * until the visitor answers the rest, `consent` stays `null` and the banner stays up, while `has()`
   * already grants what was granted. `categories` is a plain object: a category may be named like a method (`hasOwnProperty`), so read it
   * with `Object.hasOwn()` or `has()`.
   */
  get consent(): Consent | null {
    if (this._first) return this._first.consent;
    const decision = this._stored;
    // A decision that leaves a configured category undecided (an embed's Allow button) is no valid
    // decision yet (CONTRACT section 3): `has()` still grants what it grants.
    return decision && this.categoryIds.every((id) => Object.hasOwn(decision.categories, id)) ? decision : null;
  }

  /**
   * Whether `category` counts as granted now: `necessary` always; otherwise as the valid decision says;
   * with no decision, `mode="opt-out"` counts every configured category as granted, unless the
   * browser sends Global Privacy Control (and `ignore-gpc` is off): that is a "no" even after `reset()`.
   */
  has(category: string): boolean {
    if (this._first) return this._first.has(category);
    const stored = this._stored;
    // A category the decision does not cover (a partial one, from an embed's button) is still undecided.
    if (category === NECESSARY || (stored && Object.hasOwn(stored.categories, category))) return isGranted(stored, category);
    const { mode, categories } = this._settings;
    return mode === 'opt-out' && categories.includes(category) && (this.ignoreGpc || !gpcRequested());
  }

  /** The element that decides, while this one defers to it. */
  private get _first(): CookieConsent | undefined {
    return deferring.has(this) ? primary : undefined;
  }

  /** The configured optional categories, in order (valid ids only, without `necessary`). */
  get categoryIds(): readonly string[] {
    return this._settings.categories;
  }

  /** The texts of the current language. */
  get texts(): Texts {
    return this._texts ?? en;
  }

  /** The language of `texts`. */
  get language(): string {
    return this._language;
  }

  /** A category's label: `<cookie-category label>`, else the built-in one, else its id. */
  labelOf(category: string): string {
    return this._child(category)?.label || this._builtIn(category)?.label || category;
  }

  /** Cookie name patterns of a category, from `<cookie-category cookies>`. */
  cookiesOf(category: string): readonly string[] {
    return this._child(category)?.cookies ?? [];
  }

  /** Grants every configured category. */
  acceptAll(): void {
    if (this._first) return this._first.acceptAll();
    this._decide(this.categoryIds, 'api');
  }

  /** Refuses every optional category. */
  rejectAll(): void {
    if (this._first) return this._first.rejectAll();
    this._decide([], 'api');
  }

  /**
   * Grants exactly these optional categories and refuses the other configured ones. Takes any iterable of
   * ids (an array, a Set); a single string is one id. An invalid id is reported and skipped; anything not
   * iterable is reported and records nothing.
   */
  acceptCategories(ids: Iterable<string> | string): void {
    if (this._first) return this._first.acceptCategories(ids);
    const list = typeof ids === 'string' ? [ids] : ids;
    if (!list?.[Symbol.iterator]) return this._warn('acceptCategories()', ids, IDS);
    this._decide([...list].filter((id) => CATEGORY_ID.test(text(id)) || this._warn('acceptCategories()', id, IDS)), 'api');
  }

  /**
   * Grants one or more categories and keeps the rest of the decision as it is; with no decision yet,
   * nothing else is decided (no refusal the visitor did not give), so the banner stays up for the other
   * configured categories. An embed placeholder's button calls it with `source` `'placeholder'`.
   */
  grant(category: string | readonly string[], source: ConsentSource = 'api'): void {
    if (this._first) return this._first.grant(category, source);
    const ids = [category].flat().filter((id) => CATEGORY_ID.test(text(id)) || this._warn('grant()', id, IDS));
    if (ids.length) this._decide([...this._decided(true), ...ids], source, this._decided(false).filter((id) => !ids.includes(id)));
  }

  /** Shows the banner, also when a decision exists. */
  showBanner(): void {
    if (this._first) return this._first.showBanner();
    this._banner = true;
  }

  /** Opens the preferences dialog. */
  showPreferences(): void {
    if (this._first) return this._first.showPreferences();
    if (!this._preferences) this._opener = activeElement() ?? document.body;
    this._preferences = true;
  }

  /** Hides the banner and the dialog without deciding. */
  hide(): void {
    if (this._first) return this._first.hide();
    this._banner = this._preferences = false;
  }

  /** Forgets the decision (deletes the cookie), announces it and shows the banner (when there are categories to ask about). */
  reset(): void {
    if (this._first) return this._first.reset();
    const before = this._granted();
    this._store.clear();
    this._decision = null;
    this._announce(before);
    this._channel?.postMessage(RESET);
    // A site with only necessary cookies has nothing to ask.
    this._banner = this._asks;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // One that left the page in this task (a framework replacing it) is on its way out: no deferring to it.
    if (primary !== this && primary?._stops && primary.isConnected) {
      // One page, one decision: a second element would answer every trigger and record it twice.
      deferring.add(this);
      // Told once the page is parsed: by then the one-tag script's element may have stepped aside for this one (src/iife.ts).
      whenParsed(() => {
        if (this._first) console.warn('<cookie-consent>: this page has another <cookie-consent> that decides; this one renders nothing and passes its API calls to it.');
      });
      return;
    }
    this._loadTexts();
    if (this._stops) {
      // Moved (e.g. from <head> to <body> by the one-tag script): still started, just render again.
      this.requestUpdate();
      return;
    }
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the page's one primary element, kept by the module
    primary = this;
    this._decision = freeze(this._store.read(this._current));
    // GPC is decided before release/ and Consent Mode look, so that even `opt-out` never releases first.
    // It answers what is still undecided; what the visitor granted themselves stays granted.
    const gpc = this._asks && !this.ignoreGpc && gpcRequested();
    const check = gpc ? this._record(this._decided(true), 'gpc') : null;
    // Synchronously, before any event: Consent Mode's default must be pushed while the classic script runs.
    // Texts registered after start-up may be for this element's language (or make it one it can speak).
    this._stops = [connectRelease(this), onRegister(() => this._loadTexts(true))];
    this._startConsentMode();
    // Before the GPC refusal is announced, so that it gets its receipt too.
    this._stops.push(connectReceipts(this, () => this._settings.receiptUrl, () => this._stored));
    document.addEventListener('click', this._onDocumentClick);
    this._stops.push(this._listenToTabs());
    // Nothing was released before start-up, so the GPC refusal grants and revokes nothing.
    if (gpc) this._announce(new Set(this._granted()));
    check?.();
    this._banner = this._asks;
    if (this._banner) (window.requestIdleCallback ?? setTimeout)(() => (this._spareId ??= newDecisionId()));
    this._scheduleReady();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A move disconnects and reconnects in the same task: stop only if still out of the page after it.
    queueMicrotask(() => {
      if (this.isConnected) return;
      deferring.delete(this);
      if (!this._stops) return;
      for (const stop of this._stops) stop();
      this._stops = undefined;
      this._padPage();
      document.removeEventListener('click', this._onDocumentClick);
      // The next element on the page takes over.
      if (primary !== this) return;
      primary = undefined;
      const next = [...deferring][0];
      if (next) {
        deferring.delete(next);
        next.connectedCallback();
      }
    });
  }

  override requestUpdate(...args: Parameters<LitElement['requestUpdate']>): void {
    // A public property (or attribute) changed: validate again on next use. Internal state (`_banner`,
    // `_texts`…) changes far more often and leaves the configuration as it was. Asked of Lit's
    // declarations, not of the name: the bundle shortens internal names (`_banner` becomes `m`).
    const [name] = args;
    if (name === undefined || !(this.constructor as typeof CookieConsent).elementProperties.get(name)?.state) this._config = undefined;
    super.requestUpdate(...args);
  }

  /**
   * Google Consent Mode, once asked for: at start-up, or when turned on later (the one-tag script gives
   * the page's element its `data-google-consent-mode`, see src/iife.ts). Turning it off needs a restart.
   */
  private _startConsentMode(): void {
    if (!this.googleConsentMode || !this._stops || this._consentMode) return;
    const stop = connectConsentMode(this);
    this._consentMode = true;
    this._stops.push(() => {
      stop();
      this._consentMode = false;
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('googleConsentMode')) this._startConsentMode();
    if (changed.has('lang')) {
      // Reflected by hand, before the language is resolved from the attributes (Lit reflects later).
      if ((this.lang ?? null) === null) this.removeAttribute('lang');
      else this.setAttribute('lang', this.lang);
      this._loadTexts();
    }
    // A later change of what makes a decision valid asks again (or stops asking).
    if (this.hasUpdated && this._stops && (changed.has('categories') || changed.has('revision') || changed.has('expiresDays'))) {
      this._banner = this._asks;
    }
  }

  protected override render(): unknown {
    const texts = this._texts;
    if (!texts) return nothing;
    return html`${this._banner ? this._renderBanner(texts) : nothing}${this._preferences ? this._renderPreferences(texts) : nothing}`;
  }

  protected override updated(): void {
    // Modal dialogs open once they exist: not while out of the page, nor while parked in <head>.
    if (this.isConnected && this.parentNode !== document.head) {
      for (const dialog of this.renderRoot.querySelectorAll('dialog')) {
        if (dialog.open) continue;
        dialog.showModal();
        // The modal banner itself takes the focus, not "Accept all": Enter must not accept by default.
        if (dialog.classList.contains('center')) dialog.focus();
      }
    }
    this._padPage();
    // The preferences dialog just went away: the focus goes back where it was.
    if (this._opener && !this._preferences) {
      if (this._opener.isConnected) this._opener.focus();
      this._opener = null;
    }
  }

  /**
   * WCAG 2.4.11 (focus not obscured): while the non-modal banner covers an edge of the screen, the page
   * gets as much scroll padding on that side, so an element the visitor tabs to (or a link's target)
   * scrolls into view above the banner, not under it. Only scrolling changes: the layout stays put.
   * A constructable stylesheet, so a strict CSP allows it and no style attribute is written.
   */
  private _padPage(): void {
    const region = this._stops ? this.renderRoot.querySelector<HTMLElement>('section.banner') : null;
    try {
      if (!this._padding) {
        if (!region) return;
        this._padding = new CSSStyleSheet();
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, this._padding];
        this._resizing = new ResizeObserver(this._pad);
      }
      if (region !== this._padded) {
        this._padded = region;
        this._resizing!.disconnect();
        // The observer measures a new banner once it is laid out: measuring it here, right after the
        // render, would force the page's layout in the middle of the script.
        if (region) return this._resizing!.observe(region);
      }
      this._pad();
    } catch {
      // No constructable stylesheets or ResizeObserver: the page scrolls as before.
    }
  }

  private _pad = (): void => {
    const region = this._padded;
    const top = this._settings.position === 'top';
    // How much of that edge of the screen the banner covers (a card floats a little above the bottom).
    const covered = !region ? 0 : top ? region.offsetTop + region.offsetHeight : document.documentElement.clientHeight - region.offsetTop;
    this._padding?.replaceSync(region ? `html{scroll-padding-${top ? 'top' : 'bottom'}:${covered}px}` : '');
    // A description that scrolls (small screens) is a tab stop, so the keyboard can scroll it too;
    // one that fits is not, so it costs no extra Tab.
    const text = region?.querySelector('p');
    if (text) text.tabIndex = text.scrollHeight > text.clientHeight ? 0 : -1;
  };

  private _renderBanner(texts: Texts): TemplateResult {
    const { position } = this._settings;
    const content = html`
      <div class="text">
        <div class="head">
          <h2 id="title" part="title">${texts.title}</h2>
          ${this._policyLink(texts)}
        </div>
        <p id="description" part="description">${texts.description}</p>
      </div>
      <div class="buttons" part="buttons">
        <button type="button" part="button accept" @click=${() => this._decide(this.categoryIds, 'banner')}>
          ${texts.acceptAll}
        </button>
        <button type="button" part="button reject" @click=${() => this._decide([], 'banner')}>${texts.rejectAll}</button>
        <button type="button" class="secondary" part="button customize" @click=${() => this.showPreferences()}>
          ${texts.customize}
        </button>
      </div>
    `;
    return position === 'center'
      ? html`<dialog class="banner center" part="banner" lang=${this._language} dir=${direction(this._language)} aria-labelledby="title" aria-describedby="description" tabindex="-1" @cancel=${this._keepBanner} @close=${this._onBannerClose}>
          ${content}
        </dialog>`
      : html`<section class="banner ${position}" part="banner" lang=${this._language} dir=${direction(this._language)} aria-labelledby="title" aria-describedby="description">${content}</section>`;
  }

  private _renderPreferences(texts: Texts): TemplateResult {
    return html`
      <dialog class="preferences" part="dialog" lang=${this._language} dir=${direction(this._language)} aria-labelledby="preferences-title" aria-describedby="preferences-description" @close=${this._closePreferences}>
        <div class="head">
          <h2 id="preferences-title" part="dialog-title">${texts.preferencesTitle}</h2>
          <button type="button" class="secondary close" part="close" aria-label=${texts.close} @click=${this._closePreferences}>&times;</button>
        </div>
        <div class="text">
          <p id="preferences-description">${texts.preferencesDescription} ${this._policyLink(texts)}</p>
          <ul part="categories">
            ${[NECESSARY, ...this.categoryIds].map((category) => this._renderCategory(category, texts))}
          </ul>
        </div>
        <div class="buttons" part="buttons">
          <button type="button" part="button save" @click=${this._save}>${texts.save}</button>
          <button type="button" part="button accept" @click=${() => this._decide(this.categoryIds, 'preferences')}>
            ${texts.acceptAll}
          </button>
          <button type="button" part="button reject" @click=${() => this._decide([], 'preferences')}>${texts.rejectAll}</button>
        </div>
      </dialog>
    `;
  }

  private _policyLink(texts: Texts): TemplateResult | typeof nothing {
    const url = this._settings.policyUrl;
    return url ? html`<a part="policy-link" href=${url}>${texts.policy}</a>` : nothing;
  }

  private _renderCategory(category: string, texts: Texts): TemplateResult {
    const necessary = category === NECESSARY;
    const description = this._child(category)?.description || this._builtIn(category)?.description;
    const describedBy = [description && `about-${category}`, necessary && 'always-on'].filter(Boolean).join(' ');
    return html`
      <li part="category">
        <div class="row">
          <label for="switch-${category}" part="label">${this.labelOf(category)}</label>
          ${necessary ? html`<span id="always-on" class="always">${texts.alwaysOn}</span>` : nothing}
          <input
            type="checkbox"
            role="switch"
            id="switch-${category}"
            name=${category}
            part="switch"
            aria-describedby=${describedBy || nothing}
            .checked=${this.has(category)}
            ?disabled=${necessary}
          />
        </div>
        ${description ? html`<p id="about-${category}" class="description" part="category-description">${description}</p>` : nothing}
      </li>
    `;
  }

  /**
   * Resolves the language (`lang`, the nearest `lang`, the browser's) and loads its texts. English is
   * bundled and applies at once; in another language the banner first shows once its file has arrived
   * (a failed fetch gives English), so it never switches language before the visitor's eyes.
   */
  private _loadTexts(again = false): void {
    const lang = resolveLanguage(this);
    if (lang === this._wanted && !again) return;
    this._wanted = lang;
    // Before the first render nothing shows until the texts are there; later the old ones stay meanwhile.
    if (lang === 'en') this._setTexts(en, lang);
    else if (!this.hasUpdated) this._texts = undefined;
    // Also for English: texts registered with registerTexts('en', …) replace the bundled ones.
    void loadTexts(lang).then((texts) => {
      if (this._wanted === lang) this._setTexts(texts, texts === en ? 'en' : lang);
    });
  }

  /** Shows `texts`, in `lang`; when that changes anything, tells release/ (`texts-change`, see host.ts). */
  private _setTexts(texts: Texts, lang: string): void {
    if (texts === this._texts && lang === this._language) return;
    this._texts = texts;
    this._language = lang;
    this.dispatchEvent(textsChanged());
  }

  /** Records a decision granting `granted` (refusing `refused`, by default the other configured categories), then announces it. */
  private _decide(granted: Iterable<string>, source: ConsentSource, refused?: string[]): void {
    const before = this._granted();
    const check = this._record(granted, source, refused);
    const decision = this._decision;
    this._preferences = false;
    this._banner = this._asks;
    this._announce(before);
    this._channel?.postMessage(encodeConsent(decision!));
    // Reading the cookie back waits on the browser's cookie store, and the browser renders the next
    // frame (and so runs the scripts just released) only after this task: it comes once the page is
    // idle. A newer decision, or the element's removal, makes it moot.
    (window.requestIdleCallback ?? setTimeout)(() => this._stops && this._decision === decision && check());
  }

  /**
   * Sets the cookie and the decision; returns the check that the browser kept the cookie, to call once
   * the decision is announced: reading the cookie back need not delay what the decision releases.
   */
  private _record(granted: Iterable<string>, source: ConsentSource, refused?: string[]): () => void {
    const { categories, revision } = this._settings;
    const yes = new Set(Array.from(granted, String).filter((id) => CATEGORY_ID.test(id) && id !== NECESSARY));
    const consent = createConsent(yes, refused ?? categories.filter((id) => !yes.has(id)), revision, source, Date.now(), this._spareId ?? newDecisionId());
    this._spareId = undefined;
    const store = this._store;
    store.write(consent);
    this._decision = freeze(consent);
    // When the browser refuses the cookie, the store warns and the decision still holds for this page view.
    return () => store.check(consent);
  }

  /** Dispatches `consent-change` with what changed since `before` (the result of `_granted()`). */
  private _announce(before: Set<string>): void {
    const after = this._granted();
    const detail: ConsentChangeDetail = {
      consent: this.consent,
      granted: [...after].filter((id) => !before.has(id)),
      revoked: [...before].filter((id) => !after.has(id)),
    };
    this.dispatchEvent(new CustomEvent('consent-change', { detail, bubbles: true, composed: true }));
  }

  /** The optional categories that `has()` grants now: the configured ones and any other the decision grants. */
  private _granted(): Set<string> {
    return new Set([...this.categoryIds.filter((id) => this.has(id)), ...this._decided(true)]);
  }

  /**
   * `consent-ready` goes out once the document is parsed (DOMContentLoaded) or, when it already is,
   * in a task after start-up: either way after every classic script that comes later in the page,
   * and, when the element starts from a module or deferred script, after the later ones too.
   */
  private _scheduleReady(): void {
    if (this._ready) return;
    this._ready = true;
    const ready = () => {
      // Removed meanwhile: try again on the next connect.
      this._ready = !!this._stops;
      if (!this._ready) return;
      const detail: ConsentReadyDetail = { consent: this.consent };
      this.dispatchEvent(new CustomEvent('consent-ready', { detail, bubbles: true, composed: true }));
    };
    whenParsed(ready);
  }

  private _onDocumentClick = (event: MouseEvent): void => {
    for (const target of event.composedPath()) {
      const action = target instanceof Element ? target.getAttribute('data-cookie-consent') : null;
      if (action === null) continue;
      if (!TRIGGERS.includes(action)) return;
      event.preventDefault(); // a link (href="#") must not navigate, a button in a form must not submit
      if (action === 'preferences') this.showPreferences();
      else if (action === 'reject-all') this._decide([], 'trigger');
      // Markup in user content (a comment, a post) survives sanitizers with its data- attributes: unless the
      // site says its triggers are its own, one must not be able to record consent.
      else if (action === 'banner' || !this.grantTriggers) {
        if (action !== 'banner') this._warn('data-cookie-consent', action, 'grant-triggers on <cookie-consent> to let it grant; the banner opens instead');
        this.showBanner();
      } else this._decide(this.categoryIds, 'trigger');
      return;
    }
  };

  /**
   * Other tabs of the site (CONTRACT section 3): a decision made here is announced on a BroadcastChannel
   * named after the cookie; a message from another tab, or this tab coming back into view (a copy shared
   * with a sibling subdomain has no channel), reads the cookie again. No timer runs meanwhile.
   */
  private _listenToTabs(): () => void {
    let channel: BroadcastChannel | undefined;
    try {
      channel = this._channel = new BroadcastChannel(`cookie-consent:${this._settings.cookie.name}`);
    } catch {
      // No BroadcastChannel (or none allowed here, as in some sandboxed frames): focus still brings news.
    }
    channel?.addEventListener('message', this._sync);
    document.addEventListener('visibilitychange', this._sync);
    window.addEventListener('focus', this._sync);
    return () => {
      channel?.close();
      this._channel = undefined;
      document.removeEventListener('visibilitychange', this._sync);
      window.removeEventListener('focus', this._sync);
    };
  }

  /** Applies a decision that another tab made or stored: announced and acted on like one made here. */
  private _sync = (event: Event): void => {
    // The message carries the decision: this tab's copy of the cookie jar may not have the new cookie yet.
    const message: unknown = (event as MessageEvent).data;
    const stored = typeof message === 'string' ? decodeConsent(message) : this._store.read(this._current);
    const decision = this._decision;
    // No cookie also when cookies are refused: only another tab's reset() forgets this tab's decision.
    if (stored ? !this._current(stored) || stored.id === decision?.id || stored.timestamp < (decision?.timestamp ?? 0) : !decision || message !== RESET) return;
    const before = this._granted();
    this._decision = freeze(stored);
    this._banner = this._asks;
    this.requestUpdate();
    this._announce(before);
  };

  private _save = (): void => {
    const switches = this.renderRoot.querySelectorAll<HTMLInputElement>('input:not(:disabled)');
    this._decide(Array.from(switches).filter((input) => input.checked).map((input) => input.name), 'preferences');
  };

  /** The close button, Escape or the browser closed the dialog: no decision, the banner stays if there is none. */
  private _closePreferences = (): void => {
    this._preferences = false;
  };

  /** The modal banner asks for a choice: Escape does not dismiss it… */
  private _keepBanner = (event: Event): void => {
    event.preventDefault();
  };

  /** …but if the browser closes it anyway, the state follows. */
  private _onBannerClose = (): void => {
    this._banner = false;
  };

  /**
   * Whether a decision still counts: made for this revision and not expired. One that does not cover
   * every configured category still grants what it grants; `_asks` keeps the banner up for the rest.
   */
  private _current = (decision: Consent): boolean => {
    const { revision, cookie } = this._settings;
    return isCurrent(decision, { revision, expiresDays: cookie.expiresDays });
  };

  /** The current decision, also one that leaves configured categories undecided; `null` when there is none. */
  private get _stored(): Consent | null {
    const decision = this._decision;
    return decision && this._current(decision) ? decision : null;
  }

  /** The categories the current decision grants (`yes`) or refuses. */
  private _decided(yes: boolean): string[] {
    const decided = this._stored?.categories ?? {};
    return Object.keys(decided).filter((id) => id !== NECESSARY && decided[id] === yes);
  }

  /** Whether the banner must ask: there is no valid decision (a configured category has no answer). */
  private get _asks(): boolean {
    return this.categoryIds.length > 0 && !this.consent;
  }

  /** The validated configuration, computed again after any property change. */
  private get _settings(): Config {
    return (this._config ??= readConfig(this, this._warn));
  }

  /** The cookie store for the current cookie attributes (a change applies to the next write). */
  private get _store(): ConsentCookie {
    const options = this._settings.cookie;
    const key = JSON.stringify(options);
    if (key !== this._cookieKey) {
      this._cookieKey = key;
      this._cookie = new ConsentCookie(options);
    }
    return this._cookie!;
  }

  private _warn: Warn = (attribute, value, expected) => {
    const message = `<cookie-consent>: ignoring ${attribute} "${typeof value === 'number' ? (this.getAttribute(attribute) ?? value) : text(value)}"; expected ${expected}.`;
    if (!this._warned.has(message)) console.warn(message);
    this._warned.add(message);
  };

  private _child(category: string): CookieCategory | undefined {
    return Array.from(this.children).find((child) => child.localName === 'cookie-category' && child.getAttribute('name') === category) as CookieCategory | undefined;
  }

  private _builtIn(category: string): { label: string; description: string } | undefined {
    const categories = this.texts.categories as Record<string, { label: string; description: string }>;
    return Object.hasOwn(categories, category) ? categories[category] : undefined;
  }
}

/** The element that decides for the page, and the others, which wait to take over (CONTRACT section 3). */
let primary: CookieConsent | undefined;
const deferring = new Set<CookieConsent>();

/** The message that tells other tabs the decision was forgotten (any other message is a decision's cookie value). */
const RESET = '';

/** Calls `callback` once the document is parsed, or in a task when it already is. */
function whenParsed(callback: () => void): void {
  if (parsing()) document.addEventListener('DOMContentLoaded', callback, { once: true });
  else setTimeout(callback);
}

/** The decision as the page sees it (`el.consent`, event details): read-only, so no script changes it by mistake. */
function freeze(consent: Consent | null): Consent | null {
  if (consent) Object.freeze(Object.freeze(consent).categories);
  return consent;
}

/**
 * Whether DOMContentLoaded is still to come. While deferred and module scripts run, `readyState` is
 * already "interactive"; the navigation timing tells whether the event has started yet.
 */
function parsing(): boolean {
  if (document.readyState === 'loading') return true;
  if (document.readyState !== 'interactive') return false;
  const [navigation] = performance.getEntriesByType?.('navigation') ?? [];
  return (navigation as PerformanceNavigationTiming | undefined)?.domContentLoadedEventStart === 0;
}

/** The focused element, looking into open shadow roots. */
function activeElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : null;
}

declare global {
  interface HTMLElementTagNameMap {
    'cookie-consent': CookieConsent;
  }
  interface GlobalEventHandlersEventMap {
    'consent-ready': CustomEvent<ConsentReadyDetail>;
    'consent-change': CustomEvent<ConsentChangeDetail>;
  }
}
