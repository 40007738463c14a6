/** Loading tagged iframes and images, and the placeholder an iframe shows while it waits. */
import type { ConsentHost } from '../element/host.js';
import { createPlaceholder, type ConsentPlaceholder } from './placeholder.js';

/** Each waiting iframe's placeholder and the inline `display` it had before it was hidden. */
const waiting = new WeakMap<HTMLIFrameElement, { placeholder: ConsentPlaceholder; display: string }>();

/** `data-*` → real attribute: the URL last, so the browser fetches once, with the final `srcset`. */
function moveAttributes(element: Element, names: readonly string[]): void {
  for (const name of names) {
    const value = element.getAttribute(`data-${name}`);
    if (value === null) continue;
    element.removeAttribute(`data-${name}`);
    element.setAttribute(name, value);
  }
}

/** Loads an image: `data-srcset`, `data-sizes` and `data-src` become real attributes. */
export function releaseImage(img: HTMLImageElement): void {
  moveAttributes(img, ['sizes', 'srcset', 'src']);
}

/** Loads an iframe (`data-src` → `src`) and puts it back where its placeholder was. */
export function releaseIframe(iframe: HTMLIFrameElement): void {
  const wait = waiting.get(iframe);
  let focus = false;
  if (wait) {
    waiting.delete(iframe);
    iframe.style.display = wait.display;
    focus = wait.placeholder.matches(':focus-within');
    wait.placeholder.remove();
  }
  moveAttributes(iframe, ['src']);
  // The visitor pressed the button, which is now gone: keep keyboard focus where the content is.
  if (focus) iframe.focus();
}

/**
 * Unloads an iframe whose category was revoked (`src` goes back to `data-src`), so an embed that
 * tracks stops at once; its placeholder comes back with the next release pass.
 */
export function blockIframe(iframe: HTMLIFrameElement): void {
  const src = iframe.getAttribute('src');
  if (src === null) return;
  iframe.setAttribute('data-src', src);
  // Removing `src` alone leaves the loaded document in place: navigate the frame away first.
  iframe.src = 'about:blank';
  iframe.removeAttribute('src');
}

/** A CSS length from a `width`/`height` attribute (`640` means pixels), else the measured size. */
function length(attribute: string | null, measured: number): string {
  return attribute?.trim() ? (+attribute >= 0 ? `${+attribute}px` : attribute) : measured > 0 ? `${measured}px` : '';
}

/** The host an iframe would load from, for the visitor to recognise it. */
function hostOf(url: string): string {
  try {
    return new URL(url, document.baseURI).host || url;
  } catch {
    return url;
  }
}

function fill(template: string, values: Record<string, string>): string {
  // Own keys only: "{constructor}" in a translation is text, not Object.prototype.constructor.
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (Object.hasOwn(values, key) ? values[key]! : whole));
}

/**
 * Shows a placeholder in place of an iframe that waits for `missing` categories, at its size,
 * unless it has one already or opted out with `data-placeholder="none"`; without `onAllow`, no button.
 */
export function showPlaceholder(iframe: HTMLIFrameElement, missing: readonly string[], host: ConsentHost, onAllow?: () => void): void {
  if (waiting.has(iframe) || iframe.getAttribute('data-placeholder') === 'none' || !iframe.parentNode) return;
  // An embed nobody sees (a tracking frame: hidden, or 0×0) needs no stand-in.
  const style = getComputedStyle(iframe);
  const tiny = (attribute: string) => /^\s*[01](px)?\s*$/.test(iframe.getAttribute(attribute) ?? '');
  if (style.display === 'none' || style.visibility === 'hidden' || tiny('width') || tiny('height')) return;
  const placeholder = createPlaceholder();
  const from = hostOf(iframe.getAttribute('data-src') ?? '');
  placeholder.refresh = () => {
    const texts = host.texts.placeholder;
    const values = { host: from, category: missing.map((category) => host.labelOf(category)).join(', ') };
    placeholder.text = fill(texts.text, values);
    placeholder.allow = fill(texts.allow, values);
    placeholder.lang = host.language;
    placeholder.requestUpdate();
  };
  placeholder.refresh();
  placeholder.onAllow = onAllow;

  // Measured before it is hidden; the attributes win, as they say what the author meant.
  const box = iframe.getBoundingClientRect();
  placeholder.style.width = length(iframe.getAttribute('width'), box.width);
  placeholder.style.height = length(iframe.getAttribute('height'), box.height);
  // Not laid out yet (in a hidden panel) and no height given: room for the text and the button.
  if (!placeholder.style.height) placeholder.style.minHeight = '8rem';
  if (style.display === 'block') placeholder.style.display = 'flex';

  waiting.set(iframe, { placeholder, display: iframe.style.display });
  iframe.style.display = 'none';
  iframe.before(placeholder);
}
