/**
 * What the cookie guard tests share: the options of a typical site, the cookies its server sets on
 * every response, the requests of typical visitors, and what each visitor must get.
 */
import assert from 'node:assert/strict';
import { createConsent, encodeConsent } from '../../src/consent/index.js';
import type { GuardOptions } from '../../src/server/index.js';
import { DAY } from './fixtures.js';

/** A site with two presets, its own analytics and marketing cookies, a chat service and a necessary session. */
export const options: GuardOptions = {
  revision: 1,
  presets: ['ga4', 'youtube'],
  categories: { analytics: ['visits', 'ab_*'], marketing: ['ads_*'], necessary: ['session'] },
  services: { chat: ['chat_*'] },
  serviceCategories: { chat: 'preferences' },
};

/** A consent cookie value for `options.revision`, made an hour ago. */
export function consentValue(granted: string[], refused: string[], services?: Record<string, boolean>): string {
  return encodeConsent(createConsent(granted, refused, 1, 'preferences', Date.now() - DAY / 24, 'guardTest001', services));
}

/** The `Set-Cookie` headers the site's server sends on every response, by cookie name. */
export const SET_COOKIES: Record<string, string> = {
  session: 'session=s3cr3t; Path=/; HttpOnly; SameSite=Lax', // necessary
  theme: 'theme=dark; Path=/; Max-Age=31536000', // named by no option
  cookie_consent: `cookie_consent=${consentValue(['analytics'], ['marketing'])}; Path=/; SameSite=Lax`,
  _ga: '_ga=GA1.1.123.456; Path=/; Max-Age=63072000', // preset ga4 (analytics)
  _ga_X1Y2Z3: '_ga_X1Y2Z3=GS1.1.1; Path=/; Max-Age=63072000', // preset ga4, pattern _ga_*
  visits: 'visits=1; Path=/; Max-Age=2592000', // category analytics
  ab_home: 'ab_home=b; Path=/', // category analytics, pattern ab_*
  ads_click: 'ads_click=42; Path=/; Secure', // category marketing, pattern ads_*
  YSC: 'YSC=abc; Path=/; Domain=127.0.0.1', // preset youtube (marketing)
  chat_id: 'chat_id=7; Path=/', // service chat (preferences)
};

/** Set-Cookies that delete a marketing and an analytics cookie: a clean-up always passes. */
export const DELETIONS: Record<string, string> = {
  ads_old: 'ads_old=; Path=/; Max-Age=0',
  ab_old: 'ab_old=gone; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
};

/** Every Set-Cookie the handlers send, in order. */
export const ALL = [...Object.values(SET_COOKIES), ...Object.values(DELETIONS)];

const ALWAYS = ['session', 'theme', 'cookie_consent', 'ads_old', 'ab_old'];
const ANALYTICS = ['_ga', '_ga_X1Y2Z3', 'visits', 'ab_home'];

/** Visitors: their request headers and the cookie names the response must carry. */
export const VISITORS: { name: string; headers: Record<string, string>; kept: string[] }[] = [
  { name: 'no decision: only the necessary, unlisted, consent and deleting cookies', headers: {}, kept: ALWAYS },
  {
    name: 'analytics granted, marketing refused: analytics cookies too',
    headers: { cookie: `theme=dark; cookie_consent=${consentValue(['analytics'], ['marketing'])}` },
    kept: [...ALWAYS, ...ANALYTICS],
  },
  {
    name: 'analytics granted but the ga4 service refused: _ga and _ga_* dropped',
    headers: { cookie: `cookie_consent=${consentValue(['analytics', 'preferences'], ['marketing'], { ga4: false, youtube: true, chat: true })}` },
    kept: [...ALWAYS, 'visits', 'ab_home', 'YSC', 'chat_id'],
  },
  {
    name: 'everything granted: every cookie',
    headers: { cookie: `cookie_consent=${consentValue(['analytics', 'marketing', 'preferences'], [])}` },
    kept: Object.keys({ ...SET_COOKIES, ...DELETIONS }),
  },
  { name: 'GPC without a decision: a refusal', headers: { 'sec-gpc': '1' }, kept: ALWAYS },
  {
    name: 'GPC with a decision: the decision wins, as in readConsent',
    headers: { 'sec-gpc': '1', cookie: `cookie_consent=${consentValue(['analytics'], ['marketing'])}` },
    kept: [...ALWAYS, ...ANALYTICS],
  },
  {
    name: 'a decision for another revision counts as none',
    headers: { cookie: `cookie_consent=${encodeConsent(createConsent(['analytics', 'marketing', 'preferences'], [], 0, 'banner'))}` },
    kept: ALWAYS,
  },
];

/** The cookie names of a response's Set-Cookie headers, sorted. */
export const names = (response: Response): string[] =>
  response.headers.getSetCookie().map((cookie) => cookie.split(/[=;]/)[0]!).sort();

/** Asserts that `response` carries exactly the cookies `kept`, each unchanged. */
export function assertKept(response: Response, kept: string[], what: string): void {
  assert.deepEqual(names(response), [...kept].sort(), what);
  const sent = new Set(response.headers.getSetCookie());
  for (const name of kept) {
    const expected = SET_COOKIES[name] ?? DELETIONS[name]!;
    // Express writes its own attributes; the name=value pair must be the same.
    assert.ok([...sent].some((cookie) => cookie === expected || cookie.startsWith(expected.slice(0, expected.indexOf(';') + 1))), `${what}: ${name} unchanged`);
  }
}

/** Counts console.warn calls while `run` runs; returns the messages. */
export async function warnings(run: () => Promise<void>): Promise<string[]> {
  const messages: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void messages.push(args.map(String).join(' '));
  try {
    await run();
  } finally {
    console.warn = original;
  }
  return messages;
}
