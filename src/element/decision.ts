/**
 * The decision logic of `<cookie-consent>`, without a DOM: settings and a stored decision in, answers out
 * (is it valid, what is granted, must the banner ask, what did a change grant or revoke, what does a new
 * decision record). The element keeps the state and the side effects; everything it decides is asked here,
 * so it can be tested in Node (test/server/decision.test.ts).
 */
import { CATEGORY_ID, MAX_CATEGORIES, NECESSARY, createConsent, isCurrent, isDecided, isGranted, type Consent, type ConsentSource } from '../consent/index.js';

/** What a decision is judged by: the validated configuration and the browser's privacy signal. */
export interface DecisionSettings {
  /** The configured optional categories, in order (valid ids, without `necessary`). */
  readonly categories: readonly string[];
  readonly revision: number;
  readonly expiresDays: number;
  readonly mode: 'opt-in' | 'opt-out';
  /** Global Privacy Control is on and not ignored: nothing counts as granted without a decision. */
  readonly gpc: boolean;
  /** The configured services (CONTRACT §9), in order, each with its category (a configured one). */
  readonly services?: Readonly<Record<string, string>>;
  /**
   * How a new decision answers the configured services (`tieServices` of services.ts, the part that a page
   * with services loads; without it there are none to answer).
   */
  readonly tie?: ServiceRule;
}

/**
 * Answers each of `services` (id → its category) from what a new decision grants and refuses, and makes each
 * category with services follow them: moves the services out of `grant` and `refuse` and returns their
 * answers (`undefined` when none is decided).
 */
export type ServiceRule = (services: Readonly<Record<string, string>>, grant: Set<string>, refuse: Set<string>) => Record<string, boolean> | undefined;

/** The configured categories and services: every id a valid decision answers. */
const ids = (settings: DecisionSettings): string[] => [...settings.categories, ...Object.keys(settings.services ?? {})];

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
  return stored && ids(settings).every((id) => isDecided(stored, id)) ? stored : null;
}

/**
 * Whether `id` (a category or a service) counts as granted: `necessary` always; what the current decision
 * answers, as it answers; a configured service that a decision without services (version 1, made before the
 * site listed any) does not answer, as it answers the service's category; anything else only in `opt-out`
 * mode, when configured and without Global Privacy Control. A decision that lists services was asked about
 * each: a service added since is refused with its refused category, but not granted by a granted one (it
 * waits for its own answer).
 */
export function has(settings: DecisionSettings, decision: Consent | null, id: string, now?: number): boolean {
  const stored = current(settings, decision, now);
  const category = settings.services && Object.hasOwn(settings.services, id) ? settings.services[id] : undefined;
  if (id === NECESSARY || (stored && isDecided(stored, id))) return isGranted(stored, id);
  if (stored && category && isDecided(stored, category) && !(stored.services && isGranted(stored, category))) return isGranted(stored, category);
  return settings.mode === 'opt-out' && ids(settings).includes(id) && !settings.gpc;
}

/** The optional categories and services the current decision grants (`yes`) or refuses. */
export function decided(settings: DecisionSettings, decision: Consent | null, yes: boolean, now?: number): string[] {
  const stored = current(settings, decision, now);
  const answers = { ...stored?.categories, ...stored?.services };
  return Object.keys(answers).filter((id) => id !== NECESSARY && answers[id] === yes);
}

/** The optional categories and services that count as granted: the configured ones `has` grants and any other the decision grants. */
export function granted(settings: DecisionSettings, decision: Consent | null, now?: number): Set<string> {
  return new Set([...ids(settings).filter((id) => has(settings, decision, id, now)), ...decided(settings, decision, true, now)]);
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
 * A new decision granting `yes` (categories and services; invalid ids and `necessary` dropped) and
 * refusing `refused`, by default every other configured category. A configured service is granted when
 * it or its category is granted, else refused when it or its category is refused, else left undecided;
 * a category with services is granted when all of them are, refused when one is refused.
 */
export function decide(settings: DecisionSettings, yes: Iterable<string>, source: ConsentSource, id: string, refused?: readonly string[], now = Date.now()): Consent {
  const grant = new Set(Array.from(yes, String).filter((category) => CATEGORY_ID.test(category) && category !== NECESSARY));
  const refuse = new Set(refused ?? settings.categories.filter((category) => !grant.has(category)));
  // The cookie holds no more (codec.ts; readConfig takes no more): beyond that, ids no setting names give way,
  // or the decision would be written and then read as none.
  for (const id of grant) if (grant.size + refuse.size > MAX_CATEGORIES && !settings.categories.includes(id)) grant.delete(id);
  const services = settings.services && settings.tie?.(settings.services, grant, refuse);
  return createConsent(grant, refuse, settings.revision, source, now, id, services);
}

/**
 * What granting `ids` on top of `decision` records: the categories it granted stay granted, those it
 * refused stay refused (unless granted now), nothing else is decided. An embed's Allow button does this,
 * and grants exactly what it names (CONTRACT section 4): "Allow YouTube" grants no category, though YouTube
 * be its only service, so content tagged with that category alone still waits for it (refused, if it was).
 */
export function grant(settings: DecisionSettings, decision: Consent | null, ids: readonly string[], source: ConsentSource, id: string, now?: number): Consent {
  const before = decided(settings, decision, true, now);
  const refused = decided(settings, decision, false, now);
  const granted = decide(settings, [...before, ...ids], source, id, refused.filter((category) => !ids.includes(category)), now);
  for (const category of Object.keys(granted.categories)) {
    if (granted.categories[category] && ![NECESSARY, ...before, ...ids].includes(category)) {
      if (refused.includes(category)) granted.categories[category] = false;
      else delete granted.categories[category];
    }
  }
  return untie(settings, granted, decision, ids, false);
}

/** What `decision` refused, alone: the part of a decision that cannot turn out to grant too much (`necessary` stays). */
export function refusals(decision: Consent): Consent {
  const only = (answers: Record<string, boolean>) => Object.fromEntries(Object.entries(answers).filter(([id, yes]) => !yes || id === NECESSARY));
  return { ...decision, categories: only(decision.categories), ...(decision.services && { services: only(decision.services) }) };
}

/**
 * Global Privacy Control's refusal of what `decision` leaves open: what the visitor granted stays granted,
 * everything else is refused, a service added since the decision included (and with it its category). Grants
 * carried forward keep their date (a millisecond later): the browser's automatic refusal does not make them last longer
 * (`expires-days`). The server's receipt keeps the time it was received.
 */
export function refuseOpen(settings: DecisionSettings, decision: Consent | null, id: string, now?: number): Consent {
  const granted = decided(settings, decision, true, now);
  // A millisecond later than the decision it replaces, so that it outranks that decision's copies left elsewhere (a
  // parent domain's, which the same date would tie with and win over, and which the check would then delete).
  return untie(settings, decide(settings, granted, 'gpc', id, undefined, granted.length ? decision!.timestamp + 1 : now), decision, [], true);
}

/**
 * `result`, carried forward from `decision`: a decision that lists services was asked about each, so a service
 * it never named is not granted through the tie of a category it granted, unless `named` (what is granted now)
 * names the service or its category. It is left open (a grant), or refused with its category (`refuse`).
 */
function untie(settings: DecisionSettings, result: Consent, decision: Consent | null, named: readonly string[], refuse: boolean): Consent {
  const { services } = settings;
  if (decision?.services && result.services && services) {
    for (const service of Object.keys(result.services)) {
      const category = services[service]!;
      if (!result.services[service] || Object.hasOwn(decision.services, service) || named.includes(service) || named.includes(category)) continue;
      if (!refuse) delete result.services[service];
      else {
        result.services[service] = false;
        if (Object.hasOwn(result.categories, category)) result.categories[category] = false;
      }
    }
  }
  return result;
}
