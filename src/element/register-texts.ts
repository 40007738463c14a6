/**
 * `registerTexts()`, in the core: a site calls it from its own bundle, before or after the view has
 * loaded. The texts wait in one registry per page (under a global symbol, so the core, the view file and
 * a second bundle all see the same one); the view reads it and listens for additions.
 */
import type { PartialTexts } from '../view/texts/texts.js';
import { scriptUrl } from '../script-url.js';

/** The page's registry: texts by the language tag they were given for, in the order given, and who wants to hear of more. */
export interface TextsRegistry {
  readonly texts: Array<[string, PartialTexts]>;
  readonly listeners: Set<() => void>;
  /**
   * Language files the core started to fetch while the view loads, by URL; the view takes each once, and leaves
   * `null`: fetched already, so an element that starts later on the page (one that takes over) fetches it no more.
   */
  readonly early: Map<string, Promise<Response> | null>;
}

/** The page's registry, made on first use. @internal */
export function textsRegistry(): TextsRegistry {
  const page = globalThis as unknown as Record<symbol, TextsRegistry>;
  return (page[Symbol.for('cookie-consent-element.texts')] ??= { texts: [], listeners: new Set(), early: new Map() });
}


/**
 * Starts fetching the language file the view will most likely ask for, while the view itself loads, so a
 * first visit in another language than English waits for one more request, not two. A guess from the
 * nearest `lang` (or else the browser's language) taken only where the language alone names the file
 * (`de-AT` is `de`; `pt-BR`, `zh-TW`, `sr-Latn` and renamed codes are left to the view) and no registered
 * texts replace it. The list of shipped languages stays in the view, so a language without a file costs
 * one request that answers 404: a wrong guess costs a request, never a wrong text. @internal
 */
export function prefetchTexts(element: Element): void {
  const tag = element.closest('[lang]')?.getAttribute('lang') || navigator.language || '';
  const [code, region] = tag.toLowerCase().split(/[-_]/);
  const registry = textsRegistry();
  if (!/^[a-z]{2,3}$/.test(code ?? '') || /^(en|no|iw|in)$/.test(code!) || (region && /^(pt|zh|sr)$/.test(code!))) return;
  if (registry.texts.some(([lang]) => lang.toLowerCase().split(/[-_]/)[0] === code)) return;
  try {
    const url = new URL(`lang/${code}.json`, scriptUrl).href;
    if (!registry.early.has(url)) {
      const early = fetch(url);
      // A failure (offline, a connect-src that refuses it) is the view's to report, once; unhandled here it
      // would reach the page as an uncaught error, and before any view when the view cannot load.
      early.catch(() => {});
      registry.early.set(url, early);
    }
  } catch {
    // No usable script URL: the view fetches as usual.
  }
}

/**
 * Supplies the texts of a language, instead of fetching `lang/<code>.json`: to add a language, to reword
 * one, or to bundle a translation with a site's own build. Strings left out are English. Elements
 * already on the page that speak, or asked for, that language take the texts up at once.
 */
export function registerTexts(lang: string, texts: PartialTexts): void {
  const registry = textsRegistry();
  registry.texts.push([String(lang), texts]);
  for (const listener of registry.listeners) listener();
}
