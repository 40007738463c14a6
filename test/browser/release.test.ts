import { expect } from '@open-wc/testing';
import { connectRelease, categoriesOf } from '../../src/release/index.js';
import { FIXTURES, fakeHost, settle, until, type FakeHost } from './release-host.js';

/** A unique URL of the fixture that records `name` in window.__order when it runs. */
let serial = 0;
const recorder = (name: string, file = 'record.js') => `${FIXTURES}/${file}?name=${name}&n=${++serial}-${Date.now()}`;
const order = () => window.__order ?? [];
const requested = (url: string) => performance.getEntriesByType('resource').some((entry) => entry.name.endsWith(url));

/** An untagged row, as a list renders it. */
const row = (i: number): HTMLElement => {
  const div = document.createElement('div');
  div.textContent = `item ${i}`;
  return div;
};

/** A blocked inline script that records `name` when it runs. */
const tagged = (name: string, category = 'analytics'): HTMLScriptElement => {
  const script = document.createElement('script');
  script.type = 'text/plain';
  script.setAttribute('data-category', category);
  script.text = `window.__order.push(${JSON.stringify(name)})`;
  return script;
};

describe('connectRelease', () => {
  let host: FakeHost;
  let stop: () => void;
  let box: HTMLElement;

  beforeEach(() => {
    window.__order = [];
    box = document.createElement('div');
    document.body.append(box);
    host = fakeHost();
  });
  afterEach(() => {
    stop?.();
    box.remove();
    host.remove();
  });

  describe('scripts', () => {
    it('runs nothing and requests nothing before consent, nor after a refusal', async () => {
      const src = recorder('ext');
      box.innerHTML = `
        <script type="text/plain" data-category="analytics">window.__order.push('inline')</script>
        <script type="text/plain" data-category="analytics" src="${src}"></script>`;
      stop = connectRelease(host);
      await settle();
      host.decide([]);
      await settle();
      expect(order()).to.deep.equal([]);
      expect(requested(src)).to.equal(false);
      expect(box.querySelectorAll('script[type="text/plain"]').length).to.equal(2);
    });

    it('releases at connect when a stored decision grants the category, before any event', () => {
      host.store(['analytics']);
      box.innerHTML = `<script type="text/plain" data-category="analytics">window.__order.push('stored')</script>`;
      stop = connectRelease(host);
      expect(order()).to.deep.equal(['stored']);
    });

    it('keeps document order across inline and external scripts', async () => {
      box.innerHTML = `
        <script type="text/plain" data-category="analytics">window.__order.push('inline-1')</script>
        <script type="text/plain" data-category="analytics" src="${recorder('ext-2')}"></script>
        <script type="text/plain" data-category="analytics" src="${recorder('ext-3')}"></script>
        <script type="text/plain" data-category="analytics">window.__order.push('inline-4')</script>
        <script type="text/plain" data-category="marketing">window.__order.push('not-granted')</script>
        <script type="text/plain" data-category="analytics" src="${recorder('ext-5')}"></script>
        <script type="text/plain" data-category="analytics">window.__order.push('inline-6')</script>`;
      stop = connectRelease(host);
      host.decide(['analytics']);
      await until(() => order().length >= 6, 'six scripts');
      await settle();
      expect(order()).to.deep.equal(['inline-1', 'ext-2', 'ext-3', 'inline-4', 'ext-5', 'inline-6']);
    });

    it('runs each script exactly once, however often consent changes', async () => {
      box.innerHTML = `
        <script type="text/plain" data-category="analytics">window.__order.push('inline')</script>
        <script type="text/plain" data-category="analytics" src="${recorder('ext')}"></script>`;
      stop = connectRelease(host);
      host.decide(['analytics']);
      host.decide(['analytics', 'marketing']);
      await until(() => order().length >= 2, 'both scripts');
      host.decide(['analytics']);
      await settle();
      expect(order()).to.deep.equal(['inline', 'ext']);
      // A framework putting the old element back does not run it again.
      const again = document.createElement('script');
      again.type = 'text/plain';
      again.setAttribute('data-category', 'analytics');
      again.text = "window.__order.push('again')";
      box.append(again);
      await settle();
      expect(order()).to.deep.equal(['inline', 'ext', 'again']);
      box.append(again); // moved, not a new script
      host.decide(['analytics', 'preferences']);
      await settle();
      expect(order()).to.deep.equal(['inline', 'ext', 'again']);
    });

    it('a refusal while scripts wait their turn behind an external one runs none of them; a later grant runs each once, in order', async () => {
      host.categoryIds = [...host.categoryIds, 'ads'];
      box.innerHTML = `
        <script type="text/plain" data-category="analytics" src="${recorder('ext-1')}"></script>
        <script type="text/plain" data-category="marketing">window.__order.push('inline-2')</script>
        <script type="text/plain" data-service="ads">window.__order.push('service-3')</script>
        <script type="text/plain" data-category="marketing" data-type="module">window.__order.push('module-4')</script>
        <script type="text/plain" data-category="analytics">window.__order.push('inline-5')</script>`;
      stop = connectRelease(host);
      host.decide(['analytics', 'marketing', 'ads']);
      // In the same task, so before the external script can have loaded: the others still wait behind it.
      host.decide(['analytics']);
      await until(() => order().includes('inline-5'), 'the granted scripts');
      await settle();
      expect(order()).to.deep.equal(['ext-1', 'inline-5']);
      expect(box.querySelectorAll('script[type="text/plain"]').length).to.equal(3);
      host.decide(['analytics', 'marketing', 'ads']);
      await until(() => order().length >= 5, 'five scripts');
      await settle();
      expect(order()).to.deep.equal(['ext-1', 'inline-5', 'inline-2', 'service-3', 'module-4']);
    });

    it('needs every listed category, separated by spaces or commas', async () => {
      box.innerHTML = `<script type="text/plain" data-category="analytics, marketing preferences">window.__order.push('all')</script>`;
      expect(categoriesOf(box.firstElementChild!)).to.deep.equal(['analytics', 'marketing', 'preferences']);
      stop = connectRelease(host);
      host.decide(['analytics', 'marketing']);
      await settle();
      expect(order()).to.deep.equal([]);
      host.decide(['analytics', 'marketing', 'preferences']);
      expect(order()).to.deep.equal(['all']);
    });

    it('turns data-type="module" into type="module", external and inline', async () => {
      box.innerHTML = `
        <script type="text/plain" data-category="analytics" data-type="module" src="${recorder('module-ext', 'record.mjs')}"></script>
        <script type="text/plain" data-category="analytics" data-type="module">window.__order.push('inline-' + typeof import.meta)</script>`;
      stop = connectRelease(host);
      host.decide(['analytics']);
      await until(() => order().length >= 2, 'both modules');
      expect(order()).to.have.members(['module-ext', 'inline-object']);
      expect(document.querySelectorAll('script[type="module"]').length).to.be.at.least(2);
    });

    it('keeps the attributes, the nonce (from the property) and a real integrity hash', async () => {
      const src = recorder('sri');
      const body = await (await fetch(src)).arrayBuffer();
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-384', body));
      const integrity = `sha384-${btoa(String.fromCharCode(...digest))}`;
      const blocked = document.createElement('script');
      blocked.type = 'text/plain';
      blocked.src = src;
      blocked.nonce = 'abc';
      blocked.setAttribute('data-category', 'analytics');
      blocked.setAttribute('integrity', integrity);
      blocked.setAttribute('crossorigin', 'anonymous');
      blocked.setAttribute('referrerpolicy', 'no-referrer');
      blocked.setAttribute('data-name', 'kept');
      blocked.setAttribute('async', '');
      box.append(blocked);
      stop = connectRelease(host);
      host.decide(['analytics']);
      await until(() => order().includes('sri'), 'the script with a matching hash');

      const released = document.querySelector<HTMLScriptElement>('script[data-name="kept"]')!;
      expect(released).to.not.equal(blocked);
      expect(released.nonce).to.equal('abc');
      expect(released.integrity).to.equal(integrity);
      expect(released.crossOrigin).to.equal('anonymous');
      expect(released.referrerPolicy).to.equal('no-referrer');
      expect(released.async).to.equal(true);
      expect(released.hasAttribute('type')).to.equal(false);
      expect(released.hasAttribute('data-category')).to.equal(false);
    });

    it('a wrong integrity hash blocks that script, and the scripts after it still run in order', async () => {
      box.innerHTML = `
        <script type="text/plain" data-category="analytics" src="${recorder('tampered')}"
          integrity="sha384-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"></script>
        <script type="text/plain" data-category="analytics">window.__order.push('after')</script>`;
      stop = connectRelease(host);
      host.decide(['analytics']);
      await until(() => order().includes('after'), 'the inline script after the blocked one');
      expect(order()).to.deep.equal(['after']);
    });

    it('a nomodule script, which browsers skip without a load event, does not hold up the ones after it', async () => {
      box.innerHTML = `
        <script type="text/plain" data-category="analytics" nomodule src="${recorder('legacy')}"></script>
        <script type="text/plain" data-category="analytics">window.__order.push('after-legacy')</script>`;
      stop = connectRelease(host);
      host.decide(['analytics']);
      await until(() => order().includes('after-legacy'), 'the inline script after the nomodule one');
      expect(order()).to.deep.equal(['after-legacy']);
    });

    it('releases tagged scripts added after start-up, before and after the decision', async () => {
      stop = connectRelease(host);
      const early = document.createElement('div');
      early.innerHTML = `<p><script type="text/plain" data-category="analytics">window.__order.push('added-before')</script></p>`;
      box.append(early);
      await settle();
      expect(order()).to.deep.equal([]);
      host.decide(['analytics']);
      expect(order()).to.deep.equal(['added-before']);

      const late = document.createElement('script');
      late.type = 'text/plain';
      late.setAttribute('data-category', 'analytics');
      late.text = "window.__order.push('added-after')";
      box.append(late);
      await until(() => order().length === 2, 'the late script');
      const refusedLate = document.createElement('script');
      refusedLate.type = 'text/plain';
      refusedLate.setAttribute('data-category', 'marketing');
      refusedLate.text = "window.__order.push('refused')";
      box.append(refusedLate);
      await settle();
      expect(order()).to.deep.equal(['added-before', 'added-after']);
    });

    it('in opt-out mode (has() true without a decision) releases at once', () => {
      host.optOut = true;
      box.innerHTML = `<script type="text/plain" data-category="analytics">window.__order.push('opt-out')</script>`;
      stop = connectRelease(host);
      expect(order()).to.deep.equal(['opt-out']);
    });

    it('stops when disconnected', async () => {
      stop = connectRelease(host);
      stop();
      box.innerHTML = `<script type="text/plain" data-category="analytics">window.__order.push('after-stop')</script>`;
      host.decide(['analytics']);
      await settle();
      expect(order()).to.deep.equal([]);
    });
  });

  describe('images and iframes', () => {

    it('loads images (data-src, data-srcset) only once granted', async () => {
      const src = `${FIXTURES}/pixel.gif?img=${++serial}`;
      const srcset = `${FIXTURES}/pixel.gif?img2=${serial}`;
      box.innerHTML = `<img data-category="marketing" data-src="${src}" data-srcset="${srcset} 2x" alt="">`;
      const img = box.querySelector('img')!;
      stop = connectRelease(host);
      host.decide(['analytics']);
      await settle();
      expect(img.hasAttribute('src')).to.equal(false);
      expect(requested(src)).to.equal(false);
      host.decide(['marketing']);
      expect(img.getAttribute('src')).to.equal(src);
      expect(img.getAttribute('srcset')).to.equal(`${srcset} 2x`);
      expect(img.hasAttribute('data-src')).to.equal(false);
      await until(() => img.complete && img.naturalWidth === 1, 'the image');
    });

    it('loads an iframe only once granted', async () => {
      const src = `${FIXTURES}/frame.html?f=${++serial}`;
      box.innerHTML = `<iframe data-category="marketing" data-src="${src}" data-placeholder="none" title="Embed"></iframe>`;
      const iframe = box.querySelector('iframe')!;
      stop = connectRelease(host);
      await settle();
      expect(iframe.hasAttribute('src')).to.equal(false);
      expect(requested(src)).to.equal(false);
      expect(box.querySelector('cookie-consent-placeholder')).to.equal(null); // data-placeholder="none"
      host.decide(['marketing']);
      expect(iframe.getAttribute('src')).to.equal(src);
      await until(() => iframe.contentDocument?.querySelector('p')?.textContent === 'Embedded content', 'the frame');
    });

    it('shows a named, sized placeholder whose button grants the category and loads the frame', async () => {
      const src = `https://media.example.com/embed/xyz?f=${++serial}`;
      box.innerHTML = `<iframe data-category="marketing" data-src="${src}" width="400" height="225" title="Video"></iframe>`;
      const iframe = box.querySelector('iframe')!;
      // The frame's own box: its 400×225 and the browser's default border.
      const { width, height } = iframe.getBoundingClientRect();
      stop = connectRelease(host);
      const placeholder = box.querySelector('cookie-consent-placeholder')!;
      expect(placeholder).to.not.equal(null);
      expect(placeholder.nextElementSibling).to.equal(iframe);
      expect(getComputedStyle(iframe).display).to.equal('none');
      expect(width).to.be.above(400);
      expect([placeholder.getBoundingClientRect().width, placeholder.getBoundingClientRect().height]).to.deep.equal([width, height]);
      expect(placeholder.hasAttribute('style')).to.equal(true); // CSSOM writes it; no attribute string is parsed

      const root = placeholder.shadowRoot!;
      const group = root.querySelector('[role="group"]')!;
      // Named by the frame's own title (two embeds from one host read apart), described by what it waits for.
      expect(group.getAttribute('aria-label')).to.equal('Video');
      const text = root.getElementById(group.getAttribute('aria-describedby')!)!;
      expect(text.textContent).to.equal('This content from media.example.com needs your consent for Marketing cookies.');
      const button = root.querySelector('button')!;
      expect(button.textContent).to.equal('Allow Marketing and load');
      expect(button.type).to.equal('button');
      expect(placeholder.lang).to.equal('en');

      button.focus();
      button.click();
      expect(host.grants).to.deep.equal(['marketing']);
      expect(host.has('marketing')).to.equal(true);
      expect(iframe.getAttribute('src')).to.equal(src);
      expect(placeholder.isConnected).to.equal(false);
      expect(getComputedStyle(iframe).display).to.not.equal('none');
      expect(document.activeElement).to.equal(iframe);
    });

    it('names the placeholder by what it waits for when the frame has no title of its own', async () => {
      box.innerHTML = `<iframe data-category="marketing" data-src="https://media.example.com/embed/untitled?f=${++serial}" width="400" height="225"></iframe>`;
      stop = connectRelease(host);
      const group = box.querySelector('cookie-consent-placeholder')!.shadowRoot!.querySelector('[role="group"]')!;
      expect([group.hasAttribute('aria-label'), group.hasAttribute('aria-describedby')]).to.deep.equal([false, false]);
      expect(group.getRootNode() instanceof ShadowRoot && (group.getRootNode() as ShadowRoot).getElementById(group.getAttribute('aria-labelledby')!)!.textContent).to.equal(
        'This content from media.example.com needs your consent for Marketing cookies.',
      );
    });

    it('sizes the placeholder from the laid-out iframe without width/height attributes', async () => {
      box.innerHTML = `<div style="width: 320px"><iframe data-category="analytics" data-src="${FIXTURES}/frame.html?x" title="x"></iframe></div>`;
      const iframe = box.querySelector('iframe')!;
      iframe.style.width = '100%';
      iframe.style.height = '180px';
      iframe.style.display = 'block';
      iframe.style.border = '0';
      stop = connectRelease(host);
      const placeholder = box.querySelector('cookie-consent-placeholder')!;
      const rect = placeholder.getBoundingClientRect();
      expect([rect.width, rect.height]).to.deep.equal([320, 180]);
      host.decide(['analytics']);
      expect(iframe.style.display).to.equal('block'); // its own inline display came back
    });

    it("a responsive embed (the page's CSS over its width and height): the placeholder is the frame's box, which the frame then loads into", async () => {
      // A video's embed code with the width and height of its player, which the page's CSS makes fill the column.
      box.innerHTML = `<style>.column iframe { display: block; width: 100%; height: auto; aspect-ratio: 16 / 9; border: 0 }</style>
        <div class="column" style="width: 720px"><iframe data-category="analytics" data-src="${FIXTURES}/frame.html?r" width="560" height="315" title="Video"></iframe></div>
        <p id="after">Below the video</p>`;
      const after = box.querySelector('#after')!;
      const below = after.getBoundingClientRect().top;
      stop = connectRelease(host);
      const rect = box.querySelector('cookie-consent-placeholder')!.getBoundingClientRect();
      expect([rect.width, rect.height]).to.deep.equal([720, 405]);
      expect(after.getBoundingClientRect().top, 'nothing below moves when the placeholder comes').to.equal(below);
      host.decide(['analytics']);
      expect(after.getBoundingClientRect().top, 'nor when the frame loads').to.equal(below);
    });

    it('fills in only {host} and {category}: "{constructor}" in a translation stays text', async () => {
      host.texts = { ...host.texts, placeholder: { text: '{constructor} {toString} from {host}', allow: 'Allow {category} {__proto__}' } };
      box.innerHTML = `<iframe data-category="marketing" data-src="https://media.example.com/e" title="Video"></iframe>`;
      stop = connectRelease(host);
      const placeholder = box.querySelector('cookie-consent-placeholder')!;
      expect(placeholder.shadowRoot!.querySelector('p')!.textContent).to.equal('{constructor} {toString} from media.example.com');
      expect(placeholder.shadowRoot!.querySelector('button')!.textContent).to.equal('Allow Marketing {__proto__}');
    });

    it('a placeholder for several missing categories names them all and grants them all', async () => {
      box.innerHTML = `<iframe data-category="analytics marketing" data-src="https://maps.example.org/m" title="Map"></iframe>`;
      const iframe = box.querySelector('iframe')!;
      stop = connectRelease(host);
      const placeholder = box.querySelector('cookie-consent-placeholder')!;
      expect(placeholder.shadowRoot!.querySelector('p')!.textContent).to.contain('Analytics, Marketing');
      placeholder.shadowRoot!.querySelector('button')!.click();
      expect(host.grants).to.deep.equal(['analytics', 'marketing']);
      expect(iframe.getAttribute('src')).to.equal('https://maps.example.org/m');
    });

    it('late iframes get a placeholder before the decision and load after it', async () => {
      stop = connectRelease(host);
      const before = document.createElement('iframe');
      before.setAttribute('data-category', 'marketing');
      before.setAttribute('data-src', `${FIXTURES}/frame.html?before`);
      box.append(before);
      await settle();
      expect(before.previousElementSibling?.localName).to.equal('cookie-consent-placeholder');
      host.decide(['marketing']);
      expect(before.getAttribute('src')).to.equal(`${FIXTURES}/frame.html?before`);
      expect(box.querySelector('cookie-consent-placeholder')).to.equal(null);

      const after = document.createElement('section');
      after.innerHTML = `<iframe data-category="marketing" data-src="${FIXTURES}/frame.html?after" title="after"></iframe>`;
      box.append(after);
      await until(() => after.querySelector('iframe')!.getAttribute('src') === `${FIXTURES}/frame.html?after`, 'the late iframe');
      expect(box.querySelector('cookie-consent-placeholder')).to.equal(null);
    });

    it('gives hidden or 0×0 frames (trackers) no placeholder, and still loads them once granted', async () => {
      box.innerHTML = `
        <iframe data-category="marketing" data-src="${FIXTURES}/frame.html?t1" width="0" height="0" title="t1"></iframe>
        <iframe data-category="marketing" data-src="${FIXTURES}/frame.html?t2" hidden title="t2"></iframe>
        <iframe data-category="marketing" data-src="${FIXTURES}/frame.html?t3" title="t3"></iframe>`;
      box.querySelector<HTMLIFrameElement>('[title="t3"]')!.style.visibility = 'hidden';
      stop = connectRelease(host);
      expect(box.querySelectorAll('cookie-consent-placeholder').length).to.equal(0);
      host.decide(['marketing']);
      expect(Array.from(box.querySelectorAll('iframe'), (iframe) => iframe.getAttribute('src'))).to.deep.equal(
        ['t1', 't2', 't3'].map((t) => `${FIXTURES}/frame.html?${t}`),
      );
    });

    it('unloads an iframe whose category is revoked, and shows its placeholder again', async () => {
      const src = `${FIXTURES}/frame.html?revoke=${++serial}`;
      box.innerHTML = `<iframe data-category="marketing" data-src="${src}" title="Embed"></iframe>`;
      const iframe = box.querySelector('iframe')!;
      stop = connectRelease(host);
      host.decide(['marketing']);
      await until(() => !!iframe.contentDocument?.querySelector('p'), 'the frame');
      host.decide(['analytics']);
      expect(iframe.hasAttribute('src')).to.equal(false);
      expect(iframe.getAttribute('data-src')).to.equal(src);
      expect(iframe.previousElementSibling?.localName).to.equal('cookie-consent-placeholder');
      await until(() => !iframe.contentDocument?.querySelector('p'), 'the frame to unload');
      host.decide(['marketing']);
      expect(iframe.getAttribute('src')).to.equal(src);
      expect(box.querySelector('cookie-consent-placeholder')).to.equal(null);
    });

    it('unloads a revoked iframe that was released from data-srcdoc, and loads nothing on the way', async () => {
      const src = `${FIXTURES}/frame.html?srcdoc-revoke=${++serial}`;
      box.innerHTML = `<iframe data-category="marketing" data-srcdoc="<p>inline</p>" sandbox="allow-same-origin" data-src="${src}" title="Inline embed"></iframe>`;
      const iframe = box.querySelector('iframe')!;
      stop = connectRelease(host);
      host.decide(['marketing']);
      await until(() => iframe.contentDocument?.querySelector('p')?.textContent === 'inline', 'the frame');
      host.decide(['analytics']);
      expect([iframe.hasAttribute('srcdoc'), iframe.hasAttribute('src')]).to.deep.equal([false, false]);
      expect([iframe.getAttribute('data-srcdoc'), iframe.getAttribute('data-src')]).to.deep.equal(['<p>inline</p>', src]);
      expect(iframe.previousElementSibling?.localName).to.equal('cookie-consent-placeholder');
      await until(() => !iframe.contentDocument?.querySelector('p'), 'the frame to unload');
      // Taking srcdoc away must not let the frame fall back to its src after the refusal.
      await settle();
      expect(requested(src)).to.equal(false);
      host.decide(['marketing']);
      await until(() => iframe.contentDocument?.querySelector('p')?.textContent === 'inline', 'the frame again');
    });

    it('texts come from the host, in its language', async () => {
      host.language = 'de';
      host.texts = {
        ...host.texts,
        categories: { ...host.texts.categories, marketing: { label: 'Marketing-DE', description: '' } },
        placeholder: { text: 'Inhalt von {host} braucht {category}.', allow: '{category} erlauben' },
      };
      box.innerHTML = `<iframe data-category="marketing" data-src="https://video.example.net/v" title="v"></iframe>`;
      stop = connectRelease(host);
      const placeholder = box.querySelector('cookie-consent-placeholder')!;
      expect(placeholder.lang).to.equal('de');
      expect(placeholder.shadowRoot!.querySelector('p')!.textContent).to.equal('Inhalt von video.example.net braucht Marketing-DE.');
      expect(placeholder.shadowRoot!.querySelector('button')!.textContent).to.equal('Marketing-DE erlauben');
    });

    it('speaks the visitor’s language once it arrives after start-up (texts-change)', async () => {
      box.innerHTML = `<iframe data-category="marketing" data-src="https://video.example.net/v" title="v"></iframe>`;
      stop = connectRelease(host);
      const placeholder = box.querySelector('cookie-consent-placeholder')!;
      expect(placeholder.shadowRoot!.querySelector('button')!.textContent).to.equal('Allow Marketing and load');
      host.language = 'nl';
      host.texts = {
        ...host.texts,
        categories: { ...host.texts.categories, marketing: { label: 'Marketing-NL', description: '' } },
        placeholder: { text: 'Inhoud van {host} vraagt {category}.', allow: '{category} toestaan en laden' },
      };
      host.dispatchEvent(new Event('texts-change'));
      expect(placeholder.lang).to.equal('nl');
      expect(placeholder.shadowRoot!.querySelector('p')!.textContent).to.equal('Inhoud van video.example.net vraagt Marketing-NL.');
      expect(placeholder.shadowRoot!.querySelector('button')!.textContent).to.equal('Marketing-NL toestaan en laden');
    });
  });

  /*
   * Late arrivals inside bursts: the observer treats a batch of more than 32 records, or of more
   * than 32 added nodes, with one search of the document instead of looking at each node (what
   * bench/observe.mjs measures). Tagged elements hidden in such bursts are handled like any other.
   */
  describe('late arrivals in bursts of untagged nodes', () => {
    it('added one by one among 100 rows before the decision: the script waits, the iframe gets its placeholder, both are released once granted', async () => {
      stop = connectRelease(host);
      const frame = document.createElement('iframe');
      frame.setAttribute('data-category', 'marketing');
      frame.setAttribute('data-src', `${FIXTURES}/frame.html?burst`);
      frame.width = '320';
      frame.height = '180';
      frame.title = 'Video';
      for (let i = 0; i < 100; i++) {
        if (i === 40) box.append(tagged('burst'));
        if (i === 70) box.append(frame);
        box.append(row(i));
      }
      await settle();
      expect(order()).to.deep.equal([]);
      expect(frame.hasAttribute('src')).to.equal(false);
      expect(frame.previousElementSibling?.localName).to.equal('cookie-consent-placeholder');

      host.decide(['analytics', 'marketing']);
      await until(() => order().length > 0, 'the script from the burst');
      expect(frame.getAttribute('src')).to.equal(`${FIXTURES}/frame.html?burst`);
      expect(box.querySelector('cookie-consent-placeholder')).to.equal(null);
      await settle();
      expect(order()).to.deep.equal(['burst']);
    });

    it('added one by one among 100 rows after the decision: granted scripts run once, in order, refused ones never', async () => {
      host.decide(['analytics']);
      stop = connectRelease(host);
      for (let i = 0; i < 100; i++) {
        if (i === 10) box.append(tagged('first'));
        if (i === 50) box.append(tagged('refused', 'marketing'));
        box.append(row(i));
        if (i === 90) box.append(tagged('second'));
      }
      await until(() => order().length === 2, 'both granted scripts');
      await settle();
      expect(order()).to.deep.equal(['first', 'second']);
    });

    it('a small record, then one fragment of 100 rows in the same task: each script runs exactly once', async () => {
      host.decide(['analytics']);
      stop = connectRelease(host);
      // The first record is looked at node by node; the second one overflows the budget and makes the
      // observer search the whole document, where it finds the first script again.
      box.append(tagged('alone'));
      const fragment = document.createDocumentFragment();
      for (let i = 0; i < 100; i++) {
        const line = row(i);
        if (i === 50) line.append(tagged('nested'));
        fragment.append(line);
      }
      box.append(fragment);
      await until(() => order().length === 2, 'both scripts');
      await settle();
      expect(order()).to.deep.equal(['alone', 'nested']);
    });
  });

  /*
   * Mistakes that would otherwise go unnoticed: told once each (per page, so each test makes its own),
   * and never about what is tagged correctly.
   */
  describe('warnings', () => {
    const warnings: string[] = [];
    const real = console.warn;
    beforeEach(() => {
      warnings.length = 0;
      console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    });
    afterEach(() => void (console.warn = real));

    it('an iframe or image tagged with src instead of data-src loads at once: one warning for each, naming it', async () => {
      box.innerHTML = `
        <iframe data-category="marketing" data-src="${FIXTURES}/frame.html?ok" data-placeholder="none" title="ok"></iframe>
        <img data-category="marketing" data-srcset="${FIXTURES}/pixel.gif?ok 2x" alt="">`;
      stop = connectRelease(host);
      host.decide(['marketing']);
      // Released embeds have src now, and are looked at again on every change: nothing to tell.
      host.decide(['marketing', 'analytics']);
      await settle();
      expect(warnings).to.deep.equal([]);

      box.insertAdjacentHTML('beforeend', `<iframe data-category="marketing" src="${FIXTURES}/frame.html?early" title="early"></iframe>`);
      await settle();
      box.insertAdjacentHTML('beforeend', `<img data-category="analytics" src="${FIXTURES}/pixel.gif?early" alt="">`);
      host.decide([]);
      await settle();
      expect(warnings).to.deep.equal([
        '<cookie-consent>: <iframe data-category="marketing"> loads without waiting for consent: it has src, use data-src',
        '<cookie-consent>: <img data-category="analytics"> loads without waiting for consent: it has src, use data-src',
      ]);
    });

    it('a category that is not configured: one warning per name, none for a configured one refused', async () => {
      box.innerHTML = `
        <script type="text/plain" data-category="videos">window.__order.push('videos')</script>
        <iframe data-category="videos" data-src="${FIXTURES}/frame.html?videos" title="v"></iframe>
        <img data-category="analytics, chat" data-src="${FIXTURES}/pixel.gif?chat" alt="">
        <img data-category="marketing" data-src="${FIXTURES}/pixel.gif?marketing" alt="">`;
      stop = connectRelease(host);
      host.decide(['analytics']);
      await settle();
      expect(warnings).to.deep.equal([
        '<cookie-consent>: <script data-category="videos"> names category videos, which is not configured: it stays blocked until something grants videos',
        '<cookie-consent>: <img data-category="analytics, chat"> names category chat, which is not configured: it stays blocked until something grants chat',
      ]);
      expect(order()).to.deep.equal([]);
    });
  });
});
