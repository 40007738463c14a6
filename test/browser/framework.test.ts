// <cookie-consent> rendered by Vue 3 and React 19, in real browsers: a click on the real "Accept all"
// button must reach the framework's own event handler, and so must the `consent: null` that reset() and an
// embed's Allow announce. The Vue example is read from docs/frameworks.md and run as it is written there
// ('framework-vue'), against Vue's runtime-only build, the one a bundler picks for `import … from 'vue'`;
// the React example there is JSX, which this runner cannot compile, so test/e2e/readme-frameworks.test.mjs
// runs it and this file checks React 19's custom-element events with the same component written with
// createElement.
import { expect, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { CookieConsent } from '../../src/index.js';

const COOKIE = 'cookie_consent';

/** The code block after `<!-- readme-test: NAME -->` in docs/frameworks.md. */
async function sample(name: string): Promise<string> {
  const markdown = await (await fetch('/docs/frameworks.md')).text();
  const at = markdown.indexOf(`<!-- readme-test: ${name} -->`);
  expect(at, `docs/frameworks.md has ${name}`).to.be.greaterThan(-1);
  const open = markdown.indexOf('```', at);
  const start = markdown.indexOf('\n', open) + 1;
  return markdown.slice(start, markdown.indexOf('\n```', start));
}

/** The banner's button with exactly this text, inside the element's open shadow root. */
async function bannerButton(element: Element, text: string): Promise<HTMLButtonElement> {
  let found: HTMLButtonElement | undefined;
  // The view comes with import() when the banner shows: on a busy machine that took over waitUntil's default 1 s.
  await waitUntil(() => {
    const buttons = [...(element.shadowRoot?.querySelectorAll('button') ?? [])];
    found = buttons.find((b) => b.textContent?.trim() === text && b.offsetParent !== null);
    return found !== undefined;
  }, `the banner shows "${text}"`, { timeout: 5000 });
  return found!;
}

function clearConsent() {
  document.cookie = `${COOKIE}=; Path=/; Max-Age=0`;
}

/**
 * Collects console.warn, console.error and uncaught errors (a listener that throws) until restored, so
 * framework warnings and a handler that throws fail the test.
 */
function watchConsole() {
  const messages: string[] = [];
  const { warn, error } = console;
  console.warn = (...args: unknown[]) => messages.push(args.map(String).join(' '));
  console.error = (...args: unknown[]) => messages.push(args.map(String).join(' '));
  const uncaught = (event: ErrorEvent) => messages.push(`uncaught: ${event.message}`);
  window.addEventListener('error', uncaught);
  return {
    messages,
    restore: () => {
      Object.assign(console, { warn, error });
      window.removeEventListener('error', uncaught);
    },
  };
}

/**
 * After a decision, the two announcements with `consent: null` must reach the sample's handler too:
 * reset() (analytics no longer granted) and an embed placeholder's Allow, which grants analytics alone
 * and leaves the rest undecided (a partial decision, so still no valid `consent`).
 */
async function nullConsentReachesHandler(element: CookieConsent) {
  // The sample's status line beside the element, not `app`'s: a test that failed on an uncaught error goes
  // on in the background, and must not read the next test's page.
  const status = () => element.parentElement?.querySelector('#status')?.textContent;
  element.reset();
  await waitUntil(() => status() === 'Analytics: off', 'the handler ran after reset()');
  element.grant('analytics');
  await waitUntil(() => status() === 'Analytics: on', "the handler ran after an embed's Allow");
  expect(element.consent, 'a partial decision is no valid decision').to.equal(null);
}

let app: HTMLElement;
beforeEach(() => {
  clearConsent();
  app = document.createElement('div');
  app.id = 'app';
  document.body.append(app);
});
afterEach(() => {
  app.remove();
  for (const element of document.querySelectorAll('cookie-consent')) element.remove();
  clearConsent();
});

// What `import … from 'vue'` gets from a bundler (esbuild, Vite): the runtime-only build, which cannot
// compile a `template` (it warns and renders nothing) and ignores `app.config.compilerOptions`. Its
// development build, so that those warnings reach watchConsole.
const vue = () => new URL('/node_modules/vue/dist/vue.runtime.esm-browser.js', location.origin).href;
// With the template compiler, for templates as single-file components have them (compiled by the build).
const vueWithCompiler = () => new URL('/node_modules/vue/dist/vue.esm-browser.prod.js', location.origin).href;

/** The consent cookie's `r=` field, once the cookie is there. */
async function storedRevision(): Promise<string> {
  await waitUntil(() => document.cookie.includes(`${COOKIE}=v=1&`), 'the consent cookie');
  return /(?:^|; )cookie_consent=[^;]*?&r=(\d+)&/.exec(document.cookie)?.[1] ?? '';
}

describe('Vue 3', () => {
  it('sets revision="2" as the property, a string, which counts as revision 2', async () => {
    const { createApp } = await import(/* @vite-ignore */ vueWithCompiler());
    const root = createApp({ template: '<cookie-consent categories="analytics" revision="2"></cookie-consent>' });
    root.config.compilerOptions.isCustomElement = (tag: string) => tag.startsWith('cookie-');
    const logs = watchConsole();
    try {
      root.mount(app);
      const element = app.querySelector('cookie-consent')!;
      expect(element.revision, 'Vue set the property, not the attribute').to.equal('2');
      (await bannerButton(element, 'Accept all')).click();
      expect(await storedRevision()).to.equal('2');
      expect(logs.messages).to.deep.equal([]);
    } finally {
      logs.restore();
      root.unmount();
    }
  });

  it("runs the docs example in the runtime-only build: Accept all, reset() and an embed's Allow reach its handler", async () => {
    const code = (await sample('framework-vue'))
      .replace(`from 'vue'`, `from '${vue()}'`)
      // The element is already defined by this file; a second copy of the module must not define it again.
      .replace(`import 'cookie-consent-element';`, '');
    const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
    const logs = watchConsole();
    try {
      await import(/* @vite-ignore */ url);
      const element = app.querySelector('cookie-consent')!;
      expect(element, 'Vue rendered the element').to.exist;
      expect(element.getAttribute('policy-url')).to.equal('/privacy');
      expect(app.querySelector('#status')!.textContent).to.equal('Analytics: not decided');

      (await bannerButton(element, 'Accept all')).click();
      await waitUntil(() => app.querySelector('#status')!.textContent === 'Analytics: on', 'the handler ran');
      expect(document.cookie).to.contain(`${COOKIE}=v=1&`);
      await nullConsentReachesHandler(element);
      expect(logs.messages, 'no Vue warning (a template, compilerOptions, an unknown component), no error in the handler').to.deep.equal([]);
    } finally {
      logs.restore();
      URL.revokeObjectURL(url);
    }
  });
});

/** The parts of React 19 these tests use (React ships no types of its own). */
interface ReactApi {
  version: string;
  Fragment: unknown;
  createElement(type: unknown, props?: Record<string, unknown> | null, ...children: unknown[]): unknown;
  useState<T>(initial: T): [T, (value: T) => void];
}
interface ReactDomClient {
  createRoot(container: Element): { render(node: unknown): void; unmount(): void };
}

/**
 * React ships CommonJS only, which the test runner does not bundle. Its production files are
 * self-contained apart from a few require() calls among themselves, so a tiny loader evaluates them.
 */
async function loadReact() {
  const files: Record<string, string> = {
    react: '/node_modules/react/cjs/react.production.js',
    'react-dom': '/node_modules/react-dom/cjs/react-dom.production.js',
    'react-dom/client': '/node_modules/react-dom/cjs/react-dom-client.production.js',
    scheduler: '/node_modules/scheduler/cjs/scheduler.production.js',
  };
  const sources = Object.fromEntries(
    await Promise.all(Object.entries(files).map(async ([id, path]) => [id, await (await fetch(path)).text()] as const)),
  );
  const modules: Record<string, { exports: unknown }> = {};
  const require = (id: string): unknown => {
    if (!(id in sources)) throw new Error(`no ${id} in the React loader`);
    if (!modules[id]) {
      const module = (modules[id] = { exports: {} });
      new Function('module', 'exports', 'require', 'process', sources[id]!)(module, module.exports, require, {
        env: { NODE_ENV: 'production' },
      });
    }
    return modules[id]!.exports;
  };
  return { React: require('react') as ReactApi, ReactDOM: require('react-dom/client') as ReactDomClient };
}

describe('React 19', () => {
  it("passes Accept all, reset() and an embed's Allow to an onconsent-change prop, and attributes as written", async () => {
    const { React, ReactDOM } = await loadReact();
    expect(React.version).to.match(/^19\./);
    const h = React.createElement;

    function ConsentStatus() {
      const [analytics, setAnalytics] = React.useState('not decided');
      return h(
        React.Fragment,
        null,
        h('cookie-consent', {
          categories: 'analytics marketing',
          'policy-url': '/privacy',
          'onconsent-change': (event: CustomEvent) =>
            setAnalytics((event.currentTarget as CookieConsent).has('analytics') ? 'on' : 'off'),
        }),
        h('p', { id: 'status' }, `Analytics: ${analytics}`),
      );
    }

    const root = ReactDOM.createRoot(app);
    const logs = watchConsole();
    try {
      root.render(h(ConsentStatus));
      await waitUntil(() => app.querySelector('cookie-consent'), 'React rendered the element');
      const element = app.querySelector('cookie-consent')!;
      expect(element.getAttribute('policy-url')).to.equal('/privacy');

      (await bannerButton(element, 'Reject all')).click();
      await waitUntil(() => app.querySelector('#status')!.textContent === 'Analytics: off', 'the handler ran');
      expect(document.cookie).to.contain(`${COOKIE}=v=1&`);
      // Reject all left "off": accept first, so that reset() has something to take back.
      element.acceptAll();
      await waitUntil(() => app.querySelector('#status')!.textContent === 'Analytics: on', 'the handler ran again');
      await nullConsentReachesHandler(element);
      expect(logs.messages, 'no error in the handler').to.deep.equal([]);
    } finally {
      logs.restore();
      root.unmount();
    }
  });

  it('sets the props the element has as properties: categories as an array, revision "2" as a string', async () => {
    const { React, ReactDOM } = await loadReact();
    const h = React.createElement;
    const root = ReactDOM.createRoot(app);
    const logs = watchConsole();
    try {
      root.render(h('cookie-consent', { categories: ['analytics', 'marketing'], revision: '2' }));
      await waitUntil(() => app.querySelector('cookie-consent'), 'React rendered the element');
      const element = app.querySelector('cookie-consent')!;
      expect(element.hasAttribute('revision'), 'React set the property, not the attribute').to.equal(false);
      (await bannerButton(element, 'Accept all')).click();
      expect(await storedRevision()).to.equal('2');
      expect(element.consent!.categories).to.deep.equal({ necessary: true, analytics: true, marketing: true });
      expect(logs.messages).to.deep.equal([]);
    } finally {
      logs.restore();
      root.unmount();
    }
  });
});
