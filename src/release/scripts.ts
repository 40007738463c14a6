/**
 * Running a `<script type="text/plain" data-category>` once its categories are granted.
 *
 * A script whose type was `text/plain` when it was inserted never runs, even if its type changes, so
 * a fresh `<script>` takes its place. Scripts inserted from JavaScript are async by default; to run
 * them "as if they had been in the page" they are put back in document order:
 *
 * - external classic scripts get `async = false`, which makes the browser run them in insertion
 *   order while still downloading them in parallel;
 * - an inline script runs as soon as it is inserted, so it waits until every ordered external script
 *   released before it has loaded (or failed), and everything released after it waits for it;
 * - module scripts keep their deferred nature (`async = false` keeps them in order) but nothing waits
 *   for them, as in a page, where an inline classic script after a module runs first;
 * - scripts with an `async` attribute run whenever they arrive, as they would in the page.
 */

/** Attributes that describe the blocking, not the script: not copied to the released script. */
const BLOCKING_ATTRIBUTES = new Set(['type', 'data-type', 'data-category', 'nonce']);

/** Settles when every ordered script released so far has run; `null` when nothing is pending. */
let pending: Promise<unknown> | null = null;

/** A new `<script>` that runs what `blocked` holds, with the same attributes. */
export function copyScript(blocked: HTMLScriptElement): HTMLScriptElement {
  const script = document.createElement('script');
  for (const { name, value } of Array.from(blocked.attributes)) {
    if (!BLOCKING_ATTRIBUTES.has(name)) script.setAttribute(name, value);
  }
  const type = blocked.getAttribute('data-type');
  if (type) script.type = type;
  // Browsers hide the nonce attribute's value from the DOM; the property still has it.
  if (blocked.nonce) script.nonce = blocked.nonce;
  if (!blocked.hasAttribute('src')) script.text = blocked.text;
  return script;
}

/** Replaces `blocked` by `script`; `false` when `blocked` left the page meanwhile. */
function place(blocked: HTMLScriptElement, script: HTMLScriptElement): boolean {
  if (!blocked.parentNode) return false;
  blocked.replaceWith(script);
  return true;
}

/** Replaces a blocked script by one that runs, keeping document order with the other released scripts. */
export function releaseScript(blocked: HTMLScriptElement): void {
  const script = copyScript(blocked);
  const type = script.type.toLowerCase();
  const module = type === 'module';
  const classic = type === '' || /(java|ecma)script/.test(type);
  const external = script.hasAttribute('src');

  if ((external || module) && script.hasAttribute('async')) {
    place(blocked, script);
    return;
  }
  if (external || module) script.async = false;
  // Only an external classic script can hold up what follows: it is the only kind that, in the page,
  // would block the parser, and the only kind sure to fire `load` or `error` once inserted (a
  // `nomodule` one is skipped without either by browsers that know modules).
  const blocks = external && classic && !script.noModule;

  const insert = (): Promise<unknown> | null => {
    const ran = blocks
      ? new Promise((resolve) => {
          script.addEventListener('load', resolve);
          script.addEventListener('error', resolve);
        })
      : null;
    return place(blocked, script) ? ran : null;
  };
  const track = (step: Promise<unknown>) => {
    const tail: Promise<unknown> = step.then(() => {
      if (pending === tail) pending = null;
    });
    return tail;
  };

  if (pending) {
    pending = track(pending.then(insert));
  } else {
    const ran = insert();
    if (ran) pending = track(ran);
  }
}
