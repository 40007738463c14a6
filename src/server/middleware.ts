/** Express / Connect middleware: reads the decision once per request and hangs it on `req.consent`. */
import type { Consent } from '../consent/index.js';
import { DEFAULTS as DEFAULT_OPTIONS, resolveOptions, type ServerOptions } from './options.js';
import { readWith, type IncomingMessageLike } from './request.js';

/** A request after `consentMiddleware` ran. */
export type RequestWithConsent<Req = IncomingMessageLike> = Req & { consent: Consent | null };

/**
 * Returns a `(req, res, next)` middleware that sets `req.consent` to `readConsent(req, options)`
 * (GPC included) and calls `next()`. The options are checked once, here.
 * A request it cannot read gets `req.consent = null`; the middleware never calls `next` with an error.
 *
 * @example
 * app.use(consentMiddleware({ revision: 2 }));
 * app.get('/', (req, res) => res.send(req.consent?.categories.analytics ? withAnalytics : plain));
 */
export function consentMiddleware(
  options?: ServerOptions,
): (req: IncomingMessageLike, res: unknown, next: (error?: unknown) => void) => void {
  let resolved = DEFAULT_OPTIONS;
  try {
    resolved = resolveOptions(options);
  } catch {
    // Cannot happen with plain objects; a hostile one leaves the defaults.
  }
  return function consentMiddleware(req, _res, next) {
    let consent: Consent | null = null;
    try {
      consent = readWith(req, resolved);
    } catch {
      // Hostile or broken request object: no decision.
    }
    try {
      (req as RequestWithConsent).consent = consent;
    } catch {
      // A frozen request cannot carry it; the route can still call readConsent itself.
    }
    // Outside the try blocks: an error thrown by the next handler is the app's, not ours to swallow.
    if (typeof next === 'function') next();
  };
}
