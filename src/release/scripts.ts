/**
 * Running a `<script type="text/plain" data-category>` once its categories are granted.
 *
 * A script whose type was `text/plain` when it was inserted never runs, even if its type changes, so
 * a fresh `<script>` takes its place. Scripts inserted from JavaScript are async by default; to run
 * them "as if they had been in the page" they are put back in the order the parser would run them:
 *
 * - external classic scripts get `async = false` and are inserted at once: the browser downloads them
 *   in parallel and runs them in insertion order;
 * - an inline script runs as soon as it is inserted, so it waits until every external classic script
 *   released before it has loaded (or failed), and everything released after it waits for it;
 * - module scripts and external `defer` scripts are deferred, as in a page: they run one after the
 *   other, in document order, once the classic scripts released before them have run, and no classic
 *   script waits for them (a module in the browser's in-order list would hold up every classic script
 *   after it);
 * - scripts with an `async` attribute run whenever they arrive, as they would in the page.
 *
 * A script that waits its turn is inserted only if what it waits for is still granted then: a refusal
 * meanwhile (behind a slow script) must not run it. It then waits again, for a later grant.
 */

import { warn } from '../warn.js';

/** Attributes that describe the blocking, not the script: not copied to the released script. */
const BLOCKING_ATTRIBUTES = new Set(['type', 'data-type', 'data-category', 'data-service', 'nonce']);

/** Settles when every external classic script inserted so far has run (or failed); `null` when none is loading. */
let loading: Promise<unknown> | null = null;
/** Settles when the insertions waiting their turn are done (an inline script and what follows it); `null` when none waits. */
let queue: Promise<unknown> | null = null;
/** Settles when the deferred scripts (modules, `defer`) released so far have run; `null` when none waits. */
let deferred: Promise<unknown> | null = null;

/** The part of a Trusted Types policy used here (TypeScript's DOM types do not know Trusted Types yet). */
interface Policy {
  createScript(text: string): string;
  createScriptURL(url: string): string;
}

/** The widget's Trusted Types policy: `undefined` until a script is released, `null` where there is none. */
let policy: Policy | null | undefined;

/**
 * Under `require-trusted-types-for 'script'` a script's text and URL must come from a policy. The
 * widget's own, `cookie-consent`, passes them through: they come from the page's own markup (with
 * nonces, only from scripts that carry the page's nonce). Created on first use, where the browser
 * has Trusted Types; if the page's `trusted-types` directive does not allow it, plain strings are
 * used (which a `default` policy may still accept) and the console says so once.
 */
function trusted(): Policy | null {
  if (policy === undefined) {
    policy = null;
    const factory = (window as { trustedTypes?: { createPolicy(name: string, rules: Policy): Policy } }).trustedTypes;
    const pass = (value: string) => value;
    try {
      policy = factory?.createPolicy('cookie-consent', { createScript: pass, createScriptURL: pass }) ?? null;
    } catch {
      warn('<cookie-consent>: Trusted Types policy "cookie-consent" refused: add it and lit-html to trusted-types');
    }
  }
  return policy;
}

/** A new `<script>` that runs what `blocked` holds, with the same attributes; `first`, when given, runs before its text. */
export function copyScript(blocked: HTMLScriptElement, first = ''): HTMLScriptElement {
  const script = document.createElement('script');
  const rules = trusted();
  // By name: the `attributes` collection would instantiate two more interfaces' bindings (NamedNodeMap, Attr).
  for (const name of blocked.getAttributeNames()) {
    const value = blocked.getAttribute(name)!;
    if (!BLOCKING_ATTRIBUTES.has(name)) script.setAttribute(name, name === 'src' && rules ? rules.createScriptURL(value) : value);
  }
  const type = blocked.getAttribute('data-type');
  if (type) script.type = type;
  // Browsers hide the nonce attribute's value from the DOM; the property still has it.
  if (blocked.nonce) script.nonce = blocked.nonce;
  if (!blocked.hasAttribute('src')) script.text = rules ? rules.createScript(first + blocked.text) : first + blocked.text;
  return script;
}

/** Scripts handed to the browser that have not run yet (external ones, inline modules): the blocked one each replaced, its check, its way back. */
const pending = new Map<HTMLScriptElement, [HTMLScriptElement, () => boolean, () => void]>();
/** Where a script taken back goes: a browser runs a script only in the document it was inserted in. */
let parked: Document | undefined;
/** Blocked scripts released and waiting for their turn, each with its way back to waiting for a release. */
const queued = new Map<HTMLScriptElement, () => void>();
/** Counts the withdrawals (`withdrawScripts`): a turn taken before the last one is no longer anyone's. */
let generation = 0;

/**
 * Replaces `blocked` by `script`; `false` when `blocked` left the page meanwhile. An inline module says when it starts
 * with the event `started` on the document (`releaseScript`).
 */
function place(blocked: HTMLScriptElement, script: HTMLScriptElement, granted: () => boolean, back: () => void, started?: string): boolean {
  if (!blocked.parentNode) return false;
  blocked.replaceWith(script);
  if (script.src || started) {
    pending.set(script, [blocked, granted, back]);
    const ran = (): unknown => pending.delete(script);
    script.addEventListener('load', ran);
    script.addEventListener('error', ran);
    // Also one taken back starts, when the browser had begun to evaluate its imports (one that awaits at top level):
    // it ran, so the blocked one put back in its place goes, not to run it twice.
    if (started) document.addEventListener(started, () => (ran(), script.ownerDocument !== document && blocked.remove()), { once: true });
  }
  return true;
}

/**
 * After a refusal: an external script the browser holds to keep document order (behind a slow one) or still
 * downloads, or an inline module whose imports still load, that is no longer `granted()`, is taken back before it runs. Moved to another document, it never
 * runs there; the blocked one goes back in its place, for a later grant, and an `error` lets what waited for it go on.
 * Then every script still waiting for its turn goes back to waiting for a release too: granted again, one of them
 * would otherwise run before the one taken back, which is released again behind it. The release pass that follows
 * the refusal releases what is still granted again, in document order.
 */
export function withdrawScripts(): void {
  let taken = false;
  for (const [script, [blocked, granted, back]] of pending) {
    if (granted()) continue;
    taken = true;
    back();
    script.replaceWith(blocked);
    (parked ??= document.implementation.createHTMLDocument('')).adoptNode(script);
    script.dispatchEvent(new Event('error'));
  }
  if (!taken) return;
  generation++;
  for (const back of queued.values()) back();
  queued.clear();
}

/** Settles once no classic script released so far waits for its turn or is loading. */
async function classicDone(): Promise<void> {
  while (queue || loading) await (queue ?? loading);
}

/**
 * Replaces a blocked script by one that runs, keeping document order with the other released scripts.
 * `granted()` says, when its turn comes, whether it still may run; `back()` makes it wait for a release again.
 */
export function releaseScript(blocked: HTMLScriptElement, granted: () => boolean, back: () => void): void {
  // An inline module runs in a later task, after its imports have loaded, and fires no `load`: until then a refusal
  // can take it back, so its first statement says that it has started (which a withdrawal no longer undoes).
  const started = blocked.hasAttribute('src') || blocked.getAttribute('data-type')?.trim().toLowerCase() !== 'module' ? '' : `cookie-consent-started-${Math.random()}`;
  // Through globalThis: the module may declare its own `document` or `Event`.
  const script = copyScript(blocked, started && `globalThis.document.dispatchEvent(new globalThis.Event(${JSON.stringify(started)}));`);
  const type = script.type.trim().toLowerCase();
  const module = type === 'module';
  const classic = type === '' || /(java|ecma)script/.test(type);
  const external = script.hasAttribute('src');
  const mine = generation;
  queued.set(blocked, back);
  /**
   * Puts it in the page, unless a withdrawal handed it back meanwhile, or it is no longer `granted()`. Asked only when
   * its turn came later (`now` false): in the task that released it nothing can have been refused, and a returning
   * visit's page then runs none of the checks (each function run holds its feedback in the page's heap).
   */
  const put = (now?: boolean): boolean => {
    if (mine !== generation) return false;
    queued.delete(blocked);
    if (now || granted()) return place(blocked, script, granted, back, started);
    back();
    return false;
  };

  if ((external || module) && script.hasAttribute('async')) {
    put(true);
    return;
  }
  if (module || (external && classic && script.defer && !script.noModule)) {
    // Inserted in turn, each once the one before has run: an external script says so with `load` or
    // `error`; an inline module says nothing, so nothing waits for it.
    const turn: Promise<unknown> = (deferred ?? Promise.resolve())
      .then(classicDone)
      .then(
        () =>
          new Promise((resolve) => {
            script.addEventListener('load', resolve);
            script.addEventListener('error', resolve);
            if (!put() || !external) resolve(0);
          }),
      )
      .then(() => {
        if (deferred === turn) deferred = null;
      });
    deferred = turn;
    return;
  }
  if (external) script.async = false;
  // Only an external classic script holds up an inline one: it is the only kind that, in the page,
  // would block the parser, and the only kind sure to fire `load` or `error` once inserted (a
  // `nomodule` one is skipped without either by browsers that know modules).
  const blocks = external && classic && !script.noModule;

  const insert = (now?: boolean): void => {
    const ran = blocks
      ? new Promise((resolve) => {
          script.addEventListener('load', resolve);
          script.addEventListener('error', resolve);
        })
      : null;
    if (!put(now) || !ran) return;
    const all: Promise<unknown> = (loading ? Promise.all([loading, ran]) : ran).then(() => {
      if (loading === all) loading = null;
    });
    loading = all;
  };
  // An inline script inserted now would run before the external ones released before it.
  const wait = (): Promise<unknown> | null => (external ? null : loading);

  if (!queue && !wait()) return insert(true);
  const turn: Promise<unknown> = (queue ?? Promise.resolve())
    .then(wait)
    .then(() => insert())
    .then(() => {
      if (queue === turn) queue = null;
    });
  queue = turn;
}
