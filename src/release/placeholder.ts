import { LitElement, css, html, nothing } from 'lit';

/**
 * Stands in for an iframe that waits for consent: says what it would load and for which category,
 * with a button that grants the category and loads the frame. Created by the release code, at the
 * iframe's size; its styles are adopted style sheets and its size is set through the CSSOM, so a
 * strict `style-src` policy is kept.
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
export class ConsentPlaceholder extends LitElement {
  // One rule per line: template literals reach the bundle as written, whitespace and all.
  static override styles = css`
    :host { display: inline-flex; box-sizing: border-box; max-width: 100%; overflow: auto; vertical-align: bottom; font: inherit; line-height: 1.4; background: var(--cookie-consent-placeholder-background, #eef0f3); color: var(--cookie-consent-placeholder-color, #1d2530); }
    @media (prefers-color-scheme: dark) { :host { background: var(--cookie-consent-placeholder-background, #27303b); color: var(--cookie-consent-placeholder-color, #eef0f3); } }
    div { display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 0.75em; margin: auto; padding: 1em; text-align: center; }
    p { margin: 0; max-width: 40em; }
    button { font: inherit; cursor: pointer; padding: 0.5em 1em; border: 0; border-radius: 0.25em; background: var(--cookie-consent-placeholder-accent, #1f5fbf); color: var(--cookie-consent-placeholder-accent-color, #fff); }
    button:focus-visible { outline: 3px solid currentColor; outline-offset: 2px; box-shadow: 0 0 0 5px var(--cookie-consent-placeholder-accent, #1f5fbf); }
  `;

  // Set by release/ (embeds.ts), which creates the placeholder: @internal keeps them out of the manifest.
  /** The explanation, already in the visitor's language. @internal */
  text = '';
  /** The button's text. @internal */
  allow = '';
  /** What the button does; no button without it (a category that is not configured cannot be granted here). @internal */
  onAllow?: () => void;
  /** Fills in `text`, `allow` and `lang` again from the host, e.g. once the visitor's language has loaded. @internal */
  refresh: () => void = () => {};

  protected override render() {
    return html`<div part="base" role="group" aria-labelledby="text"><p id="text" part="text">${this.text}</p>${this.onAllow ? html`<button part="button" type="button" @click=${this.onAllow}>${this.allow}</button>` : nothing}</div>`;
  }
}

/**
 * `rtl` for languages written right to left (the shipped ar, fa, he and others a site may register).
 * Here, below the element, because the placeholder needs it too and release/ imports nothing from element/.
 * @internal
 */
export const direction = (lang: string): 'rtl' | 'ltr' => (/^(ar|fa|he|ur|ps|yi|ckb|dv)\b/.test(lang) ? 'rtl' : 'ltr');

/** The tag name; defined on first use, once per page (two bundles may share a page). @internal */
export const PLACEHOLDER_TAG = 'cookie-consent-placeholder';

declare global {
  interface HTMLElementTagNameMap {
    'cookie-consent-placeholder': ConsentPlaceholder;
  }
}

/** A new placeholder element (defining the element on first use). @internal */
export function createPlaceholder(): ConsentPlaceholder {
  if (!customElements.get(PLACEHOLDER_TAG)) customElements.define(PLACEHOLDER_TAG, ConsentPlaceholder);
  return document.createElement(PLACEHOLDER_TAG) as ConsentPlaceholder;
}
