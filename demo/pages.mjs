// The demo's pages, rendered on the server. Plain template strings: no framework, no inline
// styles (the strict-CSP page must work as it is), everything visible is escaped.

const TEXT = {
  en: {
    title: 'Demo shop',
    tagline: 'A small shop that asks before it tracks.',
    nav: { '/': 'Shop', '/de': 'Deutsch', '/csp': 'Strict CSP', '/privacy': 'Privacy' },
    cspNote: 'This page is served with a strict Content-Security-Policy: scripts only from this origin or with a fresh nonce, styles only from this origin. The consent-gated inline script below carries the nonce.',
    products: 'Products',
    add: 'Add to cart',
    cart: 'Your cart',
    cartEmpty: 'Your cart is empty.',
    cartNote: 'The cart lives in a strictly necessary cookie (cart, HttpOnly), so it works whatever you choose in the banner.',
    video: 'Video',
    videoNote: 'An embedded player. Until you allow marketing cookies, the widget shows a placeholder in its place.',
    loaded: 'What your browser asked for',
    loadedNote: 'Each line is a request the demo server received from you for something that needs consent. Nothing appears here before you agree.',
    loadedNone: 'Nothing yet: no analytics script, no pixel, no video.',
    analytics: 'analytics.js',
    notRun: 'has not run',
    ran: 'ran',
    serverTitle: 'What the server knows about your consent',
    serverNote: 'Rendered by the server when this page loaded, from the same cookie the banner writes. Reload after a choice to see it change.',
    noDecision: 'No decision yet. Until you choose, every optional category counts as refused.',
    gpcDecision: 'Your browser sends Global Privacy Control, so every optional category counts as refused.',
    decision: 'Decision',
    madeAt: 'made at',
    source: 'source',
    revision: 'revision',
    granted: 'granted',
    refused: 'refused',
    counted: (n) => `You allowed analytics, so the server counts your visits in its own srv_visits cookie. This is visit ${n}.`,
    notCounted: 'You have not allowed analytics, so the server sets no analytics cookie.',
    removedVisits: 'It just deleted the srv_visits cookie it had set before.',
    browserTitle: 'What the browser knows',
    browserNote: 'The element’s consent property, live.',
    browserNone: 'No decision yet.',
    serverNow: 'Asked just now, the server (GET /consent, through consentMiddleware) reads decision',
    serverNowNone: 'Asked just now, the server (GET /consent, through consentMiddleware) reads no decision.',
    receiptTitle: 'What the server recorded',
    receiptNote: 'Each decision is posted to /consent-receipts (receipt-url) and stored in SQLite with the server’s own time: proof of consent.',
    receiptNone: 'No receipt stored for the current decision (yet).',
    receiptMatches: 'The stored receipt says exactly what your cookie says:',
    stats: 'Consent rates per day',
    footer: 'Demo of cookie-consent-element. Cookies used here are listed on the privacy page.',
    settings: 'Cookie settings',
    privacy: 'Privacy policy',
    inline: 'nonce-carrying inline script',
  },
  de: {
    title: 'Demo-Laden',
    tagline: 'Ein kleiner Laden, der fragt, bevor er trackt.',
    nav: { '/': 'Shop (English)', '/de': 'Deutsch', '/csp': 'Strikte CSP', '/privacy': 'Datenschutz' },
    cspNote: '',
    products: 'Produkte',
    add: 'In den Warenkorb',
    cart: 'Ihr Warenkorb',
    cartEmpty: 'Ihr Warenkorb ist leer.',
    cartNote: 'Der Warenkorb liegt in einem technisch notwendigen Cookie (cart, HttpOnly) und funktioniert daher unabhängig von Ihrer Wahl im Banner.',
    video: 'Video',
    videoNote: 'Ein eingebetteter Player. Bis Sie Marketing-Cookies erlauben, zeigt das Widget an seiner Stelle einen Platzhalter.',
    loaded: 'Was Ihr Browser angefragt hat',
    loadedNote: 'Jede Zeile ist eine Anfrage, die der Demo-Server von Ihnen für etwas Einwilligungspflichtiges erhalten hat. Vor Ihrer Zustimmung erscheint hier nichts.',
    loadedNone: 'Noch nichts: kein Analyse-Skript, kein Pixel, kein Video.',
    analytics: 'analytics.js',
    notRun: 'ist nicht gelaufen',
    ran: 'ist gelaufen',
    serverTitle: 'Was der Server über Ihre Einwilligung weiß',
    serverNote: 'Vom Server beim Laden dieser Seite erzeugt, aus demselben Cookie, das das Banner schreibt. Laden Sie die Seite nach einer Wahl neu, um die Änderung zu sehen.',
    noDecision: 'Noch keine Entscheidung. Bis Sie wählen, gilt jede optionale Kategorie als abgelehnt.',
    gpcDecision: 'Ihr Browser sendet Global Privacy Control, daher gilt jede optionale Kategorie als abgelehnt.',
    decision: 'Entscheidung',
    madeAt: 'getroffen am',
    source: 'Quelle',
    revision: 'Revision',
    granted: 'erlaubt',
    refused: 'abgelehnt',
    counted: (n) => `Sie haben Analyse erlaubt, daher zählt der Server Ihre Besuche in seinem eigenen Cookie srv_visits. Dies ist Besuch ${n}.`,
    notCounted: 'Sie haben Analyse nicht erlaubt, daher setzt der Server kein Analyse-Cookie.',
    removedVisits: 'Er hat soeben das zuvor gesetzte Cookie srv_visits gelöscht.',
    browserTitle: 'Was der Browser weiß',
    browserNote: 'Die Eigenschaft consent des Elements, live.',
    browserNone: 'Noch keine Entscheidung.',
    serverNow: 'Gerade gefragt, liest der Server (GET /consent, über consentMiddleware) die Entscheidung',
    serverNowNone: 'Gerade gefragt, liest der Server (GET /consent, über consentMiddleware) keine Entscheidung.',
    receiptTitle: 'Was der Server aufgezeichnet hat',
    receiptNote: 'Jede Entscheidung geht an /consent-receipts (receipt-url) und wird mit der Zeit des Servers in SQLite gespeichert: der Nachweis der Einwilligung.',
    receiptNone: 'Für die aktuelle Entscheidung ist (noch) kein Beleg gespeichert.',
    receiptMatches: 'Der gespeicherte Beleg sagt genau, was Ihr Cookie sagt:',
    stats: 'Einwilligungsraten pro Tag',
    footer: 'Demo von cookie-consent-element. Die hier verwendeten Cookies stehen auf der Datenschutzseite.',
    settings: 'Cookie-Einstellungen',
    privacy: 'Datenschutzerklärung',
    inline: 'Inline-Skript mit Nonce',
  },
};

/** Escapes text for HTML content and attribute values. */
export function escape(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const price = (cents, lang) =>
  new Intl.NumberFormat(lang === 'de' ? 'de-DE' : 'en-IE', { style: 'currency', currency: 'EUR' }).format(cents / 100);

/**
 * The shop page, in English (`/`), German (`/de`) or under a strict CSP (`/csp`).
 * @param {{ lang: 'en'|'de', path: string, nonce?: string, server: object, cart: string[], products: object }} page
 */
export function renderShop({ lang, path, nonce, server, cart, products }) {
  const t = TEXT[lang];
  const n = nonce ? ` nonce="${escape(nonce)}"` : '';
  const csp = path === '/csp';
  const productList = Object.entries(products)
    .map(
      ([id, product]) => `
        <li class="product">
          <span class="product-name">${escape(product.name[lang])}</span>
          <span class="product-price">${escape(price(product.price, lang))}</span>
          <form method="post" action="/cart" data-cart>
            <button type="submit" name="item" value="${escape(id)}">${escape(t.add)}</button>
          </form>
        </li>`,
    )
    .join('');
  const counts = new Map();
  for (const item of cart) counts.set(item, (counts.get(item) ?? 0) + 1);
  const cartItems = [...counts]
    .map(([id, qty]) => `<li>${qty} × ${escape(products[id].name[lang])}</li>`)
    .join('');

  // Pages with the one-tag install; the CSP page shows the element written out, with per-category details.
  const widget = csp
    ? `<cookie-consent categories="analytics marketing" policy-url="/privacy" receipt-url="/consent-receipts" google-consent-mode>
      <cookie-category name="analytics" cookies="srv_visits">
        Counts visits with our own analytics script and the server's srv_visits cookie.
      </cookie-category>
      <cookie-category name="marketing">
        Loads the conversion pixel, the embedded video player and the map.
      </cookie-category>
      <!-- Presets (docs/presets.md): /analytics.js stands in for a self-hosted Matomo, the frames for YouTube and Google Maps. -->
      <cookie-service preset="matomo" cookies="_demo_analytics"></cookie-service>
      <cookie-service preset="youtube"></cookie-service>
      <cookie-service preset="google-maps"></cookie-service>
    </cookie-consent>
    <script src="/cookie-consent.iife.js"${n}></script>`
    : `<script src="/cookie-consent.iife.js" data-categories="analytics marketing" data-policy-url="/privacy" data-receipt-url="/consent-receipts"></script>`;

  return `<!doctype html>
<html lang="${lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escape(t.title)}${csp ? ' · CSP' : ''}</title>
  <link rel="stylesheet" href="/demo.css">
  <link rel="icon" href="/favicon.svg">
  <script src="/demo.js" defer${n}></script>
</head>
<body>
  <header class="site-header">
    <a class="brand" href="${lang === 'de' ? '/de' : '/'}">☕ ${escape(t.title)}</a>
    <nav>${Object.entries(t.nav)
      .map(([href, label]) => `<a href="${href}"${href === path ? ' aria-current="page"' : ''}>${escape(label)}</a>`)
      .join(' ')}</nav>
  </header>
  <main>
    <p class="tagline">${escape(t.tagline)}</p>
    ${csp ? `<p class="note" id="csp-note">${escape(t.cspNote)}</p>` : ''}
    <div class="grid">
      <section class="card" aria-labelledby="products-title">
        <h2 id="products-title">${escape(t.products)}</h2>
        <ul class="products">${productList}</ul>
      </section>

      <section class="card" aria-labelledby="cart-title">
        <h2 id="cart-title">${escape(t.cart)}</h2>
        <ul id="cart" aria-live="polite" data-empty="${escape(t.cartEmpty)}">${cartItems || `<li class="muted">${escape(t.cartEmpty)}</li>`}</ul>
        <p class="note">${escape(t.cartNote)}</p>
      </section>

      <section class="card" aria-labelledby="loaded-title">
        <h2 id="loaded-title">${escape(t.loaded)}</h2>
        <p class="note">${escape(t.loadedNote)}</p>
        <ul id="requests" aria-live="polite" data-none="${escape(t.loadedNone)}"><li class="muted">${escape(t.loadedNone)}</li></ul>
        <p class="status"><code>${escape(t.analytics)}</code> <span id="analytics-status" data-ran="${escape(t.ran)}">${escape(t.notRun)}</span></p>
        ${csp ? `<p class="status"><code>${escape(t.inline)}</code> <span id="inline-status" data-ran="${escape(t.ran)}">${escape(t.notRun)}</span></p>` : ''}
      </section>

      <section class="card wide" aria-labelledby="video-title">
        <h2 id="video-title">${escape(t.video)}</h2>
        <p class="note">${escape(t.videoNote)}</p>
        <iframe ${csp ? 'data-service="youtube"' : 'data-category="marketing"'} data-src="/embed/video.html${lang === 'de' ? '?lang=de' : ''}" width="560" height="315" title="${escape(t.video)}"></iframe>
      </section>
      ${csp ? `<section class="card wide" aria-labelledby="map-title">
        <h2 id="map-title">Map</h2>
        <p class="note">Where to find us: a map embed, behind its own placeholder until you allow Google Maps.</p>
        <iframe data-service="google-maps" data-src="/embed/map.html" width="560" height="315" title="Map"></iframe>
      </section>` : ''}

      ${renderServerPanel(t, lang, server)}

      ${csp ? `<section class="card" aria-labelledby="gcm-title">
        <h2 id="gcm-title">Google Consent Mode</h2>
        <p class="note">This page's element has <code>google-consent-mode</code>: what Google tags would be told, from <code>dataLayer</code>.</p>
        <pre id="consent-mode"></pre>
      </section>` : ''}

      <section class="card" aria-labelledby="browser-title">
        <h2 id="browser-title">${escape(t.browserTitle)}</h2>
        <p class="note">${escape(t.browserNote)}</p>
        <pre id="browser-consent" data-none="${escape(t.browserNone)}">${escape(t.browserNone)}</pre>
        <p class="note" id="server-now" data-label="${escape(t.serverNow)}" data-none="${escape(t.serverNowNone)}"></p>
      </section>

      <section class="card" aria-labelledby="receipt-title">
        <h2 id="receipt-title">${escape(t.receiptTitle)}</h2>
        <p class="note">${escape(t.receiptNote)}</p>
        <pre id="server-receipt" data-none="${escape(t.receiptNone)}" data-matches="${escape(t.receiptMatches)}">${escape(t.receiptNone)}</pre>
        <p class="note"><a href="/stats">${escape(t.stats)}</a></p>
      </section>
    </div>
  </main>
  <footer class="site-footer">
    <p>${escape(t.footer)}</p>
    <p><a href="#" data-cookie-consent="preferences">${escape(t.settings)}</a> · <a href="/privacy">${escape(t.privacy)}</a></p>
  </footer>

  <!-- Consent-gated: inert until the visitor grants the category, then released by the widget. -->
  <script type="text/plain" ${csp ? 'data-service="matomo"' : 'data-category="analytics"'} src="/analytics.js"${n}></script>
  ${csp ? `<script type="text/plain" data-category="analytics"${n}>document.documentElement.dataset.inlineAnalytics = 'ran'; document.dispatchEvent(new Event('demo-inline-ran'));</script>` : ''}
  <img data-category="marketing" data-src="/pixel.gif" alt="" width="1" height="1" class="pixel">

  ${widget}
</body>
</html>
`;
}

function renderServerPanel(t, lang, { consent, analytics, visits, removed }) {
  let body;
  if (consent === null) {
    body = `<p>${escape(t.noDecision)}</p>`;
  } else if (consent.source === 'gpc' && consent.id === '') {
    body = `<p>${escape(t.gpcDecision)}</p>`;
  } else {
    const when = new Date(consent.timestamp).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
    const rows = Object.entries(consent.categories)
      .map(([id, on]) => `<li><code>${escape(id)}</code> ${escape(on ? t.granted : t.refused)}</li>`)
      .join('');
    body = `<p>${escape(t.decision)} <code id="server-consent-id">${escape(consent.id)}</code>, ${escape(t.madeAt)} ${escape(when)},
      ${escape(t.source)} <code>${escape(consent.source)}</code>, ${escape(t.revision)} ${escape(consent.revision)}.</p>
      <ul class="categories">${rows}</ul>`;
  }
  const cookieLine = analytics ? t.counted(visits) : `${t.notCounted}${removed ? ` ${t.removedVisits}` : ''}`;
  return `<section class="card" aria-labelledby="server-title" id="server-panel"
        data-consent-id="${escape(consent?.id ?? '')}" data-analytics="${analytics ? 'granted' : 'refused'}" data-lang="${lang}">
        <h2 id="server-title">${escape(t.serverTitle)}</h2>
        <p class="note">${escape(t.serverNote)}</p>
        ${body}
        <p id="server-cookie">${escape(cookieLine)}</p>
      </section>`;
}

const PRIVACY = {
  en: {
    title: 'Privacy policy',
    intro: 'This is a demo. A real site writes this page itself: who is responsible, what is processed, why, for how long, with whom it is shared, and the visitor’s rights. The widget links to it and records the choice; it does not write it.',
    cookies: 'Cookies on this site',
    declared: 'The table below is written by <cookie-declaration> from the banner’s configuration, with your current choice.',
    pixel: 'The marketing pixel (/pixel.gif) and the video player set no cookie here, but requesting them tells a third party that you visited, so they wait for marketing consent.',
    necessary: 'Needed for the shop to work: your session, your cart and your cookie choice.',
    analytics: 'Counts visits with our own analytics script and the server’s srv_visits cookie.',
    marketing: 'Loads the conversion pixel and the embedded video player.',
    info: {
      demo_sid: ['Session id: keys this demo’s request log.', 'session'],
      cart: ['What is in your cart.', 'session'],
      srv_visits: ['Set by the server: counts your visits.', '30 days'],
      _demo_analytics: ['Set by analytics.js: an id to count you once.', '30 days'],
    },
  },
  de: {
    title: 'Datenschutzerklärung',
    intro: 'Dies ist eine Demo. Eine echte Website schreibt diese Seite selbst: wer verantwortlich ist, was verarbeitet wird, wozu, wie lange, mit wem es geteilt wird, und die Rechte der Besucher.',
    cookies: 'Cookies auf dieser Website',
    declared: 'Die Tabelle unten schreibt <cookie-declaration> aus der Konfiguration des Banners, mit Ihrer aktuellen Auswahl.',
    pixel: 'Das Marketing-Pixel (/pixel.gif) und der Video-Player setzen hier kein Cookie, aber ihr Abruf verrät einem Dritten Ihren Besuch; daher warten sie auf Ihre Einwilligung für Marketing.',
    necessary: 'Für den Laden nötig: Ihre Sitzung, Ihr Warenkorb und Ihre Cookie-Auswahl.',
    analytics: 'Zählt Besuche mit unserem eigenen Analyse-Skript und dem Server-Cookie srv_visits.',
    marketing: 'Lädt das Conversion-Pixel und den eingebetteten Video-Player.',
    info: {
      demo_sid: ['Sitzungs-ID: ordnet das Anfrageprotokoll dieser Demo zu.', 'session'],
      cart: ['Was in Ihrem Warenkorb liegt.', 'session'],
      srv_visits: ['Vom Server gesetzt: zählt Ihre Besuche.', '30 days'],
      _demo_analytics: ['Von analytics.js gesetzt: eine ID, um Sie einmal zu zählen.', '30 days'],
    },
  },
};

/**
 * The privacy page the banner links to (`/privacy`, `/de/privacy`): what a real site must write itself, in
 * short, and the cookie table, which <cookie-declaration> writes from the banner's configuration.
 */
export function renderPrivacy(lang = 'en') {
  const t = PRIVACY[lang];
  const info = Object.entries(t.info)
    .map(([name, [purpose, lifetime]]) => `<cookie-info name="${name}" provider="Demo shop" lifetime="${lifetime}">${escape(purpose)}</cookie-info>`)
    .join('\n      ');
  return `<!doctype html>
<html lang="${lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escape(t.title)} · Demo shop</title>
  <link rel="stylesheet" href="/demo.css">
  <link rel="icon" href="/favicon.svg">
</head>
<body>
  <header class="site-header">
    <a class="brand" href="/">☕ Demo shop</a>
    <nav><a href="/">Shop</a> <a href="/de">Deutsch</a> <a href="/csp">Strict CSP</a> <a href="/privacy"${lang === 'en' ? ' aria-current="page"' : ''}>Privacy</a> <a href="/de/privacy"${lang === 'de' ? ' aria-current="page"' : ''}>Datenschutz</a></nav>
  </header>
  <main class="prose">
    <h1>${escape(t.title)}</h1>
    <p>${escape(t.intro)}</p>
    <h2>${escape(t.cookies)}</h2>
    <p>${escape(t.declared)}</p>
    <cookie-declaration>
      ${info}
    </cookie-declaration>
    <p>${escape(t.pixel)}</p>
  </main>
  <cookie-consent categories="analytics marketing" policy-url="${lang === 'de' ? '/de/privacy' : '/privacy'}">
    <cookie-category name="necessary" cookies="demo_sid cart">${escape(t.necessary)}</cookie-category>
    <cookie-category name="analytics" cookies="_demo_analytics srv_visits">${escape(t.analytics)}</cookie-category>
    <cookie-category name="marketing">${escape(t.marketing)}</cookie-category>
  </cookie-consent>
  <script src="/cookie-consent.iife.js"></script>
  <script type="module" src="/cookie-declaration.js"></script>
</body>
</html>
`;
}

/** The stand-in for a map embed (Google Maps on a real site), loaded only once that service is granted. */
export const renderMap = () => '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Map</title><link rel="stylesheet" href="/demo.css"></head><body class="player"><p class="player-title">Map: Demo shop, 1 Example Street</p></body></html>\n';

/** The stand-in for a third-party video player, loaded in an iframe only after marketing consent. */
export function renderVideo(lang) {
  return `<!doctype html>
<html lang="${lang}">
<head>
  <meta charset="utf-8">
  <title>Video</title>
  <link rel="stylesheet" href="/demo.css">
  <link rel="icon" href="/favicon.svg">
</head>
<body class="player">
  <div class="player-screen" role="img" aria-label="${lang === 'de' ? 'Demo-Video' : 'Demo video'}">
    <span class="player-button" aria-hidden="true">▶</span>
    <span class="player-title">${lang === 'de' ? 'So funktioniert der Demo-Laden' : 'How the demo shop works'}</span>
  </div>
</body>
</html>
`;
}

/**
 * The owner's view of the receipts: decisions per day by outcome, as stacked bars (inline SVG, no
 * script), and by source. `days` is what receiptStats() gives.
 */
export function renderStats(days) {
  const colours = { accepted: '#2e7d32', partial: '#f9a825', refused: '#c62828' };
  const most = Math.max(1, ...days.map((day) => day.total));
  const width = 40;
  const bars = days
    .map((day, i) => {
      let y = 200;
      return Object.entries(colours)
        .map(([outcome, colour]) => {
          const height = (day.outcomes[outcome] / most) * 180;
          y -= height;
          return `<rect x="${i * width + 4}" y="${y.toFixed(1)}" width="${width - 8}" height="${height.toFixed(1)}" fill="${colour}"><title>${escape(day.day)}: ${day.outcomes[outcome]} ${outcome}</title></rect>`;
        })
        .join('');
    })
    .join('');
  const rows = days
    .map((day) => `<tr><td>${escape(day.day)}</td><td>${day.total}</td>${Object.keys(colours).map((o) => `<td>${day.outcomes[o]} (${Math.round((100 * day.outcomes[o]) / day.total)} %)</td>`).join('')}<td>${escape(Object.entries(day.sources).map(([source, count]) => `${source} ${count}`).join(', '))}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Consent rates · Demo shop</title>
  <link rel="stylesheet" href="/demo.css">
</head>
<body>
  <main>
    <h1>Consent rates per day</h1>
    <p class="note">From the stored receipts (receiptStats(), or <code>npx cookie-consent-receipts stats</code>), by the server's receive time, UTC.
      <span style="color:${colours.accepted}">■</span> all accepted <span style="color:${colours.partial}">■</span> partial <span style="color:${colours.refused}">■</span> all refused</p>
    ${days.length ? `<svg id="stats-chart" role="img" aria-label="Decisions per day by outcome" width="${Math.max(1, days.length) * width}" height="200">${bars}</svg>` : '<p>No receipts yet.</p>'}
    <table id="stats-table"><thead><tr><th>Day</th><th>Decisions</th><th>All accepted</th><th>Partial</th><th>All refused</th><th>By source</th></tr></thead><tbody>${rows}</tbody></table>
    <p><a href="/">Back to the shop</a></p>
  </main>
</body>
</html>
`;
}
