/**
 * Loading tagged iframes, images, media and other embeds, and the place an iframe keeps while it waits: a
 * part of its own (`cookie-consent-embeds.js`), which release/ loads when the page has a tagged embed, so a
 * page that tags only scripts never carries it. Until it has loaded, an embed waits as its markup makes it:
 * with `data-src` instead of `src`, it loads nothing.
 */

import { carriesNonce } from './nonce.js';
import { blank } from './blank.js';

/**
 * The stand-in for a waiting iframe. The core only makes it, at the iframe's size; the view (which loads
 * when one is made) defines the element, which then shows its text and Allow button.
 */
export const PLACEHOLDER_TAG = 'cookie-consent-placeholder';

/** Each waiting iframe's placeholder and the inline `display` it had before it was hidden. */
const waiting = new WeakMap<HTMLIFrameElement, { placeholder: HTMLElement; display: string }>();

/**
 * What each kind of element loads, as the attributes whose `data-*` twins hold it back until consent:
 * in the order they become real, the URL last, so the browser fetches once, with the final `srcset`.
 */
const LOADS: Record<string, readonly string[]> = {
  img: ['sizes', 'srcset', 'src'],
  source: ['sizes', 'srcset', 'src'],
  iframe: ['srcdoc', 'src'],
  picture: [],
  video: ['poster', 'src'],
  audio: ['src'],
  link: ['imagesizes', 'imagesrcset', 'href'],
  object: ['data'],
  embed: ['src'],
  input: ['src'],
};

/**
 * Whether a tagged embed still waits to be released: it or one of its parts holds back what it loads in a
 * `data-*` twin. One that also loads by itself (a real `src`, `srcset`, … beside or instead of the twin)
 * is told about (`warn`), unless the widget released it (`released`). One that would run script as the page
 * once released is told about and never released. `nonce`: the page's, if it uses one.
 */
export function embedWaits(element: Element, released: boolean, warn: (why: string) => void, nonce: string): boolean {
  let waits = false;
  for (const part of partsOf(element)) {
    for (const name of LOADS[part.localName] ?? []) {
      const held = part.getAttribute(`data-${name}`);
      // A sanitizer that checks src lets a data-src through: made real, a javascript: URL would run in the page.
      // Likewise data-srcdoc, which a sanitizer that drops srcdoc keeps as any data-* attribute.
      const why =
        held === null
          ? ''
          : /^(src|href|data)$/.test(name)
            ? isScriptUrl(held) && `a javascript: URL in data-${name}: not released`
            : name === 'srcdoc' && !ownDocument(part, nonce) && "data-srcdoc, whose document would run as this page: not released (give the iframe a sandbox without allow-same-origin, or the page's nonce)";
      if (why) {
        warn(`has ${why}`);
        return false;
      }
      if (held !== null) waits = true;
      if (!name.includes('sizes') && part.hasAttribute(name) && !released) warn(`loads without waiting for consent: it has ${name}, use data-${name}`);
    }
  }
  return waits;
}

/**
 * Whether a `srcdoc` cannot act as the page, or is the page's own: the iframe's `sandbox` keeps the document
 * in an origin of its own or keeps it from running script (only `allow-scripts` with `allow-same-origin`
 * undoes both), or the iframe carries the page's nonce, as a script must (the srcdoc itself may hold scripts,
 * which the page's policy then governs, as srcdoc documents inherit it).
 */
function ownDocument(iframe: Element, nonce: string): boolean {
  const sandbox = iframe.getAttribute('sandbox')?.toLowerCase().split(/\s+/);
  if (sandbox && !(sandbox.includes('allow-scripts') && sandbox.includes('allow-same-origin'))) return true;
  return !!nonce && carriesNonce(iframe, nonce, 'data-srcdoc');
}

/**
 * Whether the browser would run `url` as script: its scheme as the URL parser reads it (controls and spaces at
 * the start, tabs and newlines anywhere do not hide it). No base URL is needed, nor one a page could clobber.
 */
const isScriptUrl = (url: string): boolean => /^javascript:/i.test(url.replace(/[\t\n\r]/g, '').replace(/^[\0- ]+/, ''));

/** The element and, in a `<picture>`, `<video>` or `<audio>`, its `<source>` and `<img>` children: released together. */
function partsOf(element: Element): Element[] {
  return /^(picture|video|audio)$/.test(element.localName) ? [element, ...Array.from(element.querySelectorAll(':scope > source, :scope > img'))] : [element];
}

/**
 * Loads a tagged embed (iframe, image, media, link, object, …): the `data-*` twins of it and its parts
 * become real attributes; an iframe comes back where its placeholder was.
 */
export function releaseEmbed(element: Element): void {
  const wait = waiting.get(element as HTMLIFrameElement);
  let focus = false;
  if (wait) {
    waiting.delete(element as HTMLIFrameElement);
    (element as HTMLElement).style.display = wait.display;
    focus = wait.placeholder.matches(':focus-within');
    wait.placeholder.remove();
  }
  for (const part of partsOf(element)) {
    for (const name of LOADS[part.localName] ?? []) {
      const value = part.getAttribute(`data-${name}`);
      if (value === null) continue;
      part.removeAttribute(`data-${name}`);
      part.setAttribute(name, value);
    }
  }
  // A media element picked its source (none) when it was parsed, and looks again only when told to.
  if (element instanceof HTMLMediaElement && !element.hasAttribute('src')) element.load();
  // The visitor pressed the button, which is now gone: keep keyboard focus where the content is.
  if (focus) (element as HTMLElement).focus();
}

/**
 * Unloads an iframe whose category was revoked (`src` and `srcdoc` go back to their `data-*` twins), so
 * an embed that tracks stops at once; its placeholder comes back with the next release pass.
 */
export function blockIframe(iframe: HTMLIFrameElement): void {
  const loads = LOADS.iframe!.filter((name) => iframe.hasAttribute(name));
  if (!loads.length) return;
  for (const name of loads) iframe.setAttribute(`data-${name}`, iframe.getAttribute(name)!);
  // `src` first: a frame without `srcdoc` would load it. Then the frame goes to a blank page in the embed's place in
  // the session history: removing them navigates it after that entry, where Back would take it back to the embed.
  iframe.removeAttribute('src');
  iframe.removeAttribute('srcdoc');
  blank(iframe);
}

/** A CSS length from a `width`/`height` attribute (`640` means pixels), else none. */
function length(attribute: string | null): string {
  return attribute?.trim() ? (+attribute >= 0 ? `${+attribute}px` : attribute) : '';
}

/** The host an iframe would load from, for the visitor to recognise it. */
function hostOf(url: string): string {
  try {
    return new URL(url, document.baseURI).host || url;
  } catch {
    return url;
  }
}

/**
 * Puts a placeholder in place of an iframe that waits for `missing` categories, at its size, unless it
 * has one already or opted out with `data-placeholder="none"`. Returns whether the iframe has one: also
 * one that an element which left the page made, so that the element deciding now shows it (its Allow
 * button must grant through the element that decides).
 */
export function showPlaceholder(iframe: HTMLIFrameElement, missing: readonly string[]): boolean {
  const categories = missing.join(' ');
  const shown = waiting.get(iframe)?.placeholder;
  if (shown) {
    // One of its categories was granted meanwhile: it names, and its button grants, only what it still waits for.
    if (shown.getAttribute('categories') !== categories) shown.setAttribute('categories', categories);
    return true;
  }
  if (iframe.getAttribute('data-placeholder') === 'none' || !iframe.parentNode) return false;
  // An embed nobody sees (a tracking frame: hidden, or 0×0) needs no stand-in.
  const style = getComputedStyle(iframe);
  const tiny = (attribute: string) => /^\s*[01](px)?\s*$/.test(iframe.getAttribute(attribute) ?? '');
  if (style.display === 'none' || style.visibility === 'hidden' || tiny('width') || tiny('height')) return false;
  const placeholder = document.createElement(PLACEHOLDER_TAG);
  // What the view's element reads: the categories it waits for, and where the frame would load from.
  placeholder.setAttribute('categories', categories);
  placeholder.setAttribute('from', hostOf(iframe.getAttribute('data-src') ?? ''));

  // Measured before it is hidden, border included: the page's CSS sizes a frame over its width and height
  // attributes (a responsive embed: width 100%, an aspect ratio), so only its box says where the frame will be,
  // and the frame then loads with no layout shift. Not laid out (in a hidden panel): the attributes. The size
  // is set through the CSSOM, so a strict `style-src` policy is kept; the box holds its place before the view
  // has loaded (no layout shift when it arrives).
  const { width, height } = iframe.getBoundingClientRect();
  if (width && height) {
    placeholder.style.width = `${width}px`;
    placeholder.style.height = `${height}px`;
  } else {
    placeholder.style.width = length(iframe.getAttribute('width'));
    placeholder.style.height = length(iframe.getAttribute('height'));
    // No height given: room for the text and the button.
    if (!placeholder.style.height) placeholder.style.minHeight = '8rem';
  }
  placeholder.style.display = style.display === 'block' ? 'flex' : 'inline-flex';

  waiting.set(iframe, { placeholder, display: iframe.style.display });
  iframe.style.display = 'none';
  iframe.before(placeholder);
  return true;
}
