/**
 * `registerTexts()`, in the core: a site calls it from its own bundle, before or after the view has
 * loaded. The texts wait in one registry per page (under a global symbol, so the core, the view file and
 * a second bundle all see the same one); the view reads it and listens for additions.
 */
import type { PartialTexts } from '../view/texts/texts.js';

/** The page's registry: texts by the language tag they were given for, in the order given, and who wants to hear of more. */
export interface TextsRegistry {
  readonly texts: Array<[string, PartialTexts]>;
  readonly listeners: Set<() => void>;
}

/** The page's registry, made on first use. @internal */
export function textsRegistry(): TextsRegistry {
  const page = globalThis as unknown as Record<symbol, TextsRegistry>;
  return (page[Symbol.for('cookie-consent-element.texts')] ??= { texts: [], listeners: new Set() });
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
