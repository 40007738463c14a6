// The floor's element, shared by its two builds (entry.js, split.js); only how the "Accept all" button
// comes differs. See entry.js for what the floor is and is not.
import Cookies from 'js-cookie';

const NAME = 'cookie_consent';

/**
 * Defines `<cookie-consent>` and appends one, as the one-tag install does (call it while the classic script
 * runs). `showButton(root, accept)` puts an "Accept all" button that calls `accept` into the shadow root.
 * @param {(root: ShadowRoot, accept: () => void) => void} showButton
 */
export function defineFloor(showButton) {
  class Floor extends HTMLElement {
    constructor() {
      super();
      this.attachShadow({ mode: 'open' });
    }

    connectedCallback() {
      this.granted = new Set((Cookies.get(NAME) || '').split('.').filter(Boolean));
      const release = () => {
        for (const script of document.querySelectorAll('script[type="text/plain"][data-category]')) {
          if (!this.granted.has(script.dataset.category)) continue;
          const copy = document.createElement('script');
          for (const { name, value } of script.attributes) if (name !== 'type') copy.setAttribute(name, value);
          copy.async = false;
          copy.text = script.text;
          script.replaceWith(copy);
        }
      };
      new MutationObserver(release).observe(document, { childList: true, subtree: true });
      release();
      if (this.granted.size) return;
      showButton(this.shadowRoot, () => {
        this.granted = new Set((this.getAttribute('categories') || '').split(' '));
        Cookies.set(NAME, [...this.granted].join('.'), { expires: 182, sameSite: 'lax', path: '/' });
        this.shadowRoot.replaceChildren();
        release();
      });
    }
  }
  customElements.define('cookie-consent', Floor);

  // The one-tag install: the element, with the script's data- attributes.
  const tag = document.currentScript;
  const element = document.createElement('cookie-consent');
  element.setAttribute('categories', tag?.dataset.categories || '');
  (document.body || document.documentElement).append(element);
}
