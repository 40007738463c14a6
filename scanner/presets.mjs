// Which preset of CONTRACT §9 a finding points to: the cookies each service sets (a trailing `*` is a
// prefix) and the hosts it loads from (a host matches itself and its subdomains; `host/path` also needs
// the path to start with `/path`). The category is the one the scan proposes for the service.
export const PRESETS = {
  ga4: { category: 'analytics', cookies: ['_ga', '_ga_*', '_gid', '_gat*'], hosts: ['google-analytics.com', 'analytics.google.com', 'googletagmanager.com/gtag/'] },
  gtm: { category: 'analytics', cookies: [], hosts: ['googletagmanager.com/gtm.js'] },
  'google-ads': { category: 'marketing', cookies: ['_gcl_*', 'IDE', 'test_cookie', '__gads', '__gpi'], hosts: ['googleadservices.com', 'doubleclick.net', 'googlesyndication.com'] },
  'meta-pixel': { category: 'marketing', cookies: ['_fbp', '_fbc', 'fr'], hosts: ['connect.facebook.net', 'facebook.com/tr'] },
  'linkedin-insight': { category: 'marketing', cookies: ['li_sugr', 'lidc', 'bcookie', 'bscookie', 'li_fat_id', 'UserMatchHistory', 'AnalyticsSyncHistory'], hosts: ['snap.licdn.com', 'px.ads.linkedin.com'] },
  'tiktok-pixel': { category: 'marketing', cookies: ['_ttp', '_tt_enable_cookie', 'ttcsid*'], hosts: ['analytics.tiktok.com'] },
  clarity: { category: 'analytics', cookies: ['_clck', '_clsk', 'CLID', 'ANONCHK', 'MUID'], hosts: ['clarity.ms'] },
  hotjar: { category: 'analytics', cookies: ['_hj*'], hosts: ['hotjar.com', 'hotjar.io'] },
  matomo: { category: 'analytics', cookies: ['_pk_*', 'MATOMO_SESSID'], hosts: ['matomo.cloud'] },
  mixpanel: { category: 'analytics', cookies: ['mp_*'], hosts: ['mixpanel.com', 'mxpnl.com'] },
  segment: { category: 'analytics', cookies: ['ajs_anonymous_id', 'ajs_user_id', 'ajs_group_id'], hosts: ['segment.com', 'segment.io'] },
  hubspot: { category: 'marketing', cookies: ['__hstc', 'hubspotutk', '__hssc', '__hssrc'], hosts: ['hs-scripts.com', 'hs-analytics.net', 'hs-banner.com', 'hubspot.com'] },
  intercom: { category: 'preferences', cookies: ['intercom-id-*', 'intercom-session-*', 'intercom-device-id-*'], hosts: ['intercom.io', 'intercomcdn.com'] },
  crisp: { category: 'preferences', cookies: ['crisp-client*'], hosts: ['crisp.chat'] },
  youtube: { category: 'marketing', cookies: ['VISITOR_INFO1_LIVE', 'YSC', 'VISITOR_PRIVACY_METADATA', 'PREF'], hosts: ['youtube.com', 'youtube-nocookie.com', 'ytimg.com', 'googlevideo.com'] },
  vimeo: { category: 'marketing', cookies: ['vuid'], hosts: ['vimeo.com', 'vimeocdn.com'] },
  'google-maps': { category: 'marketing', cookies: ['NID'], hosts: ['maps.googleapis.com', 'maps.gstatic.com', 'google.com/maps'] },
  openstreetmap: { category: 'preferences', cookies: [], hosts: ['openstreetmap.org'] },
  spotify: { category: 'marketing', cookies: ['sp_*'], hosts: ['open.spotify.com', 'scdn.co'] },
  soundcloud: { category: 'marketing', cookies: [], hosts: ['w.soundcloud.com', 'sndcdn.com'] },
  twitter: { category: 'marketing', cookies: ['guest_id*', 'personalization_id', 'muc_ads'], hosts: ['platform.twitter.com', 'syndication.twitter.com', 'twimg.com'] },
  instagram: { category: 'marketing', cookies: [], hosts: ['instagram.com', 'cdninstagram.com'] },
  calendly: { category: 'preferences', cookies: [], hosts: ['calendly.com'] },
  // A security service: the scan does not report it as a finding, but still lists its requests.
  recaptcha: { category: 'necessary', cookies: ['_GRECAPTCHA'], hosts: ['google.com/recaptcha', 'recaptcha.net', 'gstatic.com/recaptcha'] },
};

/** Whether `name` matches a pattern list (`name` or `prefix*`). */
export const matchesPattern = (name, patterns) =>
  patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));

/** Whether `host` is `domain` or one of its subdomains. */
export const onDomain = (host, domain) => host === domain || host.endsWith('.' + domain);

/** The preset whose cookies include `name`, or `undefined`. */
export const presetOfCookie = (name) => Object.keys(PRESETS).find((id) => matchesPattern(name, PRESETS[id].cookies));

/** The preset a request URL belongs to, or `undefined`. */
export function presetOfUrl(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  return Object.keys(PRESETS).find((id) =>
    PRESETS[id].hosts.some((h) => {
      const slash = h.indexOf('/');
      const domain = slash === -1 ? h : h.slice(0, slash);
      return onDomain(u.hostname, domain) && (slash === -1 || u.pathname.startsWith(h.slice(slash)));
    }),
  );
}
