/** Finding tagged scripts, iframes and images and releasing them. Stub: filled in by the blocking work. */
import type { ConsentHost } from '../element/host.js';

/**
 * Releases every tagged element whose categories `host.has()` grants, now and after each
 * `consent-change`, and watches for tagged elements added later. Returns a function that stops it.
 */
export function connectRelease(host: ConsentHost): () => void {
  void host;
  return () => {};
}
