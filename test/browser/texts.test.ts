import { expect } from '@open-wc/testing';
import {
  englishTexts,
  languages,
  loadTexts,
  primary,
  resolveLanguage,
} from '../../src/view/texts/load.js';
import { registerTexts } from '../../src/element/register-texts.js';

const langDir = new URL('../../src/view/texts/lang/', import.meta.url);
const fixtures = new URL('./texts-fixtures/', import.meta.url);

/** Every `[path, string]` of a texts object, e.g. `['categories.analytics.label', 'Analytics']`. */
function leaves(texts: unknown, prefix = ''): [string, unknown][] {
  return Object.entries(texts as object).flatMap(([key, value]) =>
    value && typeof value === 'object' ? leaves(value, `${prefix}${key}.`) : [[`${prefix}${key}`, value]],
  );
}
const placeholders = (text: string) => [...text.matchAll(/\{\w+\}/g)].map((m) => m[0]).sort();

/** Counts the requests the page makes, passing each one on unchanged. */
function watchFetch() {
  const real = window.fetch;
  const urls: string[] = [];
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    urls.push(String(input instanceof Request ? input.url : input));
    return real(input, init);
  };
  return { urls, restore: () => void (window.fetch = real) };
}

/** Collects console.warn calls (and still prints them). */
function watchWarnings() {
  const real = console.warn;
  const messages: string[] = [];
  console.warn = (...args: unknown[]) => {
    messages.push(args.join(' '));
    real(...args);
  };
  return { messages, restore: () => void (console.warn = real) };
}

/** Builds a detached tree from markup, so the test page's own `lang` cannot leak in. */
function tree(markup: string): HTMLElement {
  const root = document.createElement('div');
  root.innerHTML = markup;
  return root.querySelector('#target')!;
}

/** Pretends the browser prefers these languages, for one test. */
function browserPrefers(list: string[], single = list[0] ?? '') {
  Object.defineProperty(navigator, 'languages', { value: list, configurable: true });
  Object.defineProperty(navigator, 'language', { value: single, configurable: true });
}

describe('resolveLanguage', () => {
  afterEach(() => {
    // Drop the own properties again: the real getters on Navigator.prototype show through.
    delete (navigator as { languages?: unknown }).languages;
    delete (navigator as { language?: unknown }).language;
    document.documentElement.removeAttribute('lang');
  });

  it("takes the element's own lang first, without its region", () => {
    browserPrefers(['fr-FR']);
    expect(resolveLanguage(tree('<div lang="nl"><b id="target" lang="de-AT"></b></div>'))).to.equal('de');
  });

  it('takes the nearest ancestor lang next', () => {
    browserPrefers(['fr-FR']);
    const el = tree('<div lang="sv"><section lang="nl"><p><b id="target"></b></p></section></div>');
    expect(resolveLanguage(el)).to.equal('nl');
  });

  it('gives way to the ancestor when its own lang has no texts', () => {
    browserPrefers(['fr-FR']);
    expect(resolveLanguage(tree('<div lang="sv-FI"><b id="target" lang="tlh"></b></div>'))).to.equal('sv');
  });

  it("reads the page's <html lang> through the document", () => {
    browserPrefers(['fr-FR']);
    document.documentElement.lang = 'it-CH';
    const el = document.createElement('span');
    document.body.append(el);
    try {
      expect(resolveLanguage(el)).to.equal('it');
    } finally {
      el.remove();
    }
  });

  it('looks through shadow roots to the host', () => {
    browserPrefers(['fr-FR']);
    const host = tree('<div lang="fi"><div id="target"></div></div>');
    const inner = document.createElement('span');
    host.attachShadow({ mode: 'open' }).append(inner);
    expect(resolveLanguage(inner)).to.equal('fi');
  });

  it("falls back to the browser's languages in order, skipping those without texts", () => {
    browserPrefers(['tlh', 'pt-PT', 'de']);
    expect(resolveLanguage(tree('<div lang="xx"><b id="target"></b></div>'))).to.equal('pt');
    browserPrefers(['PL_pl']);
    expect(resolveLanguage(tree('<b id="target"></b>'))).to.equal('pl');
  });

  it('uses navigator.language when navigator.languages is empty', () => {
    browserPrefers([], 'da-DK');
    expect(resolveLanguage(tree('<b id="target"></b>'))).to.equal('da');
  });

  it('reads region and script subtags where they mean other texts', () => {
    browserPrefers(['zh-TW']);
    expect(resolveLanguage(tree('<b id="target"></b>'))).to.equal('zh-Hant');
    expect(resolveLanguage(tree('<b id="target" lang="pt-BR"></b>'))).to.equal('pt-BR');
    expect(resolveLanguage(tree('<div lang="sr-Latn-RS"><b id="target"></b></div>'))).to.equal('sr-Latn');
    expect(resolveLanguage(tree('<b id="target" lang="no"></b>'))).to.equal('nb');
  });

  it('ends with English', () => {
    browserPrefers(['tlh', 'x-klingon'], 'tlh');
    expect(resolveLanguage(tree('<div lang=""><b id="target" lang="zz"></b></div>'))).to.equal('en');
  });
});

describe('primary: which texts a BCP 47 tag gets', () => {
  // The README's negotiation table, row by row.
  const table: [string[], string][] = [
    [['de', 'de-AT', 'de-CH', 'DE_de', ' de-DE '], 'de'],
    [['pt', 'pt-PT', 'pt-AO', 'pt-MZ'], 'pt'],
    [['pt-BR', 'pt_br', 'PT-BR'], 'pt-BR'],
    [['zh', 'zh-CN', 'zh-SG', 'zh-Hans', 'zh-Hans-CN', 'zh-Hans-HK', 'zh-MY'], 'zh-Hans'],
    [['zh-TW', 'zh-HK', 'zh-MO', 'zh-Hant', 'zh-Hant-TW', 'zh-hant-hk', 'zh_TW'], 'zh-Hant'],
    [['sr', 'sr-RS', 'sr-Cyrl', 'sr-Cyrl-RS', 'sr-Cyrl-ME', 'sr-BA'], 'sr'],
    [['sr-Latn', 'sr-Latn-RS', 'sr-latn-ba', 'sr-ME'], 'sr-Latn'],
    [['nb', 'nb-NO', 'no', 'no-NO'], 'nb'],
    [['nn', 'nn-NO'], 'nn'],
    [['he', 'he-IL', 'iw', 'iw-IL'], 'he'],
    [['id', 'in', 'in-ID'], 'id'],
    [['ca', 'ca-ES-valencia', 'ca-AD'], 'ca'],
    [['ar', 'ar-EG', 'ar-SA'], 'ar'],
  ];
  for (const [tags, code] of table) {
    it(`${tags.join(', ')} → ${code}`, () => {
      expect(tags.map(primary)).to.deep.equal(tags.map(() => code));
    });
  }
});

describe('language files', () => {
  const english = leaves(englishTexts);

  it('cover fifty languages, English built in, with every EU language', () => {
    expect(languages).to.have.length(50);
    const eu = 'bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv'.split(' ');
    const more = 'is nb nn ca eu gl tr uk ru ar he fa zh-Hans zh-Hant ja ko hi id vi th pt-BR sr sr-Latn bs mk sq'.split(' ');
    expect([...languages].sort()).to.deep.equal([...eu, ...more].sort());
  });

  it('offer "Accept all" and "Reject all" alike: as short as each other, neither softened', async () => {
    for (const lang of languages) {
      const texts = lang === 'en' ? englishTexts : await (await fetch(new URL(`${lang}.json`, langDir))).json();
      const words = (text: string) => text.split(/\s+/).length;
      expect(Math.abs(words(texts.acceptAll) - words(texts.rejectAll)), `${lang}: ${texts.acceptAll} / ${texts.rejectAll}`).to.be.at.most(1);
      expect(texts.acceptAll.length / texts.rejectAll.length, lang).to.be.within(0.5, 2);
    }
  });

  for (const lang of languages.filter((l) => l !== 'en')) {
    it(`${lang}.json has every string, non-empty, translated, placeholders kept`, async () => {
      const response = await fetch(new URL(`${lang}.json`, langDir));
      expect(response.ok, `${lang}.json is served`).to.equal(true);
      const own = leaves(await response.json());
      expect(own.map(([path]) => path)).to.deep.equal(english.map(([path]) => path));
      for (const [[path, text], [, englishText]] of own.map((leaf, i) => [leaf, english[i]] as const)) {
        expect(text, `${lang} ${path}`).to.be.a('string');
        expect((text as string).trim(), `${lang} ${path}`).not.to.equal('');
        expect(placeholders(text as string), `${lang} ${path}`).to.deep.equal(placeholders(englishText as string));
      }
      // A copy of English would pass the checks above: the sentences must differ (a label and a list's
      // punctuation may be the same; test/server/list.test.ts checks the list patterns against Intl).
      const untranslated = own.filter(([path, text], i) => text === english[i][1] && !/label$|^list\./.test(path));
      expect(untranslated.map(([path]) => path), `${lang}: untranslated`).to.deep.equal([]);
    });
  }

  // The register a visitor expects: formal where the language has a formal "you".
  const word = (words: string) => new RegExp(`(?<!\\p{L})(${words})(?!\\p{L})`, 'iu');
  const polite: Record<string, [RegExp, RegExp]> = {
    de: [/\b(Sie|Ihre?)\b/, /\b(du|dein\w*|dich|dir)\b/i],
    fr: [/\bvous|votre|vos\b/, /\b(tu|ton|ta|tes|toi)\b/i],
    es: [/\b(su|sus|Puede|Elija)\b/, /\b(tú|tus|puedes|elige)\b/i],
    it: [/\b(suo|sue|Può|Scelga)\b/, /\b(tuo|tue|puoi|scegli)\b/i],
    nl: [/\b(u|uw)\b/i, /\b(je|jij|jouw)\b/i],
    cs: [/\b(vaš\w*|můžete|Vyberte)/i, /\b(tvůj|tvoj\w*|můžeš|vyber)\b/i],
    // \b knows only ASCII letters: these whole-word tests look for any letter around the word instead.
    ru: [/ваш|Вы можете|Выберите/, word('твой|твои|можешь|выбери')],
    uk: [/ваш|Ви можете|Виберіть/, word('твій|твої|можеш|вибери')],
    sk: [/vaš|môžete|Vyberte/, word('tvoj|tvoje|môžeš|vyber')],
    ro: [/dumneavoastră/, word('tău|tale|poți|alege')],
    tr: [/rızanız|Seçiminizi|seçin/, word('rızan|seçimini|seç')],
    'pt-BR': [/\b(Você|seu|sua)\b/, word('tu|teu|tua|podes')],
  };
  for (const [lang, [formal, informal]] of Object.entries(polite)) {
    it(`${lang} addresses the visitor formally`, async () => {
      const all = leaves(await (await fetch(new URL(`${lang}.json`, langDir))).json())
        .map(([, text]) => text)
        .join('\n');
      expect(all).to.match(formal);
      expect(all).not.to.match(informal);
    });
  }
});

describe('loadTexts', () => {
  let requests: ReturnType<typeof watchFetch>;
  let warnings: ReturnType<typeof watchWarnings>;
  const escaped: unknown[] = [];
  const onError = (event: ErrorEvent | PromiseRejectionEvent) =>
    escaped.push('reason' in event ? event.reason : event.error);

  beforeEach(() => {
    requests = watchFetch();
    warnings = watchWarnings();
    escaped.length = 0;
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onError);
  });
  afterEach(() => {
    requests.restore();
    warnings.restore();
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onError);
    expect(escaped, 'errors that reached the page').to.deep.equal([]);
  });

  it('gives English at once, without a request', async () => {
    expect(await loadTexts('en')).to.equal(englishTexts);
    expect(await loadTexts('en-GB')).to.equal(englishTexts);
    expect(requests.urls).to.deep.equal([]);
  });

  it('gives English for a language without texts, without a request', async () => {
    expect(await loadTexts('tlh')).to.equal(englishTexts);
    expect(await loadTexts('__proto__')).to.equal(englishTexts);
    expect(requests.urls).to.deep.equal([]);
    expect(warnings.messages).to.deep.equal([]);
  });

  it('fetches a language from lang/ beside the module, once, then serves it from the cache', async () => {
    const [first, second] = await Promise.all([loadTexts('fr'), loadTexts('fr-CA')]);
    const third = await loadTexts('FR');
    expect(requests.urls).to.deep.equal([new URL('fr.json', langDir).href]);
    expect(first).to.equal(second);
    expect(third).to.equal(first);
    const file = await (await fetch(new URL('fr.json', langDir))).json();
    expect(first).to.deep.equal(file);
    expect(first.acceptAll).to.equal('Tout accepter');
    expect(warnings.messages).to.deep.equal([]);
  });

  it('fills what a file leaves out (or gets wrong) with English', async () => {
    const texts = await loadTexts('de', new URL('partial/', fixtures));
    expect(texts.title).to.equal('Wir verwenden Kekse');
    expect(texts.categories.analytics.label).to.equal('Statistik');
    expect(texts.categories.analytics.description).to.equal(englishTexts.categories.analytics.description);
    // Empty, numeric and nested-where-a-string-belongs values are ignored.
    expect(texts.acceptAll).to.equal(englishTexts.acceptAll);
    expect(texts.rejectAll).to.equal(englishTexts.rejectAll);
    expect(texts.save).to.equal(englishTexts.save);
    expect(texts.placeholder).to.deep.equal(englishTexts.placeholder);
    expect(leaves(texts).map(([path]) => path)).to.deep.equal(leaves(englishTexts).map(([path]) => path));
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(warnings.messages).to.deep.equal([]);
  });

  it('falls back to English on a 404, with one warning, and does not ask again', async () => {
    const base = new URL('missing/', fixtures);
    expect(await loadTexts('nl', base)).to.equal(englishTexts);
    expect(await loadTexts('nl', base)).to.equal(englishTexts);
    expect(requests.urls).to.deep.equal([new URL('lang/nl.json', base).href]);
    expect(warnings.messages).to.have.length(1);
    expect(warnings.messages[0]).to.contain('lang/nl.json').and.to.contain('404');
  });

  it('falls back to English, with one warning and nothing thrown, when the page\'s own fetch() throws', async () => {
    const fetch = window.fetch;
    window.fetch = () => {
      throw new TypeError('a broken wrapper of fetch');
    };
    try {
      expect(await loadTexts('sk', new URL('thrown/', fixtures))).to.equal(englishTexts);
    } finally {
      window.fetch = fetch;
    }
    expect(warnings.messages).to.have.length(1);
    expect(warnings.messages[0]).to.contain('lang/sk.json').and.to.contain('a broken wrapper of fetch');
  });

  it('falls back to English when the file is not JSON', async () => {
    expect(await loadTexts('es', new URL('broken/', fixtures))).to.equal(englishTexts);
    expect(warnings.messages).to.have.length(1);
  });

  it('falls back to English when the request fails (offline, blocked)', async () => {
    // Nothing listens on port 9 of this machine, and browsers refuse the port anyway.
    expect(await loadTexts('cs', 'http://127.0.0.1:9/')).to.equal(englishTexts);
    expect(warnings.messages).to.have.length(1);
    expect(warnings.messages[0]).to.contain('http://127.0.0.1:9/lang/cs.json');
  });

  it('falls back to English, with one warning naming the language and URL, when the file never arrives', async () => {
    // The test server holds requests under stalled/ without answering (web-test-runner.config.mjs).
    const base = new URL('stalled/', fixtures);
    const url = new URL('lang/de.json', base).href;
    const gaveUp = new Promise((resolve) => setTimeout(resolve, 2000, 'still waiting after 2 s'));
    expect(await Promise.race([loadTexts('de', base, 200), gaveUp])).to.equal(englishTexts);
    expect(requests.urls).to.deep.equal([url]);
    expect(warnings.messages).to.have.length(1);
    expect(warnings.messages[0]).to.contain('"de"').and.to.contain(url).and.to.contain('no answer in 200 ms');
    // Asked again, it neither waits nor warns again.
    expect(await loadTexts('de-CH', base, 200)).to.equal(englishTexts);
    expect(warnings.messages).to.have.length(1);
  });

  it('never throws, even without a usable script URL (looks beside the page, then falls back)', async () => {
    let texts: Promise<unknown> | undefined;
    expect(() => (texts = loadTexts('da', null as unknown as string))).not.to.throw();
    expect(() => (texts = loadTexts('da', 'not a url'))).not.to.throw();
    expect(await texts).to.equal(englishTexts);
    expect(requests.urls, 'one request, resolved against the page').to.deep.equal(['lang/da.json']);
    expect(warnings.messages).to.have.length(1);
  });

  it('takes registered texts instead of a file: a new language, or a shipped one reworded', async () => {
    registerTexts('nb-NO', { title: 'Vi bruker informasjonskapsler', categories: { analytics: { label: 'Statistikk' } } });
    registerTexts('sv', { acceptAll: 'Ja, gärna' });
    expect(resolveLanguage(tree('<b id="target" lang="nb"></b>'))).to.equal('nb');
    const nb = await loadTexts('nb');
    expect(nb.title).to.equal('Vi bruker informasjonskapsler');
    expect(nb.categories.analytics).to.deep.equal({ label: 'Statistikk', description: englishTexts.categories.analytics.description });
    expect(nb.rejectAll).to.equal(englishTexts.rejectAll);
    expect((await loadTexts('sv-SE')).acceptAll).to.equal('Ja, gärna');
    expect(requests.urls).to.deep.equal([]);
  });

  it('keeps registered texts to their language: pt-BR is not pt, zh-TW reaches zh-Hant', async () => {
    registerTexts('pt-BR', { acceptAll: 'Aceitar tudo' });
    registerTexts('zh-TW', { acceptAll: '全部同意' });
    expect((await loadTexts('pt-br')).acceptAll).to.equal('Aceitar tudo');
    expect((await loadTexts('zh-Hant-HK')).acceptAll).to.equal('全部同意');
    expect(requests.urls).to.deep.equal([]);
    expect((await loadTexts('pt-PT')).acceptAll).to.equal('Aceitar todos');
    expect((await loadTexts('zh-CN')).acceptAll).to.equal('全部接受');
    expect(requests.urls).to.deep.equal([new URL('pt.json', langDir).href, new URL('zh-Hans.json', langDir).href]);
  });
});
