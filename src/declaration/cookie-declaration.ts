/**
 * `<cookie-declaration>`: the cookie table of a privacy policy page, written from the page's
 * `<cookie-consent>` configuration. A separate bundle (dist/cookie-declaration.js): only the policy page
 * loads it, never the pages that only need the banner.
 */
import { LitElement, css, html, nothing } from 'lit';
import { readConfig, type Config } from '../element/config.js';
import { readServices } from '../element/services.js';
import type { CookieConsent } from '../element/cookie-consent.js';
import { PRESETS } from '../presets/data.js';
import { en } from '../view/texts/en.js';
import { loadTexts, resolveLanguage } from '../view/texts/load.js';
import type { Texts } from '../view/texts/texts.js';
import { DECLARATION_TEXTS, type DeclarationTexts } from './texts.js';
import { warn } from '../warn.js';

type Banner = CookieConsent;

/** A preset's texts in one language (dist/presets/<code>.json). */
type PresetTexts = Record<string, { label?: string; description?: string } | undefined>;

/** A service of the banner (`<cookie-service>`, CONTRACT §9): who provides it, what for, its cookies. */
interface Service {
  label: string;
  description: string;
  cookies: string[];
  /** Those of `cookies` its preset brings. */
  preset: readonly string[];
}

/**
 * One row of the data file: platform, purpose, retention (dist/cookie-data.json, from the Open Cookie Database),
 * and, where the row is another site's cookie of a plain name (`sessionid`: Instagram's), its category there.
 */
type Known = [provider: string, purpose: string, retention: string, category?: string];
interface CookieData {
  exact: Record<string, Known>;
  prefix: Record<string, Known>;
}

interface Row {
  name: string;
  provider: string;
  purpose: string;
  /** The language `purpose` is in, when it is not the page's. */
  purposeLang?: string;
  lifetime: string;
}

const UNITS = ['second', 'minute', 'hour', 'day', 'week', 'month', 'year'];
/** What `<cookie-consent>` sends on start-up and on every decision, bubbling and composed (CONTRACT §5). */
const EVENTS = ['consent-ready', 'consent-change'];

/**
 * @summary A table of every cookie the site's `<cookie-consent>` names, by category, with the visitor's
 * current choice and a button to change it. Speaks the banner's language.
 *
 * Categories, labels and descriptions come from `<cookie-consent>` and its `<cookie-category>` children
 * (`<cookie-category name="necessary" cookies="…">` lists the necessary ones); the consent cookie is always
 * listed. Each `<cookie-service>` of the banner adds its cookies to its category, its preset's too, with the
 * service as provider and its purpose (from the preset's texts in `presets/` beside this script, in the
 * banner's language). Provider, purpose and lifetime come from the site's `<cookie-info>` children of this
 * element, else from the Open Cookie Database (`cookie-data.json` beside this script): for a name of letters and
 * digits alone that the database knows only as another site's cookie (`sessionid`, Instagram's), only where the
 * site declares it in that row's category and it needs consent (`IDE` under `marketing`).
 *
 * @attr for - The id of the `<cookie-consent>` element (default: the first one in the document, the one that decides); naming another, which defers to it, warns once.
 * @attr data-src - The URL of the cookie data file (default: `cookie-data.json` beside this script); `none` to use none.
 *
 * @csspart category - Each category's section.
 * @csspart table - Each category's table.
 * @csspart choice - The line with the visitor's current choice (a `<dl>` of a line per service when they differ).
 * @csspart change - The button that opens the preferences dialog.
 */
export class CookieDeclaration extends LitElement {
  static override properties = {
    for: {},
    dataSrc: { attribute: 'data-src' },
    _data: { state: true },
    _tick: { state: true },
  };

  static override styles = css`
    :host { display: block; }
    table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1.5em; }
    th, td { text-align: start; vertical-align: top; padding: 0.35em 0.5em; border-bottom: 1px solid color-mix(in srgb, currentColor 20%, transparent); }
    td:first-child { font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
    dl { display: grid; grid-template-columns: auto 1fr; gap: 0.25em 1em; }
    dd { margin: 0; }
  `;

  /** The id of the `<cookie-consent>` element to describe. */
  for = '';
  /** The URL of the cookie data file, or `none`. */
  dataSrc = '';
  private _data: CookieData | null = null;
  private _tick = 0;
  private _banner: Banner | null = null;
  /** Whether it waits for the page's load to tell a missing `<cookie-consent>`. */
  private _waiting = false;
  /** Whether it said that `for` names no element that decides. */
  private _told = false;
  /** The banner's texts and language, as its view would show them. */
  private _texts: Texts = en;
  private _language = 'en';
  /** The presets' texts in `_language`, once loaded (only when the banner names a preset). */
  private _presets: PresetTexts = {};

  override connectedCallback(): void {
    super.connectedCallback();
    // The banner's events bubble out of it (composed): heard on the document, they also bring a <cookie-consent>
    // a framework adds after this element. Captured, so that no listener of the page stops them first.
    for (const type of EVENTS) document.addEventListener(type, this._heard, true);
    // The page's first <cookie-consent> decides (CONTRACT §3): one that `for` names after it defers (warned).
    customElements.whenDefined('cookie-consent').then(() => this._banner?.isConnected || this._attach(document.querySelector('cookie-consent')), () => {});
    // Told once, when the page has loaded without one: by then the site's own scripts have run.
    if (!this._waiting) {
      this._waiting = true;
      if (document.readyState === 'complete') setTimeout(this._check);
      else addEventListener('load', this._check, { once: true });
    }
    this._load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const type of EVENTS) document.removeEventListener(type, this._heard, true);
  }

  private _attach(banner: Element | null): void {
    if (typeof (banner as Banner | null)?.has !== 'function' || typeof (banner as Banner).showPreferences !== 'function') return;
    this._banner = banner as Banner;
    if (this.for && banner!.id !== this.for && !this._told) {
      this._told = true;
      warn(`<cookie-declaration>: for="${this.for}" names no <cookie-consent> that decides on this page; it shows the one that does`);
    }
    this._refresh();
  }

  /**
   * A `<cookie-consent>` event: the one shown changed, or another one decides. Only the element that decides
   * sends them; one that defers to it (a second one on the page, CONTRACT §3) never does, and its configuration
   * is not the one the visitor is asked about: the declaration follows the one that decides.
   */
  private _heard = (event: Event): void => {
    const banner = event.composedPath()[0] as Element;
    if (banner === this._banner) this._refresh();
    else this._attach(banner);
  };

  private _check = (): void => {
    if (this.isConnected && !this._banner) {
      warn(
        customElements.get('cookie-consent')
          ? '<cookie-declaration>: no <cookie-consent> element found by the time the page loaded; it shows once one is added'
          : // Then `whenDefined` never settles, and nothing else would say why the declaration stays empty.
            '<cookie-declaration>: <cookie-consent> is not defined by the time the page loaded; load its script (cookie-consent.iife.js) on this page',
      );
    }
  };

  /** Renders again, in the banner's language (resolved and loaded as its view does). */
  private _refresh = (): void => {
    this._tick++;
    const banner = this._banner;
    if (!banner) return;
    const lang = resolveLanguage(banner);
    void loadTexts(lang).then(async (texts) => {
      const language = texts === en ? 'en' : lang;
      const presets = banner.querySelector('cookie-service[preset]') ? await loadPresetTexts(language) : {};
      this._texts = texts;
      this._language = language;
      this._presets = presets;
      this._tick++;
    });
  };

  /**
   * Service `id` of the banner (one `readServices` accepted), with what its preset adds: read from the first
   * `<cookie-service>` that configures it, the one the banner's view reads too.
   */
  private _service(banner: Banner, id: string): Service {
    const child = Array.from(banner.children).find((c) => c.localName === 'cookie-service' && (c.getAttribute('name') ?? c.getAttribute('preset')) === id)!;
    const presetId = child.getAttribute('preset') ?? '';
    const preset = Object.hasOwn(PRESETS, presetId) ? PRESETS[presetId] : undefined;
    const texts = Object.hasOwn(this._presets, presetId) ? this._presets[presetId] : undefined;
    const own = (child.getAttribute('cookies') ?? '').split(/[\s,]+/).filter(Boolean);
    return {
      label: child.getAttribute('label') || texts?.label || id,
      description: (child.textContent ?? '').replace(/\s+/g, ' ').trim() || texts?.description || '',
      cookies: [...own, ...(preset?.cookies ?? [])],
      preset: preset?.cookies ?? [],
    };
  }

  private async _load(): Promise<void> {
    if (this.dataSrc === 'none') return;
    try {
      const response = await fetch(new URL(this.dataSrc || './cookie-data.json', this.dataSrc ? document.baseURI : import.meta.url));
      const data = await response.json();
      if (data && typeof data.exact === 'object' && typeof data.prefix === 'object') this._data = data;
    } catch {
      warn('<cookie-declaration>: the cookie data file did not load; only <cookie-info> details are shown');
    }
  }

  override render() {
    const banner = this._banner;
    if (!banner) return nothing;
    const language = this._language;
    const own = DECLARATION_TEXTS[language.split('-')[0]!.toLowerCase()];
    const t = own ?? DECLARATION_TEXTS.en!;
    // Its own words in English on a page of another language: say so, as for the database's purposes.
    const words = own ? undefined : 'en';
    // The banner's configuration, checked as the banner checks it (its warnings are its own to give): its
    // categories, with those its services add, and the services it accepts, each once.
    const config = readConfig(banner, () => {});
    const services = readServices(banner, config.categories, () => {});
    return html`
      <div lang=${language}>
        ${['necessary', ...config.categories].map((id) => this._category(banner, config, services, id, t, language, words))}
        <button type="button" part="change" lang=${words ?? nothing} @click=${() => banner.showPreferences()}>${t.change}</button>
      </div>
    `;
  }

  private _category(banner: Banner, config: Config, services: Record<string, string>, id: string, t: DeclarationTexts, language: string, words: string | undefined) {
    const necessary = id === 'necessary';
    const child = Array.from(banner.children).find((c) => c.localName === 'cookie-category' && c.getAttribute('name') === id);
    const categories = this._texts.categories as Record<string, { label: string; description: string }>;
    const builtIn = Object.hasOwn(categories, id) ? categories[id] : undefined;
    const description = child?.textContent?.replace(/\s+/g, ' ').trim() || builtIn?.description;
    const names = (child?.getAttribute('cookies') ?? '').split(/[\s,]+/).filter(Boolean);
    const consentCookie = config.cookie.name;
    const rows = names.filter((name) => name !== consentCookie).map((name) => this._row(name, t, language, id));
    const label = child?.getAttribute('label') || builtIn?.label || id;
    const choice = necessary ? this._texts.alwaysOn : this._choice(banner, id, t);
    // Each line of the choice: the category's own, for the cookies it lists itself, and each service's.
    const lines = rows.length ? [[label, choice]] : [];
    // Each service of the category: its cookies, with the service as provider and its purpose, unless the site describes them itself.
    for (const serviceId of Object.keys(services).filter((s) => services[s] === id)) {
      const service = this._service(banner, serviceId);
      lines.push([service.label, this._choice(banner, serviceId, t)]);
      for (const name of service.cookies) {
        // A cookie the category, an earlier service or this one's preset lists already has its row.
        if (name === consentCookie || rows.some((row) => row.name === name)) continue;
        // A preset's cookies are its tool's (YouTube's `YSC`): the database's row of the name describes them, whatever its category.
        const row = this._row(name, t, language, service.preset.includes(name) ? undefined : id);
        const described = Array.from(this.children).some((c) => c.localName === 'cookie-info' && c.getAttribute('name') === name);
        rows.push(described ? row : { ...row, provider: service.label, purpose: service.description || row.purpose, purposeLang: service.description ? undefined : row.purposeLang });
      }
    }
    if (necessary) {
      rows.unshift({ name: consentCookie, provider: location.hostname, purpose: t.consentCookie, purposeLang: words, lifetime: formatLifetime(`${Math.round(config.cookie.expiresDays)} days`, t, language) });
    }
    return html`
      <section part="category">
        <h3 id="heading-${id}">${label}</h3>
        ${description ? html`<p>${description}</p>` : nothing}
        ${
          // Services decided apart (one allowed, one not): a line each, so that none reads "not allowed" above an allowed one's cookies.
          lines.some((line) => line[1] !== choice)
            ? html`<dl part="choice">${lines.map(([name, state]) => html`<dt>${name}</dt><dd lang=${words ?? nothing}>${state}</dd>`)}</dl>`
            : html`<p part="choice" lang=${(!necessary && words) || nothing}>${choice}</p>`
        }
        ${rows.length
          ? html`<table part="table" aria-labelledby="heading-${id}">
              <thead lang=${words ?? nothing}><tr><th scope="col">${t.name}</th><th scope="col">${t.provider}</th><th scope="col">${t.purpose}</th><th scope="col">${t.lifetime}</th></tr></thead>
              <tbody>${rows.map((r) => html`<tr><td>${r.name}</td><td>${r.provider}</td><td lang=${r.purposeLang ?? nothing}>${r.purpose}</td><td>${r.lifetime}</td></tr>`)}</tbody>
            </table>`
          : html`<p lang=${words ?? nothing}>${t.none}</p>`}
      </section>
    `;
  }

  /**
   * The visitor's choice for a category, as it stands: without a decision nothing was allowed or refused by
   * them, so the text says what holds until they choose (the site's default under `mode="opt-out"`).
   */
  private _choice(banner: Banner, id: string, t: DeclarationTexts): string {
    const granted = banner.has(id);
    if (banner.consent) return granted ? t.allowed : t.refused;
    // An embed's Allow button grants a category without deciding the rest: that one the visitor did allow.
    return granted ? (banner.mode === 'opt-out' ? t.allowedUntil : t.allowed) : t.undecided;
  }

  /**
   * A cookie's details: the site's own `<cookie-info>` first, then the database (a `prefix*` name matches a prefix
   * entry). `category` is the one the site declares the cookie in; none for a preset's cookie.
   */
  private _row(name: string, t: DeclarationTexts, language: string, category?: string): Row {
    const info = Array.from(this.children).find((c) => c.localName === 'cookie-info' && c.getAttribute('name') === name);
    const stem = name.endsWith('*') ? name.slice(0, -1) : name;
    const data = this._data;
    // A row with a category is another site's cookie (`sessionid`: Instagram's, marketing; `lang`: LinkedIn's, necessary
    // there). Any site may give its own cookie a name of letters and digits alone: such a row describes it only where the
    // site declares it in the row's category and that category needs consent, as a site that lists `IDE` under marketing
    // means Google's. Else the cookie is one the database does not know, not another site's: a site's own `sessionid`
    // under necessary is not Instagram's marketing cookie. A name with `_` or `-` (`_ga`, `_shopify_y`) is a tool's own.
    // The scanner's `plainName()` (scanner/ocd.mjs, which runs in Node only) is the same test.
    const fits = (row: Known) =>
      row[3] === undefined || category === undefined || !/^[a-z0-9]+$/i.test(stem) || (row[3] !== 'necessary' && row[3] === category);
    let known: Known | undefined;
    if (data) {
      known = Object.hasOwn(data.exact, stem) && fits(data.exact[stem]) ? data.exact[stem] : undefined;
      const prefix = Object.keys(data.prefix)
        .filter((p) => stem.startsWith(p) && fits(data.prefix[p]))
        .sort((a, b) => b.length - a.length)[0];
      known ??= prefix === undefined ? undefined : data.prefix[prefix];
    }
    const purpose = info?.textContent?.replace(/\s+/g, ' ').trim() || known?.[1] || '';
    return {
      name,
      provider: info?.getAttribute('provider') || known?.[0] || '',
      purpose,
      // The database is in English: say so, so that a German page reads it with the right voice and hyphenation.
      purposeLang: !info?.textContent?.trim() && known?.[1] && !language.startsWith('en') ? 'en' : undefined,
      lifetime: formatLifetime(info?.getAttribute('lifetime') || known?.[2] || '', t, language),
    };
  }
}

/** The presets' texts in `language` (English when that language has none), from `presets/` beside this script. */
async function loadPresetTexts(language: string): Promise<PresetTexts> {
  for (const code of language === 'en' ? ['en'] : [language, 'en']) {
    try {
      const response = await fetch(new URL(`./presets/${code}.json`, import.meta.url));
      if (response.ok) return (await response.json()) as PresetTexts;
    } catch {
      // Next language, then none: the preset ids stand in for their names.
    }
  }
  return {};
}

/** "2 years" → "2 Jahre" in German; "session" → the words for it; anything else as written. @internal */
export function formatLifetime(text: string, t: DeclarationTexts, language: string): string {
  const match = /^(\d+)\s*(second|minute|hour|day|week|month|year)s?$/i.exec(text.trim());
  if (/^sessions?$/i.test(text.trim())) return t.session;
  if (!match) return text;
  const unit = match[2]!.toLowerCase();
  try {
    return new Intl.NumberFormat(language, { style: 'unit', unit: UNITS.includes(unit) ? unit : 'day', unitDisplay: 'long' }).format(Number(match[1]));
  } catch {
    return text;
  }
}

if (globalThis.customElements && !customElements.get('cookie-declaration')) customElements.define('cookie-declaration', CookieDeclaration);

declare global {
  interface HTMLElementTagNameMap {
    'cookie-declaration': CookieDeclaration;
  }
}
