// Runs inside every benchmarked page before any of the page's own scripts (a Playwright init script,
// so it must not use anything from this module's scope).
// It is the same code on every page; only `widget` tells it where that widget keeps its Accept button.
// All times are performance.now(), i.e. milliseconds since navigation start.
// `options` is the widget's id, or { widget, watchBanner: false } for a visit that must show no banner (a
// returning visitor): then nothing checks each frame for one, which would count as the page's scripting.
export function probe(options) {
  const { widget, watchBanner = true } = typeof options === 'string' ? { widget: options } : options;
  const rec = {
    widget,
    bannerAt: null, // first animation frame in which the Accept button is visible and hit-testable
    acceptRect: null,
    clickAt: null, // the Accept click's event.timeStamp (same clock as performance.now())
    paintAt: null, // just after the first frame rendered after the click (what INP measures to)
    ranAt: {},
    longTasks: [],
    shifts: [],
    lcp: [],
    // Main-thread time spent in this probe's own callbacks, so that it can be taken out of the page's
    // scripting time (its checks force style and layout, which would otherwise count as script).
    probeMs: 0,
  };
  const timed = (fn) =>
    function (...a) {
      const t0 = performance.now();
      try {
        return fn.apply(this, a);
      } finally {
        rec.probeMs += performance.now() - t0;
      }
    };
  window.__bench = rec;

  // Where each widget's banner lives and which button accepts everything.
  const deepButtons = (root, out = []) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.localName === 'button') out.push(el);
      if (el.shadowRoot) deepButtons(el.shadowRoot, out);
    }
    return out;
  };
  const finders = {
    ours: () => {
      const host = document.querySelector('cookie-consent');
      if (!host || !host.shadowRoot) return null;
      const button = deepButtons(host.shadowRoot).find((b) => /^\s*accept all\s*$/i.test(b.textContent || ''));
      return button ? { root: host, button } : null;
    },
    vcc: () => {
      const button = document.querySelector('#cc-main .cm button[data-role="all"]');
      return button ? { root: document.getElementById('cc-main'), button } : null;
    },
    klaro: () => {
      const button = document.querySelector('#klaro .cookie-notice .cm-btn-success');
      return button ? { root: document.getElementById('klaro'), button } : null;
    },
    baseline: () => null,
  };
  const find = finders[widget];

  // Hit-test through open shadow roots, as a pointer would.
  const deepElementFromPoint = (x, y) => {
    let el = document.elementFromPoint(x, y);
    while (el && el.shadowRoot) {
      const inner = el.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === el) break;
      el = inner;
    }
    return el;
  };
  const clickable = (button) => {
    if (!button.isConnected || button.disabled) return null;
    if (!button.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return null;
    const r = button.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return null;
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return null;
    for (let n = deepElementFromPoint(x, y); n; n = n.parentNode || n.host) if (n === button) return { x, y };
    return null;
  };

  let found = null;
  let resolveBanner;
  rec.banner = new Promise((resolve) => (resolveBanner = resolve));
  let polling = true;
  rec.stopPolling = () => (polling = false);
  // Checked once per frame, just after the frame was rendered (a task queued from requestAnimationFrame
  // runs after that frame's style, layout and paint): the time is when the banner first reached the
  // screen, and the check finds layout clean, so it costs the page next to nothing.
  const channel = new MessageChannel();
  const afterNextFrame = () => requestAnimationFrame(() => channel.port2.postMessage(0));
  channel.port1.onmessage = timed(() => {
    if (!polling) return;
    const f = find();
    const at = f && clickable(f.button);
    if (at) {
      found = f;
      rec.bannerAt = performance.now();
      rec.acceptRect = at;
      resolveBanner(at);
      return;
    }
    afterNextFrame();
  });
  if (watchBanner) afterNextFrame();
  // Where to click now (a banner may have slid into place since it was first seen).
  rec.locate = () => {
    const f = find();
    return f ? clickable(f.button) : null;
  };

  const inBanner = (el) => {
    if (!el) return null;
    const f = found || find();
    if (!f) return false;
    // Walk out of shadow roots so an element inside the widget's shadow tree counts as in the banner.
    for (let n = el; n; n = n.parentNode || n.host) if (n === f.root) return true;
    return false;
  };

  // The tagged scripts announce themselves by setting window.__ran_<category>; a setter notices it
  // without polling. Both must have run for the load to count.
  let resolveRan;
  rec.ran = new Promise((resolve) => (resolveRan = resolve));
  for (const category of ['analytics', 'marketing']) {
    let value;
    Object.defineProperty(window, `__ran_${category}`, {
      configurable: true,
      get: () => value,
      set: (v) => {
        value = v;
        rec.ranAt[category] = v;
        if (rec.ranAt.analytics !== undefined && rec.ranAt.marketing !== undefined) resolveRan(rec.ranAt);
      },
    });
  }

  // The click's own time stamp: when the browser received the mouse-up, not when the first listener ran.
  // What the page does between the two (mouse-up handlers, style for :active, a busy main thread) is part
  // of what the visitor waits for, so it counts against the widget that causes it.
  // The frame after the click is timed like the banner's: a task queued from its animation-frame callback
  // runs once that frame's style, layout and paint are done.
  const clickFrame = new MessageChannel();
  clickFrame.port1.onmessage = () => (rec.paintAt = performance.now());
  addEventListener('click', (event) => {
    if (rec.clickAt !== null) return;
    rec.clickAt = event.timeStamp;
    requestAnimationFrame(() => clickFrame.port2.postMessage(0));
  }, true);

  const observe = (type, handle) => {
    try {
      new PerformanceObserver(timed((list) => list.getEntries().forEach(handle))).observe({ type, buffered: true });
    } catch {
      /* entry type not supported */
    }
  };
  observe('longtask', (e) => rec.longTasks.push({ start: e.startTime, duration: e.duration }));
  observe('layout-shift', (e) => {
    if (!e.hadRecentInput) rec.shifts.push({ start: e.startTime, value: e.value });
  });
  observe('largest-contentful-paint', (e) => {
    const el = e.element;
    rec.lcp.push({
      start: e.startTime,
      size: e.size,
      tag: el ? el.localName : null,
      // Chromium withholds an element inside a shadow tree (entry.element is null). The article has no
      // shadow trees of its own, so on a page whose widget renders into one, that means the widget.
      inBanner: el ? inBanner(el) : widget === 'ours' ? true : null,
      inShadow: !el,
    });
  });
}
