/**
 * Which language the banner speaks, and its texts. English is bundled; every other language is a JSON
 * file beside the script (`lang/de.json`), fetched only when a visitor needs it, so a site pays for one
 * language, not forty-five.
 */
import type { Texts } from './texts.js';
import { en } from './en.js';
import { textsRegistry } from '../../element/register-texts.js';
import { fetchSafely } from '../../fetch.js';
import { warn } from '../../warn.js';

/** The bundled English texts, for a first render before any translation has arrived. */
export const englishTexts: Texts = en;

/** Languages shipped as `lang/<code>.json` beside the script (the README lists them by name). */
const shipped = (
  'ar bg bs ca cs da de el es et eu fa fi fr ga gl he hi hr hu id is it ja ko lt lv mk mt nb nl nn pl pt pt-BR ' +
  'ro ru sk sl sq sr sr-Latn sv th tr uk vi zh-Hans zh-Hant'
).split(' ');

/** Every language the element speaks out of the box, English first. */
export const languages: readonly string[] = ['en', ...shipped];

// Read once while the script runs: in the classic build rollup turns `import.meta.url` into
// `document.currentScript.src`, which is null once the script has finished.
const here = import.meta.url;

/** The texts a site last registered (`registerTexts()`, in the core) for `lang`, laid over English; `undefined` when none. */
function registered(lang: string): Texts | undefined {
  let texts: Texts | undefined;
  for (const [tag, given] of textsRegistry().texts) if (primary(tag) === lang) texts = merge(en, given);
  return texts;
}
const fetched = new Map<string, Promise<Texts>>();

/** Codes older browsers and systems still send: `iw` is now `he`, `in` `id`; `no` (Norwegian) reads as `nb` (Bokmål). */
const renamed: Record<string, string> = { iw: 'he', in: 'id', no: 'nb' };

/**
 * The code of the texts for a BCP 47 tag: its language, without region (`de-AT` → `de`), except where
 * the script or region means other texts. Chinese: `zh-Hant`, `zh-TW`, `zh-HK`, `zh-MO` are Traditional,
 * every other `zh` Simplified. `pt-BR` is Brazilian, every other `pt` European. `sr` is Cyrillic (Serbia's
 * official script), `sr-Latn` and `sr-ME` Latin. The script subtag comes before the region, so
 * `zh-Hans-HK` stays Simplified and `sr-Cyrl-ME` Cyrillic.
 */
export const primary = (tag: string): string => {
  const code = (tag = tag.trim().replace(/_/g, '-')).split('-')[0]!.toLowerCase();
  return /^zh-(hant|tw|hk|mo)\b/i.test(tag) ? 'zh-Hant' : code === 'zh' ? 'zh-Hans'
    : /^pt-br\b/i.test(tag) ? 'pt-BR'
    : /^sr-(latn|me)\b/i.test(tag) ? 'sr-Latn'
    : renamed[code] ?? code;
};

const known = (lang: string) => lang === 'en' || !!registered(lang) || shipped.includes(lang);

/** `base` with every non-empty string of `over` laid on top; keys `base` lacks and wrong types are ignored. */
const merge = <T>(base: T, over: unknown): T => {
  if (!over || typeof over !== 'object') return base;
  const out = {} as T;
  for (const key of Object.keys(base as object) as Array<keyof T & string>) {
    const mine = base[key];
    const theirs = (over as Record<string, unknown>)[key];
    out[key] = (typeof mine === 'string' ? (typeof theirs === 'string' && theirs.trim() ? theirs : mine) : merge(mine, theirs)) as T[typeof key];
  }
  return out;
};

/**
 * The language for `el`: its own `lang`, else the nearest ancestor's (across shadow roots), else the
 * browser's preferred languages, else `en`. Tags are read by `primary` (`de-AT` → `de`, `zh-TW` →
 * `zh-Hant`); a language without texts gives way to the next candidate.
 */
export function resolveLanguage(el: Element): string {
  let inherited: string | null | undefined;
  // Up through parents and, from a shadow root, to its host.
  for (let node: Node | undefined | null = el; !inherited && node; ) {
    node = node.parentNode ?? (node as ShadowRoot).host;
    inherited = (node as Element | null | undefined)?.getAttribute?.('lang');
  }
  const candidates = [el.getAttribute('lang'), inherited, ...(navigator.languages ?? []), navigator.language];
  for (const tag of candidates) {
    const lang = tag && primary(tag);
    if (lang && known(lang)) return lang;
  }
  return 'en';
}

/**
 * How long a translation may take before English is used instead. The element shows nothing until
 * its texts are there, so this is how long a visitor can be left without a banner. A language file is
 * about 700 bytes gzipped, from the script's own server: on a slow phone network (400 ms round trips,
 * a new connection) it arrives in about a second, so 3 s leaves room for a bad moment without leaving
 * the visitor to read and click the page for long before they are asked.
 */
const TIME_LIMIT = 3000;

/**
 * The texts of `lang`, complete: strings a translation lacks are English. English, unknown languages
 * and registered texts resolve without a request; a shipped language is fetched from `lang/<code>.json`
 * beside `base` (this script) once, then cached. A request that fails, or gives no answer within
 * `limit` ms, warns once and gives English; a translation that arrives after that is not used, so the
 * banner never changes language before the visitor's eyes (`limit` is only set by tests).
 */
export function loadTexts(lang: string, base: string | URL = here, limit = TIME_LIMIT): Promise<Texts> {
  lang = primary(lang);
  let url = `lang/${lang}.json`;
  try {
    url = new URL(url, base).href;
  } catch {
    // No usable script URL (a bundler that rewrote import.meta.url): look beside the page instead.
  }
  const texts =
    registered(lang) ?? (!shipped.includes(lang) ? en :
    fetched.get(url) ??
    // Whichever settles first wins, so there is one outcome and one warning.
    Promise.race([
      takeEarly(url).then((response) => {
        if (!response.ok) throw `HTTP ${response.status}`;
        return response.json();
      }),
      new Promise((_, reject) => setTimeout(reject, limit, `no answer in ${limit} ms`)),
    ]).then(
      (json) => merge(en, json),
      (error) => {
        warn(`<cookie-consent>: could not load "${lang}" from ${url} (${error}), using English`);
        return en;
      },
    ));
  if (texts instanceof Promise) fetched.set(url, texts);
  return Promise.resolve(texts);
}

/**
 * The response the core already asked for (src/element/register-texts.ts, `prefetchTexts`), else a new request.
 * Taken, its entry stays, empty: the core asks no more for a file the view has (`fetched` keeps its texts).
 */
function takeEarly(url: string): Promise<Response> {
  const { early } = textsRegistry();
  const response = early.get(url);
  early.set(url, null);
  return response ?? fetchSafely(url);
}

/**
 * Calls `listener` after each `registerTexts()`, so that a view already shown takes up texts registered
 * later. Returns the function that stops it.
 */
export function onRegister(listener: () => void): () => void {
  const { listeners } = textsRegistry();
  listeners.add(listener);
  return () => void listeners.delete(listener);
}
