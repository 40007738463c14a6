// Shared by the element*.test.ts files: mount a real <cookie-consent>, find its parts, click them
// with the real mouse, and clean real cookies up between tests.
import { sendMouse } from '@web/test-runner-commands';
import '../../src/index.js';
import type { CookieConsent, ConsentChangeDetail, ConsentReadyDetail } from '../../src/index.js';
import { createConsent, encodeConsent, type Consent } from '../../src/consent/index.js';

export type { CookieConsent };

/** Deletes every cookie this page can see (host-only, Path=/ – what the tests write). */
export function clearCookies(): void {
  for (const pair of document.cookie.split(';')) {
    const name = pair.split('=')[0]!.trim();
    if (name) document.cookie = `${name}=; Path=/; Max-Age=0`;
  }
}

/** Stores a decision the way the element does, for the element to find. */
export function storeDecision(consent: Consent, name = 'cookie_consent'): void {
  document.cookie = `${name}=${encodeConsent(consent)}; Path=/; Max-Age=3600; SameSite=Lax`;
}

export { createConsent };

export interface Mounted {
  el: CookieConsent;
  /** Settles with `consent-ready`'s detail. */
  ready: Promise<ConsentReadyDetail>;
  /** Every `consent-change` detail so far. */
  changes: ConsentChangeDetail[];
}

/**
 * Creates `<cookie-consent>` with `attributes` (and optional children HTML), listens for its events
 * before it starts, adds it to <body> (at the end, or `first`) and waits for its first render.
 */
export async function mount(
  attributes: Record<string, string | true> = {},
  children = '',
  { first = false } = {},
): Promise<Mounted> {
  const el = document.createElement('cookie-consent');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value === true ? '' : value);
  el.innerHTML = children;
  const changes: ConsentChangeDetail[] = [];
  el.addEventListener('consent-change', (event) => changes.push(event.detail));
  const ready = new Promise<ConsentReadyDetail>((resolve) =>
    el.addEventListener('consent-ready', (event) => resolve(event.detail), { once: true }),
  );
  // `first`: before all the page's content, where an element that took room would push it down.
  if (first) document.body.prepend(el);
  else document.body.append(el);
  await el.updateComplete;
  return { el, ready, changes };
}

/** Removes every <cookie-consent> and every cookie; for afterEach. */
export async function cleanUp(): Promise<void> {
  for (const el of Array.from(document.querySelectorAll('cookie-consent'))) el.remove();
  await Promise.resolve(); // the element stops in a microtask after it leaves the page
  clearCookies();
}

/** An element of the shadow root, by CSS selector (`null` also while nothing was ever shown: no view, no shadow root). */
export function $(el: CookieConsent, selector: string): HTMLElement | null {
  return el.shadowRoot?.querySelector<HTMLElement>(selector) ?? null;
}

/** The language the banner (or else the dialog) is shown in, from its `lang`; `null` while neither shows. */
export const language = (el: CookieConsent) => $(el, '[part~="banner"], [part~="dialog"]')?.getAttribute('lang') ?? null;

/**
 * The categories the element is configured with, as the visitor sees them: the switches of the preferences
 * dialog (opened and closed again), without `necessary`. The element has no property for them.
 */
export async function configured(el: CookieConsent): Promise<string[]> {
  const open = !!dialog(el);
  el.showPreferences();
  await el.updateComplete;
  const ids = Array.from(el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[role="switch"]:not(:disabled)'), (input) => input.name);
  if (!open) dialog(el)!.close();
  await el.updateComplete;
  return ids;
}

/** The label the preferences dialog shows for `category` (the dialog is opened and closed again). */
export async function labelOf(el: CookieConsent, category: string): Promise<string | undefined> {
  const open = !!dialog(el);
  el.showPreferences();
  await el.updateComplete;
  const label = el.shadowRoot!.querySelector(`label[for="switch-${CSS.escape(category)}"]`)?.textContent ?? undefined;
  if (!open) dialog(el)!.close();
  await el.updateComplete;
  return label;
}

export const banner = (el: CookieConsent) => $(el, '[part~="banner"]');
export const dialog = (el: CookieConsent) => $(el, 'dialog[part~="dialog"]') as HTMLDialogElement | null;

/** The shadow root's button with that part, in the banner or in the dialog. */
export function button(el: CookieConsent, part: string, within: 'banner' | 'dialog' = 'banner'): HTMLButtonElement {
  const root = within === 'banner' ? banner(el) : dialog(el);
  const found = root?.querySelector<HTMLButtonElement>(`[part~="${part}"]`);
  if (!found) throw new Error(`no ${part} button in the ${within}`);
  return found;
}

/** A real mouse click in the middle of `target`. */
export async function click(target: Element): Promise<void> {
  target.scrollIntoView({ block: 'center' });
  const box = target.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
  // The mouse stays where it was; move it away so that no later test starts with a hover.
  await sendMouse({ type: 'move', position: [0, 0] });
}

/** Waits until `check` is true (polling on animation frames), failing after `timeout` ms. */
export async function until(check: () => unknown, message = 'condition', timeout = 3000): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeout) throw new Error(`timed out waiting for ${message}`);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

/** The consent cookie's value as the browser holds it, or `undefined`. */
export function cookieValue(name = 'cookie_consent'): string | undefined {
  for (const pair of document.cookie.split(';')) {
    const at = pair.indexOf('=');
    if (pair.slice(0, at).trim() === name) return pair.slice(at + 1);
  }
  return undefined;
}

/** Runs `body` with console.warn recorded (and silenced); returns the messages. */
export async function warnings(body: () => unknown): Promise<string[]> {
  const seen: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => seen.push(args.map(String).join(' '));
  try {
    await body();
    // The element reads its cookie back once the page is idle after a decision (and warns then).
    await new Promise((resolve) => (window.requestIdleCallback ?? setTimeout)(resolve));
  } finally {
    console.warn = original;
  }
  return seen;
}

/** Clicks the Allow button of the placeholder a tagged iframe of `category` gets, as a visitor would; the frame goes again. */
export async function allow(category: string): Promise<void> {
  const frame = document.createElement('iframe');
  frame.setAttribute('data-category', category);
  frame.setAttribute('data-src', 'about:blank');
  frame.width = '300';
  frame.height = '150';
  document.body.append(frame);
  try {
    // The placeholder itself: the element before the frame may be another one with a button (the banner).
    const button = () => (frame.previousElementSibling?.localName === 'cookie-consent-placeholder' ? frame.previousElementSibling.shadowRoot?.querySelector('button') : null);
    await until(button, 'the placeholder');
    button()!.click();
  } finally {
    if (frame.previousElementSibling?.localName === 'cookie-consent-placeholder') frame.previousElementSibling.remove();
    frame.remove();
  }
}

/** Waits until a placeholder shows its text: the view that defines it loads on demand. */
export const rendered = (placeholder: Element | null) => until(() => placeholder?.shadowRoot?.querySelector('p'), "the placeholder's text");
