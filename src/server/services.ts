/**
 * Answering for a service (CONTRACT section 9). A decision made with services configured names each
 * one, and a service it does not name was added since: not granted until the visitor answers for it. A
 * version-1 cookie (from a site that listed no services when the visitor decided) names none, and then a
 * service counts as what its category counts as.
 */
import { CATEGORY_ID, NECESSARY, isDecided, isGranted, type Consent } from '../consent/index.js';
import { PRESETS } from '../presets/data.js';
import { read, warn } from './options.js';

/**
 * The category of service `id`: from `options.serviceCategories`, else from the preset of that id;
 * `undefined` when neither knows it (then the service is granted only by its own entry).
 */
export function categoryOf(id: string, options: unknown): string | undefined {
  if (!CATEGORY_ID.test(id)) return undefined; // `__proto__` and the like are no service
  const given = typeof options === 'object' && options !== null ? read(options as Record<string, unknown>, 'serviceCategories') : undefined;
  if (given !== undefined && given !== null) {
    if (typeof given !== 'object') {
      warn('serviceCategories', given, 'an object of service id to category id');
    } else if (Object.hasOwn(given, id)) {
      const category: unknown = (given as Record<string, unknown>)[id];
      if (typeof category === 'string' && CATEGORY_ID.test(category)) return category;
      warn(`serviceCategories.${id}`, category, 'a category id such as "analytics"');
    }
  }
  return Object.hasOwn(PRESETS, id) ? PRESETS[id]!.category : undefined;
}

/**
 * Whether the category or service `id` is granted in `consent`: its own entry when the decision has
 * one; otherwise, for a service and a decision that lists no services (version 1), the entry of its
 * category, which `category()` gives (asked only then: most answers need no lookup). `necessary` always is.
 */
export function grants(consent: Consent | null, id: string, category: () => string | undefined): boolean {
  if (consent !== null && isDecided(consent, id)) return isGranted(consent, id);
  if (id === NECESSARY) return true;
  if (consent?.services) return false;
  const of = category();
  return of !== undefined && of !== id && isGranted(consent, of);
}
