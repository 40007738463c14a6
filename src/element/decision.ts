/**
 * The decision logic of `<cookie-consent>`, without a DOM: settings and a stored decision in, answers out
 * (is it valid, what is granted, must the banner ask, what did a change grant or revoke, what does a new
 * decision record). The element keeps the state and the side effects; everything it decides is asked here,
 * so it can be tested in Node (test/server/decision.test.ts).
 */
import { CATEGORY_ID, NECESSARY, createConsent, isCurrent, isGranted, type Consent, type ConsentSource } from '../consent/index.js';

/** What a decision is judged by: the validated configuration and the browser's privacy signal. */
export interface DecisionSettings {
  /** The configured optional categories, in order (valid ids, without `necessary`). */
  readonly categories: readonly string[];
  readonly revision: number;
  readonly expiresDays: number;
  readonly mode: 'opt-in' | 'opt-out';
  /** Global Privacy Control is on and not ignored: nothing counts as granted without a decision. */
  readonly gpc: boolean;
}

/**
 * The decision that still counts (made for this revision, not expired), also one that leaves configured
 * categories undecided (an embed's Allow button); `null` when there is none.
 */
export function current(settings: DecisionSettings, decision: Consent | null, now = Date.now()): Consent | null {
  return decision && isCurrent(decision, { revision: settings.revision, expiresDays: settings.expiresDays, now }) ? decision : null;
}

/**
 * The valid decision (CONTRACT section 5: `el.consent`): current and answering every configured category;
 * `null` otherwise. A partial one (an embed's Allow button) still grants what it grants (`has`).
 */
export function valid(settings: DecisionSettings, decision: Consent | null, now?: number): Consent | null {
  const stored = current(settings, decision, now);
  return stored && settings.categories.every((id) => Object.hasOwn(stored.categories, id)) ? stored : null;
}

/**
 * Whether `id` counts as granted: `necessary` always; a category the current decision answers, as it
 * answers; one it does not, only in `opt-out` mode, when configured and without Global Privacy Control.
 */
export function has(settings: DecisionSettings, decision: Consent | null, id: string, now?: number): boolean {
  const stored = current(settings, decision, now);
  if (id === NECESSARY || (stored && Object.hasOwn(stored.categories, id))) return isGranted(stored, id);
  return settings.mode === 'opt-out' && settings.categories.includes(id) && !settings.gpc;
}

/** The optional categories the current decision grants (`yes`) or refuses. */
export function decided(settings: DecisionSettings, decision: Consent | null, yes: boolean, now?: number): string[] {
  const answers = current(settings, decision, now)?.categories ?? {};
  return Object.keys(answers).filter((id) => id !== NECESSARY && answers[id] === yes);
}

/** The optional categories that count as granted: the configured ones `has` grants and any other the decision grants. */
export function granted(settings: DecisionSettings, decision: Consent | null, now?: number): Set<string> {
  return new Set([...settings.categories.filter((id) => has(settings, decision, id, now)), ...decided(settings, decision, true, now)]);
}

/** Whether the banner must ask: there are categories and no valid decision. */
export function asks(settings: DecisionSettings, decision: Consent | null, now?: number): boolean {
  return settings.categories.length > 0 && !valid(settings, decision, now);
}

/** What went from `before` to `after` (two results of `granted`): `consent-change`'s lists. */
export function difference(before: Set<string>, after: Set<string>): { granted: string[]; revoked: string[] } {
  return { granted: [...after].filter((id) => !before.has(id)), revoked: [...before].filter((id) => !after.has(id)) };
}

/**
 * A new decision granting `yes` (invalid ids and `necessary` dropped) and refusing `refused`, by default
 * every other configured category.
 */
export function decide(settings: DecisionSettings, yes: Iterable<string>, source: ConsentSource, id: string, refused?: readonly string[], now = Date.now()): Consent {
  const grant = new Set(Array.from(yes, String).filter((category) => CATEGORY_ID.test(category) && category !== NECESSARY));
  return createConsent(grant, refused ?? settings.categories.filter((category) => !grant.has(category)), settings.revision, source, now, id);
}

/**
 * What granting `ids` on top of `decision` records: the categories it granted stay granted, those it
 * refused stay refused (unless granted now), nothing else is decided. An embed's Allow button does this.
 */
export function grant(settings: DecisionSettings, decision: Consent | null, ids: readonly string[], source: ConsentSource, id: string, now?: number): Consent {
  return decide(settings, [...decided(settings, decision, true, now), ...ids], source, id, decided(settings, decision, false, now).filter((category) => !ids.includes(category)), now);
}
