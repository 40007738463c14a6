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
 * A value as text: a URL gives its address, an array its items joined by commas. What has no text of its
 * own gives `[object …]` (a Symbol or an object without a prototype too, where `String()` would throw).
 */
export function text(value: unknown): string {
  try {
    return '' + (value as string);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
