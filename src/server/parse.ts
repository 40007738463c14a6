import { findConsent, isCurrent, type Consent } from '../consent/index.js';

export interface ServerOptions { cookieName?: string; revision?: number; expiresDays?: number }

export function parseConsent(cookieHeader: string | null | undefined, options: ServerOptions = {}): Consent | null {
  return findConsent(cookieHeader, options.cookieName ?? 'cookie_consent', (c) => isCurrent(c, options));
}
