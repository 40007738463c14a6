/**
 * When a stored decision still counts (CONTRACT sections 3 and 7). The element and the server
 * helper both ask this, so a decision the banner treats as stale is stale on the server too.
 */
import type { Consent } from './record.js';

/** What a decision is checked against; each rule applies only when its field is given. */
export interface Validity {
  /** The current policy revision: a decision for another revision no longer counts. */
  revision?: number;
  /** Lifetime of a decision in days: an older decision no longer counts. */
  expiresDays?: number;
  /** The configured optional categories: each must have been decided on. */
  categories?: Iterable<string>;
  /** The time to judge against (ms since the epoch); defaults to now. */
  now?: number;
}

const DAY = 86_400_000;

/**
 * How far ahead of the clock a decision may be dated: a visitor's clock and the server's may differ
 * by this much. A copy dated further ahead was made under a wrong clock or forged, e.g. tossed in by a
 * sibling subdomain to outrank the visitor's own decision (newest wins): it is no decision at all.
 * Minutes, not a day, so such a copy cannot win for long, and the element deletes it when the visitor
 * decides again.
 */
export const CLOCK_SKEW = 300_000;

/** Whether `consent` is dated further ahead of `now` than clocks differ (see `CLOCK_SKEW`): never valid. */
export const isAhead = (consent: Consent, now: number): boolean => consent.timestamp - now > CLOCK_SKEW;

/** Whether `consent` is a valid decision under `validity`. */
export function isCurrent(consent: Consent, validity: Validity = {}): boolean {
  const { revision, expiresDays, categories, now } = validity;
  if (revision !== undefined && consent.revision !== revision) return false;
  // A decision dated too far ahead never gets here: `findConsent`, through which every reader finds
  // it, skips it (`isAhead`). The clock is read only when a lifetime applies: the server helper asks
  // this on every request.
  if (expiresDays !== undefined && (now ?? Date.now()) - consent.timestamp > expiresDays * DAY) return false;
  if (categories !== undefined) {
    for (const category of categories) if (!Object.hasOwn(consent.categories, category)) return false;
  }
  return true;
}

/** Whether the category or service `id` is granted in `consent` (`necessary` always is). */
export function isGranted(consent: Consent | null, id: string): boolean {
  if (id === 'necessary') return true;
  if (consent === null) return false;
  if (Object.hasOwn(consent.categories, id)) return consent.categories[id] === true;
  return consent.services !== undefined && Object.hasOwn(consent.services, id) && consent.services[id] === true;
}

/** Whether `consent` decided on the category or service `id`, either way. */
export const isDecided = (consent: Consent, id: string): boolean =>
  Object.hasOwn(consent.categories, id) || (consent.services !== undefined && Object.hasOwn(consent.services, id));
