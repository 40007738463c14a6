// klaro 0.7 configured as its README and annotated dist/config.js document: a global `klaroConfig`,
// one service per purpose, the notice (banner) mode (`mustConsent: false`) with "Accept all".
// Klaro bundles English texts; only the purposes it has no built-in text for are named here.
var klaroConfig = {
  version: 1,
  elementID: 'klaro',
  storageMethod: 'cookie',
  cookieName: 'klaro',
  default: false,
  mustConsent: false,
  acceptAll: true,
  groupByPurpose: true,
  translations: {
    zz: { privacyPolicyUrl: '/privacy' },
    en: {
      purposes: {
        necessary: { title: 'Necessary', description: 'Needed for the site to work. Always on.' },
        analytics: { title: 'Analytics', description: 'Helps us understand how the site is used.' },
        marketing: { title: 'Marketing', description: 'Used to show relevant advertising.' },
      },
    },
  },
  services: [
    { name: 'session', title: 'Session', purposes: ['necessary'], required: true },
    { name: 'site-analytics', title: 'Site analytics', purposes: ['analytics'] },
    { name: 'ad-partner', title: 'Ad partner', purposes: ['marketing'] },
  ],
};
