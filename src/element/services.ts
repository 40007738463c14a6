/**
 * `<cookie-service>` children (CONTRACT §9): which services the page configures and the category of each, the
 * Google ones among them (for Consent Mode), and the presets' cookie lists, fetched from beside the script
 * (`presets/cookies.json`) when they are to be deleted. A part of its own (`cookie-consent-services.js`): the
 * element loads it only on a page that configures a service, and starts once it is in (cookie-consent.ts),
 * so a page without services carries none of this. Labels and texts come with the view (src/view/services.ts).
 */
import { CATEGORY_ID, MAX_CATEGORIES, NECESSARY } from '../consent/index.js';
import { fetchSafely } from '../fetch.js';
import { scriptUrl } from '../script-url.js';
import { IDS, type Warn } from './config.js';
import type { ServiceRule } from './decision.js';
import { TYPES } from '../signals/google-consent-mode.js';

/**
 * The category of each preset of src/presets/data.ts, as space-separated ids per category: the one part of
 * the presets every page needs. test/server/presets.test.ts fails when it drifts from data.ts.
 */
export const PRESET_CATEGORIES: Readonly<Record<string, string>> = {
  analytics: 'ga4 gtm clarity hotjar matomo mixpanel segment',
  marketing: 'google-ads meta-pixel linkedin-insight tiktok-pixel hubspot youtube vimeo google-maps spotify soundcloud twitter instagram',
  preferences: 'intercom crisp openstreetmap calendly recaptcha',
};

/** The Google presets: their Consent Mode types are those of their preset category (signals/google-consent-mode.ts `TYPES`). */
export const GOOGLE_PRESETS = 'ga4 gtm google-ads';

/** A preset's own category, or `undefined` for an unknown preset. */
export const presetCategory = (preset: string): string | undefined =>
  Object.keys(PRESET_CATEGORIES).find((category) => PRESET_CATEGORIES[category]!.split(' ').includes(preset));

/**
 * The Consent Mode types that the configured Google presets stand for (ga4: `analytics_storage`), each
 * granted only when every such service is (ga4 refused inside a granted analytics: denied; ga4 granted alone:
 * granted): `services` as `readServices` gave them, `child` the element that configures one, `has` whether a
 * service counts as granted now.
 */
export function googleTypes(services: Readonly<Record<string, string>>, child: (id: string) => Element | undefined, has: (id: string) => boolean): Record<string, boolean> {
  const types: Record<string, boolean> = {};
  for (const id of Object.keys(services)) {
    const preset = child(id)?.getAttribute('preset') ?? '';
    if (!GOOGLE_PRESETS.split(' ').includes(preset)) continue;
    for (const type of TYPES[presetCategory(preset)!] ?? []) types[type] = types[type] !== false && has(id);
  }
  return types;
}

/**
 * The services `element`'s `<cookie-service>` children configure, in order, each with its category. A
 * service's category that `categories` does not list joins it, at the end (CONTRACT §9's example puts a
 * `preferences` service beside `categories="analytics marketing"`): a site that configures a service wants
 * its visitors asked about it. A bad id, an id a category already has, an unknown preset, or a category
 * id that is bad, `necessary`, a service's, or one past the cookie's limit is reported (once, naming the
 * attribute) and that service is left out; so is a repeated id, the first keeping it.
 */
export function readServices(element: Element, categories: string[], warn: Warn): Record<string, string> {
  // No prototype: a service may be named `constructor`.
  const services: Record<string, string> = Object.create(null);
  let count = 0;
  for (const child of Array.from(element.children)) {
    if (child.localName !== 'cookie-service') continue;
    const attribute = (name: string) => child.getAttribute(name);
    const preset = attribute('preset');
    const name = attribute('name') ?? preset ?? '';
    const category = attribute('category') ?? (preset && presetCategory(preset));
    if (!CATEGORY_ID.test(name) || name === NECESSARY || categories.includes(name)) warn('cookie-service name', name, `${IDS}, not a category's`);
    else if (preset !== null && !presetCategory(preset)) warn('cookie-service preset', preset, 'a preset id of docs/presets.md');
    else if (!category || (!categories.includes(category) && (!CATEGORY_ID.test(category) || category === NECESSARY || category in services || categories.length >= MAX_CATEGORIES)))
      warn('cookie-service category', category ?? '', `one of the categories (${categories.join(' ')}) or a new one: ${IDS}, not a service's`);
    else if (name in services) warn('cookie-service name', name, 'a name of its own: the first <cookie-service> with it counts');
    // As many as the cookie holds (codec.ts): a decision naming more would read back as none, on every page view.
    else if (count >= MAX_CATEGORIES) {
      if (count++ === MAX_CATEGORIES) warn('cookie-service name', name, `at most ${MAX_CATEGORIES} services; the first ${MAX_CATEGORIES} count`);
    } else {
      count++;
      services[name] = category;
      if (!categories.includes(category)) categories.push(category);
    }
  }
  return services;
}

let cookieLists: Promise<Record<string, readonly string[]>> | undefined;

/**
 * A preset's cookie patterns (src/presets/data.ts, built into `presets/cookies.json`), to delete when its
 * service is refused or revoked; `[]` for an unknown preset, or when the file cannot be fetched (the next
 * call tries again). Fetched once per page: the element asks for it as soon as it shows something on a page
 * that names a preset, so that by the time the visitor decides it resolves in a microtask, before a
 * `reload-on-revoke` leaves the page; a revocation through the API or a trigger needs no view for it.
 */
export function presetCookies(preset: string): Promise<readonly string[]> {
  cookieLists ??= fetchSafely(new URL('presets/cookies.json', scriptUrl)).then((response) => (response.ok ? response.json() : Promise.reject(new Error())));
  return cookieLists.then(
    (lists) => (Object.hasOwn(lists, preset) ? lists[preset]! : []),
    () => ((cookieLists = undefined), []),
  );
}

/**
 * The rule that ties services to their categories in a new decision (decision.ts `decide`): a service is
 * granted when it or its category is granted, else refused when it or its category is refused, else left
 * undecided; a category with services is granted when all of them are, refused when one is refused.
 */
export const tieServices: ServiceRule = (services, grant, refuse) => {
  let answered: Record<string, boolean> | undefined;
  /** Each category's services' answers (`undefined`: undecided). */
  const answers: Record<string, Array<boolean | undefined>> = Object.create(null);
  for (const service of Object.keys(services)) {
    const category = services[service]!;
    const answer = grant.has(service) || grant.has(category) ? true : refuse.has(service) || refuse.has(category) ? false : undefined;
    if (answer !== undefined) (answered ??= {})[service] = answer;
    (answers[category] ??= []).push(answer);
    // The services' answers live apart: out of the category lists.
    grant.delete(service);
    refuse.delete(service);
  }
  for (const category in answers) {
    grant.delete(category);
    refuse.delete(category);
    if (answers[category]!.includes(false)) refuse.add(category);
    else if (!answers[category]!.includes(undefined)) grant.add(category);
  }
  return answered;
};
