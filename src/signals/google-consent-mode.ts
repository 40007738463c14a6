/** Google Consent Mode v2 (CONTRACT section 5). Stub: filled in by the blocking/signals work. */
import type { ConsentHost } from '../element/host.js';

/**
 * Pushes the `default` command at once (synchronously), then an `update` whenever the host
 * has or makes a decision. Returns a function that stops listening.
 */
export function connectConsentMode(host: ConsentHost): () => void {
  void host;
  return () => {};
}
