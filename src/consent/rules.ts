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

/** Whether `consent` is a valid decision under `validity`. */
export function isCurrent(consent: Consent, validity: Validity = {}): boolean {
  const { revision, expiresDays, categories, now } = validity;
  if (revision !== undefined && consent.revision !== revision) return false;
  // The clock is read only when a lifetime applies: the server helper asks this on every request.
  // A decision dated more than a day ahead (made under a clock that was wrong, or forged) would never
  // grow old; a day allows for a visitor's clock and the server's to differ.
  if (expiresDays !== undefined) {
    const age = (now ?? Date.now()) - consent.timestamp;
    if (age > expiresDays * DAY || age < -DAY) return false;
  }
  if (categories !== undefined) {
    for (const category of categories) if (!Object.hasOwn(consent.categories, category)) return false;
  }
  return true;
}

/** Whether `category` is granted in `consent` (`necessary` always is). */
export function isGranted(consent: Consent | null, category: string): boolean {
  if (category === 'necessary') return true;
  return consent !== null && Object.hasOwn(consent.categories, category) && consent.categories[category] === true;
}
