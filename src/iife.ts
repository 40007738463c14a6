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
 * script runs, before any later tag. In `<body>` it becomes `<body>`'s first child (first in Tab order). In `<head>` there is no `<body>` yet: it
 * waits in `<head>` (where nothing renders, but the decision, Consent Mode and the release of tagged
 * elements already work) and moves to `<body>` when the document is parsed. The move keeps its state.
 * Should the page have its own `<cookie-consent>` (before the script, or after it in the page, in `<head>`
 * or in `<body>`), that one is used, with the script tag's `data-*` settings it does not set itself, and a warning says so.
 */
import { define } from './define.js';
import { setParts } from './element/parts.js';
import { pushConsentDefault } from './signals/google-consent-mode.js';
import { currentScript, scriptUrl } from './script-url.js';
import { warn } from './warn.js';

// This script's own tag, read while it first runs, never what the page names currentScript (script-url.ts).
const script = currentScript;

// The view and the parts (src/element/parts.ts) are ES modules beside this script (a classic script may
// import() one). In the single-file build (src/all.ts) they are inside, and their loaders were set first.
setParts((part) => import(new URL(`cookie-consent-${part}.js`, scriptUrl).href));
// Names, then values: the `attributes` collection would instantiate two more interfaces' bindings (NamedNodeMap, Attr).
const names = script?.getAttributeNames() ?? [];

/** data-policy-url → policy-url. Never an event handler or an inline style from a data- attribute. */
const attributeOf = (name: string) => /^data-(?!on|style$)(.+)/.exec(name)?.[1];

/**
 * The page has its own `<cookie-consent>`: it is the one used, and it gets the script tag's settings it
 * does not set itself (so `data-google-consent-mode` on the tag still drives Consent Mode). Two places
 * configuring one widget is likely a mistake, so it is told once, with what was taken.
 */
function merge(into: Element): void {
  const taken = names.filter((name) => {
    const attribute = attributeOf(name);
    return attribute && !into.hasAttribute(attribute) && (into.setAttribute(attribute, script!.getAttribute(name)!), true);
  });
  if (names.some(attributeOf)) {
    warn(`<cookie-consent>: two configurations, the script tag's and the page's <cookie-consent>: the page's is used, with ${taken.join(' ') || 'nothing'} from the script tag.`);
  }
}

const existing = document.querySelector('cookie-consent');
// Before the elements are defined: a page's element already parsed starts, on definition, with the
// script tag's settings merged in.
if (script && existing) merge(existing);
define();
if (script && !existing) {
  // The element pushes it too, once per page: this one only makes sure it comes first.
  if (script.hasAttribute('data-google-consent-mode')) pushConsentDefault();
  queueMicrotask(() => {
    const element = document.createElement('cookie-consent');
    // The nonce of the script that ran (its attribute's value is hidden): tagged scripts must match it.
    element.nonce = script.nonce ?? '';
    for (const name of names) {
      const attribute = attributeOf(name);
      if (attribute) element.setAttribute(attribute, script.getAttribute(name)!);
    }
    // The page's own <cookie-consent> may come later in the HTML, after this script in <body> as after it in
    // <head>: once the page is parsed, that one is used. Listening first: at DOMContentLoaded the element is
    // in <body>, or gone, before it announces consent-ready.
    if (!document.body || document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', () => {
        const other = Array.from(document.querySelectorAll('cookie-consent')).find((found) => found !== element);
        if (!other) return element.parentNode === document.head && document.body.prepend(element);
        // Before it leaves: the page's element, waiting behind this one, takes over as it does.
        merge(other);
        element.remove();
      });
    }
    // First in <body>: the banner is the first stop of Tab and of a screen reader's reading order.
    if (document.body) document.body.prepend(element);
    else document.head.append(element);
    // A site that navigates by swapping <body> (Turbo) takes this element with the old one: it goes into the new one
    // (before it stops, as a move), unless the new page brings a <cookie-consent> of its own. Only when it left with
    // that <body>: one the page removed, or that stepped aside for the page's own, stays out.
    new MutationObserver((records) => {
      if (!element.isConnected && document.body && !document.querySelector('cookie-consent') && records.some((record) => Array.from(record.removedNodes).some((node) => node.contains(element)))) {
        document.body.prepend(element);
      }
    }).observe(document.documentElement, { childList: true });
  });
}
