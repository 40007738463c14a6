/** The widget's messages to the site's developers: written safely, whatever the page did to the console or gave us. */

/**
 * `console.warn` that never throws: pages wrap console methods (error trackers, test harnesses that fail
 * on warnings) and such a wrapper may throw. A warning must never stop start-up or lose a decision.
 */
export function warn(message: string): void {
  try {
    console.warn(message);
  } catch {
    // The page's console failed: only this warning is lost.
  }
}

/**
 * A value as text: a URL gives its address, an array its items joined by commas, a Symbol its description. What
 * has no text of its own gives `[object …]` (an object without a prototype, where `String()` throws).
 */
export function text(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
