/**
 * The page's own controls (CONTRACT section 3): any element with `data-cookie-consent="preferences"`,
 * `"banner"`, `"reject-all"` or `"accept-all"` does that when clicked. One listener on `document` handles
 * them all, including elements added later.
 */

import type { Warn } from './config.js';

export type TriggerAction = 'preferences' | 'banner' | 'accept-all' | 'reject-all';

const ACTIONS: readonly string[] = ['preferences', 'banner', 'accept-all', 'reject-all'];

/**
 * Calls `act` for each click on a trigger, and `warn` for a click on one with an unknown value (a typo, or
 * another tool's word: the link would otherwise just do nothing); returns the function that stops listening.
 * When `act` returns `false` (no element answers the trigger any more), the click does what it would do without.
 */
export function watchTriggers(act: (action: TriggerAction) => unknown, warn: Warn): () => void {
  const onClick = (event: MouseEvent): void => {
    for (const target of event.composedPath()) {
      const action = target instanceof Element ? target.getAttribute('data-cookie-consent') : null;
      if (action === null) continue;
      if (!ACTIONS.includes(action)) return warn('data-cookie-consent', action, ACTIONS.join(', '));
      // A link (href="#") must not navigate, a button in a form must not submit.
      if (act(action as TriggerAction) !== false) event.preventDefault();
      return;
    }
  };
  document.addEventListener('click', onClick);
  return () => document.removeEventListener('click', onClick);
}
