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
