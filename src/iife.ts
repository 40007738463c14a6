/**
 * The one-tag entry (CONTRACT section 1): a classic script that defines the elements and, when the
 * page has no `<cookie-consent>`, creates one from the `data-*` attributes of its own `<script>`:
 *
 *   <script src="/cookie-consent.iife.js" data-categories="analytics marketing" data-policy-url="/privacy"></script>
 *
 * The element starts right after this script has run (in a microtask, before the parser reaches any
 * later tag), so that the bundle's top-level function is no longer on the stack when the element reads
 * its cookie: with DevTools open (as in Lighthouse) Chromium captures, and V8 re-parses, every function
 * on the stack at each `document.cookie` access. Google Consent Mode's default is still pushed while this
 * script runs, before any later tag. In `<body>` it is appended to `<body>`. In `<head>` there is no `<body>` yet: it
 * waits in `<head>` (where nothing renders, but the decision, Consent Mode and the release of tagged
 * elements already work) and moves to `<body>` when the document is parsed. The move keeps its state.
 * Should the page turn out to have its own `<cookie-consent>` after all, the waiting one steps aside.
 */
import './index.js';
import { pushConsentDefault } from './signals/google-consent-mode.js';

// Only valid while this script runs for the first time, so it is read at the top level.
const script = document.currentScript;

if (script && !document.querySelector('cookie-consent')) {
  const attributes = Array.from(script.attributes);
  // The element pushes it too, once per page: this one only makes sure it comes first.
  if (script.hasAttribute('data-google-consent-mode')) pushConsentDefault();
  queueMicrotask(() => {
    const element = document.createElement('cookie-consent');
    // The nonce of the script that ran (its attribute's value is hidden): tagged scripts must match it.
    element.nonce = script.nonce ?? '';
    for (const { name, value } of attributes) {
      // data-policy-url → policy-url. Never an event handler or an inline style from a data- attribute.
      const attribute = /^data-(?!on|style$)(.+)/.exec(name)?.[1];
      if (attribute) element.setAttribute(attribute, value);
    }
    if (document.body) {
      document.body.append(element);
    } else {
      // Listening first: at DOMContentLoaded the element is in <body> before it announces consent-ready.
      document.addEventListener('DOMContentLoaded', () => {
        const other = Array.from(document.querySelectorAll('cookie-consent')).some((found) => found !== element);
        if (other) element.remove();
        else document.body.append(element);
      });
      document.head.append(element);
    }
  });
}
