import type { Texts } from './texts.js';

/** English: bundled, and the fallback for every missing string. */
export const en: Texts = {
  title: 'We use cookies',
  intro: 'We use necessary cookies to make this site work.',
  optIn: 'With your consent we also use optional cookies for: {purposes}.',
  optOut: 'Unless you refuse them, we also use optional cookies for: {purposes}. You can refuse them now or at any time.',
  withdraw: 'You can change your choice or withdraw your consent at any time.',
  list: { pair: '{0} and {1}', middle: '{0}, {1}', end: '{0}, and {1}' },
  controller: 'Data controller: {name}.',
  policy: 'Privacy policy',
  acceptAll: 'Accept all',
  rejectAll: 'Reject all',
  customize: 'Customize',
  preferencesTitle: 'Cookie preferences',
  preferencesDescription: 'Choose which optional cookies we may use. Necessary cookies are always on because the site cannot work without them.',
  save: 'Save',
  close: 'Close',
  alwaysOn: 'Always on',
  cookieNames: 'Cookies: {names}',
  withdrawConsent: 'Withdraw consent',
  consentWithdrawn: 'Consent withdrawn.',
  categories: {
    necessary: { label: 'Necessary', description: 'Needed for the site to work: security, your session, your cart and this choice.' },
    preferences: { label: 'Preferences', description: 'Remember your settings, such as language or region.' },
    analytics: { label: 'Analytics', description: 'Count visits and see how the site is used, so we can improve it.' },
    marketing: { label: 'Marketing', description: 'Show relevant ads and measure campaigns, also on other sites.' },
  },
  placeholder: {
    text: 'This content from {host} needs your consent for {category} cookies.',
    allow: 'Allow {category} and load',
  },
};
