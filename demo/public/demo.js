// The demo page's own behaviour: the cart, the request log and the live consent readout.
// An external file, so the strict-CSP page runs it without 'unsafe-inline'.

const $ = (selector) => document.querySelector(selector);

function replaceList(list, lines, emptyText) {
  list.replaceChildren(
    ...(lines.length ? lines : [emptyText]).map((line) => {
      const li = document.createElement('li');
      li.textContent = line;
      if (!lines.length) li.className = 'muted';
      return li;
    }),
  );
}

// The cart: progressive enhancement of plain form posts. The server answers with the cart.
function renderCart(cart) {
  const list = $('#cart');
  replaceList(list, cart.items.map((item) => `${item.qty} × ${item.name}`), list.dataset.empty);
}

document.addEventListener('submit', async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-cart')) return;
  event.preventDefault();
  const item = event.submitter?.value;
  const response = await fetch('/cart', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ item, lang: document.documentElement.lang }),
  });
  if (response.ok) renderCart(await response.json());
});

// The request log: what the server saw this visitor ask for that needs consent.
async function refreshRequests() {
  const list = $('#requests');
  if (!list) return;
  try {
    const { requests } = await (await fetch('/requests', { cache: 'no-store' })).json();
    const lines = requests.map(
      (r) => `${new Date(r.time).toLocaleTimeString(document.documentElement.lang)}  ${r.path}  (${r.category})`,
    );
    replaceList(list, lines, list.dataset.none);
  } catch {
    // The demo server stopped; keep what is shown.
  }
}

function markRan(id) {
  const status = document.getElementById(id);
  if (status) {
    status.textContent = status.dataset.ran;
    status.classList.add('ran');
  }
  refreshRequests();
}
document.addEventListener('demo-analytics-ran', () => markRan('analytics-status'));
document.addEventListener('demo-inline-ran', () => markRan('inline-status'));

// The browser's view: the element's `consent` property, after start-up and after each decision.
function renderConsent(consent) {
  const out = $('#browser-consent');
  if (!out) return;
  out.textContent = consent ? JSON.stringify(consent, null, 2) : out.dataset.none;
  out.dataset.consentId = consent?.id ?? '';
}
// The server's view, asked again after each decision: the same cookie, read by the server helper.
async function refreshServerView() {
  const out = $('#server-now');
  if (!out) return;
  try {
    const { consent } = await (await fetch('/consent', { cache: 'no-store' })).json();
    out.textContent = consent ? `${out.dataset.label} ${consent.id || '(GPC)'}.` : out.dataset.none;
    out.dataset.consentId = consent?.id ?? '';
  } catch {
    // The demo server stopped; keep what is shown.
  }
}

// What the server recorded: the receipt the element posted for this decision (sent in a later task,
// so asked a moment after the decision), checked against the cookie by verifyReceipt().
async function refreshReceipt() {
  const out = $('#server-receipt');
  if (!out) return;
  try {
    const { matches, receipt, problems } = await (await fetch('/receipt', { cache: 'no-store' })).json();
    out.textContent = receipt ? `${matches ? out.dataset.matches : problems.join('\n')}\n${JSON.stringify(receipt, null, 2)}` : out.dataset.none;
    out.dataset.receiptId = receipt?.id ?? '';
  } catch {
    // The demo server stopped; keep what is shown.
  }
}

// Google Consent Mode (on the page whose element has google-consent-mode): the consent commands in dataLayer.
function renderConsentMode() {
  const out = $('#consent-mode');
  if (!out) return;
  const commands = (window.dataLayer ?? []).filter((args) => args[0] === 'consent');
  out.textContent = commands.map((args) => `${args[1]} ${JSON.stringify(args[2], null, 1)}`).join('\n');
}

document.addEventListener('consent-ready', (event) => {
  renderConsent(event.detail.consent);
  renderConsentMode();
  refreshServerView();
  refreshReceipt();
});
document.addEventListener('consent-change', (event) => {
  renderConsent(event.detail.consent);
  renderConsentMode();
  refreshServerView();
  setTimeout(refreshReceipt, 500);
  // Released images and frames load a moment later; look again shortly.
  setTimeout(refreshRequests, 300);
});

customElements.whenDefined('cookie-consent').then(() => {
  const element = document.querySelector('cookie-consent');
  if (element) renderConsent(element.consent);
  renderConsentMode();
  refreshServerView();
});
if (document.documentElement.dataset.analytics === 'ran') markRan('analytics-status');
if (document.documentElement.dataset.inlineAnalytics === 'ran') markRan('inline-status');
refreshRequests();
setInterval(refreshRequests, 2000);
