// The banner joins its purposes by each language's own list patterns (src/view/fill.ts): Intl.ListFormat's
// first use costs 30–150 ms of locale data on the way to the banner. Here the patterns are checked against
// Intl (Node's ICU) with each language's own category labels and a site's own, in every count, and Intl is
// seen to be asked only where the patterns cannot say it.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { list } from '../../src/view/fill.js';
import { en } from '../../src/view/texts/en.js';
import type { Texts } from '../../src/view/texts/texts.js';

const dir = new URL('../../src/view/texts/lang/', import.meta.url);
const languages: Array<[string, Texts]> = [
  ['en', en],
  ...readdirSync(dir).map((file): [string, Texts] => [file.slice(0, -5), JSON.parse(readFileSync(new URL(file, dir), 'utf8'))]),
];
const Intl_ListFormat = Intl.ListFormat;
const expected = (lang: string, items: string[]) => new Intl_ListFormat(lang).format(items);

/** Every prefix of `labels` and every suffix, reversed: 0 to all items, each label last at least once. */
const lists = (labels: string[]) => labels.flatMap((_, n) => [labels.slice(0, n + 1), labels.slice(n).reverse()]).concat([[]]);

describe('list patterns', () => {
  let made = 0;
  beforeEach(() => {
    made = 0;
    (Intl as { ListFormat: unknown }).ListFormat = class extends Intl_ListFormat {
      constructor(...args: ConstructorParameters<typeof Intl_ListFormat>) {
        super(...args);
        made++;
      }
    };
  });
  afterEach(() => void ((Intl as { ListFormat: unknown }).ListFormat = Intl_ListFormat));

  it('every shipped language is checked', () => assert.equal(languages.length, 50));

  for (const [lang, texts] of languages) {
    it(`${lang}: its labels, as Intl joins them, without Intl`, () => {
      for (const items of lists(Object.values(texts.categories).map(({ label }) => label))) {
        assert.equal(list(items, lang, texts.list), expected(lang, items), `${items.length} items`);
      }
      assert.equal(made, 0);
    });

    it(`${lang}: a site's own label in Latin letters, as Intl joins it`, () => {
      for (const items of lists([texts.categories.analytics.label, 'Hotjar', texts.categories.marketing.label])) {
        assert.equal(list(items, lang, texts.list), expected(lang, items), `${items.join(' | ')}`);
      }
      // Only Hebrew asks Intl: ו takes a dash before a word in other letters.
      assert.equal(made > 0, lang === 'he');
    });
  }

  it('Spanish says "e" for "y" before an "i" sound, as Intl does', () => {
    const es = languages.find(([lang]) => lang === 'es')![1];
    for (const word of ['Iglesia', 'isla', 'hilo', 'Hiu', 'Hielo', 'hiato', 'Íntimo', 'hola']) {
      assert.equal(list(['Analítica', word], 'es', es.list), expected('es', ['Analítica', word]), word);
    }
  });

  it("a site's texts for a language not shipped here: Intl, unless it does not take the tag", () => {
    assert.equal(list(['a', 'b', 'c'], 'lb', en.list, false), expected('lb', ['a', 'b', 'c']));
    assert.equal(made, 1);
    assert.equal(list(['a', 'b', 'c'], 'x-pirate', en.list, false), 'a, b, and c');
  });

  it('a label with braces stays as it is', () => {
    assert.equal(list(['{1}', '{0}'], 'en', en.list), '{1} and {0}');
    assert.equal(list(['a', '{1}', 'c'], 'en', en.list), 'a, {1}, and c');
  });
});
