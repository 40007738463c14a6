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
 * While `answers()` is false (no element answers the triggers any more), a click does what it would do without.
 */
export function watchTriggers(act: (action: TriggerAction) => void, warn: Warn, answers = () => true): () => void {
  const onClick = (event: MouseEvent): void => {
    if (!answers()) return;
    for (const target of event.composedPath()) {
      const action = target instanceof Element ? target.getAttribute('data-cookie-consent') : null;
      if (action === null) continue;
      if (!ACTIONS.includes(action)) return warn('data-cookie-consent', action, ACTIONS.join(', '));
      event.preventDefault(); // a link (href="#") must not navigate, a button in a form must not submit
      act(action as TriggerAction);
      return;
    }
  };
  document.addEventListener('click', onClick);
  return () => document.removeEventListener('click', onClick);
}
