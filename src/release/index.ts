/**
 * Acting on a decision: releasing tagged scripts, iframes, images and other embeds once their categories are
 * granted, showing placeholders for iframes that wait, watching for tagged elements added later,
 * and deleting a category's cookies when it is refused or revoked.
 */
import type { EmbedsPart, ReleaseHost } from './host.js';
import { deleteCookies } from './revoke.js';
import { blank } from './blank.js';
import { carriesNonce } from './nonce.js';
import { releaseScript, withdrawScripts } from './scripts.js';
import { currentScript, scriptUrl } from '../script-url.js';
import { warn } from '../warn.js';

export type { EmbedsPart, ReleaseHost } from './host.js';

/**
 * What can be tagged. Searched for by the attribute alone: browsers answer an attribute-only
 * selector much faster than a list of `tag[attribute]` (Chromium: about 0.004 ms instead of 0.35 ms
 * on a page of 5,000 elements), and the tag is checked afterwards.
 */
const TAGGED = '[data-category],[data-service]';

/** The embeds that embeds.ts loads (it knows what each loads; this is only which tags to load it for). */
const EMBEDS = /^(img|source|iframe|picture|video|audio|link|object|embed|input)$/;

/** The embeds part (embeds.ts), once loaded: asked for when the first tagged embed turns up, kept for the page. */
let embeds: EmbedsPart | undefined;

/** Tagged elements already released (a framework may put a removed script back). Embeds wait again once they have `data-src`. */
const released = new WeakSet<Element>();
/** The waiting iframes whose frame was sent to a blank page (blank.ts). */
const blanked = new WeakSet<Element>();

/**
 * Each mistake is told once per page for each element it names (its tag and what it waits for): every
 * element that loads by itself is named (CONTRACT section 4), yet a hundred alike are told once. A mistake
 * `about` one thing (a category that is not configured) is told once for it, whichever elements make it.
 */
const warned = new Set<string>();
function warnOnce(element: Element, why: string, about?: string): void {
  const tag = `data-${element.hasAttribute('data-category') ? 'category' : 'service'}`;
  const message = `<cookie-consent>: <${element.localName} ${tag}="${element.getAttribute(tag)}"> ${why}`;
  const key = about ?? message;
  if (!warned.has(key)) warn(message);
  warned.add(key);
}

/** The category and service ids a tagged element waits for (`data-category`, `data-service`): separated by spaces or commas. */
export function categoriesOf(element: Element): string[] {
  return `${element.getAttribute('data-category')} ${element.getAttribute('data-service')}`.split(/[\s,]+/).filter((id) => id && id !== 'null');
}

/**
 * Whether a tagged element still waits to be released, and can be (anything else may use the
 * attribute for its own ends). A tagged element written to load at once (a script not of type
 * `text/plain`, an embed with a real `src`, `srcset`, … beside or instead of its `data-*` twin), and a
 * script that cannot be released as written, are told about once. `nonce`: the page's, if it uses one.
 * An embed comes here only once the embeds part (embeds.ts), which judges it, is loaded.
 */
function isWaiting(element: Element, nonce: string): boolean {
  const tag = element.localName;
  if (tag === 'script') {
    // What the browser itself never runs: its type, trimmed and without parameters, is text/plain.
    if (!/^\s*text\/plain\s*(;|$)/i.test(element.getAttribute('type') ?? '')) {
      if (!released.has(element)) warnOnce(element, 'ran without waiting for consent: its type is not text/plain');
      return false;
    }
    if (released.has(element)) return false;
    const why = !(element instanceof HTMLScriptElement)
      ? 'is an SVG <script>: not released (use an HTML <script>)'
      : element.hasAttribute('data-src')
        ? 'has data-src: not released (a script\'s URL belongs in src)'
        : // Under 'strict-dynamic' a script the widget creates runs, wherever its text came from: with
          // nonces, only the page's own scripts carry the right one.
          nonce && !carriesNonce(element, nonce)
          ? 'lacks the nonce of the <cookie-consent> script: not released'
          : '';
    if (why) {
      warnOnce(element, why);
      return false;
    }
    // Still being parsed (the parser has not moved past it): its text may be incomplete. A later pass,
    // at the latest at DOMContentLoaded, releases it.
    return !(document.readyState === 'loading' && !element.nextSibling);
  }
  return embeds!.embedWaits(element, released.has(element), (why) => warnOnce(element, why), nonce);
}

/**
 * Releases every tagged element whose categories `host.has()` grants — at once, after each
 * `consent-change`, and for tagged elements added to the page later — shows placeholders for the
 * iframes that wait, and deletes the cookies of categories that are refused or revoked (then
 * reloads the page after a revocation when `host.reloadOnRevoke`). Returns a function that stops it.
 *
 * Call it synchronously when the element connects, so that a stored decision releases what it
 * grants before the visitor does anything.
 */
export function connectRelease(host: ReleaseHost): () => void {
  // The page uses nonces when the widget's own element or script carries one. Markup can carry an inert copy of
  // the widget's tag (without a nonce, or with its own): the running classic script's tag decides, with or without
  // a nonce; a module knows no tag of its own, so every copy must agree, else no nonce (NUL, which markup cannot
  // write) matches and nothing is released.
  // (Not document.scripts: an <img name="scripts"> would make it an image, and the copies none.)
  const copies = new Set(Array.from(document.querySelectorAll('script')).filter((script) => script.src === scriptUrl).map((script) => script.nonce));
  const nonce = host.nonce || (currentScript ? currentScript.nonce : copies.size > 1 ? '\0' : [...copies][0]) || '';
  let asked = false;
  let stopped = false;
  /** Whether the host grants everything the tagged element names. */
  const granted = (element: Element): boolean => categoriesOf(element).every((id) => host.has(id));
  /** Releases it: one element that fails (a Trusted Types policy that refuses it) must not stop the others. */
  const release = (element: Element): void => {
    try {
      // Its turn may come later (behind a slow script), after a refusal: then it is not inserted, and waits again
      // (no longer released, `back`) for a grant, which releases it then, in document order.
      if (element.localName === 'script') releaseScript(element as HTMLScriptElement, () => granted(element), () => released.delete(element));
      else embeds!.releaseEmbed(element);
    } catch (error) {
      warnOnce(element, `could not be released: ${error}`);
    }
  };
  const handle = (element: Element, later = false): void => {
    if (element.localName !== 'script') {
      if (!EMBEDS.test(element.localName)) return;
      // One that waits holds nothing, also a frame the browser restored from the session history (blank.ts): at first sight.
      // Only one that holds its page back (data-src, data-srcdoc): a frame the page fills itself keeps what it has.
      if (element.localName === 'iframe' && !blanked.has(element) && !element.hasAttribute('src') && !element.hasAttribute('srcdoc') && (element.hasAttribute('data-src') || element.hasAttribute('data-srcdoc')) && !granted(element)) {
        blanked.add(element);
        blank(element as HTMLIFrameElement);
      }
      // Every embed waits for the part (the host loads it, and warns when it cannot); one pass then handles them all.
      if (!embeds) {
        if (!asked) void host.embeds().then((part) => !stopped && part && ((embeds = part), scan()));
        asked = true;
        return;
      }
    }
    // A host that may yet step aside (the one-tag script's element in <head>) releases nothing before the page is parsed.
    // A page the browser prerenders (speculation rules) runs before the visitor opens it, if ever, and keeps what ran:
    // it releases nothing until it is opened, then by the decision of that moment (a refusal meanwhile comes first).
    if ((host.waits && parsing()) || prerendering()) return;
    if (!isWaiting(element, nonce)) return;
    const categories = categoriesOf(element);
    if (!categories.length) return warnOnce(element, 'names no category, so it stays blocked');
    const missing = categories.filter((category) => !host.has(category));
    for (const category of missing) {
      const kind = (element.getAttribute('data-service') ?? '').split(/[\s,]+/).includes(category) ? 'service' : 'category';
      if (!host.ids.includes(category)) warnOnce(element, `names ${kind} ${category}, which is not configured: it stays blocked until something grants ${category}`, kind + ' ' + category);
    }
    if (missing.length > 0) {
      // Its Allow button grants through the host, whose consent-change then releases it here.
      if (element.localName === 'iframe' && embeds!.showPlaceholder(element as HTMLIFrameElement, missing)) host.placeholderShown();
      return;
    }
    // An iframe the parser is inserting (`later`, handleAdded) is judged again in a task of its own, where it can
    // load: a refusal may have come meanwhile, and it then waits for a grant.
    if (later) return void setTimeout(() => handle(element));
    released.add(element);
    release(element);
  };

  // While the HTML is still being parsed, a script the observer reports may not have all its text
  // yet: scripts parsed after start-up are released, in document order, once parsing is done.
  // (A script a pass finds meanwhile is released only once the parser has moved past it: isWaiting.)
  const parsing = (): boolean => document.readyState === 'loading';
  const prerendering = (): boolean | undefined => (document as { prerendering?: boolean }).prerendering;
  // Chromium ignores a src given to an iframe while the parser is still inserting it (the frame stays
  // blank, with no request): in a task of its own, it loads.
  const handleAdded = (element: Element): void => {
    if (!parsing()) handle(element);
    else if (element.localName !== 'script') handle(element, element.localName === 'iframe');
  };
  const scan = (within: ParentNode = document, added = false): void => {
    for (const element of Array.from(within.querySelectorAll(TAGGED))) (added ? handleAdded : handle)(element);
  };

  // Every node the page adds passes through here, so the common case must cost next to nothing:
  // a few added nodes are checked one by one (a leaf without the attribute costs two checks, only a
  // subtree is searched); past a small budget, one search of the whole document is cheaper than
  // thousands of small ones.
  const observer = new MutationObserver((records) => {
    let budget = 32;
    if (records.length > budget) return scan(document, true);
    for (const record of records) {
      const added = record.addedNodes;
      budget -= added.length;
      if (budget < 0) return scan(document, true);
      for (let i = 0; i < added.length; i++) {
        const element = added[i] as Element;
        if (element.nodeType !== 1) continue;
        if (element.matches(TAGGED)) handleAdded(element);
        // Tagged elements inside a tagged one (a tagged <picture> or <div> of embeds) count too.
        if (element.firstElementChild) scan(element, true);
      }
    }
  });

  const onChange = (event: Event): void => {
    withdrawScripts();
    const revoked = (event as CustomEvent<{ revoked?: string[] }>).detail?.revoked ?? [];
    // Refused now, whether just revoked or never granted: their cookies have no business here.
    const refused = new Set(revoked);
    for (const id of host.ids) if (!host.has(id)) refused.add(id);
    // A cookie that something granted claims too stays: a category's own list beside its granted service's preset
    // (analytics refused, as its hotjar is, names _ga, which the granted ga4 sets).
    // Each list is deleted as soon as it is at hand (in a microtask, or once a preset's list arrives), if what it
    // belongs to is still refused then: a visitor who grants it again meanwhile keeps its cookies. What the
    // granted ones claim is waited for a second at most, as is a refused list before a reload: a slow or hung
    // request must not keep a refusal's cookies, nor its reload.
    const reload = revoked.length > 0 && host.reloadOnRevoke;
    const late = new Promise<string[]>((resolve) => setTimeout(resolve, 1000, []));
    const wait = (list: string | Promise<readonly string[]>) => Promise.race([list, late]);
    const deleted = [...refused].flatMap((id) =>
      host.cookiesOf(id).map((list) =>
        (reload ? wait(list) : Promise.resolve(list)).then((patterns) =>
          Promise.all(host.ids.filter((other) => host.has(other)).flatMap((other) => host.cookiesOf(other).map(wait))).then((kept) => host.has(id) || deleteCookies([patterns].flat(), kept.flat())),
        ),
      ),
    );
    // Scripts that ran cannot be stopped, but embeds can: a revoked category's iframes unload, at once, also before a reload.
    if (revoked.length > 0 && embeds) {
      for (const iframe of Array.from(document.querySelectorAll<HTMLIFrameElement>('iframe:is([data-category],[data-service])'))) {
        if (!granted(iframe)) embeds.blockIframe(iframe);
      }
    }
    // What already runs cannot be stopped; a fresh page starts without it.
    if (reload) return void Promise.all(deleted).then(() => location.reload());
    scan();
  };

  scan();
  observer.observe(document, { childList: true, subtree: true });
  host.addEventListener('consent-change', onChange);
  const again = (): void => scan();
  if (parsing()) document.addEventListener('DOMContentLoaded', again, { once: true });
  if (prerendering()) document.addEventListener('prerenderingchange', again, { once: true });

  return () => {
    stopped = true;
    observer.disconnect();
    host.removeEventListener('consent-change', onChange);
    document.removeEventListener('DOMContentLoaded', again);
    document.removeEventListener('prerenderingchange', again);
  };
}
