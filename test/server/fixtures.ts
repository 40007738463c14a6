/** Values made by the real encoder, so the tests read what the element really writes. */
import { createConsent, encodeConsent, type Consent } from '../../src/consent/index.js';

export const DAY = 86_400_000;

/** A decision granting `granted` and refusing `refused`, for `revision`, made `ageDays` ago. */
export function decision(
  granted: string[] = ['analytics'],
  refused: string[] = ['marketing'],
  { revision = 0, ageDays = 1, source = 'banner' as Consent['source'] } = {},
): { consent: Consent; value: string } {
  const consent = createConsent(granted, refused, revision, source, Date.now() - ageDays * DAY);
  return { consent, value: encodeConsent(consent) };
}
