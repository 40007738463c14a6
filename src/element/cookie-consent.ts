/**
 * The core of `<cookie-consent>`: what every page runs, with no template engine and no user interface.
 * It reads the decision, releases tagged elements, drives Consent Mode and receipts, answers the API and
 * dispatches the events. The banner, the preferences dialog and the embed placeholders are the view
 * (src/view/), a separate file loaded only when something must be shown.
 */
import { CATEGORY_ID, DEFAULT_COOKIE_NAME, MAX_CATEGORIES, DEFAULT_EXPIRES_DAYS, decodeConsent, encodeConsent, isDecided, newDecisionId, type Consent, type ConsentSource } from '../consent/index.js';
import { ConsentCookie } from '../store/cookie-store.js';
import { connectRelease, type EmbedsPart, type ReleaseHost } from '../release/index.js';
import { connectConsentMode, pushConsentDefault, withholdConsentMode, type ConsentModeHost } from '../signals/google-consent-mode.js';
import { gpcRequested } from '../signals/gpc.js';
import { connectReceipts, type ReceiptsHost } from '../signals/receipts.js';
import type { View, ViewHost } from '../view/host.js';
import { IDS, readConfig, type Config, type Warn } from './config.js';
import { loadPart, type Parts, type ServicesPart } from './parts.js';
import { prefetchTexts } from './register-texts.js';
import * as model from './decision.js';
import { RESET, connectTabs, type Tabs } from './tabs.js';
import { watchTriggers, type TriggerAction } from './triggers.js';
import { text, warn } from '../warn.js';
import { inPage } from '../in-page.js';

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

// Where there is no DOM (Node, rendering a page on the server) the class still loads, on no base, and is
// never defined (src/define.ts).
const HTMLElement = (globalThis.HTMLElement ?? null) as typeof globalThis.HTMLElement;

/**
 * The element's properties (CONTRACT section 2): `[property, default, kind]`, kind `1` a number, `2` a flag
 * (present or not), none text. Each one's attribute is its name in kebab case (`policyUrl`: `policy-url`).
 * As with Lit's reactive properties, setting the attribute sets the property, and setting the property
 * leaves the attribute alone (except `theme`, which the view's palette hangs on). The values are checked
 * when used (config.ts), so any value may be set.
 */
const PROPERTIES: ReadonlyArray<readonly [string, unknown, (1 | 2)?]> = [
  ['categories', ''],
  ['policyUrl', null],
  ['revision', 0, 1],
  ['cookieName', DEFAULT_COOKIE_NAME],
  ['cookieDomain', null],
  ['cookiePath', '/'],
  ['expiresDays', DEFAULT_EXPIRES_DAYS, 1],
  ['position', 'bottom'],
  ['theme', 'auto'],
  ['mode', 'opt-in'],
  ['ignoreGpc', false, 2],
  ['googleConsentMode', false, 2],
  ['reloadOnRevoke', false, 2],
  ['receiptUrl', null],
  ['grantTriggers', false, 2],
  ['settingsButton', false, 2],
  ['controller', null],
  ['description', null],
];

/**
 * @summary A GDPR cookie-consent banner and preferences dialog. It stores the visitor's decision in
 * one first-party cookie and tells the page (and the tagged scripts, iframes and images) what was granted.
 *
 * The banner shows while there is no valid decision: none stored, another `revision`, expired, or a
 * configured category the stored decision does not cover. With `categories` empty it never shows on
 * its own. A browser that sends Global Privacy Control gets every optional category refused
 * (`source: "gpc"`) and no banner, unless `ignore-gpc` is set.
 *
 * The element itself is small: the banner, the dialog and the embed placeholders are a separate file
 * (`cookie-consent-view.js`, beside the script) that it loads only when something must be shown.
 *
 * Any page element with `data-cookie-consent="preferences"` (or `"banner"`, `"reject-all"`) does that when
 * clicked; one listener on `document` handles them, including elements added later. `"accept-all"` grants
 * only with `grant-triggers`; otherwise it opens the banner and warns once. Their decisions are recorded
 * with `source: "trigger"`.
 *
 * Services (CONTRACT §9) are `<cookie-service preset name category label cookies>` children: a category
 * counts as granted when all of its services are; `has()`, `consent.services` and `consent-change` answer
 * for services too, and `data-service` tags wait for them.
 *
 * @attr categories - Optional categories, separated by spaces or commas (`necessary` always exists; at most 64).
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
 * @attr controller - Your name (the data controller), shown first in the banner: "Data controller: …".
 * @attr description - Your own words for what the site's necessary cookies do; replaces the banner's first
 *   sentence. The purposes sentence (from `categories`) and the withdrawal sentence always follow.
 * @attr settings-button - After a decision, a small floating button (the EDPB's withdrawal icon) that reopens the
 *   preferences dialog, on every page view: the view (`cookie-consent-view.js`) then loads on every page view too.
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
 * @csspart switch - A category's or a service's switch (`<input type="checkbox" role="switch">`; a category with
 *   services is a plain checkbox, mixed when only some of them are on).
 * @csspart services - The list of a category's services (`<cookie-service>` children, CONTRACT §9).
 * @csspart service - One service: its label, switch and description.
 * @csspart category-description - A category's description.
 * @csspart category-cookies - The cookies a category lists (`<cookie-category cookies>`).
 * @csspart save - "Save" in the preferences dialog.
 * @csspart settings-button - The floating button that reopens the preferences dialog (`settings-button`).
 * @csspart withdraw-button - "Withdraw consent" beside it, while something optional is granted: refuses it all in one click.
 * @csspart floating - The fixed box that holds both in their corner: move them with it (`bottom`, `left`, …).
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
export class CookieConsent extends HTMLElement {
  static readonly observedAttributes = ['lang', ...PROPERTIES.map(([name]) => attributeOf(name))];

  /** Optional categories, separated by spaces or commas, or an array of ids. */
  declare categories: string | readonly string[];
  /** Link to the privacy policy (http:, https: or relative). */
  declare policyUrl: string | null;
  /** Policy version; a decision made for another revision is asked again. */
  declare revision: number;
  /** Name of the consent cookie. */
  declare cookieName: string;
  /** `Domain` of the consent cookie; `null` for a host-only cookie. */
  declare cookieDomain: string | null;
  /** `Path` of the consent cookie. */
  declare cookiePath: string;
  /** Lifetime of a decision and of its cookie, in days. */
  declare expiresDays: number;
  /** `bottom`, `top`, `bottom-left`, `bottom-right` or `center` (modal). */
  declare position: string;
  /** `auto` (the default: follows `prefers-color-scheme`), `light` or `dark`; reflected when set, the palette hangs on it. */
  declare theme: string;
  /** `opt-in`, or `opt-out`: optional categories count as granted until refused. */
  declare mode: string;
  /** Ignore Global Privacy Control. */
  declare ignoreGpc: boolean;
  /** Drive Google Consent Mode v2; read when the element starts. */
  declare googleConsentMode: boolean;
  /** Reload the page after a granted category is revoked. */
  declare reloadOnRevoke: boolean;
  /** Where a receipt of each decision is posted (http:, https: or relative). */
  declare receiptUrl: string | null;
  /** Let page elements with `data-cookie-consent="accept-all"` grant consent (off: they open the banner). */
  declare grantTriggers: boolean;
  /** Your name (the data controller), shown in the banner. */
  declare controller: string | null;
  /** Your own first sentence for the banner (what necessary cookies do here). */
  declare description: string | null;
  /** After a decision, show a floating button that reopens the preferences dialog. */
  declare settingsButton: boolean;

  /** Property values set so far (by attribute or by script); the rest are defaults. Not private: the accessors below the class use it. @internal */
  _values: Record<string, unknown> = {};
  /** The latest decision, read from the cookie or made on this page (kept when the cookie can't be written). */
  private _decision: Consent | null = null;
  private _banner = false;
  private _preferences = false;
  /**
   * The next decision's id, drawn while the page is idle once the banner shows: a page's first
   * `crypto.getRandomValues()` takes ~0.1 ms (~0.5 ms on a phone) that the Accept click need not wait for.
   */
  private _spareId?: string;
  private _config?: Settings;
  private _cookie?: ConsentCookie;
  private _cookieKey?: string;
  private _consentMode = false;
  private _tabs?: Tabs;
  private _warned = new Set<string>();
  /** Set while started: between the first connect and the real removal (a move is no removal). */
  private _stops?: Array<() => void>;
  /** `consent-ready` is scheduled or sent. */
  private _ready = false;
  /** Properties changed since the last `_apply()` (scheduled in a microtask). */
  private _changed?: Set<string>;
  private _applied?: Promise<void>;
  /** The services part loading, before start-up (see `connectedCallback`). */
  private _starting?: Promise<void>;
  /** The embeds part's loading (release/embeds.ts), once a tagged embed asked for it. */
  private _embeds?: Promise<EmbedsPart | undefined>;
  /** The view once loaded, and its loading. */
  private _view?: View;
  private _viewLoad?: Promise<void>;
  /** Set while a start-up in a later task is to read the decision again: the element that decided before this one. */
  private _from?: [CookieConsent | undefined];
  /** The texts the view shows and their language, for receipts. */
  private _shown?: [unknown, string];
  private _hostObject?: Host;
  /** What `has()` granted and `consent` was before the properties changed that `_apply()` is to act on. */
  private _was?: [Set<string>, Consent | null, Consent | null];
  /** `consent-change` details still to send, each with the decision it announces, while one is being sent. */
  private _announcing?: Array<[ConsentChangeDetail, Consent | null]>;
  /** The decision being announced; receipts take it, not a newer one that a listener has made meanwhile. */
  private _announced?: Consent | null;
  /** The id of the last decision applied from another tab: that tab sends its receipt, this one none. */
  private _synced?: string;
  /** When this tab last forgot the decision (`reset()`). */
  private _resetAt?: number;
  /** The last message to the other tabs this task (`_post`). */
  private _posting?: string;

  constructor() {
    super();
    // Open and there from the start (CONTRACT section 3), empty until the view renders into it.
    this.attachShadow({ mode: 'open' });
    // A framework (or a script) may set properties before the element was defined: they are own data
    // properties then, which hide the accessors. Taken over, as Lit does.
    for (const [name] of PROPERTIES) {
      if (Object.hasOwn(this, name)) {
        const value = (this as unknown as Record<string, unknown>)[name];
        delete (this as unknown as Record<string, unknown>)[name];
        (this as unknown as Record<string, unknown>)[name] = value;
      }
    }
  }

  /** @internal */
  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    // observedAttributes is `lang`, then the properties' attributes in PROPERTIES' order: no name is worked out again.
    const property = PROPERTIES[CookieConsent.observedAttributes.indexOf(name) - 1];
    if (property) this._values[property[0]] = property[2] === 2 ? value !== null : property[2] && value !== null ? Number(value) : value;
    this._change(property?.[0] ?? name);
  }

  /**
   * The valid decision (made for this `revision`, not expired, answering every configured category), or
   * `null` while there is none. An embed's Allow button grants its own category and decides nothing else:
   * until the visitor answers the rest, `consent` stays `null` and the banner stays up, while `has()`
   * already grants what was granted. `categories` is a plain object: a category may be named like a method (`hasOwnProperty`), so read it
   * with `Object.hasOwn()` or `has()`.
   */
  get consent(): Consent | null {
    return this._first ? this._first.consent : model.valid(this._model, this._decision);
  }

  /**
   * Whether `category` counts as granted now: `necessary` always; otherwise as the valid decision says;
   * with no decision, `mode="opt-out"` counts every configured category as granted, unless the
   * browser sends Global Privacy Control (and `ignore-gpc` is off): that is a "no" even after `reset()`.
   * Anything but a string is no id: `false`.
   */
  has(category: string): boolean {
    // Not an id (an object without text of its own would throw as a property key): nothing grants it.
    return typeof category === 'string' && (this._first ? this._first.has(category) : model.has(this._model, this._decision, category));
  }

  /** Grants every configured category. */
  acceptAll(): void {
    if (this._first) return this._first.acceptAll();
    this._decide(this._settings.categories, 'api');
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
    this._decide(this._valid([...list], 'acceptCategories()'), 'api');
  }

  /**
   * Grants one or more categories and keeps the rest of the decision as it is; with no decision yet,
   * nothing else is decided (no refusal the visitor did not give), so the banner stays up for the other
   * configured categories. An embed placeholder's Allow button does this (recorded as `placeholder`).
   */
  grant(category: string | readonly string[]): void {
    if (this._first) return this._first.grant(category);
    this._grant([category].flat(), 'api');
  }

  /** Shows the banner, also when a decision exists. */
  showBanner(): void {
    if (this._first) return this._first.showBanner();
    this._show(true, this._preferences);
  }

  /** Opens the preferences dialog. */
  showPreferences(): void {
    if (this._first) return this._first.showPreferences();
    this._show(this._banner, true);
  }

  /** Hides the banner and the dialog without deciding. */
  hide(): void {
    if (this._first) return this._first.hide();
    this._show(false, false);
  }

  /** Forgets the decision (deletes the cookie), announces it and shows the banner (when there are categories to ask about). */
  reset(): void {
    if (this._first) return this._first.reset();
    // A site with only necessary cookies has nothing to ask (`_done`).
    if (this._starting) return this._queue(() => null, true);
    this._make(() => null, true);
  }

  /**
   * Settles once what the element shows is up to date: property changes applied and, when something is
   * shown, the view loaded and rendered (a view that failed to load settles it too). Like Lit's.
   */
  get updateComplete(): Promise<boolean> {
    return (async () => {
      for (;;) {
        await this._starting;
        await this._applied;
        // release/ handles the waiting embeds (and may show placeholders, which load the view) in the first
        // reaction to this promise, so that pass is over when this await returns.
        await this._embeds;
        await this._viewLoad;
        const rendering = this._view?.updateComplete;
        await rendering;
        // Rendering may have asked for more (texts arrived, a change meanwhile): wait for that too.
        if (!this._applied && this._view?.updateComplete === rendering) return true;
      }
    })();
  }

  /** @internal */
  connectedCallback(): void {
    // In a document without a window (one a DOM-diffing library parks nodes in) it is out of the page: stopped.
    if (!this.ownerDocument.defaultView) return;
    // Consent Mode's default comes first, also while this element waits: for the services part, or behind
    // the one-tag script's element in <head>, which steps aside for it only once the page is parsed.
    if (this.googleConsentMode) pushConsentDefault();
    // One that left the page in this task (a framework replacing it) is on its way out: no deferring to it.
    // One still waiting for the services part decides too, once it is in.
    if (primary !== this && (primary?._stops || primary?._starting) && primary.isConnected) {
      // One page, one decision: a second element would answer every trigger and record it twice. One still started
      // (taken out and put back in the task another came in) stops, as its disconnect would have, and hides what it showed.
      this._banner = this._preferences = false;
      this._stop();
      deferring.add(this);
      // Told once the page is parsed: by then the one-tag script's element may have stepped aside for this one (src/iife.ts).
      whenParsed(() => {
        if (this._first) this._tell('this page has another <cookie-consent> that decides; this one renders nothing and passes its API calls to it');
      });
      return;
    }
    if (this._stops) {
      // Moved (e.g. from <head> to <body> by the one-tag script): still started, just render again.
      this._render();
      return;
    }
    // The element that decided until now (or this one, which read the cookie before the services part came).
    const from = primary;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the page's one primary element, kept by the module
    primary = this;
    // Moved while it waits for the services part (below): it starts once that is in.
    if (this._starting) return;
    const services = this._needServices();
    // Also while the services part loads (below), `consent` and `has()` answer from the stored decision at once:
    // one that answers every <cookie-service> child, as the part will require.
    // The first 64, as the part takes them (`readServices`).
    const named = services ? Array.from(this.querySelectorAll(':scope > cookie-service'), (child) => child.getAttribute('name') ?? child.getAttribute('preset')!).slice(0, MAX_CATEGORIES) : [];
    this._decision = this._read(from, named);
    if (services) {
      // Services are configured: the element decides nothing until it knows them (services.ts, a part of its
      // own). Decisions asked for meanwhile wait (`_decide`); the decision is read again once it is in.
      // No decision stored, or one that does not answer every service: the banner will show, so the view loads beside
      // the part, not after it.
      if (!named.every((id) => this._decision && isDecided(this._decision, id))) this._needView();
      // Taking over: Google is not left with another element's grant while this one waits.
      if (this.googleConsentMode) withholdConsentMode(this._host);
      // The page's triggers work meanwhile, as the API calls they stand for: a link does not navigate, nor a form submit.
      // Only while this one decides: one that took its place listens itself, and once none does (this one left the page
      // while it waited) a link navigates and a button submits again.
      const unwatch = watchTriggers(this._onTrigger, this._warn, () => primary === this);
      this._starting = services.then(() => {
        unwatch();
        this._starting = undefined;
        if (primary === this && this.isConnected && !this._stops) this.connectedCallback();
      });
      return;
    }
    // Started from here on (for a move, and for a second element). While the page is parsed, the element is in its
    // markup (or the one-tag script's): it starts at once, before the parser runs the next script. One a script adds
    // later (a framework) starts in the microtask after, as a Lit element first renders then: with the properties
    // that script sets right after adding it (Angular binds them so), before anything is released. A decision asked
    // for meanwhile starts it on the spot (`_decide`).
    this._stops = [];
    if (document.readyState === 'loading') return this._start();
    // Read again at start-up, with that task's properties.
    this._from = [from];
    queueMicrotask(() => this._start());
  }

  /**
   * The stored decision that counts with the current settings (and answers each of `named`), unless the element
   * that decided until now (`from`, or the last one that left the page) holds a newer one for the same cookie that
   * the browser never kept: a decision that lived only in memory, because its cookie was refused (though an earlier
   * one was kept). One whose cookie was read and is gone was deleted.
   */
  private _read(from: CookieConsent | undefined, named: string[] = []): Consent | null {
    const stored = this._store.read();
    const [key, unkept] = from?._unkept ?? last ?? [];
    const left = key === this._cookieKey ? unkept : null;
    const decision = left && left.timestamp > (stored?.timestamp ?? 0) ? left : stored;
    // One that does not answer each of `named` is no whole answer until the services part is in (a grant of a category
    // may not cover a service added since): meanwhile only its refusals count, which opt-out would otherwise grant.
    return freeze(decision && model.current(this._model, decision) ? (named.every((id) => isDecided(decision, id)) ? decision : model.refusals(decision)) : null);
  }

  /** Start-up, once per connect: with the properties set so far, or when a decision is asked for before. */
  private _start(): void {
    // Started already, or left the page meanwhile (its disconnect cleans up).
    if (!this.isConnected || this._stops?.length !== 0) return;
    // Started a task after the connect (or by a decision asked for in it): read again with the properties set since.
    if (this._from) this._decision = this._read(this._from[0]);
    this._from = undefined;
    // Only when something was asked for: on a returning visit the page runs none of the decision code (each function run
    // holds its feedback in the page's heap).
    const before = queued && this._granted();
    // GPC is decided before release/ and Consent Mode look, so that even `opt-out` never releases first.
    // It answers what is still undecided; what the visitor granted themselves stays granted.
    const check = this._gpc();
    // The decisions asked for while the services part loaded (or before start-up), made as one on it (`_queue`): before
    // release/, Consent Mode and receipts look, so that what a later one refused never loads, not even in `opt-out`. The
    // one announced and sent as a receipt is theirs, with the source of the last (a grant() is no GPC refusal).
    const made = queued && this._record((id) => this._fold(id));
    // From the cookie alone, before anything else: a first visit starts loading the view now, so that its
    // request and its compiling run beside the rest of start-up (the release, Consent Mode, the listeners).
    if (this._asks) this._needView();
    // Consent Mode's update for a stored decision before the release: the tags already in the page run as it releases.
    this._startConsentMode();
    this._stops!.push(connectRelease(this._host));
    // Before the GPC refusal is announced, so that it gets its receipt too.
    this._stops!.push(
      connectReceipts(this._host, () => this._settings.receiptUrl, () => (this._announced?.id === this._synced ? null : this._announced), () => this._part('receipts', 'receipts are not sent')),
      watchTriggers(this._onTrigger, this._warn),
    );
    // <cookie-service> children parsed (or added by a framework) after start-up change what is configured, and so do
    // their texts edited in place (a framework changes a text node's data). Its own attributes are properties, handled
    // as such: a `theme` change must not re-judge the banner.
    const children = new MutationObserver((records) =>
      records.some((record) => record.type === 'childList' || (record.type[0] === 'a' && record.target !== this))
        ? this._change('services')
        : // A text edited in place changes what the view says, not what is configured: a banner the visitor opened stays.
          records.some((record) => record.type[0] === 'c') && this._render(),
    );
    children.observe(this, { childList: true, subtree: true, attributes: true, characterData: true });
    this._stops!.push(() => children.disconnect());
    this._connectTabs();
    this._stops!.push(() => {
      this._tabs?.stop();
      this._tabs = undefined;
    });
    // Announced, and told to the other tabs, as one decision on the GPC refusal of what was open.
    if (made) this._done(before!, made, true);
    // Nothing was released before start-up, so the GPC refusal alone grants and revokes nothing.
    else if (check) {
      this._announce(new Set(this._granted()));
      check();
    }
    this._show(this._asks, this._preferences);
    if (this._banner) (window.requestIdleCallback ?? setTimeout)(() => (this._spareId ??= newDecisionId()));
    this._scheduleReady();
  }

  /** @internal */
  disconnectedCallback(): void {
    // A move disconnects and reconnects in the same task: stop only if still out of the page after it.
    queueMicrotask(() => {
      if (inPage(this)) return;
      deferring.delete(this);
      this._stop();
      // The next element on the page takes over, also from one that left while it waited for the services part.
      if (primary !== this) return;
      const [next] = deferring;
      // Still primary while the next starts: it takes this one's decision.
      if (next) {
        deferring.delete(next);
        next.connectedCallback();
      } else {
        primary = undefined;
        // An SPA may mount the next one in a later task: a refusal this page view holds only in memory must not be lost to
        // it. Its refusals only: with no element, this page hears no other tab, where the visitor may have withdrawn a grant.
        const [key, unkept] = this._unkept;
        last = [key, unkept && model.refusals(unkept)];
      }
    });
  }

  /**
   * Stops what start-up started (the release, Consent Mode, the listeners), if it is started, and has the view
   * render: out of the page it shows nothing and lets go of the page (src/view/index.ts `_listen`), started or not.
   */
  private _stop(): void {
    for (const stop of this._stops ?? []) stop();
    this._stops = undefined;
    this._view?.update();
  }

  /**
   * The element that decides, while this one defers to it, or while this one is out of the page and another
   * decides: a page that swaps its <body> (Turbo) leaves scripts holding the old element, whose answers went
   * stale, from the swap on (it stops only in a microtask).
   */
  private get _first(): CookieConsent | undefined {
    return primary === this ? undefined : primary;
  }

  /**
   * Loads the services part (services.ts) when a `<cookie-service>` child needs it and no one has tried yet;
   * settles once it is in (and the configuration is read again with it), or could not be loaded (`null`).
   */
  private _needServices(): Promise<void> | undefined {
    if (servicesPart !== undefined || !this.querySelector(':scope > cookie-service')) return;
    // Tried once per page: without it the element works on its categories alone.
    return (servicesLoad ??= this._part('services', 'services are unknown, what waits for one stays blocked').then((part) => void (servicesPart = part ?? null))).then(() =>
      this._change('services'),
    );
  }

  /** A property (or `lang`) changed: validate again on next use, and act on it once the current task's changes are in. @internal */
  _change(name: string): void {
    if (!this._changed) {
      // What counted before this task's changes, to announce what they grant or revoke (`_apply`).
      if (this._stops?.length) this._was = [this._granted(), this.consent, this._decision];
      this._changed = new Set();
      this._applied = Promise.resolve().then(() => this._apply());
    }
    this._config = undefined;
    this._changed.add(name);
  }

  private _apply(): void {
    const changed = this._changed!;
    const was = this._was;
    this._changed = this._applied = this._was = undefined;
    // Not started when the changes began: start-up read every property as it was then.
    if (!was || !this._stops?.length) return;
    // A <cookie-service> added after start-up (by a framework): its part comes first, then this again.
    if (changed.has('services')) void this._needServices();
    if (changed.has('googleConsentMode')) this._startConsentMode();
    // Another cookie: the decision is what it holds, and the other tabs talk on its channel.
    const cookie = changed.has('cookieName') || changed.has('cookiePath') || changed.has('cookieDomain');
    const [before, consent, decision] = was;
    if (cookie || ['categories', 'services', 'revision', 'expiresDays', 'mode', 'ignoreGpc'].some((name) => changed.has(name))) {
      const stored = this._store.read((decision) => !!model.current(this._model, decision));
      // One made since the change was recorded with it: it stays. One made before on this page stays while it counts
      // and is newer than the stored one (the browser may have refused its cookie), unless it was for another cookie.
      if (this._decision === decision && (cookie || (stored && !(model.current(this._model, decision) && decision!.timestamp > stored.timestamp)))) this._decision = freeze(stored);
      if (cookie) this._connectTabs();
      const check = this._gpc();
      // As a decision is: release/, Consent Mode and receipts act on it.
      const { granted, revoked } = model.difference(before, this._granted());
      // Compared by id: the cookie read again holds the same decision in a new object when nothing changed.
      if (check || this.consent?.id !== consent?.id || granted.length + revoked.length) this._announce(before);
      check?.();
      // It asks again, or stops asking.
      this._banner = this._asks;
    }
    this._render();
  }

  /** Records Global Privacy Control's refusal of what is undecided, where it applies; returns the cookie's check (`_record`). */
  private _gpc(): (() => void) | null {
    return this._asks && this._model.gpc ? this._record((id) => model.refuseOpen(this._model, this._decision, id)) : null;
  }

  /** Listens to the site's other tabs on the current cookie's channel (tabs.ts). */
  private _connectTabs(): void {
    this._tabs?.stop();
    this._tabs = connectTabs(this._settings.cookie.name, this._sync);
  }

  /**
   * Google Consent Mode, once asked for: at start-up, or when turned on later (the one-tag script gives
   * the page's element its `data-google-consent-mode`, see src/iife.ts). Turning it off needs a restart.
   */
  private _startConsentMode(): void {
    if (!this.googleConsentMode || !this._stops || this._consentMode) return;
    const stop = connectConsentMode(this._host);
    this._consentMode = true;
    this._stops.push(() => {
      stop();
      this._consentMode = false;
    });
  }

  private _show(banner: boolean, preferences: boolean): void {
    this._banner = banner;
    this._preferences = preferences;
    this._render();
  }

  /** Shows what is to be shown: through the view, loaded on first need. */
  private _render(): void {
    // With `settings-button`, a decision shows the button: the view loads on every page view then.
    if (this._view || this._banner || this._preferences || (this.settingsButton && this._decision)) this._needView();
  }

  /**
   * Has the view show what is to be shown, loading it once first. When it cannot be loaded (404, offline,
   * blocked by a policy) the page still works: tagged content stays blocked, the API still records
   * decisions, and one warning says why.
   */
  private _needView(): void {
    if (this._view) return this._view.update();
    // The visitor's language file, fetched beside the view rather than after it. In a microtask: a site's module
    // that imports the package and registers that language's texts (registerTexts) has run by then, so no fetch.
    if (!this._viewLoad) queueMicrotask(() => prefetchTexts(this));
    this._viewLoad ??= this._part('view', 'nothing can be shown; tagged content stays blocked unless the API decides').then((module) => {
      this._view = module?.mountView(this._host);
    });
  }

  /**
   * Loads a part (parts.ts), a file beside the script; when it cannot be loaded (404, offline, a blocking
   * policy), settles with `undefined` and warns once with what the page does without it.
   */
  private _part<K extends keyof Parts>(name: K, without: string): Promise<Parts[K] | undefined> {
    return loadPart(name).catch((error: unknown) => void this._tell(`could not load cookie-consent-${name}.js beside the script (${error}): ${without}`));
  }

  /**
   * What release/, signals/ and the view ask of the element, each in an interface of its own (`ReleaseHost`,
   * `ConsentModeHost`, `ReceiptsHost`, src/view/host.ts): one plain object with plain names, made once.
   */
  private get _host(): Host {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- getters of a plain object
    const element = this;
    return (this._hostObject ??= {
      element,
      get nonce() {
        return element.nonce;
      },
      get waits() {
        return element.parentNode === document.head;
      },
      get settings() {
        return element._settings;
      },
      get categoryIds() {
        return element._settings.categories;
      },
      get ids() {
        return element._ids;
      },
      get consent() {
        return element.consent;
      },
      get google() {
        return servicesPart?.googleTypes(element._settings.services, (id) => element._child(id), (id) => element.has(id));
      },
      get banner() {
        return element._banner;
      },
      // The dialog asked for while the services part loads opens once it is in, with them.
      get preferences() {
        return element._preferences && !element._starting;
      },
      get settingsButton() {
        return element.settingsButton && !!element._decision;
      },
      get reloadOnRevoke() {
        return element.reloadOnRevoke;
      },
      get texts() {
        return element._shown?.[0];
      },
      get language() {
        return element._shown?.[1];
      },
      has: (id) => this.has(id),
      decide: (granted, source) => this._decide(granted, source),
      grant: (ids, source) => this._grant(ids, source),
      showPreferences: () => this.showPreferences(),
      closed: (which) => (which === 'banner' ? this._show(false, this._preferences) : this._show(this._banner, false)),
      shown: (texts, language) => (this._shown = [texts, language]),
      cookiesOf: (id) => this._cookiesOf(id),
      presetCookies: (preset) => servicesPart?.presetCookies(preset) ?? Promise.resolve([]),
      // The view shows it (and loads the placeholders' own file on first need).
      placeholderShown: () => this._needView(),
      embeds: () => (this._embeds ??= this._part('embeds', 'tagged iframes, images and media stay blocked')),
      addEventListener: this.addEventListener.bind(this),
      removeEventListener: this.removeEventListener.bind(this),
      dispatchEvent: this.dispatchEvent.bind(this),
    });
  }

  /** `grant()`, with where it came from. */
  private _grant(categories: readonly string[], source: ConsentSource): void {
    const ids = this._valid(categories, 'grant()');
    if (ids.length) this._decide(null, source, ids);
  }

  /** The valid ids of `ids`; each invalid one is reported (a missing one too: its text, "undefined", is no id the site gave). */
  private _valid(ids: readonly unknown[], where: string): string[] {
    return ids.filter((id) => CATEGORY_ID.test(text(id ?? '')) || (this._warn(where, id, IDS), false)).map(String);
  }

  /**
   * Records a decision granting `granted` and refusing `refused`, by default the other configured categories (or,
   * with `granted` null, granting `added` on top of the current decision), then announces it.
   */
  private _decide(granted: Iterable<string> | null, source: ConsentSource, added?: readonly string[], refused?: string[]): void {
    const list = granted && [...granted];
    // Asked for before the element knows the page's services: recorded once it does, so it answers them too (`_queue`).
    // What it refuses is what was configured when asked: a category a service adds meanwhile was never offered, so it
    // stays for the banner.
    if (this._starting && list) refused = this._settings.categories.filter((category) => !list.includes(category));
    const call: Call = (settings, decision, id) => (list ? model.decide(settings, list, source, id, refused) : model.grant(settings, decision, added!, source, id));
    // As a decision closes the banner and the dialog at once, so does one asked for meanwhile (it shows again if still asked).
    if (this._starting) {
      this._show(false, false);
      return this._queue(call, !!list);
    }
    this._make(call);
  }

  /**
   * Keeps a decision (`call`) asked for while the services part loads, for the element that decides once it is in (this
   * one may have been replaced meanwhile), which makes those queued as one decision at its start-up (`_fold`). One that
   * stands `alone` (acceptAll(), rejectAll(), acceptCategories(), reset(), a trigger) makes those before it moot: only
   * what the last one leaves is recorded, released, announced and told to the other tabs; a grant() adds to the one before.
   */
  private _queue(call: Call, alone: boolean): void {
    if (!queued) void this._starting!.then(() => (this._first ?? this)._flush());
    queued = [...(alone ? [] : (queued ?? [])), call];
  }

  /** Once the services part is in: starts, making the queued decisions, or makes them on this element that started before. */
  private _flush(): void {
    this._start();
    if (queued) this._make((_settings, _decision, id) => this._fold(id), true);
  }

  /** The decision that the queued calls make (`_queue`), each on the one before, from the current one; empties the queue. */
  private _fold(id: string): Consent | null {
    const calls = queued!;
    queued = undefined;
    return calls.reduce((decision, call) => call(this._model, decision, id), this._decision);
  }

  /** Records the decision that `call` makes on the current one (`null`: none, as reset() leaves) and acts on it (`_done`). */
  private _make(call: Call, keep?: boolean): void {
    // Asked for before start-up (a script that adds the element and decides in one task): start-up records it before
    // anything is released, as one asked for while the services part loads.
    if (this._stops?.length === 0 && this.isConnected) {
      // As a decision closes the dialog at once (one asked for while the services part loads too, `_decide`).
      if (!keep) this._preferences = false;
      queued = [...(queued ?? []), call];
      return this._start();
    }
    this._start();
    this._outside();
    const before = this._granted();
    this._done(before, this._record((id) => call(this._model, this._decision, id)), keep);
  }

  /**
   * Acts on the decision just recorded: shows what it asks for (a decision closes the preferences dialog, unless
   * `keep`), tells the other tabs and announces what changed since `before`; `check` reads the cookie back.
   */
  private _done(before: Set<string>, check: () => void, keep?: boolean): void {
    const decision = this._decision;
    this._show(this._asks, !!keep && this._preferences);
    // Queued before the announcement: a decision that a listener makes meanwhile reaches the other tabs after this.
    // A reset tells when it was (`_sync`).
    this._post(decision ? encodeConsent(decision) : RESET + this._resetAt);
    this._announce(before);
    // Reading the cookie back waits on the browser's cookie store, and the browser renders the next
    // frame (and so runs the scripts just released) only after this task: it comes once the page is
    // idle. A newer decision, or the element's removal, makes it moot.
    (window.requestIdleCallback ?? setTimeout)(() => this._stops && this._decision === decision && check());
  }

  /**
   * Sets the cookie and the decision that `make` makes with a new id (`null`: deletes the cookie); returns the check that the
   * browser kept the cookie, to call once the decision is announced: reading the cookie back need not delay what the decision releases.
   */
  private _record(make: (id: string) => Consent | null): () => void {
    const consent = make((this._spareId ??= newDecisionId()));
    const store = this._store;
    if (consent) {
      this._spareId = undefined;
      store.write(consent);
    } else {
      // Before the deletion, which another tab may see and decide after in the same millisecond.
      this._resetAt = Date.now();
      store.clear();
    }
    this._decision = freeze(consent);
    // When the browser refuses the cookie, the store warns and the decision still holds for this page view.
    return () => consent && store.check(consent);
  }

  /**
   * Tells the site's other tabs (tabs.ts), in a microtask: after what this page releases on the decision, which
   * the visitor waits for. Queued before the decision is announced, so that one a listener makes meanwhile
   * reaches them after it, as it was made.
   */
  private _post(message: string): void {
    // The channel of now: the element may leave in this task (tabs.ts closes it only after what is queued).
    const tabs = this._tabs;
    this._posting = message;
    // Only the last of the decisions made in one task (a listener's narrowing an Accept all, two calls in a row): the
    // other tabs would act on the earlier ones first (release, load, request) though their cookie jar has the last one.
    queueMicrotask(() => this._posting === message && tabs?.post(message));
  }

  /** Dispatches `consent-change` with what changed since `before` (the result of `_granted()`). */
  private _announce(before: Set<string>): void {
    const after = this._granted();
    const next: [ConsentChangeDetail, Consent | null] = [{ consent: this.consent, ...model.difference(before, after) }, model.current(this._model, this._decision)];
    // Announced from here: property changes of this task that `_apply()` has still to act on compare with it.
    if (this._was) this._was = [after, this.consent, this._was[2]];
    // A decision made by a listener meanwhile goes out after this one, to every listener: one announced in the
    // middle of it would reach the listeners after that one first, and the stale one last.
    if (this._announcing) return void this._announcing.push(next);
    this._announcing = [next];
    for (const [detail, decision] of this._announcing) {
      this._announced = decision;
      this._emit('consent-change', detail);
    }
    this._announcing = undefined;
  }

  /** Dispatches one of the element's events: it bubbles, and leaves a shadow tree the element is in. */
  private _emit<T>(type: string, detail: T): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  /** The optional categories that `has()` grants now: the configured ones and any other the decision grants. */
  private _granted(): Set<string> {
    return model.granted(this._model, this._decision);
  }

  /**
   * `consent-ready` goes out once the document is parsed (DOMContentLoaded) or, when it already is,
   * in a task after start-up: either way after every classic script that comes later in the page,
   * and, when the element starts from a module or deferred script, after the later ones too.
   */
  private _scheduleReady(): void {
    if (this._ready) return;
    this._ready = true;
    whenParsed(() => {
      // Removed meanwhile: try again on the next connect.
      this._ready = !!this._stops;
      if (!this._ready) return;
      this._emit<ConsentReadyDetail>('consent-ready', { consent: this.consent });
    });
  }

  private _onTrigger = (action: TriggerAction): void => {
    if (action === 'preferences') this.showPreferences();
    else if (action === 'reject-all') this._decide([], 'trigger');
    // Markup in user content (a comment, a post) survives sanitizers with its data- attributes: unless the
    // site says its triggers are its own, one must not be able to record consent.
    else if (action === 'banner' || !this.grantTriggers) {
      if (action !== 'banner') this._warn('data-cookie-consent', action, 'grant-triggers on <cookie-consent> to let it grant; the banner opens instead');
      this.showBanner();
    } else this._decide(this._settings.categories, 'trigger');
  };

  /** Applies a decision that another tab made or stored (src/element/tabs.ts): announced and acted on like one made here. */
  private _sync = (message: string | undefined): void => {
    const store = this._store;
    const { kept } = store;
    const decision = this._decision;
    // Since this tab's reset, a message counts only for what came after it (on focus the cookie tells, as a reload would).
    const time = decision?.timestamp ?? (message === undefined ? 0 : (this._resetAt ?? 0));
    const reset = message?.[0] === RESET;
    // A decision this tab made after another tab's reset (whose message came only now) stands; one of the same
    // millisecond too, as the other tab takes it (the reset's time is taken before its cookie is deleted).
    if (reset && time >= +message.slice(1) && time <= Date.now()) return;
    // The message carries the decision: this tab's copy of the cookie jar may not have the new cookie yet.
    let stored = message && !reset ? decodeConsent(message) : store.read((decision) => !!model.current(this._model, decision));
    // A reset's message may come before its deletion has reached this tab's cookie jar: only a decision there that is
    // newer than this tab's (another tab's, made since) outlives it.
    if (reset && stored && stored.timestamp <= time) stored = null;
    // No cookie: refused (this decision was never read here), and the decision holds for the page view; or deleted
    // behind this tab's back (the site's server, the visitor, a sibling site), and it is forgotten, as by another tab's reset().
    const deleted = () => message === undefined && kept === decision?.id && !store.read();
    // An older message lost to this tab's later decision. On focus the cookie is what a reload would read: once this
    // tab's decision was in it, another one there replaced it, though its clock says earlier (the site's server's
    // clock behind the browser's, a clock set back); one never kept (cookie refused) holds against older copies.
    const older = (stored?.timestamp ?? 0) < time && (message !== undefined || kept !== decision?.id);
    if (stored ? !model.current(this._model, stored) || stored.id === decision?.id || older : !decision || (!reset && !deleted())) return;
    const before = this._granted();
    this._decision = freeze(stored);
    if (message && !reset) this._lookFor(stored!.id, 10);
    this._synced = stored?.id;
    this._show(this._asks, this._preferences);
    this._announce(before);
  };

  /**
   * Reads the cookie for the decision `id` that another tab told of, which makes it `kept` when this tab finds it there
   * (another tab's copy at another path or domain it may not see). The message can come before the cookie reaches this
   * tab's cookie jar: while this tab holds the decision, it looks again every 100 ms, `tries` times more.
   */
  private _lookFor(id: string, tries: number): void {
    if (this._decision?.id === id && !this._store.read((found) => found.id === id) && tries) setTimeout(() => this._lookFor(id, tries - 1), 100);
  }

  /** The configured categories and services. */
  private get _ids(): string[] {
    const { categories, services } = this._settings;
    return [...categories, ...Object.keys(services)];
  }

  /**
   * The cookie patterns of a category or service (its `cookies` attribute), and for a preset the promise of
   * its own list (`presets/cookies.json`, services.ts): at hand at once when the visitor decided in the view,
   * which fetched it; a `reload-on-revoke` waits for it a second at most (release/).
   */
  private _cookiesOf(id: string): Array<string | Promise<readonly string[]>> {
    const child = this._child(id);
    const preset = child?.localName === 'cookie-service' && child.getAttribute('preset');
    const own = (child?.getAttribute('cookies') ?? '').split(/[\s,]+/).filter(Boolean);
    return preset && servicesPart ? [...own, servicesPart.presetCookies(preset)] : own;
  }

  /** Whether the banner must ask: there is no valid decision (a configured category has no answer). */
  private get _asks(): boolean {
    return model.asks(this._model, this._decision);
  }

  /** The settings the decision logic (decision.ts) judges by. */
  private get _model(): model.DecisionSettings {
    // `ignoreGpc` from the snapshot as the rest: a change is compared with what counted before it (`_change`).
    const { categories, revision, cookie, mode, services, ignoreGpc } = this._settings;
    return {
      categories,
      revision,
      expiresDays: cookie.expiresDays,
      mode,
      // Read only when a rule needs it (no decision yet, or opt-out): a returning visitor's page never
      // touches `navigator`, whose bindings alone take 16 KB of the page's heap.
      get gpc() {
        return !ignoreGpc && gpcRequested();
      },
      services,
      tie: servicesPart?.tieServices,
    };
  }

  /** The validated configuration, computed again after any property change. */
  private get _settings(): Settings {
    if (!this._config) {
      const config = readConfig(this, this._warn);
      this._config = { ...config, ignoreGpc: this.ignoreGpc, services: servicesPart?.readServices(this, config.categories, this._warn) ?? {} };
    }
    return this._config;
  }

  /**
   * This element's decision when the browser never kept its cookie (refused: not read there since it was made, nor now),
   * with the cookie settings it was for: see `_read()`.
   */
  private get _unkept(): [string | undefined, Consent | null] {
    const decision = this._decision;
    const store = this._store;
    return [this._cookieKey, decision && store.kept !== decision.id && !store.read((found) => found.id === decision.id) ? decision : null];
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

  private _warn: Warn = (attribute, value, expected) =>
    this._tell(`ignoring ${attribute} "${typeof value === 'number' ? (this.getAttribute(attribute) ?? value) : text(value)}"; expected ${expected}`);

  /**
   * A decision asked of an element out of the page, with no element there to pass it to (a reference a script kept
   * to one a framework removed): stored, for the next element to read, but nothing here acts on it. Said once.
   */
  private _outside(): void {
    if (!inPage(this)) this._tell('this element is not in the page: the decision is stored, and is acted on (release, Consent Mode, receipts, other tabs) only by a <cookie-consent> in the page');
  }

  /** Warns, once per element and message. */
  private _tell(message: string): void {
    message = `<cookie-consent>: ${message}.`;
    if (!this._warned.has(message)) warn(message);
    this._warned.add(message);
  }

  /** The `<cookie-category>` or `<cookie-service>` child that configures `id`. */
  private _child(id: string): Element | undefined {
    return Array.from(this.children).find((child) => (child.localName === 'cookie-category' ? child.getAttribute('name') : child.localName === 'cookie-service' && (child.getAttribute('name') ?? child.getAttribute('preset'))) === id);
  }
}

// The properties, as accessors on the prototype: one loop instead of fifteen getter and setter pairs.
for (const [name, fallback] of PROPERTIES) {
  Object.defineProperty(CookieConsent.prototype, name, {
    get(this: CookieConsent) {
      return Object.hasOwn(this._values, name) ? this._values[name] : fallback;
    },
    set(this: CookieConsent, value: unknown) {
      this._values[name] = value;
      // `theme` is reflected: the view's palette hangs on the attribute.
      if (name === 'theme') {
        if ((value ?? null) === null) this.removeAttribute(name);
        else if (this.getAttribute(name) !== text(value)) this.setAttribute(name, text(value));
      }
      this._change(name);
    },
  });
}

/** A property's attribute: its name in kebab case. */
function attributeOf(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => '-' + letter.toLowerCase());
}

/** The validated configuration with the configured services (CONTRACT §9), each with its category. */
type Settings = Config & { ignoreGpc: boolean; services: Record<string, string> };

/** The element as release/, signals/ and the view see it. */
type Host = ReleaseHost & ConsentModeHost & ReceiptsHost & ViewHost;

/** The services part (services.ts), once a page that configures services has loaded it; `null` when it could not. */
let servicesPart: ServicesPart | null | undefined;
let servicesLoad: Promise<void> | undefined;
/** A decision asked for while the services part loads, made on the decision before it by the element that decides then. */
type Call = (settings: model.DecisionSettings, decision: Consent | null, id: string) => Consent | null;
/** The decisions asked for while the services part loads, in order (`_queue`). */
let queued: Call[] | undefined;

/** The element that decides for the page, and the others, which wait to take over (CONTRACT section 3). */
let primary: CookieConsent | undefined;
/** What the last element that decided held only in memory when it left the page, with no other to take over (`_unkept`). */
let last: [string | undefined, Consent | null] | undefined;
const deferring = new Set<CookieConsent>();

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
 * Whether DOMContentLoaded has started, when this module can know it: it ran while the page was still being
 * parsed (a classic script) and listens for it. Otherwise `undefined`, and the navigation timing tells.
 */
let contentLoaded: boolean | undefined;
if (globalThis.document?.readyState === 'loading') {
  contentLoaded = false;
  document.addEventListener('DOMContentLoaded', () => (contentLoaded = true), { once: true });
}

/**
 * Whether DOMContentLoaded is still to come. While deferred and module scripts run, `readyState` is
 * already "interactive"; the navigation timing tells whether the event has started yet. It is asked
 * only when this module ran after parsing: on a returning visitor's page reading it would instantiate the
 * Performance interfaces' bindings, 15 KB of heap for one boolean.
 */
function parsing(): boolean {
  if (contentLoaded !== undefined) return !contentLoaded;
  if (document.readyState === 'loading') return true;
  if (document.readyState !== 'interactive') return false;
  const [navigation] = performance.getEntriesByType?.('navigation') ?? [];
  return (navigation as PerformanceNavigationTiming | undefined)?.domContentLoadedEventStart === 0;
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
