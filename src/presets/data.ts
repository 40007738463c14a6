/**
 * The ready service definitions of CONTRACT §9 (`<cookie-service preset="ga4">`): what each tool is, not
 * what it is called (the texts live in `lang/<code>.json`, fetched with the view). No DOM and no Node:
 * the server's cookie guard, the view and the scanner read the same table. The scanner evaluates the
 * object literal below without compiling this file, so it stays plain JavaScript: no types inside it.
 */
export interface PresetDefinition {
  /** The category the service belongs to unless the page says otherwise. */
  category: string;
  /**
   * Cookie names and `prefix*` patterns the tool sets: first the first-party ones its script writes on the
   * site (those the widget deletes on revocation and the server guard drops), then third-party ones where
   * the name is distinctive enough for a cookie declaration. Generic third-party names (`PREF`, `fr`,
   * `sessionid`, `test_cookie`) are left out: they could be the site's own cookies, which the guard would drop.
   */
  cookies: readonly string[];
  /**
   * Where the tool loads from: a hostname matches itself and its subdomains; `host/path` also needs the
   * request's path (with its query) to start with `/path`, for vendors that share a host.
   */
  hosts: readonly string[];
  /** Google Consent Mode v2 types this service's grant stands for (Google tools only). */
  consentMode?: readonly string[];
  /** An embed (`<iframe>` or a widget script that draws one) that gets a placeholder until granted. */
  embed?: boolean;
}

// Sources: the Open Cookie Database (data/open-cookie-database/) for every cookie name, and each vendor's
// own cookie documentation. Decisions:
// - gtm is 'analytics' with analytics_storage: the container itself sets no cookie, but it loads whatever
//   the site put in it, and most containers hold measurement. Ad tags inside it still wait for ad_storage,
//   which only the marketing category or the google-ads service grants.
// - recaptcha is 'preferences', not 'necessary': its script sets _GRECAPTCHA and sends device and behaviour
//   data to Google, which also uses it for its own purposes, so it is not strictly necessary storage for
//   the service the visitor asked for (ePrivacy Art. 5(3)); regulators have not accepted it as exempt.
export const PRESETS: Readonly<Record<string, PresetDefinition>> = {
  ga4: {
    category: 'analytics',
    cookies: ['_ga', '_ga_*', '_gid', '_gat*', '_dc_gtm_*'],
    hosts: ['googletagmanager.com/gtag/', 'google-analytics.com', 'analytics.google.com'],
    consentMode: ['analytics_storage'],
  },
  gtm: {
    category: 'analytics',
    cookies: [],
    hosts: ['googletagmanager.com/gtm.js', 'googletagmanager.com/ns.html'],
    consentMode: ['analytics_storage'],
  },
  'google-ads': {
    category: 'marketing',
    cookies: ['_gcl_*', '_gac_*', 'IDE'],
    hosts: ['googletagmanager.com/gtag/js?id=AW-', 'googleadservices.com', 'doubleclick.net', 'google.com/pagead'],
    consentMode: ['ad_storage', 'ad_user_data', 'ad_personalization'],
  },
  'meta-pixel': { category: 'marketing', cookies: ['_fbp', '_fbc'], hosts: ['connect.facebook.net', 'facebook.com/tr'] },
  'linkedin-insight': {
    category: 'marketing',
    cookies: ['li_sugr', 'li_fat_id', 'ln_or', 'bcookie', 'bscookie', 'lidc', 'UserMatchHistory', 'AnalyticsSyncHistory'],
    hosts: ['snap.licdn.com', 'px.ads.linkedin.com'],
  },
  'tiktok-pixel': { category: 'marketing', cookies: ['_ttp', '_tt_enable_cookie', 'ttcsid*'], hosts: ['analytics.tiktok.com'] },
  clarity: { category: 'analytics', cookies: ['_clck', '_clsk', 'CLID', 'ANONCHK', 'MUID'], hosts: ['clarity.ms'] },
  hotjar: { category: 'analytics', cookies: ['_hj*'], hosts: ['hotjar.com', 'hotjar.io'] },
  matomo: { category: 'analytics', cookies: ['_pk_*'], hosts: ['matomo.cloud'] },
  mixpanel: { category: 'analytics', cookies: ['mp_*'], hosts: ['mixpanel.com', 'mxpnl.com'] },
  segment: { category: 'analytics', cookies: ['ajs_anonymous_id', 'ajs_user_id', 'ajs_group_id'], hosts: ['segment.com', 'segment.io'] },
  hubspot: {
    category: 'marketing',
    cookies: ['__hstc', 'hubspotutk', '__hssc', '__hssrc', 'messagesUtk'],
    hosts: ['hs-scripts.com', 'hs-analytics.net', 'hs-banner.com', 'hscollectedforms.net', 'hubspot.com'],
  },
  intercom: {
    category: 'preferences',
    cookies: ['intercom-id-*', 'intercom-session-*', 'intercom-device-id-*'],
    hosts: ['intercom.io', 'intercomcdn.com'],
  },
  crisp: { category: 'preferences', cookies: ['crisp-client*'], hosts: ['crisp.chat'] },
  youtube: {
    category: 'marketing',
    cookies: ['VISITOR_INFO1_LIVE', 'VISITOR_PRIVACY_METADATA', 'YSC', '__Secure-ROLLOUT_TOKEN'],
    hosts: ['youtube.com', 'youtube-nocookie.com', 'ytimg.com', 'googlevideo.com'],
    embed: true,
  },
  vimeo: { category: 'marketing', cookies: ['vuid'], hosts: ['vimeo.com', 'vimeocdn.com'], embed: true },
  'google-maps': {
    category: 'marketing',
    cookies: ['NID'],
    hosts: ['google.com/maps', 'maps.googleapis.com', 'maps.gstatic.com'],
    embed: true,
  },
  openstreetmap: { category: 'preferences', cookies: [], hosts: ['openstreetmap.org'], embed: true },
  spotify: { category: 'marketing', cookies: ['sp_t', 'sp_landing'], hosts: ['open.spotify.com', 'scdn.co', 'spotifycdn.com'], embed: true },
  soundcloud: { category: 'marketing', cookies: [], hosts: ['soundcloud.com', 'sndcdn.com'], embed: true },
  twitter: {
    category: 'marketing',
    cookies: ['guest_id*', 'personalization_id', 'muc_ads'],
    hosts: ['platform.twitter.com', 'syndication.twitter.com', 'twimg.com'],
    embed: true,
  },
  instagram: { category: 'marketing', cookies: ['ig_did', 'ig_cb', 'ds_user_id'], hosts: ['instagram.com', 'cdninstagram.com'], embed: true },
  calendly: { category: 'preferences', cookies: [], hosts: ['calendly.com'], embed: true },
  recaptcha: {
    category: 'preferences',
    cookies: ['_GRECAPTCHA'],
    hosts: ['google.com/recaptcha', 'recaptcha.net', 'gstatic.com/recaptcha'],
  },
};

/** Every preset id, in the order of CONTRACT §9. */
export const PRESET_IDS = Object.keys(PRESETS);
