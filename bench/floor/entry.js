// The floor: the least that any widget built on this project's stack and contract runs on a page, written
// as small as it can be and measured beside ours (`node bench/run.mjs --floor`). It is what the contract asks
// of every page view, and nothing more:
// - js-cookie reads (and writes) the one consent cookie (the stack);
// - `<cookie-consent>` is a custom element with an open shadow root (CONTRACT section 3);
// - tagged scripts are released by category, in page order, and a MutationObserver on the document sees
//   those added later (CONTRACT section 4: nothing is missed, whoever adds it);
// - with no decision, an "Accept all" button in the shadow root (so the bench can click it) writes it.
// No validation, no warnings, no API, no events, no iframes or images, no Consent Mode, no GPC, no
// languages, no services: anything real adds to it. Never shipped; the bench builds it with the same
// bundler settings as the core (bench/lib/classic.mjs).
import Cookies from 'js-cookie';

const NAME = 'cookie_consent';

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
    const button = document.createElement('button');
    button.textContent = 'Accept all';
    // On screen whatever the page's length, as a banner is.
    button.style.cssText = 'position:fixed;bottom:1em;left:1em';
    button.onclick = () => {
      this.granted = new Set((this.getAttribute('categories') || '').split(' '));
      Cookies.set(NAME, [...this.granted].join('.'), { expires: 182, sameSite: 'lax', path: '/' });
      button.remove();
      release();
    };
    this.shadowRoot.append(button);
  }
}
customElements.define('cookie-consent', Floor);

// The one-tag install: the element, with the script's data- attributes.
const tag = document.currentScript;
const element = document.createElement('cookie-consent');
element.setAttribute('categories', tag?.dataset.categories || '');
(document.body || document.documentElement).append(element);
