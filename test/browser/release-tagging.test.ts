/**
 * What can be tagged and how (CONTRACT section 4): every kind of embed through its data-* twins,
 * tagged elements inside tagged ones, the script types the browser never runs, nonces, and the
 * mistakes that are told once. A file of its own: each warning is told once per page.
 */
import { expect } from '@open-wc/testing';
import { connectRelease } from '../../src/release/index.js';
import { scriptUrl } from '../../src/script-url.js';
import { FIXTURES, fakeHost, settle, until, type FakeHost } from './release-host.js';

let serial = 0;
const url = (name: string) => `${FIXTURES}/pixel.gif?${name}=${++serial}`;
const order = () => window.__order ?? [];

describe('what can be tagged', () => {
  let host: FakeHost;
  let stop: () => void;
  let box: HTMLElement;
  const warnings: string[] = [];
  const real = console.warn;

  beforeEach(() => {
    window.__order = [];
    box = document.createElement('div');
    document.body.append(box);
    host = fakeHost();
    warnings.length = 0;
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
  });
  afterEach(() => {
    console.warn = real;
    stop?.();
    box.remove();
    host.remove();
  });

  it('holds every embed’s data-* twins until consent, then makes them real: picture, media, link, object, embed, input, srcdoc', async () => {
    box.innerHTML = `
      <iframe data-category="marketing" data-srcdoc="<p>Inline document</p>" sandbox="allow-same-origin" data-placeholder="none" title="Document"></iframe>
      <picture data-category="marketing"><source data-srcset="${url('source')}" media="(min-width: 1px)"><img data-src="${url('img')}" alt=""></picture>
      <video data-category="marketing" data-poster="${url('poster')}"><source data-src="${url('video')}"></video>
      <audio data-category="marketing" data-src="${url('audio')}"></audio>
      <link rel="prefetch" data-category="marketing" data-href="${url('link')}">
      <object data-category="marketing" data-data="${url('object')}" type="image/gif"></object>
      <embed data-category="marketing" data-src="${url('embed')}" type="image/gif">
      <input type="image" data-category="marketing" data-src="${url('input')}" alt="Go">`;
    const real = ['srcdoc', 'srcset', 'src', 'poster', 'href', 'data'];
    const loading = () => Array.from(box.querySelectorAll('*')).filter((element) => real.some((name) => element.hasAttribute(name)));
    stop = connectRelease(host);
    host.decide(['analytics']);
    await settle();
    expect(loading()).to.deep.equal([]);

    // The video starts fetching its source (its networkState then goes back to "no source", as the fixture is no video).
    const tried = new Promise((resolve) => box.querySelector('video')!.addEventListener('loadstart', resolve, { once: true }));
    host.decide(['marketing']);
    expect(box.querySelector('iframe')!.getAttribute('srcdoc')).to.equal('<p>Inline document</p>');
    expect(box.querySelector('source')!.getAttribute('srcset')).to.match(/source=/);
    expect(box.querySelector('picture img')!.getAttribute('src')).to.match(/img=/);
    expect(box.querySelector('video')!.getAttribute('poster')).to.match(/poster=/);
    expect(box.querySelector('video source')!.getAttribute('src')).to.match(/video=/);
    expect(box.querySelector('audio')!.getAttribute('src')).to.match(/audio=/);
    expect(box.querySelector('link')!.getAttribute('href')).to.match(/link=/);
    expect(box.querySelector('object')!.getAttribute('data')).to.match(/object=/);
    expect(box.querySelector('embed')!.getAttribute('src')).to.match(/embed=/);
    expect(box.querySelector('input')!.getAttribute('src')).to.match(/input=/);
    expect(box.querySelectorAll('[data-src], [data-srcset], [data-srcdoc], [data-poster], [data-href], [data-data]').length).to.equal(0);
    // The picture shows its source's image; the frame shows its document; the video looked for its source again.
    await until(() => /source=/.test(box.querySelector<HTMLImageElement>('picture img')!.currentSrc), 'the picture’s source');
    await until(() => box.querySelector('iframe')!.contentDocument?.body?.textContent === 'Inline document', 'the srcdoc frame');
    await tried;
    expect(warnings).to.deep.equal([]);
  });

  it('a tagged element that loads by itself (src beside data-src, srcset, poster, href) is told once, naming it', async () => {
    box.innerHTML = `
      <iframe data-category="marketing" src="about:blank" data-src="${FIXTURES}/frame.html?both" title="both"></iframe>
      <img data-category="marketing" srcset="${url('early')} 2x" data-src="${url('late')}" alt="">
      <video data-category="marketing" poster="${url('poster-early')}"></video>
      <link rel="prefetch" data-category="marketing" href="${url('link-early')}">
      <img data-category="analytics" src="${url('early-2')}" alt="">
      <img data-category="analytics" src="${url('early-3')}" alt="">`;
    stop = connectRelease(host);
    await settle();
    // The same mistake as the iframe's, by another element: named too. The one just like it is not told again.
    expect(warnings).to.deep.equal([
      '<cookie-consent>: <iframe data-category="marketing"> loads without waiting for consent: it has src, use data-src',
      '<cookie-consent>: <img data-category="marketing"> loads without waiting for consent: it has srcset, use data-srcset',
      '<cookie-consent>: <video data-category="marketing"> loads without waiting for consent: it has poster, use data-poster',
      '<cookie-consent>: <link data-category="marketing"> loads without waiting for consent: it has href, use data-href',
      '<cookie-consent>: <img data-category="analytics"> loads without waiting for consent: it has src, use data-src',
    ]);
    // Released, they have real attributes: nothing more to tell.
    host.decide(['marketing', 'analytics']);
    host.decide(['marketing']);
    await settle();
    expect(warnings).to.have.length(5);
  });

  it('never turns a javascript: URL held in data-src, data-data or data-href into a live one (markup a sanitizer let through)', async () => {
    const w = window as unknown as { __pwned?: string[] };
    w.__pwned = [];
    const run = (name: string) => `javascript:parent.__pwned.push('${name}')`;
    box.innerHTML = `
      <iframe data-category="marketing" data-src="${run('plain')}" data-placeholder="none" title="a"></iframe>
      <iframe data-category="marketing" data-src=" JavaScript:parent.__pwned.push('case')" data-placeholder="none" title="b"></iframe>
      <iframe data-category="marketing" data-src="java&#x09;script&#x0A;:parent.__pwned.push('entities')" data-placeholder="none" title="c"></iframe>
      <iframe data-category="marketing" data-src="&#x01;javascript:parent.__pwned.push('control')" data-placeholder="none" title="d"></iframe>
      <object data-category="marketing" data-data="${run('object')}" type="text/html"></object>
      <embed data-category="marketing" data-src="${run('embed')}" type="text/html">
      <iframe data-category="marketing" data-src="${FIXTURES}/frame.html?fine" data-placeholder="none" title="fine"></iframe>
      <img name="baseURI" alt="">`; // DOM clobbering: document.baseURI is now this image, which no URL can be resolved against
    stop = connectRelease(host);
    host.decide(['marketing']);
    await until(() => box.querySelector('iframe[title="fine"]')!.hasAttribute('src'), 'the ordinary frame');
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(w.__pwned).to.deep.equal([]);
    expect(box.querySelectorAll('[src], [data]').length).to.equal(1);
    expect(warnings).to.deep.equal([
      '<cookie-consent>: <iframe data-category="marketing"> has a javascript: URL in data-src: not released',
      '<cookie-consent>: <object data-category="marketing"> has a javascript: URL in data-data: not released',
      '<cookie-consent>: <embed data-category="marketing"> has a javascript: URL in data-src: not released',
    ]);
  });

  it('never makes a data-srcdoc real where its document would run as the page: only in a sandbox without allow-same-origin, or with the page’s nonce', async () => {
    const w = window as unknown as { __pwned?: string[]; __own?: string[] };
    w.__pwned = [];
    w.__own = [];
    host.nonce = 'n0nce';
    // What a sanitizer that allows iframes but not srcdoc lets through, in every form that would reach the page.
    const payload = (name: string) => `<script>parent.__pwned.push('${name}')</script><img src=x onerror=parent.__pwned.push('${name}-img')>`;
    box.innerHTML = `
      <iframe data-category="marketing" data-srcdoc="${payload('bare')}" data-placeholder="none" title="bare"></iframe>
      <iframe data-category="marketing" data-srcdoc="${payload('both')}" sandbox="ALLOW-SCRIPTS  allow-same-origin" data-placeholder="none" title="both"></iframe>
      <iframe data-category="marketing" data-srcdoc="${payload('guess')}" nonce="guess" data-placeholder="none" title="guess"></iframe>
      <iframe data-category="marketing" data-srcdoc="${payload('stolen')}" data-x="<script src=x" nonce="n0nce" data-placeholder="none" title="stolen"></iframe>
      <iframe data-category="marketing" data-srcdoc="${payload('apart')}" sandbox="allow-scripts" data-placeholder="none" title="apart"></iframe>
      <iframe data-category="marketing" data-srcdoc="<p>static</p>" sandbox="allow-same-origin" data-placeholder="none" title="static"></iframe>
      <iframe data-category="marketing" data-srcdoc="<script>parent.__own.push('own')</script>" nonce="n0nce" data-placeholder="none" title="own"></iframe>`;
    stop = connectRelease(host);
    host.decide(['marketing']);
    const frame = (title: string) => box.querySelector<HTMLIFrameElement>(`iframe[title="${title}"]`)!;
    await until(() => w.__own!.length > 0, 'the page’s own srcdoc, which carries its nonce');
    await until(() => frame('static').contentDocument?.body?.textContent === 'static', 'the sandboxed frame');
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(w.__pwned).to.deep.equal([]);
    expect(Array.from(box.querySelectorAll<HTMLIFrameElement>('iframe[srcdoc]'), (iframe) => iframe.title)).to.deep.equal(['apart', 'static', 'own']);
    // Four elements alike, told once.
    expect(warnings).to.deep.equal([
      "<cookie-consent>: <iframe data-category=\"marketing\"> has data-srcdoc, whose document would run as this page: not released (give the iframe a sandbox without allow-same-origin, or the page's nonce)",
    ]);
  });

  it('releases tagged elements inside an added element that is tagged itself, before and after the decision', async () => {
    const nested = (name: string) => {
      const outer = document.createElement('div');
      outer.setAttribute('data-category', 'marketing');
      outer.innerHTML = `<script type="text/plain" data-category="marketing">window.__order.push('${name}')</script>
        <img data-category="marketing" data-src="${url(name)}" alt="">`;
      return outer;
    };
    stop = connectRelease(host);
    box.append(nested('before'));
    await settle();
    host.decide(['marketing']);
    box.append(nested('after'));
    await until(() => order().length >= 2, 'both nested scripts');
    expect(order()).to.deep.equal(['before', 'after']);
    expect(box.querySelectorAll('img[src]').length).to.equal(2);
  });

  it('releases text/plain with trailing spaces or parameters, which browsers never run either', async () => {
    box.innerHTML = `
      <script type="text/plain " data-category="analytics">window.__order.push('space')</script>
      <script type="TEXT/PLAIN; charset=utf-8" data-category="analytics">window.__order.push('charset')</script>`;
    stop = connectRelease(host);
    await settle();
    expect(order()).to.deep.equal([]);
    host.decide(['analytics']);
    await until(() => order().length >= 2, 'both scripts');
    expect(order()).to.deep.equal(['space', 'charset']);
    expect(warnings).to.deep.equal([]);
  });

  it('a script with data-src and an SVG script are not released, and each is told once', async () => {
    const src = `${FIXTURES}/record.js?name=data-src&n=${++serial}`;
    box.innerHTML = `
      <script type="text/plain" data-category="analytics" data-src="${src}"></script>
      <svg><script type="text/plain" data-category="analytics">window.__order.push('svg')</script></svg>`;
    stop = connectRelease(host);
    host.decide(['analytics']);
    await settle();
    expect(order()).to.deep.equal([]);
    expect(performance.getEntriesByType('resource').some((entry) => entry.name.endsWith(src))).to.equal(false);
    expect(warnings).to.deep.equal([
      '<cookie-consent>: <script data-category="analytics"> has data-src: not released (a script\'s URL belongs in src)',
      '<cookie-consent>: <script data-category="analytics"> is an SVG <script>: not released (use an HTML <script>)',
    ]);
  });

  it('when the widget carries a nonce, releases only the tagged scripts with that nonce, and says why once', async () => {
    host.nonce = 'n0nce';
    box.innerHTML = `
      <script type="text/plain" data-category="analytics" nonce="n0nce">window.__order.push('own')</script>
      <script type="text/plain" data-category="analytics">window.__order.push('none')</script>
      <script type="text/plain" data-category="analytics" nonce="guess">window.__order.push('other')</script>
      <script type="text/plain" data-category="analytics" src="${FIXTURES}/record.js?name=no-nonce&n=${++serial}"></script>`;
    stop = connectRelease(host);
    host.decide(['analytics']);
    await settle();
    expect(order()).to.deep.equal(['own']);
    expect(warnings).to.deep.equal([
      '<cookie-consent>: <script data-category="analytics"> lacks the nonce of the <cookie-consent> script: not released',
    ]);
  });

  it("an image named scripts (DOM clobbering) does not hide the nonce of the widget's tag", async () => {
    // The module build (these tests) has no current script: the nonce is that of the tags that load it.
    box.innerHTML = `
      <script type="text/plain" src="${scriptUrl}" nonce="n0nce"></script>
      <img name="scripts" alt="">
      <script type="text/plain" data-category="analytics" nonce="n0nce">window.__order.push('own')</script>
      <script type="text/plain" data-category="analytics">window.__order.push('injected')</script>`;
    stop = connectRelease(host);
    host.decide(['analytics']);
    await settle();
    expect(order()).to.deep.equal(['own']);
  });
});
