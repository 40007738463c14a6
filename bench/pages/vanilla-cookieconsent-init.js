// vanilla-cookieconsent 3 configured as its "Getting started" page documents (cookieconsent-init.js):
// the three categories, English texts for the banner and the preferences modal, everything else default.
// The plugin ships no texts of its own, so these strings are part of what a site has to load.
CookieConsent.run({
  categories: {
    necessary: { enabled: true, readOnly: true },
    analytics: {},
    marketing: {},
  },
  language: {
    default: 'en',
    translations: {
      en: {
        consentModal: {
          title: 'We use cookies',
          description:
            'We use necessary cookies to run this site and, with your consent, analytics and marketing cookies. <a href="/privacy">Privacy policy</a>',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          showPreferencesBtn: 'Customize',
        },
        preferencesModal: {
          title: 'Cookie preferences',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          savePreferencesBtn: 'Save',
          closeIconLabel: 'Close',
          sections: [
            {
              title: 'Necessary',
              description: 'Needed for the site to work. Always on.',
              linkedCategory: 'necessary',
            },
            {
              title: 'Analytics',
              description: 'Helps us understand how the site is used.',
              linkedCategory: 'analytics',
            },
            {
              title: 'Marketing',
              description: 'Used to show relevant advertising.',
              linkedCategory: 'marketing',
            },
          ],
        },
      },
    },
  },
});
