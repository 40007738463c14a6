import { direction, fill } from './fill.js';
import { adopt, css } from './css.js';
import { html, nothing, render } from 'lit/html.js';

/** What a placeholder asks of the view that defines it: the texts and labels of the current language, and the grant. */
export interface PlaceholderContext {
  /** Whether the element it belongs to is still in the page (one removed no longer speaks for the page). */
  readonly active: boolean;
  readonly language: string;
  readonly texts: { readonly placeholder: { readonly text: string; readonly allow: string } } | undefined;
  labelOf(category: string): string;
  /** The own placeholder text of what `ids` name (an embed preset's, for its one service), if any. */
  textOf?(ids: readonly string[]): string | undefined;
  /** The configured optional categories: an Allow button only for those (ids match as configured). */
  readonly categories: readonly string[];
  grant(categories: readonly string[]): void;
}

/** The view that shows placeholders on this page (one decides, src/element/cookie-consent.ts). */
let context: PlaceholderContext | undefined;

/**
 * Stands in for an iframe that waits for consent: says what it would load and for which category,
 * with a button that grants the category and loads the frame. The core (src/release/embeds.ts) puts it in
 * place of the iframe, at its size, with a `categories` and a `from` attribute (what it waits for, where
 * the frame would load from); the view defines it. Its styles are adopted
 * style sheets, so a strict `style-src` policy is kept.
 *
 * @tagname cookie-consent-placeholder
 * @summary The stand-in for an embed that waits for consent.
 * @csspart base - The group that holds the text and the button.
 * @csspart text - The explanation.
 * @csspart button - The button that grants the category and loads the embed.
 * @cssproperty --cookie-consent-placeholder-background - Background (default: a light grey, dark in dark mode).
 * @cssproperty --cookie-consent-placeholder-color - Text colour.
 * @cssproperty --cookie-consent-placeholder-accent - Button background.
 * @cssproperty --cookie-consent-placeholder-accent-color - Button text colour.
 */
export class ConsentPlaceholder extends HTMLElement {
  // One rule per line: template literals reach the bundle as written, whitespace and all.
  static styles = css`
    :host { display: inline-flex; box-sizing: border-box; max-width: 100%; overflow: auto; vertical-align: bottom; font: inherit; line-height: 1.4; background: var(--cookie-consent-placeholder-background, #eef0f3); color: var(--cookie-consent-placeholder-color, #1d2530); }
    @media (prefers-color-scheme: dark) { :host { background: var(--cookie-consent-placeholder-background, #27303b); color: var(--cookie-consent-placeholder-color, #eef0f3); } }
    div { display: flex; flex-direction: column; align-items: center; justify-content: center; justify-content: safe center; gap: 0.75em; box-sizing: border-box; max-height: 100%; margin: auto; padding: 1em; text-align: center; overflow-wrap: anywhere; }
    p { margin: 0; max-width: 40em; min-height: 1.4em; overflow: auto; }
    button { flex: none; font: inherit; cursor: pointer; padding: calc(0.5em - 1px) calc(1em - 1px); border: 1px solid transparent; border-radius: 0.25em; background: var(--cookie-consent-placeholder-accent, #1f5fbf); color: var(--cookie-consent-placeholder-accent-color, #fff); }
    .small { gap: 0.5em; padding: 0.5em; }
    .small button { padding: calc(0.25em - 1px) calc(0.75em - 1px); }
    button:focus-visible { outline: 3px solid currentColor; outline-offset: 2px; box-shadow: 0 0 0 5px var(--cookie-consent-placeholder-accent, #1f5fbf); }
  `;

  static observedAttributes = ['categories'];

  /**
   * Whether the box is small (the size of a short video or a map tile): tighter spacing. In any box the
   * button stays in sight and the text scrolls above it when it does not fit.
   */
  private _small = false;
  private _sizes?: ResizeObserver;

  connectedCallback(): void {
    // Only a box of a set size can be small: one that takes its content's size (an iframe in a hidden panel, with
    // no size of its own) grows to fit. Its border box, unlike its content box, stays the same when a scrollbar comes
    // or goes, so what the callback changes never resizes what it observes (which would be a "ResizeObserver loop"
    // error in the page). It fires once at once, so the first rendering already knows; a box in a hidden panel gets
    // its size when shown.
    if (this.style.width && this.style.height) {
      (this._sizes ??= new ResizeObserver(([entry]) => {
        const em = parseFloat(getComputedStyle(this).fontSize) || 16;
        const [size] = entry!.borderBoxSize;
        const small = size!.inlineSize < 22 * em || size!.blockSize < 11 * em;
        if (small !== this._small) {
          this._small = small;
          this.update();
        } else this._scrolls();
      })).observe(this, { box: 'border-box' });
    }
    this.update();
  }

  disconnectedCallback(): void {
    this._sizes?.disconnect();
  }

  /** What it waits for shrinks when one of its categories is granted meanwhile (release/embeds.ts). @internal */
  attributeChangedCallback(): void {
    // Before its first rendering (while it is upgraded), connectedCallback renders it.
    if (this.shadowRoot) this.update();
  }

  /** Renders the text and the button in the current language (Lit's templates; the state is the view's, so no LitElement is needed). */
  update(): void {
    let root = this.shadowRoot;
    if (!root) adopt((root = this.attachShadow({ mode: 'open' })), [ConsentPlaceholder.styles]);
    render(this._template(), root);
    this._scrolls();
  }

  /**
   * Text that does not fit, and so scrolls, is a Tab stop, so that a keyboard can scroll it: Chromium and
   * Firefox make a scroller one by themselves, Safari does not. Only a box of a set size has such text.
   */
  private _scrolls(): void {
    const text = this._sizes && this.shadowRoot!.querySelector('p');
    if (!text) return;
    if (text.scrollHeight > text.clientHeight) text.tabIndex = 0;
    else text.removeAttribute('tabindex');
  }

  private _template() {
    const texts = context?.active && context.texts?.placeholder;
    if (!texts) return nothing;
    const missing = (this.getAttribute('categories') ?? '').split(' ').filter(Boolean);
    const values = { host: this.getAttribute('from') ?? '', category: missing.map((category) => context!.labelOf(category)).join(', ') };
    this.lang = context!.language;
    this.dir = direction(this.lang);
    const allow = missing.every((category) => context!.categories.includes(category));
    // The frame's own title names the group, so that two embeds from one host read apart; what it waits for describes it.
    const frame = this.nextElementSibling;
    const title = frame instanceof HTMLIFrameElement && frame.title;
    return html`<div part="base" class=${this._small ? 'small' : nothing} role="group" aria-label=${title || nothing} aria-labelledby=${title ? nothing : 'text'} aria-describedby=${title ? 'text' : nothing}><p id="text" part="text">${context!.textOf?.(missing) ?? fill(texts.text, values)}</p>${allow ? html`<button part="button" type="button" @click=${() => context?.grant(missing)}>${fill(texts.allow, values)}</button>` : nothing}</div>`;
  }
}

const TAG = 'cookie-consent-placeholder';

declare global {
  interface HTMLElementTagNameMap {
    'cookie-consent-placeholder': ConsentPlaceholder;
  }
}

/**
 * Makes `view` the one placeholders ask, defines the element on first use (once per page: two bundles may
 * share one) and renders those already on the page again (their texts may have changed). @internal
 */
export function showPlaceholders(view: PlaceholderContext): void {
  context = view;
  if (!customElements.get(TAG)) customElements.define(TAG, ConsentPlaceholder);
  for (const placeholder of document.querySelectorAll(TAG)) (placeholder as ConsentPlaceholder).update?.();
}
