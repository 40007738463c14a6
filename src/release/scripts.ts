/**
 * Running a `<script type="text/plain" data-category>` once its categories are granted.
 *
 * A script whose type was `text/plain` when it was inserted never runs, even if its type changes, so
 * a fresh `<script>` takes its place. Scripts inserted from JavaScript are async by default; to run
 * them "as if they had been in the page" they are put back in document order:
 *
 * - external classic scripts and module scripts get `async = false` and are inserted at once: the
 *   browser downloads them in parallel and runs them in insertion order;
 * - an inline script runs as soon as it is inserted, so it waits until every external classic script
 *   released before it has loaded (or failed), and everything released after it waits for it;
 * - nothing waits for a module, as in a page, where an inline classic script after a module runs first;
 * - scripts with an `async` attribute run whenever they arrive, as they would in the page.
 */

/** Attributes that describe the blocking, not the script: not copied to the released script. */
const BLOCKING_ATTRIBUTES = new Set(['type', 'data-type', 'data-category', 'nonce']);

/** Settles when every external classic script inserted so far has run (or failed); `null` when none is loading. */
let loading: Promise<unknown> | null = null;
/** Settles when the insertions waiting their turn are done (an inline script and what follows it); `null` when none waits. */
let queue: Promise<unknown> | null = null;

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
  const ordered = script.hasAttribute('src') || module;

  if (ordered && script.hasAttribute('async')) {
    place(blocked, script);
    return;
  }
  if (ordered) script.async = false;
  // Only an external classic script holds up an inline one: it is the only kind that, in the page,
  // would block the parser, and the only kind sure to fire `load` or `error` once inserted (a
  // `nomodule` one is skipped without either by browsers that know modules).
  const blocks = ordered && !module && classic && !script.noModule;

  const insert = (): void => {
    const ran = blocks
      ? new Promise((resolve) => {
          script.addEventListener('load', resolve);
          script.addEventListener('error', resolve);
        })
      : null;
    if (!place(blocked, script) || !ran) return;
    const all: Promise<unknown> = (loading ? Promise.all([loading, ran]) : ran).then(() => {
      if (loading === all) loading = null;
    });
    loading = all;
  };
  // An inline script inserted now would run before the external ones released before it.
  const wait = (): Promise<unknown> | null => (ordered ? null : loading);

  if (!queue && !wait()) return insert();
  const turn: Promise<unknown> = (queue ?? Promise.resolve())
    .then(wait)
    .then(insert)
    .then(() => {
      if (queue === turn) queue = null;
    });
  queue = turn;
}
